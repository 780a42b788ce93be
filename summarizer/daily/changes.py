"""What moved since a story was last briefed: each figure that changed, said as a change.

"The death toll rose from 132 (Syrian Observatory, 28 Nov 2024) to 242 (Syrian war monitor, 29 Nov 2024)."
Each value is cited to the articles that gave it, the earlier ones included. A measure's value on a day
is what its latest reports say (`current`); a figure moved when today's latest value is none of the
values told before.
"""

from __future__ import annotations

import datetime as dt

from summarizer.daily.memory import Earlier, Figures
from summarizer.schemas import BriefSentence, CitedSpan, DisagreementValue


def current(values: list[DisagreementValue], day: dt.date) -> list[DisagreementValue]:
    """The values of the latest reports (an undated value counts as of `day`), lowest first."""
    latest = max(v.as_of or day for v in values)
    return sorted((v for v in values if (v.as_of or day) == latest), key=lambda v: float(v.value))


def figure_changes(earlier: Earlier, figures: Figures, day: dt.date) -> list[BriefSentence]:
    """A sentence for each measure whose value moved since the thread last told it, in the measures' order."""
    out = []
    for measure, values in figures.items():
        if measure not in earlier.figures:
            continue
        then_day, then_values = earlier.figures[measure]
        told = {float(v.value) for v in then_values}
        now = current(values, day)
        if all(float(v.value) in told for v in now):
            continue  # today's latest reports give a value told before: nothing moved
        out.append(_change(measure, current(then_values, then_day), then_day, now, day))
    return out


def _change(
    measure: str, then: list[DisagreementValue], then_day: dt.date, now: list[DisagreementValue], day: dt.date
) -> BriefSentence:
    before, after = [float(v.value) for v in then], [float(v.value) for v in now]
    verb = "rose" if min(after) > max(before) else "fell" if max(after) < min(before) else "changed"
    subject = "The death toll" if measure == "death toll" else f"The number of {measure}"
    text, spans = f"{subject} {verb} from ", []
    for side, values, fallback in (("then", then, then_day), ("now", now, day)):
        if side == "now":
            text += " to "
        for n, value in enumerate(values):
            text += (" and " if n == len(values) - 1 else ", ") if n else ""
            detail = ", ".join(x for x in (value.attribution, _day(value.as_of or fallback)) if x)
            text += f"{value.value} ({detail})"
            spans.append(CitedSpan(end=len(text), citations=value.sources))
    text += "."
    cited = sorted({s for v in [*then, *now] for s in v.sources})
    return BriefSentence(text=text, citations=cited, spans=spans)


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"
