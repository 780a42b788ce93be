"""Read one sentence for the alignment check: its words, names, numbers with what they count, and negations.

Plain rules, no model. A `Reading` keeps each token's position, so the check can ask what stands next to a
number ("7 votes to 2"), what a "not" negates, and in which order two names come.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

from summarizer.language.vocabulary import NEGATIONS, NUMBER_NAMES, TENS, UNCHECKED_WORDS
from summarizer.language.wordnet import is_word
from summarizer.language.words import zipf

__all__ = ["Number", "Reading", "Token", "fold", "read"]

_EVERYDAY_ZIPF = 3.5  # "economists" 3.8, "prosecutors" 3.6 are everyday words; "berg" (3.3) starts with a name
_CONTRACTED = {"wo": "will", "ca": "can", "sha": "shall", "ai": "is"}  # won't, can't, shan't, ain't
_NUMBER_WORDS = (
    {word: float(i) for i, word in enumerate(NUMBER_NAMES)}
    | {word: float(value) for word, value in TENS.items()}
    | {"hundred": 100.0, "dozen": 12.0}
)
_ORDINALS = {
    word: float(i)
    for i, word in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth".split(), 1)
}
# "millions of dollars" is no figure, but it is not "billions" either: vague amounts compare by their scale.
_VAGUE = {"dozens": 12.0, "scores": 20.0, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6, "billions": 1e9,
          "trillions": 1e12}  # fmt: skip
_SCALES = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
           "trillion": 1e12, "tn": 1e12, "k": 1e3}  # fmt: skip
_QUALIFIERS = {
    "at least": "at least", "more than": "more", "over": "more", "above": "more", "upwards of": "more",
    "in excess of": "more", "exceeding": "more", "less than": "less", "fewer than": "less", "under": "less",
    "below": "less", "up to": "up to", "at most": "up to", "as many as": "up to", "nearly": "nearly",
    "almost": "nearly", "close to": "nearly", "about": "about", "around": "about", "roughly": "about",
    "approximately": "about", "some": "about", "an estimated": "about", "estimated": "about",
}  # fmt: skip
_TOKEN = re.compile(
    r"\$?\d+(?:[.,]\d+)*(?:\s?(?:bn|mn|tn|[mbk])\b|%)?"  # 14,000  $5bn  3.5%
    r"|(?:[^\W\d_]\.){2,}"  # U.N.  U.S.
    r"|[^\W\d_][\w'’]*(?:-[\w'’]+)*"  # words, with their hyphens: start-up, SARS-CoV-2
    r"|[.,;:!?\"“”()\[\]—–]"
)


@dataclass(frozen=True)
class Token:
    """One word, number or mark, as written and as compared."""

    text: str
    key: str  # lower case, accents and dots off: "U.N." -> "un"
    index: int
    kind: str  # "word", "number", "mark"
    name: bool = False  # a capitalised name or an acronym, matched by spelling
    content: bool = False  # a word that states something: not grammar, not a negation, not a number


@dataclass(frozen=True)
class Number:
    """A figure and what it counts: "at least 242 people" -> 242.0, "people", "at least"."""

    value: float
    text: str
    index: int  # the token it starts at
    unit: str | None
    qualifier: str | None  # "more", "less", "at least", "up to", "nearly", "about"
    figure: str = ""  # the figure as written: "$40 million", "three"
    ordinal: bool = False
    vague: bool = False


@dataclass(frozen=True)
class Reading:
    text: str
    tokens: tuple[Token, ...]
    numbers: tuple[Number, ...]

    @cached_property  # a reading is asked for its words once per evidence sentence it is compared with
    def words(self) -> tuple[Token, ...]:
        return tuple(t for t in self.tokens if t.kind == "word")

    @cached_property
    def content(self) -> tuple[Token, ...]:
        return tuple(t for t in self.tokens if t.content)

    def negated(self) -> dict[int, Token]:
        """The word each negation governs: the first that states something after it ("not seen as a threat")."""
        scope: dict[int, Token] = {}
        for t in self.tokens:
            if t.key in NEGATIONS:
                for after in self.tokens[t.index + 1 : t.index + 6]:
                    if after.kind == "mark":
                        break
                    if after.content:
                        scope[after.index] = t
                        break
        return scope


def fold(text: str) -> str:
    """Lower case, accents off, dots and curly apostrophes normalised: the form names are compared in."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower().replace(".", "")


@lru_cache(maxsize=8192)
def read(text: str) -> Reading:
    """Tokens, names and numbers of one sentence (or clause)."""
    raw: list[str] = []
    for m in _TOKEN.finditer(text.replace("’", "'")):
        word = m.group(0)
        if word[0].isalpha():
            if word.lower().endswith("n't") and len(word) > 3:
                stem = word[:-3]
                raw += [_CONTRACTED.get(stem.lower(), stem), "n't"]
                continue
            if word.lower() == "cannot":
                raw += [word[:3], "not"]
                continue
            word = re.sub(r"'s?$", "", word)  # "Russia's" states "Russia"
        raw.append(word)
    tokens: list[Token] = []
    for i, word in enumerate(raw):
        tokens.append(_token(word, i, sentence_start=i == 0 or raw[i - 1] in {'"', "“", ":", "(", "—", "–"}))
    for i, t in enumerate(tokens[:-1]):  # "Anna Berg said": an everyday word opening a sentence, then a name
        if t.kind == "word" and t.content and not t.name and t.text[0].isupper() and tokens[i + 1].name:
            tokens[i] = Token(t.text, t.key, t.index, "word", name=True, content=True)
    return Reading(text, tuple(tokens), tuple(_numbers(tokens)))


def _token(word: str, index: int, *, sentence_start: bool) -> Token:
    if not word[0].isalnum() and word[0] != "$":
        return Token(word, word, index, "mark")
    key = fold(word)
    if word[0].isdigit() or word[0] == "$":
        return Token(word, key, index, "number")
    if key in _NUMBER_WORDS or key in _ORDINALS or key in _VAGUE or key in _SCALES:
        return Token(word, key, index, "number")
    acronym = len(key) >= 2 and (word.isupper() or "." in word)
    capitalised = word[0].isupper() and not (sentence_start and (key in UNCHECKED_WORDS or _everyday(key)))
    name = acronym or (capitalised and not _common_capital(word, key))
    # An acronym states something even when its letters spell a small word: "U.S." is not "us".
    content = acronym or (key not in UNCHECKED_WORDS and key not in NEGATIONS and (len(key) > 1 or name))
    return Token(word, key, index, "word", name=name, content=content)


def _everyday(key: str) -> bool:
    """A word whose capital at the start of a sentence says nothing ("Armed", "Factory"); "Berg" is a name."""
    return is_word(key) and zipf(key) >= _EVERYDAY_ZIPF


def _common_capital(word: str, key: str) -> bool:
    """A capital that marks no name: a weekday or month is a name; "Police" in a headline-cased line is not."""
    return key in UNCHECKED_WORDS or (word.istitle() and key in NEGATIONS)


def _numbers(tokens: list[Token]) -> list[Number]:
    found: list[Number] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.kind != "number" or (t.key in _SCALES and t.key not in _NUMBER_WORDS):
            i += 1
            continue
        start, value, ordinal, vague = i, 0.0, t.key in _ORDINALS, t.key in _VAGUE
        if t.key in _NUMBER_WORDS:
            value = _NUMBER_WORDS[t.key]
        elif ordinal:
            value = _ORDINALS[t.key]
        elif vague:
            value = _VAGUE[t.key]
        else:
            digits = re.match(r"\$?([\d.,]+)\s?([a-z%]*)", t.key)
            assert digits is not None
            number = digits.group(1).replace(",", "").rstrip(".")
            try:
                value = float(number) * _SCALES.get(digits.group(2), 1.0)
            except ValueError:
                i += 1
                continue
        if i + 1 < len(tokens) and tokens[i + 1].key in _SCALES and not vague:
            value *= _SCALES[tokens[i + 1].key]
            i += 1
        if t.key in ("one", "no") and i + 1 < len(tokens) and tokens[i + 1].key == "of":
            i += 1  # "one of the largest" counts nothing
            continue
        counted = next((u for u in tokens[i + 1 : i + 3] if u.content and not u.name), None)
        if counted is not None and any(u.kind == "mark" for u in tokens[i + 1 : counted.index]):
            counted = None
        qualifier, width = _qualifier(tokens, start)
        end = counted.index if counted else i
        text = " ".join(x.text for x in tokens[start - width : end + 1])
        unit = counted.key if counted else None
        figure = " ".join(x.text for x in tokens[start : i + 1])
        found.append(Number(value, text, start, unit, qualifier, figure, ordinal, vague))
        i += 1
    return found


def _qualifier(tokens: list[Token], start: int) -> tuple[str | None, int]:
    for width in (3, 2, 1):
        words = " ".join(t.key for t in tokens[max(0, start - width) : start])
        if start - width >= 0 and words in _QUALIFIERS:
            return _QUALIFIERS[words], width
    return None, 0
