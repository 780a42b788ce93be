"""The pipeline's steps as plain functions over a Runtime: extract an article, extract many, compose a story.

An `Executor` (`summarizer.pipeline.executor`) runs the first and the last of them here or elsewhere.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

from summarizer.claims.extract import extract_article, sentence_claims
from summarizer.claims.reconcile import reconcile
from summarizer.compose import ModelWriter, OwnWording, Scheduler, StoryInput, Writer, compose
from summarizer.errors import ModelError, ValidationFailed
from summarizer.progress import Step
from summarizer.runtime import Runtime
from summarizer.schemas import Article, Briefing, Extraction, Failure, Usage


async def extract(runtime: Runtime, article: Article) -> Extraction:
    """Extract one article's claims (one model call, re-asked if invalid).

    An answer still invalid after its re-asks does not lose the article: its sentences stand in for
    its claims (`Extraction.fallback` says why). A model that cannot be reached raises ModelError.
    """
    client = runtime.client()
    try:
        return await extract_article(client, runtime.extract_prompt, article)
    except ValidationFailed as exc:
        claims = sentence_claims(article, cited=set())
        if not claims:
            raise
        failed = runtime.failure(article.id, exc)
        return Extraction(
            article_id=article.id,
            claims=claims,
            prompt=runtime.extract_prompt.label,
            usage=failed.usage,
            fallback=failed.error,
        )


async def extract_all(runtime: Runtime, articles: Sequence[Article]) -> tuple[list[Extraction], list[Failure]]:
    """Extract every article concurrently (bounded); a failed article is reported, the rest go on."""
    runtime.client()  # opens the answer store once: a bad cache folder fails before any extraction
    limit = asyncio.Semaphore(runtime.settings.resolved_concurrency())
    done = 0
    runtime.progress(Step("extract", 0, len(articles)))

    async def one(article: Article) -> Extraction | Failure:
        nonlocal done
        async with limit:
            try:
                result: Extraction | Failure = await extract(runtime, article)
            except (ModelError, ValidationFailed) as exc:
                result = runtime.failure(article.id, exc)
        done += 1
        runtime.progress(Step("extract", done, len(articles), article.id, failed=isinstance(result, Failure)))
        return result

    results = await asyncio.gather(*(one(a) for a in articles))
    return [r for r in results if isinstance(r, Extraction)], [r for r in results if isinstance(r, Failure)]


async def compose_story(
    runtime: Runtime,
    story: StoryInput,
    *,
    skip_writer: str | None = None,
    schedule: Scheduler | None = None,
    started: float | None = None,
) -> tuple[Briefing, Usage]:
    """Reconcile the story's claims, choose the facts and have them written; the briefing and the writer's usage.

    `skip_writer` says why the writer is not asked (the facts are then listed in their own wording);
    `schedule` runs the writer's call (a caller's shared pool); `started` is when the run's clock started.
    A writer that fails is a warning, not a failure: no article is lost, the facts are listed as extracted.
    """
    started = time.perf_counter() if started is None else started
    skip_writer = skip_writer or runtime.settings.writer_skipped()
    if not story.extractions:
        raise ModelError(f"no article could be extracted: {story.failed[0].error}", item=story.failed[0].item)
    # In a thread: it is CPU work, and the event loop meanwhile keeps other calls going out.
    reconciliation = await asyncio.to_thread(reconcile, story.kept(), story.claims())
    writer: Writer = (
        OwnWording(skip_writer)
        if skip_writer
        else ModelWriter(runtime.client(), runtime.brief_prompt, runtime.failure, schedule, runtime.verify_prompt)
    )
    return await compose(
        story,
        reconciliation,
        writer,
        words=runtime.settings.words,
        stamp=lambda usage, warnings: runtime.meta(usage, started, warnings, story.failed),
    )
