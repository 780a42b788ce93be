"""Running jobs: read the articles, run the library's pipeline on the service's executor, store the result.

A job's row is the truth: a job is `running` until its result is stored, so a process that dies
mid-job leaves it `running` and the next start runs it again. Articles are stored as soon as they are
read (fetched pages too), and every validated model answer is in the answer cache, so the second run
reads the same text and asks the model only for what was not answered before; what the first run spent
is in the job's ledger, so the usage of the result counts it.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import time
from collections.abc import Sequence
from typing import Any

from summarizer.config import Settings
from summarizer.daily.memory import StoryMemory
from summarizer.daily.render import daily_json
from summarizer.daily.run import arun_daily
from summarizer.errors import InputError, ModelError, SummarizerError, ValidationFailed
from summarizer.ingest.fetch import FetchLimits, aload_sources
from summarizer.ingest.files import ReadLimits
from summarizer.model.ledger import keeping
from summarizer.model.store import AnswerStore
from summarizer.pipeline import Executor, StoryInput
from summarizer.progress import Step
from summarizer.render import to_json
from summarizer.runtime import Runtime
from summarizer.schemas import Article, Extraction, Failure
from summarizer.service.jobs import UNFINISHED, Job, JobStore
from summarizer.service.units import JobUnits

log = logging.getLogger(__name__)

PROGRESS_WRITE_SECONDS = 0.5  # the row is written at most this often; GET reads the live value


class JobProgress:
    """A job's progress: kept live in memory for GET, written to its row now and then for after a restart.

    Extraction and briefing are counted together (units done of units known), so the count a client polls
    only grows, though a daily run's events alternate between the two stages; `eta` is whole seconds.
    """

    def __init__(self, jobs: JobStore, job_id: str, live: dict[str, dict[str, Any]]) -> None:
        self.jobs, self.job_id, self.live = jobs, job_id, live
        self._written = 0.0
        self._units: dict[str, tuple[int, int]] = {}  # stage -> done, total

    def __call__(self, step: Step) -> None:
        done, total = step.done, step.total
        if step.stage in ("extract", "brief"):
            self._units[step.stage] = (step.done, step.total)
        if step.stage in ("extract", "brief", "done") and self._units:
            done = sum(d for d, _ in self._units.values())
            total = sum(t for _, t in self._units.values())
            done = total if step.stage == "done" else done
        eta = None if step.eta is None else round(step.eta)
        value = {"stage": step.stage, "done": done, "total": total, "item": step.item, "eta": eta}
        self.live[self.job_id] = value
        now = time.monotonic()
        if now - self._written >= PROGRESS_WRITE_SECONDS or step.done == step.total:
            self._written = now
            self.jobs.set_progress(self.job_id, value)


class Runner:
    """Starts, tracks and resumes jobs on this process's event loop."""

    def __init__(
        self,
        jobs: JobStore,
        settings: Settings,
        answers: AnswerStore,
        executor: Executor,
        limits: FetchLimits,
        memory: StoryMemory | None = None,
    ) -> None:
        self.jobs = jobs
        self.memory = memory
        self.settings = settings
        self.answers = answers
        self.executor = executor
        self.limits = limits
        self.live: dict[str, dict[str, Any]] = {}
        self.tasks: dict[str, asyncio.Task[None]] = {}

    def start(self, job: Job) -> None:
        task = asyncio.create_task(self._run(job), name=f"job {job.id}")
        self.tasks[job.id] = task
        task.add_done_callback(lambda _: self.tasks.pop(job.id, None))

    def resume(self) -> int:
        """Start every job a previous process left queued or running; returns how many."""
        unfinished = self.jobs.list(status=UNFINISHED)
        for job in unfinished:
            log.info("resuming job %s (%s, was %s)", job.id, job.kind, job.status)
            self.start(job)
        return len(unfinished)

    async def stop(self) -> None:
        """Cancel running jobs; they stay `running` in the store and resume at the next start."""
        for task in list(self.tasks.values()):
            task.cancel()
        await asyncio.gather(*self.tasks.values(), return_exceptions=True)

    async def _run(self, job: Job) -> None:
        self.jobs.set_status(job.id, "running")
        started = time.perf_counter()
        log.info("job %s running (%s)", job.id, job.kind)
        progress = JobProgress(self.jobs, job.id, self.live)
        # The job's own runtime gives its settings, the answer store and the prompts its output records. It
        # never connects (the executor makes the model calls) and is not closed (the store is the service's).
        runtime = Runtime(self.settings, store=self.answers, progress=progress)
        units = JobUnits(self.executor)
        try:
            # What the job spends on the model in this process is written down as it goes: a resumed job's
            # usage counts the calls made before the restart too (see summarizer.model.ledger).
            with keeping(self.jobs.spending(job.id)):
                articles, unreadable, warnings = await self._read(job, progress)
                if job.kind == "daily":
                    result, title = await self._daily(job, runtime, units, articles, unreadable, warnings, progress)
                else:
                    result, title = await self._briefing(runtime, units, articles, unreadable, warnings, progress)
                await self._complete_evidence(units, articles, result)
                self.jobs.finish(job.id, result=result, evidence=json.dumps(evidence(units)), title=title)
            progress(Step("done", 1, 1))
            log.info("job %s done in %.1f s: %s", job.id, time.perf_counter() - started, title)
        except asyncio.CancelledError:
            raise  # shutting down: left `running`, resumed at the next start
        except SummarizerError as exc:
            log.warning("job %s failed: %s", job.id, exc)
            self.jobs.set_status(job.id, "failed", error=str(exc))
        except Exception:
            log.exception("job %s failed", job.id)
            self.jobs.set_status(job.id, "failed", error="internal error: the service log has the details")
        finally:
            self.live.pop(job.id, None)

    async def _read(self, job: Job, progress: JobProgress) -> tuple[list[Article], list[Failure], list[str]]:
        """The job's articles: stored ones (given inline, or read before a restart), then its sources, read once;
        with what could not be read, and what was read only in part (a feed cut to its entries limit)."""
        stored = json.loads(self.jobs.articles(job.id) or "{}")
        if stored.get("complete"):
            return (
                [Article.model_validate(a) for a in stored["articles"]],
                [Failure.model_validate(f) for f in stored["unreadable"]],
                [str(w) for w in stored.get("warnings", [])],
            )
        articles = [Article.model_validate(a) for a in stored.get("articles", [])]
        unreadable: list[Failure] = []
        warnings: list[str] = []
        if sources := job.request.get("sources", []):
            found, errors = await aload_sources(
                sources, max_chars=self.settings.max_chars, limits=self.limits, progress=progress,
                read=ReadLimits.of(self.settings), warnings=warnings,
            )  # fmt: skip
            articles += _unique(found, {a.id for a in articles})
            unreadable = [Failure(item=e.source or "source", error=str(e)) for e in errors]
        record = {
            "complete": True,
            "articles": [a.model_dump(mode="json") for a in articles],
            "unreadable": [f.model_dump(mode="json") for f in unreadable],
            "warnings": warnings,
        }
        self.jobs.set_articles(job.id, json.dumps(record))
        return articles, unreadable, warnings

    async def _briefing(
        self,
        runtime: Runtime,
        units: JobUnits,
        articles: list[Article],
        unreadable: list[Failure],
        warnings: list[str],
        progress: JobProgress,
    ) -> tuple[str, str]:
        if not articles:
            raise_unreadable(unreadable)
        started = time.perf_counter()
        done = 0
        progress(Step("extract", 0, len(articles)))

        async def one(article: Article) -> Extraction | Failure:
            nonlocal done
            try:
                result: Extraction | Failure = await units.extract(article)
            except (ModelError, ValidationFailed) as exc:
                result = runtime.failure(article.id, exc)
            done += 1
            progress(Step("extract", done, len(articles), article.id, failed=isinstance(result, Failure)))
            return result

        results = await asyncio.gather(*(one(a) for a in articles))
        extractions = [r for r in results if isinstance(r, Extraction)]
        failed = [r for r in results if isinstance(r, Failure)]
        if not extractions:
            raise ModelError(f"no article could be extracted: {failed[0].error}", item=failed[0].item)
        progress(Step("brief", 0, 1, "writing the briefing"))
        briefing, _ = await units.compose(StoryInput(articles, extractions, failed))
        briefing.meta.seconds = round(time.perf_counter() - started, 2)  # the unit timed itself; the job began earlier
        briefing.meta.failed[:0] = unreadable
        briefing.meta.warnings[:0] = warnings
        return to_json(briefing), briefing.title

    async def _daily(
        self,
        job: Job,
        runtime: Runtime,
        units: JobUnits,
        articles: list[Article],
        unreadable: list[Failure],
        warnings: list[str],
        progress: JobProgress,
    ) -> tuple[str, str]:
        if not articles:
            raise_unreadable(unreadable)
        request = job.request
        day = await arun_daily(
            runtime,
            units,
            articles,
            date=dt.date.fromisoformat(request["date"]) if request.get("date") else None,
            since=dt.datetime.fromisoformat(request["since"]) if request.get("since") else None,
            max_stories=request.get("max_stories"),
            max_tokens=request.get("max_tokens"),
            progress=progress,
            memory=self.memory,
            since_last=not request.get("fresh"),
            link=f"/read/{job.id}",
        )
        day.left_out.sources += unreadable
        day.meta.warnings[:0] = warnings
        return daily_json(day), day.title

    async def _complete_evidence(self, units: JobUnits, articles: list[Article], result: str) -> None:
        """A story reused whole from the cache was never extracted in this job: read its claims back (cached)."""
        cited = set(_source_ids(json.loads(result)))
        missing = [a for a in articles if a.id in cited and a.id not in units.extracted]

        async def one(article: Article) -> None:
            with contextlib.suppress(ModelError, ValidationFailed):  # the page then shows the source alone
                await units.extract(article)

        await asyncio.gather(*(one(a) for a in missing))


def raise_unreadable(unreadable: Sequence[Failure]) -> None:
    reasons = "; ".join(f"{f.item}: {f.error}" for f in unreadable[:3]) or "no article given"
    raise InputError(f"no article could be read ({reasons})")


def _unique(articles: list[Article], taken: set[str]) -> list[Article]:
    """Fetched articles named apart from inline ones (and each other): ids are how citations point."""
    out = []
    for article in articles:
        name, n = article.id, 1
        while name in taken:
            n += 1
            name = f"{article.id}-{n}"
        taken.add(name)
        out.append(article if name == article.id else article.model_copy(update={"id": name}))
    return out


def _source_ids(document: dict[str, Any]) -> list[str]:
    stories = document.get("stories", [document])
    return [s["id"] for story in stories for s in story.get("sources", [])]


def evidence(units: JobUnits) -> dict[str, Any]:
    """Each claim's supporting sentences, for the reading page: {claim id: {article, sentences: [[n, text]]}}."""
    claims: dict[str, Any] = {}
    for article_id, extraction in units.extracted.items():
        article = units.read[article_id]
        for claim in extraction.claims:
            sentences = [[n, article.sentence(n)] for n in claim.evidence if 1 <= n <= len(article.sentences)]
            claims[claim.id] = {"article": article_id, "sentences": sentences}
    return {"claims": claims}
