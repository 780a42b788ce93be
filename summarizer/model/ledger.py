"""What a piece of work (a job, a worker's unit) spends on the model, written down as it goes, outside the process.

A process killed mid-work loses the usage it held in memory, and another run does the work again: it finds the
answers cached before the kill, and re-sends the calls that were in flight. Without a record, the calls that made
those answers would count as cache hits and the calls lost in flight not at all. With one, each run of the work
saves every request's spending (a call is saved before it is sent, its tokens when its answer comes), and the run
that finishes adds what the runs before it spent on each request it asks again.

The model client reads the ledger of the work in hand from a context variable, set with `keeping(...)` around
the work by whoever runs it (the service's runner for a job, `summarizer worker` for a unit); with none set,
nothing is written.
"""

from __future__ import annotations

import itertools
import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Protocol

from summarizer.schemas import Usage


class Entries(Protocol):
    """Where a ledger's entries are kept so that a killed process leaves them: a Redis hash, a job store table."""

    def load(self) -> list[str]: ...

    def save(self, entry: str, value: str) -> None: ...

    def clear(self) -> None: ...


@dataclass(frozen=True)
class Tab:
    """One request's account in this run: what earlier runs spent on it, and where this run's spending goes."""

    earlier: Usage | None
    save: Callable[[Usage], None]  # given the request's usage so far, earlier runs' included


class Ledger:
    """This run's entries, and what earlier runs of the same work spent, by request key (read once, at the start)."""

    def __init__(self, entries: Entries) -> None:
        self._entries = entries
        self._run = uuid.uuid4().hex
        self._asks = itertools.count(1)
        self._earlier: dict[str, Usage] = {}
        for value in entries.load():
            saved = json.loads(value)
            self._earlier.setdefault(saved["key"], Usage()).add(Usage.model_validate(saved["usage"]))

    def tab(self, key: str) -> Tab:
        """The account of one ask of the request `key`. Earlier runs' spending goes to the first ask of it in
        this run only: a second ask of the same request (a cache hit, as in any run) is not paid twice."""
        earlier = self._earlier.pop(key, None)
        entry = f"{self._run}:{next(self._asks)}"

        def save(usage: Usage) -> None:
            own = {name: getattr(usage, name) - getattr(earlier, name, 0) for name in Usage.model_fields}
            self._entries.save(entry, json.dumps({"key": key, "usage": own}, separators=(",", ":")))

        return Tab(earlier, save)


_current: ContextVar[Ledger | None] = ContextVar("summarizer_ledger", default=None)


def current() -> Ledger | None:
    """The ledger of the work this code runs for, if whoever runs it keeps one."""
    return _current.get()


@contextmanager
def keeping(entries: Entries) -> Iterator[Ledger]:
    """Keep the ledger of a piece of work in `entries` while it runs here; cleared when the work ends, with a
    result or an error, and left for the next run when it is cancelled (a shutdown) or the process is killed."""
    ledger = Ledger(entries)
    token = _current.set(ledger)
    try:
        yield ledger
    except Exception:
        entries.clear()
        raise
    else:
        entries.clear()
    finally:
        _current.reset(token)
