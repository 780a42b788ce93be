"""The Summarizer: articles in, cited briefing out (async core, sync twins), over a Runtime and the steps."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.compose import StoryInput
from summarizer.config import Settings
from summarizer.model.store import AnswerStore
from summarizer.pipeline.steps import compose_story, extract, extract_all
from summarizer.progress import ProgressCallback, Step
from summarizer.runtime import Runtime
from summarizer.schemas import Article, Briefing, Extraction, Failure


@dataclass(frozen=True)
class Result:
    """A briefing and the extractions it was written from."""

    briefing: Briefing
    extractions: list[Extraction]


class Summarizer:
    """Turn articles into a cited multi-source briefing.

    With no endpoint configured it starts the embedded local model (and stops it on `close()`);
    otherwise it talks to `base_url` (or OpenAI) with `api_key`. Use it as a context manager.
    """

    def __init__(
        self,
        *,
        model: str | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        mode: str | None = None,
        concurrency: int | None = None,
        cache: bool = True,
        cache_dir: Path | None = None,
        prompts_dir: Path | None = None,
        settings: Settings | None = None,
        store: AnswerStore | None = None,
        progress: ProgressCallback | None = None,
    ) -> None:
        overrides: dict[str, Any] = {
            "model": model,
            "base_url": base_url,
            "api_key": api_key,
            "mode": mode,
            "concurrency": concurrency,
            "cache_dir": cache_dir,
            "prompts_dir": prompts_dir,
        }
        if not cache:
            overrides["no_cache"] = True
        if settings is None:
            settings = Settings.load(**overrides)
        else:
            settings = settings.model_copy(update={k: v for k, v in overrides.items() if v is not None})
        self.runtime = Runtime(settings, store=store, progress=progress)

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    async def aextract(self, article: Article) -> Extraction:
        """Extract one article's claims; an answer still invalid after its re-asks gives its sentences instead."""
        return await extract(self.runtime, article)

    async def aextract_all(self, articles: Sequence[Article]) -> tuple[list[Extraction], list[Failure]]:
        """Extract every article concurrently (bounded); a failed article is reported, the rest go on."""
        return await extract_all(self.runtime, articles)

    async def abrief(self, articles: Sequence[Article], *, extracted: Sequence[Extraction] = ()) -> Briefing:
        """Extract, reconcile and write a cited briefing of `articles`.

        An article whose claims are given in `extracted` (from `extract`, say) is not sent to the model again.
        """
        return (await self.arun(articles, extracted=extracted)).briefing

    async def arun(self, articles: Sequence[Article], *, extracted: Sequence[Extraction] = ()) -> Result:
        """Like `abrief`, also returning the extractions (for evals and debugging)."""
        if not articles:
            raise ValueError("a briefing needs at least one article")
        started = time.perf_counter()
        given = {e.article_id: e for e in extracted}
        extractions, failed = await self.aextract_all([a for a in articles if a.id not in given])
        extractions = [given[a.id] for a in articles if a.id in given] + extractions
        if extractions:  # else compose_story says that no article could be extracted
            self.runtime.progress(Step("brief", 0, 1, "writing the briefing"))
        briefing, _ = await compose_story(self.runtime, StoryInput(articles, extractions, failed), started=started)
        self.runtime.progress(Step("brief", 1, 1))
        return Result(briefing, extractions)

    # -- sync twins -----------------------------------------------------------------------------------

    def extract(self, article: Article) -> Extraction:
        """Sync twin of `aextract`."""
        return self.runtime.sync(self.aextract(article))

    def extract_all(self, articles: Sequence[Article]) -> tuple[list[Extraction], list[Failure]]:
        """Sync twin of `aextract_all`."""
        return self.runtime.sync(self.aextract_all(articles))

    def brief(self, articles: Sequence[Article], *, extracted: Sequence[Extraction] = ()) -> Briefing:
        """Sync twin of `abrief`."""
        return self.runtime.sync(self.abrief(articles, extracted=extracted))

    def run(self, articles: Sequence[Article], *, extracted: Sequence[Extraction] = ()) -> Result:
        """Sync twin of `arun`."""
        return self.runtime.sync(self.arun(articles, extracted=extracted))

    # -- lifecycle ------------------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close clients, the cache, and stop the local server if this Summarizer started it."""
        await self.runtime.aclose()

    def close(self) -> None:
        self.runtime.close()

    def __enter__(self) -> Summarizer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Summarizer:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
