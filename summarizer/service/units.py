"""Units of work: one article's extraction and one story's briefing, run here or by queue workers.

A job runs the library's pipelines (`brief`, `daily`) with an `Executor` that hands each unit to the
service's: the in-process one runs it on this process's runtime, the queue one
(`summarizer.service.queue`) sends it to `summarizer worker` processes through Redis.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar

from summarizer.pipeline import Executor, InProcess, Scheduler, StoryInput
from summarizer.runtime import Runtime
from summarizer.schemas import Article, Briefing, Extraction, Usage

T = TypeVar("T")


class ServiceExecutor(Executor, Protocol):
    """An executor the service holds for all its jobs, closed when the service stops."""

    async def close(self) -> None: ...


class InProcessExecutor:
    """Units on this process's runtime, `concurrency` model calls at once across every job."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._units = InProcess(runtime)
        self._slots = asyncio.Semaphore(runtime.settings.resolved_concurrency())

    async def _limited(self, job: Callable[[], Awaitable[T]]) -> T:
        async with self._slots:
            return await job()

    async def extract(self, article: Article) -> Extraction:
        return await self._limited(lambda: self._units.extract(article))

    async def compose(
        self, story: StoryInput, *, skip_writer: str | None = None, schedule: Scheduler | None = None
    ) -> tuple[Briefing, Usage]:
        def limited(job: Callable[[], Awaitable[Any]]) -> Awaitable[Any]:
            return schedule(lambda: self._limited(job)) if schedule else self._limited(job)

        return await self._units.compose(story, skip_writer=skip_writer, schedule=limited)

    async def close(self) -> None:
        await self.runtime.aclose()


class JobUnits:
    """One job's units, run by the service's executor; what was read and extracted is kept.

    What it keeps (articles, extractions) is the evidence the reading page shows behind each citation.
    """

    def __init__(self, executor: Executor) -> None:
        self.executor = executor
        self.read: dict[str, Article] = {}
        self.extracted: dict[str, Extraction] = {}

    async def extract(self, article: Article) -> Extraction:
        extraction = await self.executor.extract(article)
        self.read[article.id] = article
        self.extracted[article.id] = extraction
        return extraction

    async def compose(
        self, story: StoryInput, *, skip_writer: str | None = None, schedule: Scheduler | None = None
    ) -> tuple[Briefing, Usage]:
        return await self.executor.compose(story, skip_writer=skip_writer, schedule=schedule)
