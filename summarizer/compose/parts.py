"""The parts the pipeline writes itself: where sources disagree, and a short timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from summarizer.compose.selection import already_told, stems
from summarizer.compose.wording import as_sentence
from summarizer.language.dates import calendar_spans
from summarizer.language.numbers import numbers_in
from summarizer.schemas import BriefSentence, CitedSpan, Disagreement, Reconciliation

TIMELINE_EXTRA = 3  # dated facts the timeline may add beyond the bullets


def disagreement_sentences(disagreements: list[Disagreement]) -> list[BriefSentence]:
    """One sentence per disputed figure, listing every value with who gave it and when, each value cited to
    the sources that give it (`BriefSentence.spans`), so a reader sees which outlet said what."""
    return [_disagreement_sentence(d) for d in disagreements]


def _disagreement_sentence(d: Disagreement) -> BriefSentence:
    if d.quoted:  # each value is a source's own words around the figure
        opening, parts = "Sources give different figures: ", [f"“{v.value}”" for v in d.values]
    else:
        topic = d.topic if d.topic == "death toll" else f"number of {d.topic}"
        opening, parts = f"Sources give different figures for the {topic}: ", []
        for v in d.values:
            detail = ", ".join(x for x in (v.attribution, v.as_of and _day(v.as_of)) if x)
            said = f"{v.qualifier} {v.value}" if v.qualifier else v.value  # "at least 57": what the source said
            parts.append(f"{said} ({detail})" if detail else said)
    text, spans = opening, []
    for n, (part, value) in enumerate(zip(parts, d.values, strict=True)):
        text += ("; " if n else "") + part
        spans.append(CitedSpan(end=len(text), citations=value.sources))
    text += "."
    if d.explained_by_time:
        text += " The later reports give the higher figures, so the difference may reflect when each was written."
    return BriefSentence(text=text, citations=sorted({s for v in d.values for s in v.sources}), spans=spans)


def timeline_sentences(
    reconciliation: Reconciliation, stated: set[str], *, known: Sequence[str] = ()
) -> list[BriefSentence]:
    """Dated facts the bullets do not state, in date order (a few), when the story spans two days or more.

    The bullets already say what they say: the timeline adds when, and a few dated facts that did not fit,
    rather than repeating bullets word for word, or facts `known` from an earlier briefing.
    """
    told = [(stems(k), numbers_in(k)) for k in known]
    if len({e.date for e in reconciliation.timeline}) < 2:
        return []
    untold = [e for e in reconciliation.timeline if e.group not in stated and not already_told(e.statement, told)]
    extra = untold[:TIMELINE_EXTRA]
    if len({e.date for e in extra}) < 2:
        return []
    return [
        BriefSentence(
            text=f"{_day(e.date)}: {as_sentence(_undated(e.statement))}", citations=e.sources, claims=[e.group]
        )
        for e in extra
    ]


def _undated(statement: str) -> str:
    """The statement without the date its line opens with, which the timeline puts first in its own form:
    "28 October 2013: Lauri Love is arrested ..." (a dated list in the article) is told "28 Oct 2013: Lauri
    Love is arrested ...", not with the date twice."""
    end = max((b for a, b in calendar_spans(statement) if a == 0), default=0)
    if end and statement[end : end + 1] == ":" and (rest := statement[end + 1 :].strip()):
        return rest[0].upper() + rest[1:]
    return statement


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"
