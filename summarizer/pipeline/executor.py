"""Where a story's units run: an article's extraction and the story's briefing.

The daily run and the service's jobs are written against `Executor`: `InProcess` runs the units here, on
a Runtime's model client; the service's queue executor sends them to worker processes.
"""

from __future__ import annotations

from typing import Protocol

from summarizer.compose import Scheduler, StoryInput
from summarizer.pipeline.steps import compose_story, extract
from summarizer.runtime import Runtime
from summarizer.schemas import Article, Briefing, Extraction, Usage


class Executor(Protocol):
    """Runs units. `extract` raises ModelError or ValidationFailed as `steps.extract` does; `compose` returns
    the briefing and what its writer cost, as `steps.compose_story` does."""

    async def extract(self, article: Article) -> Extraction: ...

    async def compose(
        self, story: StoryInput, *, skip_writer: str | None = None, schedule: Scheduler | None = None
    ) -> tuple[Briefing, Usage]: ...


class InProcess:
    """Units run here, on the runtime's model client."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    async def extract(self, article: Article) -> Extraction:
        return await extract(self.runtime, article)

    async def compose(
        self, story: StoryInput, *, skip_writer: str | None = None, schedule: Scheduler | None = None
    ) -> tuple[Briefing, Usage]:
        return await compose_story(self.runtime, story, skip_writer=skip_writer, schedule=schedule)
