"""Units of work: one article's extraction and one story's briefing, run here or by queue workers.

A job's pipeline (`brief`, `daily`) is the library's, given a `JobSummarizer` whose `aextract` and
`acompose` hand each unit to an `Executor`: the in-process one runs it on this process's model client,
the queue one (`summarizer.service.queue`) sends it to `summarizer worker` processes through Redis.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol, TypeVar

from summarizer.compose import Scheduler
from summarizer.config import Settings
from summarizer.model.store import AnswerStore
from summarizer.pipeline import Summarizer
from summarizer.progress import ProgressCallback
from summarizer.schemas import Article, Briefing, Extraction, Failure, Usage

T = TypeVar("T")


class Executor(Protocol):
    """Where units run. `extract` raises ModelError or ValidationFailed as `Summarizer.aextract` does."""

    async def extract(self, article: Article) -> Extraction: ...

    async def compose(
        self,
        articles: Sequence[Article],
        extractions: list[Extraction],
        failed: list[Failure],
        *,
        story: str | None,
        skip_writer: str | None,
        schedule: Scheduler | None,
    ) -> tuple[Briefing, Usage]: ...

    async def close(self) -> None: ...


class InProcessExecutor:
    """Units on this process's Summarizer, `concurrency` model calls at once across every job."""

    def __init__(self, engine: Summarizer) -> None:
        self.engine = engine
        self._slots = asyncio.Semaphore(engine.settings.resolved_concurrency())

    async def _limited(self, job: Callable[[], Awaitable[T]]) -> T:
        async with self._slots:
            return await job()

    async def extract(self, article: Article) -> Extraction:
        return await self._limited(lambda: self.engine.aextract(article))

    async def compose(
        self,
        articles: Sequence[Article],
        extractions: list[Extraction],
        failed: list[Failure],
        *,
        story: str | None,
        skip_writer: str | None,
        schedule: Scheduler | None,
    ) -> tuple[Briefing, Usage]:
        def limited(job: Callable[[], Awaitable[Any]]) -> Awaitable[Any]:
            return schedule(lambda: self._limited(job)) if schedule else self._limited(job)

        return await self.engine.acompose(
            articles, extractions, failed, story=story, schedule=limited, skip_writer=skip_writer
        )

    async def close(self) -> None:
        await self.engine.aclose()


class JobSummarizer(Summarizer):
    """The Summarizer one job runs with: units go to the executor; what was read and extracted is kept.

    The library's pipelines call `aextract` and `acompose`, so `brief` and `daily` run unchanged
    whether the units run here or on workers. What it keeps (articles, extractions) is the evidence
    the reading page shows behind each citation.
    """

    def __init__(
        self, settings: Settings, store: AnswerStore, executor: Executor, progress: ProgressCallback | None = None
    ) -> None:
        super().__init__(settings=settings, store=store, progress=progress)
        self.executor = executor
        self.read: dict[str, Article] = {}
        self.extracted: dict[str, Extraction] = {}

    async def aextract(self, article: Article) -> Extraction:
        extraction = await self.executor.extract(article)
        self.read[article.id] = article
        self.extracted[article.id] = extraction
        return extraction

    async def acompose(
        self,
        articles: Sequence[Article],
        extractions: list[Extraction],
        failed: list[Failure],
        *,
        story: str | None = None,
        schedule: Scheduler | None = None,
        skip_writer: str | None = None,
        started: float | None = None,
    ) -> tuple[Briefing, Usage]:
        briefing, usage = await self.executor.compose(
            articles, extractions, failed, story=story, skip_writer=skip_writer, schedule=schedule
        )
        if started is not None:  # the unit timed itself only; the job's clock started earlier
            briefing.meta.seconds = round(time.perf_counter() - started, 2)
        return briefing, usage

    def close(self) -> None:
        """Nothing to close: the store and the executor belong to the service, not to one job."""
