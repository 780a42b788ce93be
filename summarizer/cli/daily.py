"""The `summarizer daily` command: a day's sources in, one ranked, cited daily briefing out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, TextColumn, TimeElapsedColumn

from summarizer.cli._common import (
    BRIEFING,
    ENDPOINT,
    EXIT_PARTIAL,
    FormatOpt,
    OutputOpt,
    ProgressView,
    RunOptions,
    check_output,
    domain_errors,
    err,
    notice,
    quiet,
    run_options,
    say,
    show_warnings,
    shown,
    write_output,
)
from summarizer.config import Settings
from summarizer.daily.mail import Smtp, send_daily
from summarizer.daily.memory import StoryMemory
from summarizer.daily.render import daily_json, daily_markdown
from summarizer.daily.run import Daily, brief_daily, parse_since
from summarizer.errors import ConfigError, InputError
from summarizer.ingest.fetch import FetchLimits
from summarizer.pipeline import Summarizer
from summarizer.progress import Step


def _eta(seconds: float | None) -> str:
    if seconds is None:
        return ""
    seconds = round(seconds)
    return f"about {seconds // 60}m{seconds % 60:02d}s left" if seconds >= 60 else f"about {seconds}s left"


class DailyProgressView(ProgressView):
    """Counts of articles extracted and stories briefed, with an ETA: a live bar, or a line per story in logs."""

    def __init__(self) -> None:
        super().__init__()
        self.bar.columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[eta]}"),
        )
        self.counts: dict[str, tuple[int, int]] = {}

    def __call__(self, step: Step) -> None:
        if quiet():
            return
        if step.stage in ("start", "group"):
            if step.done == step.total or step.stage == "start":
                err.print(shown(step.item), markup=False)
            return
        if step.stage == "fetch":
            if not self.live and step.item:
                err.print(f"fetched {step.done}/{step.total}: {shown(step.item)}", markup=False)
            return
        self.counts[step.stage] = (step.done, step.total)
        (extracted, articles), (briefed, stories) = self.counts.get("extract", (0, 0)), self.counts.get("brief", (0, 0))
        counts = f"{extracted}/{articles} articles extracted, {briefed}/{stories} stories briefed"
        eta = _eta(step.eta)
        if self.live:
            if self.task is None:
                self.bar.start()
                self.task = self.bar.add_task("briefing the day", total=None, counts="", eta="")
            self.bar.update(self.task, total=articles + stories, completed=extracted + briefed, counts=counts, eta=eta)
            if briefed == stories and extracted == articles:
                self.bar.stop()
        elif step.stage == "brief":
            err.print(
                f"briefed {briefed}/{stories} stories ({counts.split(',')[0]}){', ' + eta if eta else ''}: "
                f"{shown(step.item)}",
                markup=False,
            )


def _day(text: str | None) -> dt.date | None:
    if text is None:
        return None
    named = {"today": dt.date.today(), "yesterday": dt.date.today() - dt.timedelta(days=1)}
    try:
        return named.get(text.strip().lower()) or dt.date.fromisoformat(text.strip())
    except ValueError:
        raise typer.BadParameter("use a date such as 2026-11-21, 'today' or 'yesterday'", param_hint="--date") from None


def _memory(path: Path | None, settings: Settings) -> StoryMemory | None:
    """The story memory. One named with --memory must open; the default one lives in the cache folder, which
    is never the reason a run stops: unusable, it is named, and the day is briefed in full and not kept."""
    if path is not None:
        return StoryMemory(path)
    try:
        return StoryMemory(settings.cache_dir / "daily" / "memory.db")
    except ConfigError as exc:
        notice("warning", f"{exc}; every story is briefed in full and this day is not kept (--memory FILE for another)")
        return None


def _summary(daily: Daily) -> str:
    usage = daily.meta.usage
    articles = sum(s.score.articles for s in daily.stories)
    return (
        f"{len(daily.stories)} stories from {articles} articles, {len(daily.left_out.stories)} stories left out; "
        f"{usage.calls} model calls ({usage.cache_hits} cached), {usage.prompt_tokens + usage.completion_tokens:,} "
        f"tokens, {daily.meta.seconds:.1f} s"
    )


@run_options(*ENDPOINT, *BRIEFING)
def daily(
    sources: Annotated[
        list[str],
        typer.Argument(help="Article files or folders, feed files (.rss .atom .xml), feed URLs or article URLs."),
    ],
    date: Annotated[
        str | None, typer.Option("--date", help="Only articles published on this day (or 'today').")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only articles published since: a date, date-time, or 36h / 2d.")
    ] = None,
    max_stories: Annotated[int | None, typer.Option("--max-stories", min=1, help="Brief the top N stories.")] = None,
    max_tokens: Annotated[
        int | None, typer.Option("--max-tokens", min=1, help="Start no model work that would cross this many tokens.")
    ] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    fetch_timeout: Annotated[
        float, typer.Option("--fetch-timeout", min=0.1, help="Seconds per page, or per feed with its pages.")
    ] = 15.0,
    fetch_budget: Annotated[
        float, typer.Option("--fetch-budget", min=1, help="Seconds for all the fetching of the run.")
    ] = 600.0,
    since_last: Annotated[
        bool,
        typer.Option(
            "--since-last/--fresh",
            help="Tell only what is new since the last daily (stories it briefed continue), or brief all in full.",
        ),
    ] = True,
    memory_path: Annotated[
        Path | None,
        typer.Option("--memory", help="The story memory (SQLite) [default: <cache dir>/daily/memory.db]."),
    ] = None,
    allow_private_hosts: Annotated[
        bool,
        typer.Option(
            "--allow-private-hosts", help="Also fetch from loopback, private and link-local addresses (your network)."
        ),
    ] = False,
    digest_words: Annotated[
        int | None,
        typer.Option(
            "--digest-words",
            min=0,
            help="Words for the digest that opens the day (the top story about 180, the others 60-100 each, the "
            "rest headline only); 0 for none. [default: 600, or SUMMARIZER_DIGEST_WORDS]",
        ),
    ] = None,
    email: Annotated[
        list[str] | None,
        typer.Option(
            "--email", metavar="TO", help="Also send it to this address (repeatable), through SUMMARIZER_SMTP_*."
        ),
    ] = None,
    *,
    options: RunOptions,
) -> None:
    """Brief a day's news: group articles into stories, rank them, brief each, in one cited document.

    Exit code 3 when a source failed, a story was skipped for --max-tokens, a briefing failed, or the story
    memory could not be read or written during the run (the briefing is still written; the warning names the
    file and what to do).

    Example: summarizer daily articles/ https://example.org/feed.xml --date today -o today.md
    """
    fmt = fmt or ("json" if output and output.suffix == ".json" else "md")
    if fmt not in ("md", "json"):
        raise typer.BadParameter("use md or json", param_hint="--format")
    day = _day(date)
    check_output(output)
    try:
        start = parse_since(since) if since else None
    except InputError as exc:
        raise typer.BadParameter(str(exc), param_hint="--since") from None
    with domain_errors(options.debug):
        smtp = Smtp.from_env() if email else None  # a missing setting is said before any model work
        settings = options.settings()
        if digest_words is not None:
            settings = settings.model_copy(update={"digest_words": digest_words})
        view = DailyProgressView()
        with Summarizer(settings=settings, progress=view) as summarizer:
            result = brief_daily(
                summarizer,
                sources,
                date=day,
                since=start,
                max_stories=max_stories,
                max_tokens=max_tokens,
                progress=view,
                limits=FetchLimits(timeout=fetch_timeout, budget=fetch_budget, allow_private_hosts=allow_private_hosts),
                exclude=[output] if output else [],
                memory=_memory(memory_path, settings),
                since_last=since_last,
                link=output.resolve().as_uri() if output else None,
            )
        write_output(output, daily_json(result) if fmt == "json" else daily_markdown(result, at=output))
        if email and smtp:
            send_daily(result, email, smtp)
            say(f"sent to {', '.join(email)} through {smtp.host}:{smtp.port}")
        for failure in result.left_out.sources:
            notice("source failed", failure.error)
        for story in result.left_out.stories:
            notice("left out", f"{story.headline}: {story.reason}")
        for failure in result.meta.failed:
            notice("not included", f"{failure.item}: {failure.error}")
        show_warnings(result.meta.warnings)
        say(_summary(result))
    partial = [s for s in result.left_out.stories if not s.reason.startswith("beyond")]
    if result.left_out.sources or partial or result.meta.failed or result.memory_failure:
        raise typer.Exit(EXIT_PARTIAL)
