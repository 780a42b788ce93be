"""The daily briefing end to end against the fake model server: stories, citations, cache, budget, CLI."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from summarizer import Summarizer, load_articles
from summarizer.cli import EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, app
from summarizer.config import Settings
from summarizer.daily.render import daily_json, daily_markdown
from summarizer.daily.run import Daily, arun_daily, brief_daily, parse_since
from summarizer.daily.scheduling import WorkPool
from summarizer.errors import InputError
from summarizer.ingest.fetch import FetchLimits
from summarizer.pipeline import InProcess, Scheduler, StoryInput
from summarizer.progress import Step
from summarizer.runtime import Runtime
from summarizer.schemas import Article, Briefing, Extraction, Usage
from summarizer.testing import FakeServer, Reply, echo_answer

from .test_daily_stories import DAILY, DAY, event
from .test_ingest_fetch import WebServer

EVENTS_OF_THE_DAY = 9


def run(settings: Settings, sources: list[Any], **options: Any) -> Daily:
    with Summarizer(settings=settings) as summarizer:
        return brief_daily(summarizer, sources, **options)


def is_brief(request: dict[str, Any]) -> bool:
    return "<facts>" in request["messages"][1]["content"]


def test_the_day_is_grouped_ranked_and_every_section_cites_only_its_story(
    server: FakeServer, settings: Settings
) -> None:
    steps: list[Step] = []
    day = run(settings, [DAILY], date=DAY, progress=steps.append)
    assert day.date == DAY and day.title == "Daily briefing: 21 November 2026"
    assert len(day.stories) == EVENTS_OF_THE_DAY and [s.rank for s in day.stories] == list(range(1, 10))
    assert event(day.stories[0].sources[0].id) == "ferry"
    for story in day.stories:
        mine = {s.id for s in story.sources}
        assert len({event(i) for i in mine}) == 1  # one event per story
        cited = {c for sentence in story.all_sentences() for c in sentence.citations}
        assert cited and cited <= mine
    assert day.left_out.outside_window == ["festival--harbor-gazette"] and day.left_out.duplicates == 1
    source_ids = [s.id for s in day.sources]
    assert len(source_ids) == len(set(source_ids)) == 31  # 32 of the day, less the copy merged away
    assert len({"ferry--morvane-wire", "ferry--coastline-post"} & set(source_ids)) == 1
    # one extraction per article briefed and one briefing per story
    assert server.calls == day.meta.usage.calls == 31 + EVENTS_OF_THE_DAY
    last = steps[-1]
    assert (last.stage, last.done, last.total, last.eta) == ("brief", 9, 9, 0)
    assert any(s.stage == "extract" and s.done == 31 and s.total == 31 for s in steps)


def test_markdown_and_json_documents(server: FakeServer, settings: Settings) -> None:
    day = run(settings, [DAILY], date=DAY)
    text = daily_markdown(day)
    assert text.startswith("# Daily briefing: 21 November 2026\n")
    brief = text.index("## In brief")  # the digest opens the day, then each story in full
    first = day.stories[0]
    assert f"1. **[{first.title}](#{first.id})**" in text[brief:] and f'<a id="{first.id}"></a>' in text
    said = [s for entry in day.digest for s in entry.sentences]
    assert day.digest_words == 600 and [e.story for e in day.digest] == [s.id for s in day.stories]
    assert 0 < sum(len(s.text.split()) for s in said) <= 600 + 40  # the first of a story stands, whatever its length
    assert all(s in day.stories[i].all_sentences() for i, e in enumerate(day.digest) for s in e.sentences)
    assert text.index(said[0].text) < text.index(f'<a id="{first.id}"></a>')
    plain = daily_markdown(run(settings.model_copy(update={"digest_words": 0}), [DAILY], date=DAY))
    assert "## In brief" not in plain and f"1. [{first.title}](#{first.id})" in plain[plain.index("## Top stories") :]
    assert "## How the stories were ranked" in text and "## Sources" in text and "31. **" in text
    assert "1 article not published on 2026-11-21: festival--harbor-gazette" in text
    assert "near-identical copy of [" in text and "also carried, near-identically, by" in text
    data = json.loads(daily_json(day))
    assert data["date"] == "2026-11-21" and "independent sources" in data["ranked_by"]
    story = data["stories"][0]
    assert {"sections", "sources", "lede", "meta", "rank", "score", "duplicates"} <= set(story)
    assert story["sections"][0]["sentences"][0]["citations"]
    assert data["left_out"]["outside_window"] == ["festival--harbor-gazette"]
    assert Daily.model_validate(data) == day


def test_a_rerun_with_one_new_article_pays_only_for_its_story(server: FakeServer, settings: Settings) -> None:
    articles = load_articles(DAILY)
    new = next(a for a in articles if a.id == "court--northfield-courier")
    first = run(settings, [a for a in articles if a is not new], date=DAY)
    before = server.calls
    second = run(settings, articles, date=DAY)
    new_calls = server.requests[before:]
    assert len(new_calls) == 2 and second.meta.usage.calls == 2  # the new article's extraction, its story's brief
    assert "Telecom Records Act" in new_calls[0]["messages"][1]["content"] and is_brief(new_calls[1])
    assert second.meta.usage.cache_hits == 31 + EVENTS_OF_THE_DAY - 2  # all the rest came from the cache
    assert first.meta.usage.calls == 30 + EVENTS_OF_THE_DAY
    court = next(s for s in second.stories if event(s.sources[0].id) == "court")
    assert new.id in {s.id for s in court.sources}


def test_a_story_cached_whole_is_composed_again_by_other_code(
    server: FakeServer, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkout edited between two runs of one version must not serve the first run's briefings."""
    import summarizer.daily.run as daily_run

    reused: list[str] = []
    original = daily_run._Run.reuse

    async def spy(self: Any, story: Any, briefing: Briefing) -> Any:
        reused.append(story.headline)
        return await original(self, story, briefing)

    monkeypatch.setattr(daily_run._Run, "reuse", spy)
    first = run(settings, [DAILY], date=DAY)
    run(settings, [DAILY], date=DAY)
    assert len(reused) == len(first.stories)  # the same code: every story taken from the cache whole
    monkeypatch.setattr(daily_run, "build_id", lambda: "0.0.0+edited")
    reused.clear()
    again = run(settings, [DAILY], date=DAY)
    assert not reused and again.meta.usage.calls == 0  # composed anew, from the model answers already cached


class _Recording:
    """An executor that runs units here and notes each one: what the daily run hands to the service's."""

    def __init__(self, runtime: Runtime) -> None:
        self.units = InProcess(runtime)
        self.extracted: list[str] = []
        self.composed: list[tuple[str | None, str | None, bool]] = []

    async def extract(self, article: Article) -> Extraction:
        self.extracted.append(article.id)
        return await self.units.extract(article)

    async def compose(
        self, story: StoryInput, *, skip_writer: str | None = None, schedule: Scheduler | None = None
    ) -> tuple[Briefing, Usage]:
        self.composed.append((story.headline, skip_writer, schedule is not None))
        return await self.units.compose(story, skip_writer=skip_writer, schedule=schedule)


def test_every_unit_goes_to_the_executor_given_and_a_story_briefed_before_to_none(
    server: FakeServer, settings: Settings
) -> None:
    with Runtime(settings) as runtime:
        executor = _Recording(runtime)
        day = runtime.sync(arun_daily(runtime, executor, [DAILY], date=DAY))
        assert len(executor.extracted) == len(set(executor.extracted)) == 31 == server.calls - EVENTS_OF_THE_DAY
        assert sorted(h for h, _, _ in executor.composed) == sorted(s.headline for s in day.stories)
        assert all(skip is None and pooled for _, skip, pooled in executor.composed)  # the writer waits its turn
        again = _Recording(runtime)
        second = runtime.sync(arun_daily(runtime, again, [DAILY], date=DAY))
    assert again.extracted == again.composed == [] and second.meta.usage.calls == 0  # whole stories, cached
    assert [s.headline for s in second.stories] == [s.headline for s in day.stories]


def test_stories_share_one_bounded_pool(server: FakeServer, settings: Settings) -> None:
    server.delay = 0.03
    run(settings.model_copy(update={"concurrency": 5}), [DAILY], date=DAY)
    assert server.max_in_flight == 5


async def test_the_pool_serves_the_most_urgent_job_first() -> None:
    order: list[str] = []

    async def job(name: str) -> str:
        order.append(name)
        await asyncio.sleep(0)
        return name

    async with WorkPool(1) as pool:
        results = await asyncio.gather(
            pool.run((1, 2), lambda: job("extract story 2")),
            pool.run((1, 1), lambda: job("extract story 1")),
            pool.run((0, 2), lambda: job("brief story 2")),
        )
    assert results == ["extract story 2", "extract story 1", "brief story 2"]
    assert order == ["brief story 2", "extract story 1", "extract story 2"]


def realistic(request: dict[str, Any]) -> Reply:
    """Answers that cost what a real model's would: prompt tokens from the prompt's length."""
    reply = echo_answer(request)
    size = sum(len(m["content"]) for m in request["messages"])
    reply.prompt_tokens, reply.completion_tokens = size // 4, 250
    return reply


def test_the_budget_stops_before_the_limit_and_says_what_was_skipped(server: FakeServer, settings: Settings) -> None:
    server.responder = realistic
    limit = 7_000
    day = run(settings, [DAILY], date=DAY, max_tokens=limit)
    spent = day.meta.usage.prompt_tokens + day.meta.usage.completion_tokens
    assert 0 < spent <= limit
    assert 1 <= len(day.stories) < EVENTS_OF_THE_DAY
    skipped = [s for s in day.left_out.stories if "--max-tokens" in s.reason]
    assert len(skipped) == EVENTS_OF_THE_DAY - len(day.stories)
    assert event(day.stories[0].sources[0].id) == "ferry"  # the budget goes to the top stories first
    assert "skipped to stay within --max-tokens 7,000" in daily_markdown(day)
    # Once cached, the same stories cost nothing, so the same budget reaches further down the list.
    again = run(settings, [DAILY], date=DAY, max_tokens=limit)
    assert len(again.stories) > len(day.stories)


def test_calls_that_cost_more_than_guessed_stop_the_next_ones(server: FakeServer, settings: Settings) -> None:
    def expensive(request: dict[str, Any]) -> Reply:
        reply = realistic(request)
        reply.prompt_tokens *= 8  # far above any estimate made from the article's size
        return reply

    server.responder = expensive
    limit = 7_000
    day = run(settings.model_copy(update={"concurrency": 1}), [DAILY], date=DAY, max_tokens=limit)
    spent = day.meta.usage.prompt_tokens + day.meta.usage.completion_tokens
    assert 0 < spent <= limit and day.meta.usage.calls < 4
    [story] = day.stories  # the top story, written from what was extracted, without the writer
    assert any("not extracted, to stay within --max-tokens 7,000" in f.error for f in story.meta.failed)
    assert any("not sent to the writer" in w for w in story.meta.warnings)
    assert all(s.citations for s in story.all_sentences())


def test_max_stories_and_the_since_window(server: FakeServer, settings: Settings) -> None:
    day = run(settings, [DAILY], since=dt.datetime(2026, 11, 10), max_stories=3)
    assert [s.rank for s in day.stories] == [1, 2, 3] and not day.left_out.outside_window
    assert len(day.left_out.stories) == 7 and all("beyond --max-stories 3" in s.reason for s in day.left_out.stories)
    assert "Sarnow lantern festival draws record crowds" in {s.headline for s in day.left_out.stories}
    assert server.calls == sum(len(s.sources) for s in day.stories) + 3


def test_nothing_in_the_window_is_a_clear_error(server: FakeServer, settings: Settings) -> None:
    with pytest.raises(InputError, match="no article to brief: 33 read, 33 outside the date window"):
        run(settings, [DAILY], date=dt.date(2026, 12, 25))
    assert server.calls == 0


def test_a_failing_story_is_reported_and_the_rest_go_on(server: FakeServer, settings: Settings) -> None:
    def responder(request: dict[str, Any]) -> Reply:
        return Reply(status=500) if "Caldera Cup" in request["messages"][1]["content"] else echo_answer(request)

    server.responder = responder
    day = run(settings.model_copy(update={"max_retries": 0}), [DAILY], date=DAY)
    assert len(day.stories) == EVENTS_OF_THE_DAY - 1
    [failed] = day.left_out.stories
    assert "Caldera Cup" in failed.headline or "Mariners" in failed.headline
    assert failed.reason.startswith("failed: no article could be extracted") and "HTTP 500" in failed.reason


def test_parse_since() -> None:
    now = dt.datetime(2026, 11, 21, 9, 0)
    assert parse_since("36h", now) == dt.datetime(2026, 11, 19, 21, 0)
    assert parse_since("2d", now) == dt.datetime(2026, 11, 19, 9, 0)
    assert parse_since("2026-11-20") == dt.datetime(2026, 11, 20)
    with pytest.raises(InputError, match="36h or 2d"):
        parse_since("last tuesday")


# ---- the command ----------------------------------------------------------------------------------------


@pytest.fixture
def cli(server: FakeServer, tmp_path: Path) -> tuple[typer.Typer, dict[str, str]]:
    env = {
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": "test-key",
        "SUMMARIZER_MODEL": "fake-model",
        "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
        "SUMMARIZER_MAX_RETRIES": "1",
    }
    return app, env


def test_daily_command_writes_the_document(cli: tuple[typer.Typer, dict[str, str]], tmp_path: Path) -> None:
    app, env = cli
    out = tmp_path / "today.md"
    result = CliRunner().invoke(app, ["daily", str(DAILY), "--date", "2026-11-21", "-o", str(out)], env=env)
    assert result.exit_code == EXIT_OK, result.stderr
    assert out.read_text().startswith("# Daily briefing: 21 November 2026")
    assert "9 stories from 31 articles, 0 stories left out; 40 model calls" in result.stderr
    assert "## In brief" in out.read_text()
    args = ["daily", str(DAILY), "--date", "2026-11-21", "-f", "json", "-o", str(tmp_path / "short.json")]
    short = CliRunner().invoke(app, [*args, "--digest-words", "100"], env=env)
    data = json.loads((tmp_path / "short.json").read_text())
    assert short.exit_code == EXIT_OK and data["digest_words"] == 100
    assert [bool(e["sentences"]) for e in data["digest"]] == [True] + [False] * 8  # the top story has them all
    bad = CliRunner().invoke(app, ["daily", str(DAILY), "--date", "someday"], env=env)
    assert bad.exit_code == EXIT_USAGE


def test_daily_command_reads_feeds_and_says_which_sources_failed(
    cli: tuple[typer.Typer, dict[str, str]], tmp_path: Path
) -> None:
    app, env = cli
    out = tmp_path / "today.json"
    with WebServer() as web:
        args = ["daily", web.url("world.rss"), str(DAILY / "bus--civic-ledger.md"), "--fetch-timeout", "2",
                "--allow-private-hosts"]  # fmt: skip
        result = CliRunner().invoke(app, [*args, "--max-tokens", "100000", "-o", str(out)], env=env)
    assert result.exit_code == EXIT_PARTIAL, result.stderr
    assert result.stderr.count("source failed:") == 2 and "HTTP 404" in result.stderr
    data = json.loads(out.read_text())
    assert len(data["stories"]) == 4 and data["max_tokens"] == 100000
    urls = {s["url"] for story in data["stories"] for s in story["sources"] if s["url"]}
    assert web.url("pages/ferry-lakeside-herald.html") in urls


def test_progress_view_prints_counts_and_eta(capsys: pytest.CaptureFixture[str]) -> None:
    from summarizer.cli.daily import DailyProgressView

    view = DailyProgressView()
    view.live = False
    view(Step("extract", 3, 4, "a", eta=75.0))
    view(Step("brief", 1, 2, "Ferry capsizes", eta=75.0))
    line = capsys.readouterr().err
    assert "briefed 1/2 stories (3/4 articles extracted), about 1m15s left: Ferry capsizes" in line


def test_a_feed_cut_to_its_entries_limit_says_so_in_the_warnings(
    server: FakeServer, settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    places = ["Arden", "Brell", "Calder", "Dunmore", "Esk"]
    items = "".join(
        f"<item><title>Bridge reopens in {place}</title><guid>{place}</guid><pubDate>Sat, 21 Nov 2026 08:00:00 GMT"
        f"</pubDate><content:encoded>The bridge in {place} reopened on Saturday after repairs. "
        + "Traffic resumed at noon, the council said, and the ferry that had stood in for it stopped running. " * 5
        + "</content:encoded></item>"  # full text in the feed: no page to fetch
        for place in places
    )
    feed = tmp_path / "many.rss"
    namespace = 'xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    feed.write_text(
        f'<?xml version="1.0"?><rss version="2.0" {namespace}><channel><title>Wire</title>{items}</channel></rss>'
    )
    day = run(settings, [str(feed)], date=DAY, limits=FetchLimits(max_entries=3))
    assert sum(s.score.articles for s in day.stories) == 3
    cut = f"{feed.resolve().as_uri()}: only the first 3 of the feed's 5 entries were read (the limit per feed)"
    assert [w for w in day.meta.warnings if "entries" in w] == [cut + "; the other 2 are left out"]
    assert cut in caplog.text  # and on the command line, as a warning line
