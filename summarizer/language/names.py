"""Names in a text: people, organisations and places, and who a text says its information comes from.

Plain rules over capitalised words and the verbs of saying, no model: "Hayat Tahrir al-Sham (HTS)", "according
to the Observatory", "..., said Rami Abdurrahman", "a monitor said on Wednesday".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from summarizer.language.dates import MONTHS, days_named, find_time
from summarizer.language.vocabulary import ATTRIBUTION_VERBS, MONTH_NAMES, WEEKDAYS

_DESCRIPTOR = re.compile(r"\b\w+-(?:based|run|controlled|backed|owned|affiliated|led|held)\s+(?=[A-Z])")
_DEMONYM = re.compile(r"^[A-Z]\w+(?:ian|ish|ese)$")
_CAP = r"(?:(?:[A-Z]\.){2,}|[A-ZÀ-ÞŞ](?:[\w’'&-]|\.(?=\w))*|al-[A-Z][\w’'-]*)"
_ENTITY = re.compile(rf"(?=[A-ZÀ-ÞŞ]|al-){_CAP}(?:\s+(?:(?:of|for|the|de|al|bin)\s+)*{_CAP})*")
_NOT_NAMES = (
    frozenset(
        "the a an on in at as by for from to of and or but it its this that these those they he she we his her "
        "their our earlier later since after before when while with without although though however meanwhile "
        "moreover additionally notably simultaneously yet also according some many most several all both each "
        "there here what who why how early late last next thousands hundreds dozens millions scores".split()
    )
    | {day.lower() for day in WEEKDAYS}
    | {month.lower() for month in MONTH_NAMES}
)
_NOT_LAST = _NOT_NAMES | {"of", "for", "de", "al", "bin"}
_SAY = "|".join(ATTRIBUTION_VERBS)
_SAID_BEFORE = re.compile(rf"\b(?:{_SAY})\b(?:\s+[^\s,;.]+){{0,4}}\s*$")
_SAID_AFTER = re.compile(rf"\s*(?:\S+\s+)?(?:{_SAY})\b")
_PLAIN_SAY = frozenset({"said", "says", "reported", "told"})  # "reports", "claims" may be nouns
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?P<src>[^,.;:\"“”()]+)")
_INVERTED = re.compile(rf"[,\"”]\s*(?:{_SAY})\s+(?P<src>(?:the\s+)?{_ENTITY.pattern})")
_SAY_VERB = re.compile(rf"\b(?:{_SAY})\b")
_SAYS_WHAT = re.compile(r"\s*(?:that\b|[,.:\"“]|$|(?:on|late|early|later|earlier)\b|[A-Z])")
_CITED_BY = re.compile(r"\bcited by\s+(?P<src>[^,.;:\"“”()]+)")
_BOUNDARY = re.compile(r"(?:^|(?<![A-Z])[.!?]\s+|\b(?:but|while|as|that|when|where|after|because)\s+)", re.IGNORECASE)
_ADVERBS = frozenset("also later earlier officially previously again had has have meanwhile".split())
_LEADING_CLUTTER = _ADVERBS | {"the", "a", "an", "reports", "from", "statements"}
_PRONOUNS = frozenset("it they he she we i you this that which who".split())


def find_entities(text: str, known_names: frozenset[str] = frozenset()) -> list[str]:
    """Capitalised names and acronyms in order, without sentence-initial common words or dates."""
    out: list[str] = []
    for m in _ENTITY.finditer(text):
        words = _DESCRIPTOR.sub("", m.group(0)).rstrip("’'").split()
        while words and words[0].lower() in _NOT_NAMES:
            words = words[1:]
        while words and words[-1].lower() in _NOT_LAST:
            words = words[:-1]
        name = " ".join(words)
        name = name[:-2] if name.endswith(("'s", "’s")) else name
        i = m.start() - 1
        while i >= 0 and text[i].isspace():
            i -= 1
        at_start = i < 0 or text[i] in '.!?"“'
        single = " " not in name
        if not name or name.lower() in _NOT_NAMES or _DESCRIPTOR.match(name + " A"):
            continue
        if single and at_start and m.group(0).split()[0] == name and not name.isupper() and name not in known_names:
            continue  # "Armed groups ...": a capital at the start of a sentence is not a name by itself
        if name not in out:
            out.append(name)
    return out


def find_attribution(text: str, aliases: Mapping[str, str] | None = None) -> str | None:
    """Who the text says the information comes from: "according to X", "X said", "..., said X"."""
    found: list[tuple[int, str]] = []
    for pattern in (_ACCORDING, _INVERTED, _CITED_BY):
        found += [(m.start(), m.group("src")) for m in pattern.finditer(text)]
    for verb in _SAY_VERB.finditer(text):
        if verb.group(0).lower() in _PLAIN_SAY or _SAYS_WHAT.match(text, verb.end()):
            start = _clause_start(text, verb.start())
            subject = text[start : verb.start()]
            clause = list(_BOUNDARY.finditer(subject))
            found.append((start, subject[clause[-1].end() :] if clause else subject))
    for _, raw in sorted(found):
        if source := _clean_source(raw, aliases or {}):
            return source
    return None


def _clause_start(text: str, end: int) -> int:
    """Where the clause that ends at `end` begins: after the last comma, colon, or quote mark."""
    return max(text.rfind(mark, 0, end) for mark in ',;:"“”') + 1


def _clean_source(raw: str, aliases: Mapping[str, str]) -> str | None:
    """Trim a source phrase to its name: no articles, adverbs, times, or descriptive clutter."""
    time = find_time(raw, None)
    phrase = _DESCRIPTOR.sub("", raw[: time.start] if time else raw)
    phrase = re.split(r"\s+(?:who|which|that|where|on)\s+|\s*\(", phrase)[0]
    words = phrase.split()
    while words and words[0].lower() in _LEADING_CLUTTER:
        words = words[1:]
    while words and words[-1].lower() in _ADVERBS:
        words = words[:-1]
    if not words or len(words) > 9 or any(ch.isdigit() for ch in "".join(words)) or words[0].lower() in _PRONOUNS:
        return None
    phrase = " ".join(words)
    if len(words) == 1:
        return aliases.get(phrase, phrase)  # "Observatory", "AA": the article's full name for it
    names = [n for n in find_entities(phrase) if " " in n]
    return max(names, key=len) if names else phrase


_DEFINED = re.compile(rf"(?P<name>{_ENTITY.pattern})\s+\((?P<acr>[A-Z][A-Za-z.]{{1,7}})\)")


@lru_cache(maxsize=512)
def article_aliases(text: str) -> Mapping[str, str]:
    """Short forms an article uses for a full name: "HTS" and "the Observatory" both name their long form."""
    aliases: dict[str, str] = {}
    for m in _DEFINED.finditer(text):  # "Hayat Tahrir al-Sham (HTS)"
        names = find_entities(m.group("name"))
        aliases.setdefault(m.group("acr"), names[-1] if names else m.group("name"))
    names = sorted({n for n in find_entities(text) if " " in n}, key=lambda n: (-len(n), n))
    for name in names:
        for word in name.split():
            if len(word) > 3 and word[0].isupper() and word not in aliases:
                aliases[word] = name  # the longest name holding the word wins: "Observatory" -> its full name
    return MappingProxyType(aliases)  # cached and shared: read-only


_PLACE = re.compile(
    rf"(?<![\w'’])(?:in|near|at|toward|towards|outside|around|into|across)\s+(?:the\s+)?"
    rf"(?:(?:north|south|east|west)(?:ern|west|east|western|eastern)?\s+|rural\s+|central\s+)?"
    rf"(?P<place>{_ENTITY.pattern})"
)


def find_place(text: str) -> str | None:
    """The first named place after "in", "near", "toward" ... ("in Aleppo and Idlib" -> "Aleppo")."""
    for m in _PLACE.finditer(text):
        names = find_entities(m.group("place"), frozenset(m.group("place").split()))
        if not names or names[0].split()[0] in WEEKDAYS or names[0].lower().split()[0] in MONTHS:
            continue
        if _DEMONYM.search(names[0]) and re.match(r"\s+[a-z]", m.string[m.end() :]):
            continue  # "in Russian airstrikes": an adjective, not a place
        return names[0]
    return None


def reported_on(text: str, published: dt.date | None) -> dt.date | None:
    """The day a source gave the information, when a time stands by its verb ("a monitor said on Wednesday")."""
    if not _SAY_VERB.search(text):
        return None
    for ref, end in days_named(text, published):
        if _SAID_BEFORE.search(text[max(0, ref.start - 80) : ref.start]) or _SAID_AFTER.match(text, end):
            return ref.date
    return None
