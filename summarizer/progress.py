"""Progress events: what a long run reports as it goes, for a progress bar or a log line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """A step of a run. `stage` is "start", "fetch", "group", "extract" or "brief"; `eta` is seconds left;
    `failed` says the item just done failed (it counts as done, not as extracted)."""

    stage: str
    done: int
    total: int
    item: str = ""
    eta: float | None = None
    failed: bool = False


ProgressCallback = Callable[[Step], None]


def ignore(step: Step) -> None:
    """The callback used when none is given."""
