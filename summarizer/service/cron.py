"""Cron-like times: five fields (minute hour day-of-month month day-of-week) with `*`, lists, ranges, steps.

Small enough to own rather than depend on: schedules only ask "does this minute match?".
"""

from __future__ import annotations

import datetime as dt

_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31), ("month", 1, 12), ("day of week", 0, 6))


class Cron:
    """A parsed cron expression; `matches(moment)` says whether it fires in that minute."""

    def __init__(self, expression: str) -> None:
        parts = expression.split()
        if len(parts) != 5:
            raise ValueError(f"{expression!r}: a cron time has 5 fields (minute hour day month weekday)")
        self.expression = expression
        self.fields = [_field(part, name, low, high) for part, (name, low, high) in zip(parts, _FIELDS, strict=True)]
        # As in cron: when both day fields are restricted, a day matching either one fires.
        self._either_day = parts[2] != "*" and parts[4] != "*"

    def matches(self, moment: dt.datetime) -> bool:
        minute, hour, day, month, weekday = self.fields
        by_day, by_weekday = moment.day in day, (moment.isoweekday() % 7) in weekday
        days = (by_day or by_weekday) if self._either_day else (by_day and by_weekday)
        return moment.minute in minute and moment.hour in hour and moment.month in month and days

    def next_after(self, moment: dt.datetime) -> dt.datetime:
        """The first matching minute after `moment` (within a year; a cron that never fires raises)."""
        candidate = moment.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
        for _ in range(366 * 24 * 60):
            if self.matches(candidate):
                return candidate
            candidate += dt.timedelta(minutes=1)
        raise ValueError(f"{self.expression!r} never fires")


def _field(text: str, name: str, low: int, high: int) -> set[int]:
    values: set[int] = set()
    for item in text.split(","):
        span, _, step_text = item.partition("/")
        try:
            step = int(step_text) if step_text else 1
            if span == "*":
                start, end = low, high
            elif "-" in span:
                first, last = span.split("-", 1)
                start, end = int(first), int(last)
            else:
                start = end = int(span)
                if step_text:
                    end = high  # "5/15": from 5, every 15
        except ValueError:
            raise ValueError(f"{text!r}: cannot read the {name} field") from None
        if name == "day of week" and end == 7:
            values.add(0)  # 7 is Sunday too
            if start == 7:
                continue
            end = 6
        if step < 1 or not low <= start <= end <= high:
            raise ValueError(f"{text!r}: the {name} field must stay within {low}-{high}")
        values.update(range(start, end + 1, step))
    return values
