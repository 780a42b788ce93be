"""The service's parts on their own: cron times, config, rate limit, job store, page escaping, relabelling."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the service extra is not installed")

from summarizer.config import Settings
from summarizer.errors import ConfigError, ModelError
from summarizer.pipeline import Scheduler as Schedule
from summarizer.pipeline import StoryInput
from summarizer.progress import Step
from summarizer.schemas import (
    Article,
    Briefing,
    BriefSentence,
    CitedSpan,
    Claim,
    Disagreement,
    DisagreementValue,
    Extraction,
    Meta,
    Section,
    Source,
    Usage,
)
from summarizer.service.config import ServiceConfig
from summarizer.service.cron import Cron
from summarizer.service.jobs import JobStore
from summarizer.service.page import index_page, read_page, timestamp, working_page
from summarizer.service.queue import _relabel
from summarizer.service.runner import JobProgress, evidence
from summarizer.service.scheduler import Scheduler
from summarizer.service.schemas import Progress
from summarizer.service.security import FailureLimiter, RateLimiter, is_allowed, local_path, token_of
from summarizer.service.units import JobUnits

from .conftest import SEEDS

FRIDAY_6AM = dt.datetime(2026, 11, 20, 6, 0)


@pytest.mark.parametrize(
    ("expression", "fires", "silent"),
    [
        ("0 6 * * *", [FRIDAY_6AM], [FRIDAY_6AM.replace(minute=1), FRIDAY_6AM.replace(hour=7)]),
        ("*/15 * * * *", [FRIDAY_6AM.replace(minute=45)], [FRIDAY_6AM.replace(minute=50)]),
        ("0 6 * * 1-5", [FRIDAY_6AM], [FRIDAY_6AM + dt.timedelta(days=1)]),  # Saturday
        ("0 6 * * 0,7", [FRIDAY_6AM + dt.timedelta(days=2)], [FRIDAY_6AM]),  # 0 and 7 are Sunday
        ("30 5/6 1 * *", [dt.datetime(2026, 12, 1, 11, 30)], [dt.datetime(2026, 12, 1, 10, 30)]),
        ("0 6 1 * 5", [FRIDAY_6AM, dt.datetime(2026, 12, 1, 6, 0)], [dt.datetime(2026, 12, 2, 6, 0)]),  # either day
    ],
)
def test_cron_times_fire_in_their_minutes_only(
    expression: str, fires: list[dt.datetime], silent: list[dt.datetime]
) -> None:
    cron = Cron(expression)
    assert all(cron.matches(m) for m in fires) and not any(cron.matches(m) for m in silent)


def test_cron_next_and_errors() -> None:
    assert Cron("0 6 * * *").next_after(FRIDAY_6AM) == FRIDAY_6AM + dt.timedelta(days=1)
    for bad, message in [("0 6 * *", "5 fields"), ("61 * * * *", "within 0-59"), ("a * * * *", "minute field"),
                         ("*/0 * * * *", "within"), ("0 0 31 2 *", "never fires")]:  # fmt: skip
        with pytest.raises(ValueError, match=message):
            Cron(bad).next_after(FRIDAY_6AM)


def test_config_reads_yaml_then_environment_then_flags(tmp_path: Path) -> None:
    path = tmp_path / "service.yaml"
    path.write_text(
        "port: 9000\nlimits: {max_articles: 7}\n"
        "schedules:\n  - {name: morning, cron: '0 6 * * *', sources: [feeds/], max_stories: 5}\n"
    )
    env = {"SUMMARIZER_API_TOKENS": "a" * 20 + ", " + "b" * 20, "SUMMARIZER_REDIS_URL": "redis://127.0.0.1:1/0"}
    config = ServiceConfig.load(path, env=env, port=9001)
    assert (config.port, config.limits.max_articles, config.tokens) == (9001, 7, ["a" * 20, "b" * 20])
    assert config.redis_url == "redis://127.0.0.1:1/0" and config.schedules[0].max_stories == 5
    path.write_text("schedules:\n  - {name: x, cron: 'every day', sources: [a]}\n")
    with pytest.raises(ConfigError, match=r"schedules\.0\.cron"):
        ServiceConfig.load(path, env={})
    with pytest.raises(ConfigError, match="shorter than 16 characters"):
        ServiceConfig.load(None, env={"SUMMARIZER_API_TOKENS": "secret"})
    path.write_text("- not a mapping\n")
    with pytest.raises(ConfigError, match="must be a mapping"):
        ServiceConfig.load(path, env={})


def test_binding_beyond_loopback_is_noticed() -> None:
    assert not ServiceConfig().exposed() and not ServiceConfig(host="localhost").exposed()
    assert not ServiceConfig(host="::1").exposed() and not ServiceConfig(host="127.0.0.2").exposed()
    assert ServiceConfig(host="0.0.0.0").exposed() and ServiceConfig(host="news.example").exposed()


def test_the_warning_when_exposed_without_a_token(tmp_path: Path) -> None:
    from summarizer.cli.service import warning

    assert warning(ServiceConfig()) is None
    assert warning(ServiceConfig(host="0.0.0.0", tokens=["x" * 16])) is None
    loud = warning(ServiceConfig(host="0.0.0.0"))
    assert loud is not None and "NO TOKEN" in loud and "0.0.0.0" in loud


def test_tokens_and_rate_limit() -> None:
    assert token_of("Bearer abc", None) == "abc" and token_of(None, "cookie") == "cookie"
    assert token_of("Basic abc", None) is None
    assert is_allowed("x" * 16, ["y" * 16, "x" * 16]) and not is_allowed(None, ["x" * 16])
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=2, clock=lambda: now[0])
    assert [limiter.take("a"), limiter.take("a")] == [0.0, 0.0]
    assert limiter.take("a") == pytest.approx(1.0) and limiter.take("b") == 0.0  # per caller
    now[0] = 1.0
    assert limiter.take("a") == 0.0


def test_wrong_tokens_are_counted_per_client_within_the_window() -> None:
    now = [0.0]
    limiter = FailureLimiter(limit=3, window=60.0, clock=lambda: now[0])
    for moment in (0.0, 10.0, 20.0):
        now[0] = moment
        assert limiter.wait("10.0.0.1") == 0.0
        limiter.failed("10.0.0.1")
    assert limiter.wait("10.0.0.1") == pytest.approx(40.0)  # until the first failure leaves the window
    assert limiter.wait("10.0.0.2") == 0.0  # per client
    now[0] = 60.0
    assert limiter.wait("10.0.0.1") == 0.0  # two failures left in the window: it may try again
    limiter.failed("10.0.0.1")
    assert limiter.wait("10.0.0.1") == pytest.approx(10.0)
    now[0] = 200.0
    assert limiter.wait("10.0.0.1") == 0.0


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "\\\\evil.example", "/\t/evil.example",
     "/\n/evil.example", "javascript:alert(1)", "read/abc", "", None],
)  # fmt: skip
def test_sign_in_never_leads_to_another_site(target: str | None) -> None:
    assert local_path(target) == "/"


def test_sign_in_leads_back_to_a_local_page() -> None:
    assert local_path("/read/abc") == "/read/abc" and local_path("/read/abc?x=1#y") == "/read/abc?x=1#y"


def test_job_store_keeps_jobs_and_runs_each_schedule_once_a_minute(tmp_path: Path) -> None:
    store = JobStore(tmp_path / "jobs.db")
    job = store.create("briefing", {"articles": 1})
    store.set_progress(job.id, {"stage": "extract", "done": 1, "total": 3})
    store.finish(job.id, result='{"title": "t"}', evidence="{}", title="t")
    started = []
    scheduler = Scheduler([], store, started.append)
    from summarizer.service.config import Schedule

    scheduler.schedules = [(Schedule(name="m", cron="0 6 * * *", sources=["x"]), Cron("0 6 * * *"))]
    assert scheduler.tick(FRIDAY_6AM) and scheduler.tick(FRIDAY_6AM) == []
    store.close()
    reopened = JobStore(tmp_path / "jobs.db")
    assert reopened.get(job.id) is not None and reopened.result(job.id) == ('{"title": "t"}', "{}")
    assert reopened.counts() == {"done": 1, "queued": 1}
    [scheduled] = reopened.list(status=("queued",))
    assert scheduled.schedule == "m" and scheduled.request["since"].startswith("2026-11-18T18:00")
    assert len(started) == 1


def test_an_unreadable_job_store_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "jobs.db").write_bytes(b"not a database" * 100)
    with pytest.raises(ConfigError, match="cannot open the job store"):
        JobStore(tmp_path / "jobs.db")


def _briefing(text: str, url: str) -> Briefing:
    meta = Meta(model="m", mode="json")
    source = Source(id="a1", title="<script>alert(1)</script>", url=url)
    return Briefing(title="T", sections=[Section(heading="What happened", sentences=[
        BriefSentence(text=text, citations=["a1"], claims=[])])], sources=[source], meta=meta)  # fmt: skip


def test_the_page_escapes_article_text_and_links_only_web_addresses(tmp_path: Path) -> None:
    store = JobStore(tmp_path / "jobs.db")
    job = store.create("briefing", {})
    evil = _briefing("<img src=x onerror=alert(1)> happened.", "javascript:alert(1)")
    html = read_page(job, json.loads(evil.model_dump_json()), {"claims": {}})
    assert "<img src=x" not in html and "&lt;img src=x" in html and "<script>alert" not in html
    assert "javascript:" not in html
    fine = _briefing("It happened.", "https://news.example/a")
    assert 'href="https://news.example/a"' in read_page(job, json.loads(fine.model_dump_json()), {"claims": {}})


def test_the_page_cites_each_disputed_value_where_it_stands(tmp_path: Path) -> None:
    job = JobStore(tmp_path / "jobs.db").create("briefing", {})
    spans = [CitedSpan(end=len("Figures differ: 57"), citations=["b", "a1"]),
             CitedSpan(end=len("Figures differ: 57; 132"), citations=["a1"])]  # fmt: skip
    briefing = _briefing("It happened.", "https://news.example/a")
    briefing.sources.append(Source(id="b", title="B"))
    briefing.sections[0].sentences.append(BriefSentence(text="Figures differ: 57; 132.", citations=["a1", "b"],
                                                        spans=spans))  # fmt: skip
    briefing.disagreements = [Disagreement(topic="toll", kind="figure", values=[
        DisagreementValue(value="57", sources=["b", "a1"], claims=["b:c1", "a1:c3"]),
        DisagreementValue(value="132", sources=["a1"], claims=["a1:c1", "a1:c2"])])]  # fmt: skip
    evidence = {"claims": {"b:c1": {"article": "b", "sentences": [[4, "The monitor counted 57 dead."]]},
                           "a1:c1": {"article": "a1", "sentences": [[2, "At least 132 died."]]},
                           "a1:c2": {"article": "a1", "sentences": [[9, "The toll rose to 132."]]},
                           "a1:c3": {"article": "a1", "sentences": [[5, "Early on, 57 had died."]]}}}  # fmt: skip
    html = read_page(job, json.loads(briefing.model_dump_json()), evidence)
    marks = re.findall(r'data-source="(\d+)">\[\d+\]</button>', html.split("Figures differ: 57")[1])
    assert html.count("Figures differ: 57<button") == 1 and "; 132<button" in html
    assert marks == ["2", "1", "1"]  # 57 from B and a1, 132 from a1 alone; the sentence's end cites none
    opened = re.findall(r'data-sentence="(\d+)"', html.split("Figures differ: 57")[1])
    assert opened == ["4", "5", "2", "9"]  # each mark opens the sentences that give its own value
    # "13" is a value of its own, not part of "132"
    briefing.disagreements[0].values.append(DisagreementValue(value="13", sources=["a1"], claims=["a1:c4"]))
    evidence["claims"]["a1:c4"] = {"article": "a1", "sentences": [[7, "Only 13 were found."]]}
    html = read_page(job, json.loads(briefing.model_dump_json()), evidence)
    assert re.findall(r'data-sentence="(\d+)"', html.split("Figures differ: 57")[1]) == ["4", "5", "2", "9"]


def test_the_page_shows_the_agency_note_each_sources_outlet_date_and_link_and_what_the_numbers_do(
    tmp_path: Path,
) -> None:
    job = JobStore(tmp_path / "jobs.db").create("briefing", {})
    briefing = _briefing("It happened.", "https://news.example/a/b?x=1")
    briefing.sources[0].outlet, briefing.sources[0].published = "Gazette <b>", dt.date(2026, 12, 6)
    briefing.sources += [Source(id="b", title="B", outlet="Post", url="javascript:alert(1)"),
                         Source(id="c", title="C", outlet="Wire", published=dt.date(2026, 12, 5))]  # fmt: skip
    briefing.syndication = [["a1", "c"]]
    html = read_page(job, json.loads(briefing.model_dump_json()), {"claims": {}})
    assert "Shared agency text: [1] and [3] carry the same paragraphs and count as one source." in html
    assert '<span class="outlet">Gazette &lt;b&gt;</span>' in html and '<span class="outlet">Post</span>' in html
    assert '<time datetime="2026-12-06">6 Dec 2026</time>' in html and "published 5 Dec 2026 to 6 Dec 2026" in html
    assert 'href="https://news.example/a/b?x=1"' in html and '<span class="address">news.example</span>' in html
    assert "javascript:" not in html and html.count("<a href=") == 4  # the list, the title, JSON and Markdown
    assert "Click a citation number such as [1] to open the sentences of that source" in html
    briefing.syndication = []
    assert "Shared agency text" not in read_page(job, json.loads(briefing.model_dump_json()), {"claims": {}})


def test_the_daily_page_shows_each_storys_ranking_its_copies_and_what_was_left_out(tmp_path: Path) -> None:
    job = JobStore(tmp_path / "jobs.db").create("daily", {})
    story = json.loads(_briefing("It happened.", "https://news.example/a").model_dump_json())
    story |= {
        "id": "s1",
        "rank": 1,
        "headline": "Storm hits",
        "score": {
            "score": 4.5,
            "independent_sources": 2,
            "articles": 3,
            "recency": 1,
            "weight": 2,
            "signals": ["deaths: killed"],
        },
        "duplicates": [{"id": "a9", "of": "a1", "outlet": "Echo", "title": "Storm", "similarity": 0.97}],
    }
    document = {
        "title": "The day",
        "date": "2026-12-06",
        "stories": [story],
        "sources": story["sources"],
        "left_out": {
            "outside_window": ["old1"],
            "duplicates": 1,
            "sources": [{"item": "feed", "error": "https://feed.example/rss timed out"}],
            "stories": [{"id": "s2", "headline": "A fair", "articles": 1, "reason": "beyond --max-stories 1"}],
        },
        "meta": {"model": "m", "mode": "json", "failed": [{"item": "s3", "error": "the answer cited nothing"}]},
    }
    html = read_page(job, document, {"claims": {}})
    assert "Score 4.5: 2 independent sources + recency 1 + weight 2 (deaths: killed)." in html
    assert "(2 independent sources; deaths)</span>" in html  # in the list of top stories
    assert "Echo: &#34;Storm&#34; is a near-identical copy of [1], listed once." in html
    assert "<h2>How the stories were ranked</h2>" in html and "Stories are ranked by a score" in html
    left_out = html.split("<h2>Left out</h2>")[1]
    for item in ["1 article not published on 6 Dec 2026: old1", "1 near-identical copy merged into the article copied",
                 "A fair (1 article): beyond --max-stories 1", "https://feed.example/rss timed out",
                 "s3: the answer cited nothing"]:  # fmt: skip
        assert f"<li>{item}</li>" in left_out
    assert html.count("the answer cited nothing") == 1  # said once, under "Left out", as in the Markdown


def test_the_index_says_when_each_briefing_was_made_as_a_reader_writes_it(tmp_path: Path) -> None:
    job = JobStore(tmp_path / "jobs.db").create("briefing", {})
    job.status, job.title, job.created = "done", "Storm", "2026-12-06T09:14:03+00:00"
    html = index_page([job], [], {})
    assert '<time datetime="2026-12-06T09:14:03+00:00">6 Dec 2026, 09:14 UTC</time>' in html
    assert timestamp("2026-12-06T10:14:03+01:00") == "6 Dec 2026, 09:14 UTC"
    assert timestamp("not a time") == "not a time"
    assert timestamp(dt.datetime(2026, 12, 6, 9, 14)) == "6 Dec 2026, 09:14 UTC"  # a naive time is taken as UTC


def test_an_unfinished_job_reads_as_a_page_that_reloads_itself_and_a_failed_one_shows_its_error(
    tmp_path: Path,
) -> None:
    store = JobStore(tmp_path / "jobs.db")
    job = store.create("daily", {})
    job.status = "running"
    html = working_page(job, Progress(stage="extract", done=3, total=7, eta=42))
    assert "<h1>Still working on this daily document</h1>" in html and '<meta http-equiv="refresh"' in html
    assert "Running: reading the articles for facts, 3 of 7 done, about 42 s left." in html
    assert '<progress max="7" value="3">' in html and '"error"' not in html
    job.status, job.error = "failed", "no article could be read: <b>all</b> 3 failed"
    html = working_page(job, Progress())
    assert "<h1>This daily document failed</h1>" in html and 'http-equiv="refresh"' not in html
    assert "no article could be read: &lt;b&gt;all&lt;/b&gt; 3 failed" in html


def test_an_answer_made_for_a_copy_is_named_for_this_article() -> None:
    from summarizer.ingest.files import load_articles

    article = load_articles([SEEDS])[0]
    claim = Claim(id="other:c1", article_id="other", statement="s", evidence=[1])
    made = Extraction(article_id="other", claims=[claim], prompt="extract:x")
    mine = _relabel(made, article)
    assert mine.article_id == article.id and mine.claims[0].id == f"{article.id}:c1"
    assert mine.claims[0].article_id == article.id and _relabel(mine, article) is mine


def test_the_commands_say_what_is_missing_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from summarizer.cli import app

    monkeypatch.delenv("SUMMARIZER_REDIS_URL", raising=False)
    result = CliRunner().invoke(app, ["worker"])
    assert result.exit_code == 1 and "no Redis to take work from" in result.output
    result = CliRunner().invoke(app, ["api", "--config", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 1 and "cannot read the service config" in result.output
    result = CliRunner().invoke(app, ["api", "--redis-url", "redis://127.0.0.1:1/0", "--cache-dir", str(tmp_path)])
    assert result.exit_code == 1 and "cannot reach Redis at redis://127.0.0.1:1/0" in result.output
    assert "Traceback" not in result.output


class _Scripted:
    """The service's executor as a job sees it: extracts one claim per article, fails on "down", composes."""

    def __init__(self) -> None:
        self.composed: list[tuple[StoryInput, str | None]] = []

    async def extract(self, article: Article) -> Extraction:
        if article.id == "down":
            raise ModelError("the worker's model is down", item=article.id)
        claim = Claim(id=f"{article.id}:c1", article_id=article.id, statement=article.sentences[1], evidence=[2])
        return Extraction(article_id=article.id, claims=[claim], prompt="extract:x")

    async def compose(
        self, story: StoryInput, *, skip_writer: str | None = None, schedule: Schedule | None = None
    ) -> tuple[Briefing, Usage]:
        self.composed.append((story, skip_writer))
        return _briefing("It happened.", "https://news.example/a"), Usage(calls=1)


def test_a_jobs_units_keep_what_was_read_and_extracted_for_its_page() -> None:
    import asyncio

    sentences = ["The council met.", "It approved the budget by 7 votes to 2.", "The mayor spoke."]
    read = [Article(id=i, text=" ".join(sentences), sentences=sentences) for i in ("a1", "b", "down")]
    executor = _Scripted()
    units = JobUnits(executor)

    async def job() -> None:
        for article in read[:2]:
            await units.extract(article)
        with pytest.raises(ModelError):
            await units.extract(read[2])
        await units.compose(StoryInput(read, [units.extracted["a1"]]), skip_writer="as asked")

    asyncio.run(job())
    assert list(units.read) == list(units.extracted) == ["a1", "b"]  # a failed unit leaves nothing to show
    assert evidence(units) == {"claims": {
        "a1:c1": {"article": "a1", "sentences": [[2, "It approved the budget by 7 votes to 2."]]},
        "b:c1": {"article": "b", "sentences": [[2, "It approved the budget by 7 votes to 2."]]}}}  # fmt: skip
    [(story, skip)] = executor.composed
    assert [a.id for a in story.articles] == ["a1", "b", "down"] and skip == "as asked"


def test_job_progress_only_grows_across_stages_and_eta_is_whole_seconds(tmp_path: Path) -> None:
    live: dict[str, dict[str, Any]] = {}
    progress = JobProgress(JobStore(tmp_path / "jobs.db"), "job", live)
    seen = []
    # a daily run: extractions and story briefings interleave, each stage counting on its own
    for step in [
        Step("extract", 0, 4),
        Step("extract", 3, 4, "a", eta=12.3456),
        Step("brief", 0, 2, eta=9.87),
        Step("extract", 4, 4, "d", eta=5.5),
        Step("brief", 1, 2, "story 1", eta=2.2),
        Step("brief", 2, 2, "story 2"),
        Step("done", 1, 1),
    ]:
        progress(step)
        seen.append(Progress.model_validate(live["job"]))
    done = [p.done for p in seen]
    assert done == sorted(done) and seen[-1].done == seen[-1].total == 6
    assert [p.eta for p in seen][:5] == [None, 12, 10, 6, 2]
    assert Progress.model_validate({"stage": "brief", "eta": 3.7}).eta == 4  # a row written before rounding


def test_each_service_setting_knows_where_it_was_given(tmp_path: Path) -> None:
    config_file = tmp_path / "service.yaml"
    config_file.write_text("redis_url: redis://127.0.0.1:1\ndatabase: jobs.db\n")
    from_file = ServiceConfig.load(config_file, env={})
    assert from_file.origin("redis_url") == f"redis_url: in {config_file}"
    from_env = ServiceConfig.load(config_file, env={"SUMMARIZER_REDIS_URL": "redis://127.0.0.1:2"})
    assert from_env.origin("redis_url") == "SUMMARIZER_REDIS_URL"
    assert from_env.origin("database").startswith("database:")
    assert ServiceConfig.load(None, env={}, port=9000).origin("port") == "--port"
    assert "origins" not in from_file.model_dump()  # bookkeeping, not a setting


async def test_an_unreachable_redis_names_where_its_address_came_from(tmp_path: Path) -> None:
    from summarizer.service.queue import connect

    with pytest.raises(ConfigError, match=r"check redis_url: in .*service\.yaml"):
        await connect("redis://127.0.0.1:1", f"redis_url: in {tmp_path / 'service.yaml'}")


def test_a_job_store_in_a_new_folder_is_made_and_said(
    tmp_path: Path, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    from summarizer.service.state import preflight

    config_file = tmp_path / "service.yaml"
    config_file.write_text(f"database: {tmp_path / 'typo' / 'jobs.db'}\n")
    with caplog.at_level("WARNING", logger="summarizer.service.state"):
        preflight(ServiceConfig.load(config_file, env={}), settings)
    assert (tmp_path / "typo" / "jobs.db").exists()
    assert "did not exist: made it (database: in" in caplog.text
