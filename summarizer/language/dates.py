"""Dates and times as news states them: "on Wednesday", "Nov. 29, 2024", "last week", and the day each one is.

Plain rules over words, no model. The month and weekday patterns here are the only ones: ingestion reads
publication dates with them, the evaluation skips calendar dates with them, page furniture is found with them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from summarizer.language.vocabulary import MONTH_ABBREVIATIONS, MONTH_NAMES, WEEKDAYS

# Every lower-cased way a text names a month, and its number: "march", "mar", "sept" -> 3, 3, 9.
_NUMBER_OF = {name[:3]: i for i, name in enumerate(MONTH_NAMES, 1)}
MONTHS = {name.lower(): i for i, name in enumerate(MONTH_NAMES, 1)} | {
    short.lower(): _NUMBER_OF[short[:3]] for short in MONTH_ABBREVIATIONS
}
# A month's name or short form as a word, with the period a short form may take: "November", "Nov.", "Sept".
MONTH = "(?:" + "|".join((*MONTH_NAMES, *MONTH_ABBREVIATIONS)) + r")\b\.?"
WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
# A month as page furniture writes it (photo captions, forum headers): its first letters and any that follow
# ("Sept.", "Nov", "December"), March to July written out.
FURNITURE_MONTH = r"(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
YEAR = re.compile(r"(?<![\w.,-])(?:1[89]\d\d|20\d\d)(?![\w-]|,\d)")  # a year from 1800 to 2099 standing alone

_ON = r"(?:(?:[Oo]n|[Ee]arly|[Ll]ate|[Ll]ater on|[Ee]arlier on|[Ll]ast|[Nn]ext|[Ss]ince|[Bb]y|[Uu]ntil)\s+)?"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_TIMES = [  # most precise first; each names the groups it can fill
    re.compile(rf"\b{_ON}(?P<m>{MONTH})\s+{_DAY},?\s+(?P<y>\d{{4}})\b"),
    re.compile(rf"\b{_ON}{_DAY}\s+(?P<m>{MONTH}),?\s+(?P<y>\d{{4}})\b"),
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    re.compile(
        rf"\b{_ON}(?:(?P<m>{MONTH})\s+{_DAY}|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
        rf"(?P<m2>{MONTH}))\b"
    ),
    re.compile(rf"\b(?P<wd>{'|'.join(WEEKDAYS)})\b", re.ASCII),
    re.compile(r"\b(?P<rel>yesterday|today|tonight|last night|this morning)\b", re.IGNORECASE),
    re.compile(rf"\b(?:(?:in|since|by|until)\s+)?(?P<m>{MONTH})\s+(?P<y>\d{{4}})\b"),
    re.compile(r"\b(?P<week>(?:earlier |later )?(?:this|last|next) week)\b", re.IGNORECASE),
]
_FULL_DATES = (0, 1, 2)  # day, month and year
_DAYS = range(6)  # every pattern that can name a day
_CALENDAR = (0, 1, 2, 3, 6)  # every pattern of a month or its digits
# A cheap look for what each pattern needs, so that most texts skip most patterns.
_MONTH_INITIALS = "".join(sorted({name[0] for name in MONTH_NAMES}))
_HAS_MONTH = re.compile(rf"(?=[{_MONTH_INITIALS}])\b(?:{'|'.join(name[:3] for name in MONTH_NAMES)})")
_GATES = [
    _HAS_MONTH,
    _HAS_MONTH,
    re.compile(r"\d-\d"),
    _HAS_MONTH,
    re.compile(r"day\b"),
    re.compile(r"(?i)day\b|night\b|morning\b"),
    _HAS_MONTH,
    re.compile(r"(?i)week\b"),
]


def _time_matches(text: str, patterns: Iterable[int]) -> Iterator[re.Match[str]]:
    for number in patterns:
        if _GATES[number].search(text):
            yield from _TIMES[number].finditer(text)


_WEEKDAY_PREFIX = re.compile(
    r"(?:\b(?:[Oo]n|[Ee]arly|[Ll]ate|[Ll]ater|[Ll]ater on|[Ee]arlier on|[Ll]ast|[Nn]ext|[Tt]his)\s+)+$"
)
_MAYBE_TIME = re.compile(r"\d|day\b|night\b|morning\b|week\b", re.IGNORECASE)  # a quick no for most texts


@dataclass(frozen=True)
class TimeRef:
    """A time expression as stated, and the day it resolves to when that can be known."""

    text: str
    date: dt.date | None
    start: int


def find_time(text: str, published: dt.date | None) -> TimeRef | None:
    """The first, most precise time expression in `text`, resolved against the publication date."""
    if not _MAYBE_TIME.search(text):
        return None
    for m in _time_matches(text, range(len(_TIMES))):
        if (ref := _resolve(text, m, published)) is not None:
            return ref
    return None


def days_named(text: str, published: dt.date | None) -> Iterator[tuple[TimeRef, int]]:
    """Each time in `text` that names a day it resolves to ("on Wednesday", "Nov. 29"), with where it ends."""
    if not _MAYBE_TIME.search(text):
        return
    for m in _time_matches(text, _DAYS):
        ref = _resolve(text, m, published)
        if ref is not None and ref.date is not None:
            yield ref, m.end()


def calendar_spans(text: str) -> list[tuple[int, int]]:
    """Where a month, or a date in digits, stands in `text` ("Nov. 29", "May 2018", "2024-11-29")."""
    return [m.span() for m in _time_matches(text, _CALENDAR)]


def bare_years(text: str) -> list[int]:
    """Years that stand alone ("since 2011"), not inside a full date."""
    inside = [m.span() for m in _time_matches(text, _FULL_DATES)]
    return [int(m.group(0)) for m in YEAR.finditer(text) if not any(a <= m.start() < b for a, b in inside)]


def _resolve(text: str, m: re.Match[str], published: dt.date | None) -> TimeRef | None:
    groups = {k: v for k, v in m.groupdict().items() if v}
    start, stated = m.start(), m.group(0)
    if "wd" in groups:
        prefix = _WEEKDAY_PREFIX.search(text[: m.start()])
        if prefix:
            start, stated = prefix.start(), text[prefix.start() : m.end()]
        return TimeRef(_tidy(stated), _weekday(groups["wd"], stated, text[:start], published), start)
    if "rel" in groups:
        if published is None:
            return TimeRef(stated, None, start)
        back = 1 if groups["rel"].lower() in ("yesterday", "last night") else 0
        return TimeRef(stated, published - dt.timedelta(days=back), start)
    if "week" in groups:
        return TimeRef(stated, None, start)
    month_name = (groups.get("m") or groups.get("m2", "")).rstrip(".").lower()
    month = int(month_name) if month_name.isdigit() else MONTHS.get(month_name, 0)
    day_of_month = groups.get("d") or groups.get("d2")
    if day_of_month is None:  # month and year only: too coarse to place on a timeline
        return TimeRef(_tidy(stated), None, start)
    year = int(groups["y"]) if "y" in groups else published.year if published else None
    try:
        day = dt.date(year, month, int(day_of_month)) if year else None
    except ValueError:
        return None
    if day and published and "y" not in groups and day > published + dt.timedelta(days=31):
        day = day.replace(year=day.year - 1)  # "December 30" in an article of January 2
    return TimeRef(_tidy(stated), day, start)


def _weekday(name: str, stated: str, before: str, published: dt.date | None) -> dt.date | None:
    """The named weekday nearest the publication date: back in time, unless the text looks ahead."""
    if published is None:
        return None
    back = (published.weekday() - WEEKDAYS.index(name)) % 7
    if stated.lower().startswith("last") and back == 0:
        back = 7
    ahead = stated.lower().startswith("next") or re.search(r"\bwill\b[^.;]{0,60}$", before) is not None
    if ahead:
        return published + dt.timedelta(days=(WEEKDAYS.index(name) - published.weekday()) % 7 or 7)
    return published - dt.timedelta(days=back)


def _tidy(stated: str) -> str:
    return stated[0].lower() + stated[1:] if stated[:3] in ("On ", "In ") else stated
