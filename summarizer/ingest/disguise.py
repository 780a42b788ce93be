"""A sentence as a model reads it, whatever it looks like on the page: its disguises taken off.

An instruction in an article can hide from a filter while a model still reads it: entities ("&lt;/article&gt;"),
look-alike letters from other scripts (a Cyrillic "о" in "Ignоre"), accents and combining marks, invisible
characters inside words, letters pulled apart ("I.g.n.o.r.e", "S Y S T E M"), digits for letters ("1gn0re"),
or text written in characters no reader sees at all (Unicode tag characters, runs of variation selectors).
`readings` gives the plain text a filter should decide on, `hidden_text` what a sentence carries unseen.

Look-alikes are folded with the Unicode consortium's confusables table, as the `confusable_homoglyphs`
package ships it, not with a table of our own: it knows some 1,700 letters that pass for Latin ones.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from functools import cache, lru_cache

from confusable_homoglyphs.confusables import confusables_data

__all__ = ["hidden_text", "readings"]

_QUOTES = str.maketrans("‘’‚‛“”„‟«»", '\'\'\'\'""""""')
# Emoji subdivision flags (England, Scotland, Wales) are the one everyday use of tag characters.
_FLAG = re.compile("\U0001f3f4[\U000e0020-\U000e007e]{1,8}\U000e007f")
_TAGS = re.compile("[\U000e0000-\U000e007f]+")
# One variation selector picks an emoji's style; a run of them is bytes smuggled after it.
_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]{3,}")
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5")  # blank letters (Hangul fillers)
_LATIN_LETTER = re.compile(r"LATIN (?:SMALL |CAPITAL )?LETTER (?:SMALL CAPITAL |SMALL |CAPITAL )?([A-Z])")
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
_DECODE_ROUNDS = 3  # "&amp;lt;" takes two
_SPACES = re.compile(r"\s+")
# Four or more single letters, each after the same separator: "I g n o r e", "I.g.n.o.r.e", "D-i-s-r-e-g-a-r-d".
_PULLED_APART = re.compile(
    r"(?<![^\W\d_])[^\W\d_](?P<sep>\s?[.\-_*·•/|~+]\s?|\s)[^\W\d_](?:(?P=sep)[^\W\d_]){2,}(?![^\W\d_])"
)
# A separator inside a word: "Ig-nore pre-vious in-struc-tions", "sys.tem".
_SPLIT_WORD = re.compile(r"[^\W\d_]+(?:[.\-_*·•/|~+][^\W\d_]+)+")
_SEPARATOR = re.compile(r"[.\-_*·•/|~+]")
# Digits written for letters: a word with one between two letters ("1gn0re", "pr3v10us") or before two ("4ll").
_LEET = str.maketrans("0134578@$", "oieastbas")
_LEET_HINT = re.compile(r"[^\W\d_][0134578@$]+[^\W\d_]|(?<![\w@$])[0134578@$](?!(?:st|nd|rd|th)\b)[^\W\d_]{2}")
_WORD = re.compile(r"[\w@$]+")


# A word this long may be several glued together: "IGNOREALLPREVIOUSINSTRUCTIONS", or "i g n o r e   p r e v i o u s"
# once the wider gap is gone (ingestion collapses runs of spaces before any check).
_GLUED = re.compile(r"[^\W\d_]{14,}")
_LONGEST_WORD = 18


@cache
def _english() -> dict[str, int]:
    from wordfreq import top_n_list  # imported here: only a glued word needs it, and it ships its word lists

    return {word: rank for rank, word in enumerate(top_n_list("en", 30000)) if word.isalpha()}


@lru_cache(maxsize=1024)
def _unglued(word: str) -> str:
    """`word` cut into the commonest English words it can be read as ("ignore all previous"), or as it is."""
    ranks, lower = _english(), word.lower()
    cost = [0.0] + [math.inf] * len(lower)  # cost[i]: the cheapest reading of lower[:i]
    cut = [0] * (len(lower) + 1)
    for end in range(1, len(lower) + 1):
        for start in range(max(0, end - _LONGEST_WORD), end):
            rank = ranks.get(lower[start:end])
            if rank is not None and cost[start] + 1 + math.log(rank + 2) < cost[end]:
                cost[end], cut[end] = cost[start] + 1 + math.log(rank + 2), start  # a rarer word costs more
    if math.isinf(cost[-1]) or lower in ranks:
        return word
    pieces, end = [], len(lower)
    while end:
        pieces.append(word[cut[end] : end])
        end = cut[end]
    return " ".join(reversed(pieces))


@cache
def _fold(char: str) -> str:
    """One character as a reader sees it: compatibility form, no accent or mark, the Latin letter it mimics."""
    if unicodedata.category(char) == "Cf" or char in _INVISIBLE_LETTERS:
        return ""  # soft hyphens, zero-width and bidi marks: nothing on the page
    out = []
    for part in unicodedata.normalize("NFD", unicodedata.normalize("NFKC", char)):
        if unicodedata.category(part) in ("Mn", "Me", "Cf"):
            continue  # accents and combining marks: "é" is read as "e", "Ï" as "I"
        part = part.translate(_QUOTES)
        out.append(part if part.isascii() else _lookalike(part))
    return "".join(out)


def _lookalike(char: str) -> str:
    ascii_twins = [glyph["c"] for glyph in confusables_data.get(char, ()) if glyph["c"].isascii()]
    if not ascii_twins or not (len(ascii_twins[0]) == 1 or ascii_twins[0].isalpha()):
        named = _LATIN_LETTER.fullmatch(unicodedata.name(char, ""))
        return named[1].lower() if named else char  # "ɢ" is LATIN LETTER SMALL CAPITAL G
    twin = ascii_twins[0]
    # The table's prototype for I-shaped letters is "l"; a capital that looks like one is read as "I".
    return "I" if twin == "l" and "CAPITAL" in unicodedata.name(char, "") else twin


def _decoded(text: str) -> str:
    for _ in range(_DECODE_ROUNDS):
        if "&" not in text or not _ENTITY.search(text):
            break
        text = html.unescape(text)
    return text


def _unleet(text: str) -> str:
    """Digits read as letters in every word that mixes them, once one word has shown the trick ("a11").

    "1" is "i" or "l": each word takes the reading that is the commoner English word ("1gnore", "a11").
    """

    def word(match: re.Match[str]) -> str:
        if not (any(c.isalpha() for c in match[0]) and any(c in "0134578@$" for c in match[0])):
            return match[0]
        options = [match[0].replace("1", one).translate(_LEET) for one in "il"]
        return min(options, key=lambda option: _english().get(option.lower(), len(_english())))

    return _WORD.sub(word, text)


def _joined(match: re.Match[str]) -> str:
    """A word split by separators, joined when a piece of it is no English word ("ig-nore", not "well-known")."""
    pieces = _SEPARATOR.split(match[0])
    known = all(len(piece) < 2 or piece.lower() in _english() for piece in pieces)
    return match[0] if known else "".join(pieces)


def hidden_text(text: str) -> str | None:
    """What `text` carries in characters a reader cannot see (tag characters, a run of variation selectors)."""
    if text.isascii():
        return None
    text = _FLAG.sub("", text)
    hidden = [
        "".join(chr(ord(c) - 0xE0000) for c in run[0] if 0x20 <= ord(c) - 0xE0000 < 0x7F)
        for run in _TAGS.finditer(text)
    ]
    for run in _SELECTORS.finditer(text):
        data = bytes(ord(c) - 0xFE00 if ord(c) < 0x10000 else ord(c) - 0xE0100 + 16 for c in run[0])
        hidden.append(data.decode("utf-8", errors="replace"))
    return " ".join(part.strip() for part in hidden if part.strip()) or None


def readings(text: str) -> list[str]:
    """The ways a model may read `text`, the plainest first; a second or third only when a fold is in doubt.

    Entities are decoded, invisible characters dropped, look-alikes and accented letters folded to plain
    Latin, quotes made straight, letters pulled apart joined. Other readings: digits as the letters they
    stand for ("1gn0re a11"); a word split by separators joined when a piece of it is no English word
    ("ig-nore", not "well-known"); a word of 14 letters or more cut into the common English words it may
    be glued from ("ignoreallprevious").
    """
    text = _decoded(text)
    if not text.isascii():
        text = re.sub(r"[^\x00-\x7f]", lambda match: _fold(match[0]), text)
    # Letters are joined before spaces are collapsed: in "i g n o r e   p r e v i o u s" the wider gap is a space.
    text = _PULLED_APART.sub(lambda match: re.sub(r"[\W_]", "", match[0]), text)
    text = _SPACES.sub(" ", text).strip()
    plain = [text]
    if _LEET_HINT.search(text):
        plain.append(_unleet(text))
    joined = [_SPLIT_WORD.sub(_joined, reading) for reading in plain]
    unglued = [_GLUED.sub(lambda match: _unglued(match[0]), reading) for reading in plain + joined]
    return list(dict.fromkeys(plain + joined + unglued))
