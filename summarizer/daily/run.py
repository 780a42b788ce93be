"""The daily briefing: a day's articles grouped into stories, ranked, briefed in parallel, in one document.

    from summarizer import Summarizer
    from summarizer.daily.run import brief_daily
    from summarizer.daily.render import daily_markdown

    with Summarizer() as summarizer:
        day = brief_daily(summarizer, ["articles/", "https://example.org/feed.xml"], max_tokens=200_000)
    print(daily_markdown(day))

Every model call of every story goes through one pool of `concurrency` slots, a story's briefing
before more extraction, so the pool stays full and finished stories come out early. A token budget
admits stories in rank order while their estimated cost fits, and never starts one that would not.
A story briefed before from the very same articles is taken from the cache whole: a re-run later in
the day pays, and waits, only for the stories that changed.

Given a `StoryMemory` (daily/memory.py), the day remembers: a story that continues one briefed on an
earlier day is marked so, leaves out the facts told then, and says which figures moved; the finished
day is recorded for the next. A memory that fails mid-run costs the day its memory, never its briefing:
the failure is logged as a warning and kept in `Daily.memory_failure`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from summarizer._version import build_id
from summarizer.claims.reconcile import measured_figures
from summarizer.daily.changes import figure_changes
from summarizer.daily.digest import CHANGED, budgets, digest
from summarizer.daily.memory import Continuity, Earlier, Remembered, StoryMemory
from summarizer.daily.scheduling import TokenBudget, WorkPool
from summarizer.daily.stories import RANKING, Duplicate, Story, StoryScore, find_stories
from summarizer.errors import ConfigError, InputError, ModelError, ValidationFailed
from summarizer.ingest.fetch import FetchLimits, aload_sources
from summarizer.ingest.files import ReadLimits
from summarizer.pipeline import Executor, InProcess, StoryInput, Summarizer
from summarizer.progress import ProgressCallback, Step
from summarizer.runtime import Runtime
from summarizer.schemas import (
    SCHEMA_VERSION,
    Article,
    Briefing,
    BriefSentence,
    Extraction,
    Failure,
    Meta,
    Section,
    Source,
    Usage,
)

__all__ = [
    "Daily",
    "DailyStory",
    "DigestEntry",
    "abrief_daily",
    "arun_daily",
    "brief_daily",
    "parse_since",
]

_log = logging.getLogger(__name__)

CHARS_PER_TOKEN = 4  # a first guess, replaced by what the calls really cost once some have run
EXTRACT_TOKENS = 300 + 350  # prompt instructions and schema, plus a typical answer (docs/design.md: 170-310)
BRIEF_TOKENS = 900 + 500  # instructions and about a dozen facts, plus the written briefing


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DailyStory(Briefing):
    """One story of the day: a Briefing (sections, sources, meta...) plus its place and why."""

    id: str
    rank: int
    headline: str = Field(description="the most typical headline among the story's articles")
    score: StoryScore
    duplicates: list[Duplicate] = Field(default_factory=list, description="near-identical copies, listed once")
    continuity: Continuity | None = Field(None, description="new or continuing, when the day has a memory")


class LeftOutStory(_Model):
    id: str
    headline: str
    articles: int
    reason: str


class LeftOut(_Model):
    """What the document does not cover, and why."""

    outside_window: list[str] = Field(default_factory=list, description="ids of articles outside the date window")
    undated: list[str] = Field(default_factory=list, description="ids of articles with no date, kept")
    duplicates: int = 0
    stories: list[LeftOutStory] = Field(default_factory=list)
    sources: list[Failure] = Field(default_factory=list, description="sources that could not be read or fetched")


class DigestEntry(_Model):
    """One story in the daily's opening digest: its few most telling sentences, cited (none past the budget)."""

    story: str = Field(description="the story's id")
    sentences: list[BriefSentence] = Field(default_factory=list)


class Daily(_Model):
    """The daily document: stories in rank order, each a cited briefing, and the full source list."""

    schema_version: int = SCHEMA_VERSION
    title: str
    date: dt.date
    since: dt.datetime | None = None
    ranked_by: str = RANKING
    stories: list[DailyStory]
    sources: list[Source]
    earlier_sources: list[Source] = Field(
        default_factory=list, description="articles of earlier days that the figures' changes cite"
    )
    left_out: LeftOut
    digest: list[DigestEntry] = Field(
        default_factory=list, description="the stories in brief, in rank order, within `digest_words`"
    )
    digest_words: int = Field(0, description="the word budget of the digest for the whole day")
    max_tokens: int | None = None
    memory_failure: str | None = Field(
        None, description="why the story memory could not be read or written, and what it cost the day"
    )
    meta: Meta


# ---- the date window ------------------------------------------------------------------------------------

_RELATIVE = re.compile(r"(\d+)\s*([hd])")


def parse_since(text: str, now: dt.datetime | None = None) -> dt.datetime:
    """Read "2026-11-21", "2026-11-21T06:00" or a span back from now such as "36h" or "2d"."""
    now = now or dt.datetime.now()
    if match := _RELATIVE.fullmatch(text.strip().lower()):
        number, unit = int(match[1]), match[2]
        return now - (dt.timedelta(hours=number) if unit == "h" else dt.timedelta(days=number))
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"--since {text!r}: use a date, a date and time, or a span such as 36h or 2d") from None


def _in_window(article: Article, date: dt.date | None, since: dt.datetime | None) -> bool:
    assert article.published is not None
    # Articles carry a day, not a time: an article of the day `since` falls on is kept.
    return (date is None or article.published == date) and (since is None or article.published >= since.date())


# ---- scheduling -----------------------------------------------------------------------------------------


def _extract_guess(article: Article) -> int:
    return EXTRACT_TOKENS + sum(len(s) + 6 for s in article.sentences) // CHARS_PER_TOKEN


@dataclass
class _Outcome:
    story: Story
    briefing: Briefing | None
    failure: str | None = None


class _Run:
    """One daily run: the stories, the pool, the budget and the progress counts."""

    def __init__(
        self,
        runtime: Runtime,
        executor: Executor,
        budget: TokenBudget,
        progress: ProgressCallback,
        earlier: dict[str, Earlier],
    ) -> None:
        self.runtime = runtime
        self.earlier = earlier
        self.executor = executor
        self.budget = budget
        self.progress = progress
        self.counts = {"extract": [0, 0], "brief": [0, 0]}  # done, total
        self.started = time.perf_counter()

    def step(self, stage: str, item: str = "") -> None:
        done = sum(d for d, _ in self.counts.values())
        total = sum(t for _, t in self.counts.values())
        elapsed = time.perf_counter() - self.started
        eta = elapsed / done * (total - done) if done else None
        stage_done, stage_total = self.counts[stage]
        self.progress(Step(stage, stage_done, stage_total, item, eta=eta))

    async def all(self, pool: WorkPool, stories: list[Story]) -> tuple[list[_Outcome], list[Story]]:
        """Brief the stories in rank order while the budget admits them; return outcomes and the skipped."""
        tasks: list[asyncio.Task[_Outcome]] = []
        skipped = []
        for rank, story in enumerate(stories, 1):
            self.counts["extract"][1] += len(story.articles)
            self.counts["brief"][1] += 1
            key = _story_key(self.runtime, story, self.known(story))
            if (stored := self.runtime.store.get(key)) is not None:  # briefed before: costs nothing
                tasks.append(asyncio.create_task(self.reuse(story, Briefing.model_validate_json(stored))))
                continue
            guesses = [_extract_guess(a) for a in story.articles]
            # Reserved now, not when the task starts, so that the next story sees this one's cost.
            reserved = await self.budget.admit(sum(guesses) + BRIEF_TOKENS)
            if reserved is None:
                skipped.append(story)
                self.counts["extract"][1] -= len(story.articles)
                self.counts["brief"][1] -= 1
                continue
            tasks.append(asyncio.create_task(self.story(pool, rank, story, key, guesses, reserved)))
        return list(await asyncio.gather(*tasks)), skipped

    async def story(
        self, pool: WorkPool, rank: int, story: Story, key: str, guesses: list[int], reserved: int
    ) -> _Outcome:
        # The story's reservation is handed back call by call, in proportion to each call's guess.
        share = reserved / (sum(guesses) + BRIEF_TOKENS)
        extract_reserved = [round(g * share) for g in guesses]
        brief_reserved = reserved - sum(extract_reserved)

        async def extract(article: Article, guess: int, reserved: int) -> Extraction | Failure:
            async def call() -> Extraction | Failure:
                # Checked when the call gets its slot: calls that ran before may have cost more than guessed.
                if not self.budget.within():
                    return Failure(item=article.id, error=f"not extracted, to stay within --max-tokens {limit:,}")
                return await self.executor.extract(article)

            limit = self.budget.limit or 0
            try:
                result = await pool.run((1, rank), call)
            except (ModelError, ValidationFailed) as exc:
                result = self.runtime.failure(article.id, exc)
            usage = result.usage
            await self.budget.settle(reserved, guess, usage)
            self.counts["extract"][0] += 1
            self.step("extract", article.id)
            return result

        results = await asyncio.gather(
            *(extract(a, g, r) for a, g, r in zip(story.articles, guesses, extract_reserved, strict=True))
        )
        extractions = [r for r in results if isinstance(r, Extraction)]
        failed = [r for r in results if isinstance(r, Failure)]
        outcome = _Outcome(story, None)
        if not extractions:
            outcome.failure = f"no article could be extracted: {failed[0].error}"
            await self.budget.settle(brief_reserved, 0, Usage())
        else:
            # Extraction may have cost more than guessed: write only if the briefing still fits.
            fits = self.budget.within()
            briefing, usage = await self.executor.compose(
                StoryInput(story.articles, extractions, failed, story.headline, self.known(story)),
                skip_writer=None if fits else "to stay within --max-tokens",
                schedule=lambda job: pool.run((0, rank), job),
            )
            await self.budget.settle(brief_reserved, BRIEF_TOKENS, usage)
            outcome.briefing = briefing
            if fits and not briefing.meta.failed:  # only what is complete is worth reusing
                self.runtime.store.set(key, briefing.model_dump_json(), label=f"daily story {story.headline}")
        self.counts["brief"][0] += 1
        self.step("brief", story.headline)
        return outcome

    def known(self, story: Story) -> tuple[str, ...]:
        """What the reader was told of the story on earlier days."""
        earlier = self.earlier.get(story.id)
        return earlier.told if earlier else ()

    async def reuse(self, story: Story, briefing: Briefing) -> _Outcome:
        """A story briefed before from the very same articles: every answer it stands for is a cache hit."""
        used = briefing.meta.usage
        briefing.meta.usage = Usage(cache_hits=used.calls + used.cache_hits)
        self.counts["extract"][0] += len(story.articles)
        self.step("extract", story.articles[-1].id)
        self.counts["brief"][0] += 1
        self.step("brief", story.headline)
        return _Outcome(story, briefing)


def _story_key(runtime: Runtime, story: Story, known: tuple[str, ...]) -> str:
    """Everything a story's briefing is made from: its articles, what was told before, the prompts, the model
    and this code (`build_id`)."""
    articles = [a.model_dump(mode="json") for a in story.articles]
    return runtime.key("daily story", version=build_id(), headline=story.headline, articles=articles, known=list(known))


# ---- the day --------------------------------------------------------------------------------------------


async def abrief_daily(
    summarizer: Summarizer,
    sources: Sequence[str | Path | Article],
    *,
    date: dt.date | None = None,
    since: dt.datetime | None = None,
    max_stories: int | None = None,
    max_tokens: int | None = None,
    progress: ProgressCallback | None = None,
    limits: FetchLimits | None = None,
    exclude: Sequence[Path] = (),
    memory: StoryMemory | None = None,
    since_last: bool = True,
    link: str | None = None,
) -> Daily:
    """Read `sources` (articles, files, folders, feed or page URLs), then group, rank and brief the day.

    Files in `exclude` (the run's own output) are never read as articles. With a `memory`, stories
    briefed on earlier days continue (unless `since_last` is False: then the day is briefed in full), and
    the day is recorded, with `link` saying where it can be read.
    """
    runtime = summarizer.runtime
    return await arun_daily(
        runtime, InProcess(runtime), sources, date=date, since=since, max_stories=max_stories,
        max_tokens=max_tokens, progress=progress, limits=limits, exclude=exclude, memory=memory,
        since_last=since_last, link=link,
    )  # fmt: skip


def brief_daily(
    summarizer: Summarizer,
    sources: Sequence[str | Path | Article],
    *,
    date: dt.date | None = None,
    since: dt.datetime | None = None,
    max_stories: int | None = None,
    max_tokens: int | None = None,
    progress: ProgressCallback | None = None,
    limits: FetchLimits | None = None,
    exclude: Sequence[Path] = (),
    memory: StoryMemory | None = None,
    since_last: bool = True,
    link: str | None = None,
) -> Daily:
    """Sync twin of `abrief_daily`."""
    job = abrief_daily(
        summarizer, sources, date=date, since=since, max_stories=max_stories, max_tokens=max_tokens,
        progress=progress, limits=limits, exclude=exclude, memory=memory, since_last=since_last, link=link,
    )  # fmt: skip
    return summarizer.runtime.sync(job)


async def arun_daily(
    runtime: Runtime,
    executor: Executor,
    sources: Sequence[str | Path | Article],
    *,
    date: dt.date | None = None,
    since: dt.datetime | None = None,
    max_stories: int | None = None,
    max_tokens: int | None = None,
    progress: ProgressCallback | None = None,
    limits: FetchLimits | None = None,
    exclude: Sequence[Path] = (),
    memory: StoryMemory | None = None,
    since_last: bool = True,
    link: str | None = None,
) -> Daily:
    """`abrief_daily` with its units (extractions, story briefings) run by `executor`, here or on workers.

    `runtime` gives the settings, the store that keeps whole stories, and the meta of the document.
    """
    started = time.perf_counter()
    report = progress or (lambda step: None)
    settings = runtime.settings
    fetch_warnings: list[str] = []
    articles, unreadable = await aload_sources(
        sources, max_chars=settings.max_chars, limits=limits, progress=report, exclude=exclude,
        read=ReadLimits.of(settings), warnings=fetch_warnings,
    )  # fmt: skip
    dated = [a for a in articles if a.published is not None]
    left_out = LeftOut(
        outside_window=sorted(a.id for a in dated if not _in_window(a, date, since)),
        undated=sorted(a.id for a in articles if a.published is None and (date or since)),
        sources=[Failure(item=e.source or "input", error=str(e)) for e in unreadable],
    )
    window = [a for a in articles if a.published is None or _in_window(a, date, since)]
    if not window:
        raise InputError(
            f"no article to brief: {len(articles)} read, {len(left_out.outside_window)} outside the date window, "
            f"{len(unreadable)} sources failed"
        )
    day = date or max((a.published for a in window if a.published), default=None) or dt.date.today()
    report(Step("group", 0, 1, f"grouping {len(window)} articles"))
    stories = await asyncio.to_thread(find_stories, window, day=day)
    report(Step("group", 1, 1, f"{len(window)} articles in {len(stories)} stories"))
    left_out.duplicates = sum(len(s.duplicates) for s in stories)
    chosen = stories if max_stories is None else stories[:max_stories]
    left_out.stories += [_left(s, f"beyond --max-stories {max_stories}") for s in stories[len(chosen) :]]

    memory_failure = None
    try:
        earlier = await asyncio.to_thread(memory.recall, chosen, day) if memory and since_last else {}
    except ConfigError as exc:  # unreadable: the day is briefed as if it had no memory, and not kept
        memory_failure = _memory_failed(exc, "every story is briefed in full and this day is not kept")
        memory, earlier = None, {}
    run = _Run(runtime, executor, TokenBudget(max_tokens), report, earlier)
    async with WorkPool(runtime.settings.resolved_concurrency()) as pool:
        outcomes, skipped = await run.all(pool, chosen)
    left_out.stories[:0] = [_left(s, f"skipped to stay within --max-tokens {max_tokens:,}") for s in skipped]
    briefed = [o for o in outcomes if o.briefing is not None]
    left_out.stories[:0] = [_left(o.story, f"failed: {o.failure}") for o in outcomes if o.briefing is None]

    usage = Usage()
    failed, warnings = [], fetch_warnings
    day_stories = []
    cited_before: dict[str, Source] = {}
    figures = await asyncio.to_thread(lambda: {o.story.id: measured_figures(o.story.articles) for o in briefed})
    for rank, outcome in enumerate(briefed, 1):
        assert outcome.briefing is not None
        story, briefing = outcome.story, outcome.briefing
        continuity = None
        if memory is not None:
            continuity = Continuity(status="new", thread=story.id)
            if (before := earlier.get(story.id)) is not None:
                continuity = before.continuity()
                if changes := figure_changes(before, figures[story.id], day):
                    heading = f"{CHANGED} {before.day.day} {before.day:%b %Y}"
                    briefing.sections.insert(0, Section(heading=heading, sentences=changes))
                    mine = {s.id for s in briefing.sources}
                    cited = {c for sentence in changes for c in sentence.citations} - mine
                    cited_before |= {c: before.sources[c] for c in sorted(cited) if c in before.sources}
        usage.add(briefing.meta.usage)
        failed += briefing.meta.failed
        warnings += briefing.meta.warnings
        day_stories.append(
            DailyStory(
                **dict(briefing),
                id=story.id,
                rank=rank,
                headline=story.headline,
                score=story.score,
                duplicates=story.duplicates,
                continuity=continuity,
            )
        )
    if memory is not None and day_stories:
        remembered = [
            Remembered(
                story=s.id,
                thread=s.continuity.thread if s.continuity else s.id,
                headline=s.headline,
                title=s.title,
                articles=o.story.articles,
                told=_told(s),
                figures=figures[s.id],
                sources=s.sources,
            )
            for s, o in zip(day_stories, briefed, strict=True)
        ]
        try:
            await asyncio.to_thread(memory.record, day, remembered, link=link)
        except ConfigError as exc:
            memory_failure = _memory_failed(
                exc, "this day's briefing stands but is not kept, so the next daily will not continue its stories"
            )
    words = settings.digest_words
    return Daily(
        title=f"Daily briefing: {day.day} {day:%B %Y}",
        digest=[
            DigestEntry(story=s.id, sentences=digest(s, n))
            for s, n in zip(day_stories, budgets(len(day_stories), words), strict=True)
        ]
        if words
        else [],
        digest_words=words,
        date=day,
        since=since,
        stories=day_stories,
        sources=[s for story in day_stories for s in story.sources],
        earlier_sources=list(cited_before.values()),
        left_out=left_out,
        max_tokens=max_tokens,
        memory_failure=memory_failure,
        meta=runtime.meta(usage, started, warnings, failed),
    )


def _memory_failed(error: ConfigError, cost: str) -> str:
    message = f"{error}; {cost}: brief the day again once the memory is usable, or with another one"
    _log.warning("%s", message)
    return message


def _told(story: DailyStory) -> list[str]:
    """What the reader was told: every sentence, and the statement of every fact a sentence states."""
    statements = {g.id: g.statement for g in story.groups}
    said = story.all_sentences()
    return list(
        dict.fromkeys([*(s.text for s in said), *(statements[g] for s in said for g in s.claims if g in statements)])
    )


def _left(story: Story, reason: str) -> LeftOutStory:
    return LeftOutStory(id=story.id, headline=story.headline, articles=len(story.articles), reason=reason)
