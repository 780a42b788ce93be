"""Scheduling for many model calls: one pool of slots served by priority, and a token budget.

One pool for all of a day's stories keeps every slot busy: with a pool per story, a story waiting for
its last extraction leaves slots idle that other stories could use.
"""

from __future__ import annotations

import asyncio
import itertools
import math
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from summarizer.schemas import Usage

T = TypeVar("T")
SAFETY = 1.2  # estimates are scaled by the measured cost, then padded by this much


class WorkPool:
    """Runs model calls `size` at a time, lowest priority value first (a briefing before more extraction)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._queue: asyncio.PriorityQueue[tuple[tuple[int, ...], int, Callable[[], Awaitable[Any]], Any]]
        self._queue = asyncio.PriorityQueue()
        self._order = itertools.count()
        self._workers: list[asyncio.Task[None]] = []

    async def run(self, priority: tuple[int, ...], job: Callable[[], Awaitable[T]]) -> T:
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((priority, next(self._order), job, future))
        return await future

    async def _work(self) -> None:
        while True:
            _, _, job, future = await self._queue.get()
            if future.cancelled():
                continue
            try:
                result = await job()
            except Exception as exc:  # handed to the caller, who decides what a failure means
                if not future.cancelled():
                    future.set_exception(exc)
            else:
                if not future.cancelled():
                    future.set_result(result)

    async def __aenter__(self) -> WorkPool:
        self._workers = [asyncio.create_task(self._work()) for _ in range(self.size)]
        return self

    async def __aexit__(self, *exc: object) -> None:
        for worker in self._workers:
            worker.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)


class TokenBudget:
    """Tokens spent and promised; estimates learn from what the calls really cost."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.spent = 0
        self.reserved = 0
        self._guessed = 0  # estimates of the calls that reached the model...
        self._measured = 0  # ...and what they cost
        self.changed = asyncio.Condition()

    def cost(self, guess: int) -> int:
        scale = self._measured / self._guessed if self._guessed else 1.0
        return math.ceil(guess * scale * SAFETY)

    def fits(self, tokens: int) -> bool:
        return self.limit is None or self.spent + self.reserved + tokens <= self.limit

    def within(self) -> bool:
        """Whether what is spent plus what running work has reserved stays within the limit."""
        return self.fits(0)

    async def admit(self, guess: int) -> int | None:
        """Wait until a story's cost fits (running stories may settle below their estimates) or nothing
        runs that could free tokens; reserve and return the cost, or None when it does not fit."""
        async with self.changed:
            await self.changed.wait_for(lambda: self.fits(self.cost(guess)) or self.reserved == 0)
        tokens = self.cost(guess)
        if not self.fits(tokens):
            return None
        self.reserved += tokens
        return tokens

    async def settle(self, reserved: int, guess: int, usage: Usage) -> None:
        tokens = usage.prompt_tokens + usage.completion_tokens
        self.reserved -= reserved
        self.spent += tokens
        if usage.calls:
            self._guessed += guess
            self._measured += tokens
        async with self.changed:
            self.changed.notify_all()
