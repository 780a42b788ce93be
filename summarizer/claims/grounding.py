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

from summarizer.language.numbers import SPELLED_NUMBERS, numbers_in
from summarizer.language.vocabulary import NEGATIONS, NUMBER_NAMES, STEM_PARAPHRASES, UNCHECKED_WORDS
from summarizer.language.words import stem

__all__ = ["CLAIM_SHARE", "WRITTEN_SHARE", "supported"]

# Of a sentence's content words, the share its evidence must hold:
CLAIM_SHARE = 0.75  # for an extracted claim, a near copy of its sentence (and the names of the one before)
WRITTEN_SHARE = 0.6  # for a sentence the writer wrote from facts, which may paraphrase more than an extractor

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_][\w'’-]*")  # "U.N." is one token
# Spelled numbers grounding checks like digits: to twenty, the tens to fifty, "hundred" and "dozen".
_NUMBER_WORDS = {word: SPELLED_NUMBERS[word] for word in (*NUMBER_NAMES, "thirty", "forty", "fifty")} | {
    "hundred": "100",
    "dozen": "12",
}
_SYNONYM_OF = {word_stem: group for group in STEM_PARAPHRASES for word_stem in group}


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
    min_share: float = CLAIM_SHARE,
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
        if flipped := sorted({w for w in said.content if stem(w) in negated}):
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
    names = [w for i, w in enumerate(words) if w[:1].isupper() and (i > 0 or lowered[0] not in UNCHECKED_WORDS)]
    content = [w for w in lowered if len(w) > 2 and w not in UNCHECKED_WORDS and w not in _NUMBER_WORDS]
    numbers = numbers_in(text) | {_NUMBER_WORDS[w] for w in lowered if w in _NUMBER_WORDS}
    negations = {w for w in lowered if w in NEGATIONS} | ({"n't"} if re.search(r"n[’']t\b", text) else set())
    return _Words(
        stems=frozenset(stem(w) for w in lowered),
        names=tuple(dict.fromkeys(n for n in names if n.lower() not in UNCHECKED_WORDS | _NUMBER_WORDS.keys())),
        content=tuple(dict.fromkeys(content)),
        numbers=frozenset(numbers),
        negations=frozenset(negations),
        negated=_negated([t.lower().replace("’", "'") for t in raw]),
    )


def _negated(tokens: list[str]) -> frozenset[str]:
    """Stems of the first content word after each negation: "aren't expecting" -> expect, "no one was hurt" -> hurt."""
    found = set()
    for i, token in enumerate(tokens):
        if token in NEGATIONS or token.endswith("n't"):
            after = (
                t for t in tokens[i + 1 : i + 4] if len(t) > 2 and t not in UNCHECKED_WORDS and t not in _NUMBER_WORDS
            )
            if (word := next(after, None)) is not None:
                found.add(stem(word))
    return frozenset(found)


def _holds(stems: Iterable[str], word: str) -> bool:
    """Whether a text with these stems states `word`, in another form or an everyday paraphrase."""
    own = stem(word)
    wanted = _SYNONYM_OF.get(own, frozenset({own}))
    for other in stems:
        if other in wanted:
            return True
        short, long = sorted((own, other), key=len)
        if len(short) >= 4 and long.startswith(short) and len(long) - len(short) <= 2:
            return True  # "syria" / "syrian"
    return False
