"""What WordNet says about two words: another form of the same word, a synonym, a more general word, an opposite.

The relations come from WordNet 3.0, distilled by `benchmarks/build_lexicon.py` into `data/wordnet.txt.gz`,
which ships inside the package (nothing is fetched at run time). Only a word's first few senses count, so
"decline" may restate "reject" (both can mean refusing) but "bank" does not restate "shore".
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from typing import Literal

__all__ = ["Relation", "base_forms", "is_word", "kin", "lies_in", "relation", "restates"]

Relation = Literal["same", "synonym", "general", "opposite"]

# WordNet's rules for taking an inflection off ("morphy"), each tried against the words it knows.
_DETACH = (
    ("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"),
    ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""), ("er", ""),
    ("est", ""), ("er", "e"), ("est", "e"),
)  # fmt: skip
# "uncontrolled" / "controlled", "unknown" / "known": a negating prefix makes an opposite WordNet may not list.
_NEGATING_PREFIXES = ("un", "non", "in", "im", "il", "ir", "dis")


@dataclass(frozen=True)
class _Lexicon:
    senses: dict[str, frozenset[str]]  # lemma -> synset ids of its first senses
    hypernyms: dict[str, frozenset[str]]  # synset id -> what it is a kind of (three levels up)
    heads: dict[str, str]  # adjective satellite -> the head of its cluster ("thriving" -> "prosperous")
    antonyms: frozenset[tuple[str, str]]  # pairs of opposite synset ids, both orders
    derived: dict[str, frozenset[str]]  # lemma -> derivationally related lemmas ("approval" -> "approve")
    irregular: dict[str, frozenset[str]]  # "fell" -> {"fall"}
    further: dict[str, frozenset[str]]  # lemma -> synset ids of its other senses
    parents: dict[str, frozenset[str]]  # synset id -> what it is a kind of, one level up
    similar: dict[str, frozenset[str]]  # adjective or verb synset -> the ones WordNet calls similar
    nouns: tuple[str, str]  # the first and the last noun synset id: ids are sorted by part of speech
    places: dict[str, frozenset[str]]  # "uk", "britain", "british" -> the places they name
    within: dict[str, frozenset[str]]  # a place -> the places it lies in


@cache
def _lexicon() -> _Lexicon:
    senses: dict[str, frozenset[str]] = {}
    hypernyms: dict[str, frozenset[str]] = {}
    heads: dict[str, str] = {}
    antonyms: set[tuple[str, str]] = set()
    derived: defaultdict[str, set[str]] = defaultdict(set)
    irregular: dict[str, frozenset[str]] = {}
    further: dict[str, frozenset[str]] = {}
    parents: dict[str, frozenset[str]] = {}
    similar: defaultdict[str, set[str]] = defaultdict(set)
    starts: dict[str, int] = {}
    places: dict[str, frozenset[str]] = {}
    within: dict[str, frozenset[str]] = {}
    raw = files(__package__).joinpath("data", "wordnet.txt.gz").read_bytes()
    for line in gzip.decompress(raw).decode().splitlines():
        kind, key, *rest = line.split(" ")
        if kind == "W":
            senses[key] = frozenset(rest)
        elif kind == "H":
            hypernyms[key] = frozenset(rest)
        elif kind == "S":
            heads[key] = rest[0]
        elif kind == "A":
            antonyms |= {(key, rest[0]), (rest[0], key)}
        elif kind == "D":
            for other in rest:
                derived[key].add(other)
                derived[other].add(key)
        elif kind == "E":
            irregular[key] = frozenset(rest)
        elif kind == "L":
            further[key] = frozenset(rest)
        elif kind == "U":
            parents[key] = frozenset(rest)
        elif kind == "R":
            for other in rest:
                similar[key].add(other)
                similar[other].add(key)
        elif kind == "K":
            starts[key] = int(rest[0], 16)
        elif kind == "N":
            places[key] = frozenset(rest)
        elif kind == "I":
            within[key] = frozenset(rest)
    nouns = (format(starts["n"], "x"), format(starts["r"] - 1, "x"))
    return _Lexicon(
        senses, hypernyms, heads, frozenset(antonyms), {k: frozenset(v) for k, v in derived.items()}, irregular,
        further, parents, {k: frozenset(v) for k, v in similar.items()}, nouns, places, within,
    )  # fmt: skip


def is_word(lemma: str) -> bool:
    """Whether WordNet knows `lemma` (lower case; words of a phrase joined by "_": "prop_up")."""
    return lemma in _lexicon().senses


def is_noun(word: str) -> bool:
    """Whether any sense of the word (in any of its forms: "gains" -> "gain") is a noun."""
    low, high = _lexicon().nouns
    return any(_id_between(synset, low, high) for synset in _every_sense(word))


@lru_cache(maxsize=65536)
def base_forms(word: str) -> frozenset[str]:
    """The dictionary forms of `word`: "fell" -> {"fall", "fell"}, "arrested" -> {"arrest"}; none if unknown."""
    lexicon, word = _lexicon(), word.lower()
    found = {word} if word in lexicon.senses else set()
    found |= lexicon.irregular.get(word, frozenset())
    for suffix, replacement in _DETACH:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            stem = word[: len(word) - len(suffix)] + replacement
            if stem in lexicon.senses:
                found.add(stem)
    for suffix in ("ed", "ing", "er", "est"):  # "stopped" -> "stop", "biggest" -> "big"
        stem = word[: -len(suffix) - 1]
        if word.endswith(suffix) and len(stem) >= 2 and word[-len(suffix) - 1] == stem[-1] and stem in lexicon.senses:
            found.add(stem)
    return frozenset(found)


@lru_cache(maxsize=262144)
def relation(claimed: str, given: str) -> Relation | None:
    """How a word a sentence states (`claimed`) stands to a word of its evidence (`given`), or None.

    "same": another form of it ("arrested" / "arrest", "approval" / "approved"); "synonym": a word for the
    same thing ("detained" / "arrested"); "general": a kind of thing the given word is ("vehicle" for
    "pickup"), which states less, never more; "opposite": an antonym ("rejected" / "approved", "closed" /
    "open"). A more specific word ("woman" for "person") is none of these: it adds what was not said.
    """
    claimed, given = claimed.lower(), given.lower()
    if claimed == given:
        return "same"
    mine, theirs = base_forms(claimed) or {claimed}, base_forms(given) or {given}
    if mine & theirs:
        return "same"
    lexicon = _lexicon()
    if any(lexicon.derived.get(m, frozenset()) & theirs for m in mine):
        return "same"
    if _prefixed_opposite(mine, theirs):
        return "opposite"
    my_senses = frozenset().union(*(lexicon.senses.get(m, frozenset()) for m in mine))
    their_senses = frozenset().union(*(lexicon.senses.get(t, frozenset()) for t in theirs))
    # An adjective's cluster head stands for it: "thriving" (prosperous) is the opposite of "unprosperous".
    my_heads = my_senses | {lexicon.heads[s] for s in my_senses if s in lexicon.heads}
    their_heads = their_senses | {lexicon.heads[s] for s in their_senses if s in lexicon.heads}
    if any((a, b) in lexicon.antonyms for a in my_heads for b in their_heads):
        return "opposite"
    if my_senses & their_heads or my_heads & their_senses:
        return "synonym"  # the same sense, or a satellite and its head; two satellites may be far apart
    if my_senses & frozenset().union(*(lexicon.hypernyms.get(s, frozenset()) for s in their_senses)):
        return "general"
    return None


@lru_cache(maxsize=65536)
def kin(word: str) -> frozenset[str]:
    """What `relation` compares of a word, as one set: its dictionary forms and the words derived from them
    ("b:"), and its first senses with their adjective clusters' heads ("s:"). Two words whose kin meet are the
    same word or synonyms (or, more loosely than `relation`, both derived from one word); comparing sets is
    what lets a sentence be checked against another in one pass, not word by word."""
    lexicon, word = _lexicon(), word.lower()
    forms = base_forms(word) or frozenset({word})
    derived = frozenset().union(*(lexicon.derived.get(f, frozenset()) for f in forms))
    senses = frozenset().union(*(lexicon.senses.get(f, frozenset()) for f in forms))
    heads = {lexicon.heads[s] for s in senses if s in lexicon.heads}
    return frozenset({f"b:{f}" for f in forms | derived} | {f"s:{s}" for s in senses | heads})


def _prefixed_opposite(mine: frozenset[str] | set[str], theirs: frozenset[str] | set[str]) -> bool:
    for a in mine:
        for b in theirs:
            short, long = sorted((a, b), key=len)
            prefix = long[: len(long) - len(short)]
            if len(short) >= 4 and long.endswith(short) and prefix in _NEGATING_PREFIXES:
                return True
    return False


@lru_cache(maxsize=262144)
def restates(claimed: str, given: str) -> bool:
    """Whether a written sentence may say `claimed` where its evidence says `given`: a looser paraphrase than
    `relation` allows, read in any of the two words' senses ("plunged" for "fell", "bolster" for "support",
    "regarded" for "deemed").

    A verb or adjective may stand for a synonym, for one WordNet calls similar or groups with it, or for one
    that is a kind of the other within two levels; not for a sibling under a common parent, which is how
    "injured" stands to "killed" and "green" to "yellow". A noun only for a synonym or a more general word,
    since "battery" for "connection" or "sister" for "brother" names something else. Never an opposite.
    """
    lexicon = _lexicon()
    mine, theirs = _every_sense(claimed), _every_sense(given)
    if not mine or not theirs:
        return False
    my_heads = mine | {lexicon.heads[s] for s in mine if s in lexicon.heads}
    their_heads = theirs | {lexicon.heads[s] for s in theirs if s in lexicon.heads}
    if any((a, b) in lexicon.antonyms for a in my_heads for b in their_heads) or _prefixed_opposite(
        base_forms(claimed) or {claimed}, base_forms(given) or {given}
    ):
        return False
    if mine & theirs:
        return True
    low, high = lexicon.nouns
    my_things = {s for s in mine if _id_between(s, low, high)}
    their_things = {s for s in theirs if _id_between(s, low, high)}
    if my_things & frozenset().union(*(_above(s, 3) for s in their_things)):
        return True  # a more general word for a thing
    my_doings, their_doings = mine - my_things, theirs - their_things
    similar = frozenset().union(*(lexicon.similar.get(s, frozenset()) for s in my_doings))
    if similar & their_doings:
        return True
    above_mine = frozenset().union(*(_above(s, 2) for s in my_doings))
    above_theirs = frozenset().union(*(_above(s, 2) for s in their_doings))
    return bool(above_mine & their_doings or above_theirs & my_doings)


def lies_in(claimed: str, given: str) -> bool:
    """Whether the place `claimed` names is the place `given` names or one it lies in: "uk" for "london",
    "uk" for "british"; names as the alignment check folds them, words joined by "_" ("hong_kong")."""
    lexicon = _lexicon()
    mine, theirs = lexicon.places.get(claimed, frozenset()), lexicon.places.get(given, frozenset())
    return bool(mine & theirs) or any(mine & lexicon.within.get(place, frozenset()) for place in theirs)


@lru_cache(maxsize=65536)
def _every_sense(word: str) -> frozenset[str]:
    """The synsets of every sense of the word's forms; an adverb also reads as the adjective it is made from
    ("globally" as "global"). Other derivations do not: "trainee" is not "trainer", though both come from
    "train"."""
    lexicon = _lexicon()
    forms = set(base_forms(word) or {word.lower()})
    if word.endswith("ly"):
        forms |= {d for f in list(forms) for d in lexicon.derived.get(f, frozenset())}
    return frozenset().union(*(lexicon.senses.get(f, frozenset()) | lexicon.further.get(f, frozenset()) for f in forms))


@lru_cache(maxsize=65536)
def _above(synset: str, levels: int) -> frozenset[str]:
    """The synset and what it is a kind of, up to `levels` levels."""
    parents = _lexicon().parents
    found, frontier = {synset}, {synset}
    for _ in range(levels):
        frontier = {p for s in frontier for p in parents.get(s, frozenset())} - found
        found |= frontier
    return frozenset(found)


def _id_between(synset: str, low: str, high: str) -> bool:
    return int(low, 16) <= int(synset, 16) <= int(high, 16)
