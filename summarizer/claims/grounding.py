"""Is a sentence supported by its evidence? A deterministic check of names, numbers, negation and words.

A validator that checks only digits let "The president resigned, officials confirmed." be published, cited to
three articles that never said it, and a claim sharing 1 of 3 content words with some sentence be accepted.
`supported` asks more of a sentence: every name and every number it states is in its evidence, it denies
nothing its evidence does not, and most of its content words are there too (a word matches another form of
itself: "resigned" / "resignation", "Syria" / "Syrian"; and a few everyday paraphrases: "seized" / "captured").
A paraphrase it cannot see through is a false alarm the caller can afford: re-ask, then use the evidence's
own wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from summarizer._text import numbers_in

__all__ = ["MIN_SHARE", "supported"]

MIN_SHARE = 0.75  # of a sentence's content words that its evidence must hold

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_][\w'’-]*")  # "U.N." is one token
_FUNCTION = frozenset(
    """a an the and or but nor so yet of to in on at by for from with as into onto over under after before about
    above below between among against during since until while within without through across along around near
    off out up down upon than then there here this that these those it its it's they them their theirs he him
    his she her hers we us our you your i me my who whom whose which what when where why how all any both each
    few more most other some such only own same too very can could will would shall should may might must do
    does did done doing is are was were be been being has have had having also just now not no never none
    nothing neither yet still even again further once if else whether because though although however
    meanwhile according said says say told tells reported reportedly added stated""".split()
)
_NEGATION = frozenset("not no never none nobody nothing neither nor without denied denies deny n't cannot".split())
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ial", "ers", "er", "es", "ed", "al",
             "ly", "s", "e", "d", "y")  # fmt: skip
_NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "dozen": "12"}
# Everyday paraphrases in news, as stems: a writer may say "captured" for "seized".
_SYNONYMS = [
    {"seiz", "captur", "took", "tak", "overran", "overrun"},
    {"kill", "dead", "death", "die", "slain", "fatalit"},
    {"injur", "wound", "hurt"},
    {"fl", "fled", "flee", "displac", "evacuat"},
    {"attack", "strik", "struck", "assault", "offensiv"},
    {"announc", "declar", "confirm"},
    {"arrest", "detain", "custod"},
    {"resign", "quit", "step"},
    {"rais", "increas", "ros", "rise", "climb"},
    {"cut", "reduc", "lower", "fell", "fall", "drop", "declin"},
]
_SYNONYM_OF = {stem: frozenset(group) for group in _SYNONYMS for stem in group}


@dataclass(frozen=True)
class _Words:
    """What a text states: its word stems, names, numbers, negations and the words they negate."""

    stems: frozenset[str]
    names: tuple[str, ...]
    content: tuple[str, ...]
    numbers: frozenset[str]
    negations: frozenset[str]
    negated: frozenset[str]  # stems of the first content word after each negation


def supported(
    sentence_text: str,
    evidence_texts: Sequence[str],
    *,
    min_share: float = MIN_SHARE,
    restates: Sequence[str] = (),
    denies: Sequence[str] = (),
) -> list[str]:
    """What in `sentence_text` its evidence does not support; an empty list when it is supported.

    `evidence_texts` are the sentences (and fact statements) the sentence rests on. `restates` are short
    statements the sentence rewords (a writer's facts): when every one of them is negated, the sentence must
    be too ("Officials do not expect it to be life-threatening" must not come back as "is expected to be
    life-threatening"; a whole article sentence is not asked this, its other clauses may hold the "not").
    `denies` are texts whose negated words the sentence must not state without a negation of its own: a
    claim of "Officials aren't expecting it to be life-threatening" may leave that clause out, not flip it.
    Problems read as one line each, fit to send back to a model: "names Smith, which its evidence does not".
    """
    said, given = _read(sentence_text), [_read(text) for text in evidence_texts]
    stems = frozenset().union(*(e.stems for e in given))
    problems = []
    if missing := [name for name in said.names if not _holds(stems, name)]:
        problems.append(f"names {', '.join(missing)}, which its evidence does not")
    numbers = frozenset().union(*(e.numbers for e in given))
    if stray := sorted(said.numbers - numbers, key=lambda n: (len(n), n)):
        problems.append(f"states {', '.join(stray)}, which its evidence does not")
    if said.negations and not said.negations & frozenset().union(*(e.negations for e in given)):
        problems.append(f"says {'/'.join(sorted(said.negations))} where its evidence does not")
    if restates and not said.negations and all(_read(text).negations for text in restates):
        problems.append("drops the negation its facts state")
    if denies and not said.negations:
        negated = frozenset().union(*(_read(text).negated for text in denies))
        if flipped := sorted({w for w in said.content if _stem(w) in negated}):
            problems.append(f"states {', '.join(flipped)} where its evidence says the opposite (a dropped 'not')")
    unfound = [word for word in said.content if not _holds(stems, word)]
    if said.content and len(unfound) > len(said.content) * (1 - min_share):
        share = f"{len(said.content) - len(unfound)} of {len(said.content)} content words"
        problems.append(f"uses {', '.join(unfound)}, which its evidence does not ({share} found)")
    return problems


@lru_cache(maxsize=4096)  # a writer's sentences are checked against the same evidence again and again
def _read(text: str) -> _Words:
    raw = _TOKEN.findall(text)
    tokens = [t.replace(".", "") if t.endswith(".") and len(t) > 2 else t for t in raw]
    tokens = [re.sub(r"n['’]t$|['’]s?$", "", t) for t in tokens]  # "Assad's" states "Assad"; "didn't", "did"
    words = [part for t in tokens for part in re.split(r"[-']", t) if part]
    lowered = [w.lower() for w in words]
    names = [w for i, w in enumerate(words) if w[:1].isupper() and (i > 0 or lowered[0] not in _FUNCTION)]
    content = [w for w in lowered if len(w) > 2 and w not in _FUNCTION and w not in _NUMBER_WORDS]
    numbers = numbers_in(text) | {_NUMBER_WORDS[w] for w in lowered if w in _NUMBER_WORDS}
    negations = {w for w in lowered if w in _NEGATION} | ({"n't"} if re.search(r"n[’']t\b", text) else set())
    return _Words(
        stems=frozenset(_stem(w) for w in lowered),
        names=tuple(dict.fromkeys(n for n in names if n.lower() not in _FUNCTION | _NUMBER_WORDS.keys())),
        content=tuple(dict.fromkeys(content)),
        numbers=frozenset(numbers),
        negations=frozenset(negations),
        negated=_negated([t.lower().replace("’", "'") for t in raw]),
    )


def _negated(tokens: list[str]) -> frozenset[str]:
    """Stems of the first content word after each negation: "aren't expecting" -> expect, "no one was hurt" -> hurt."""
    found = set()
    for i, token in enumerate(tokens):
        if token in _NEGATION or token.endswith("n't"):
            after = (t for t in tokens[i + 1 : i + 4] if len(t) > 2 and t not in _FUNCTION and t not in _NUMBER_WORDS)
            if (word := next(after, None)) is not None:
                found.add(_stem(word))
    return frozenset(found)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A crude stem, enough to match "resigned" with "resignation" and "forces" with "force"."""
    word = word.lower()
    for _ in range(2):
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


def _holds(stems: Iterable[str], word: str) -> bool:
    """Whether a text with these stems states `word`, in another form or an everyday paraphrase."""
    stem = _stem(word)
    wanted = _SYNONYM_OF.get(stem, frozenset({stem}))
    for other in stems:
        if other in wanted:
            return True
        short, long = sorted((stem, other), key=len)
        if len(short) >= 4 and long.startswith(short) and len(long) - len(short) <= 2:
            return True  # "syria" / "syrian"
    return False
