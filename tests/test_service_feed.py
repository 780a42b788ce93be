"""The finished dailies as an Atom feed, read back by a feed parser; their HTML escapes article text."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import pytest

pytest.importorskip("feedgen", reason="the service extra is not installed")

from summarizer.config import Settings
from summarizer.daily.render import daily_html
from summarizer.daily.run import Daily
from summarizer.service import ServiceConfig, create_app
from summarizer.service.testing import ApiThread, call, wait_for

from .conftest import SEEDS

TOKEN = "test-token-0123456789abcdef"
DAILY = Path(__file__).parent / "fixtures" / "daily" / "articles"


@pytest.fixture
def base(settings: Settings, tmp_path: Path) -> Iterator[str]:
    config = ServiceConfig(database=tmp_path / "jobs.db", tokens=[TOKEN])
    with ApiThread(create_app(config, settings)) as running:
        yield running.base_url


def run_job(base: str, path: str, body: dict[str, Any]) -> str:
    status, _, answer = call("POST", base + path, body, token=TOKEN)
    assert status == 202, answer
    job_id: str = json.loads(answer)["id"]

    def done() -> bool:
        return json.loads(call("GET", f"{base}/v1/jobs/{job_id}", token=TOKEN)[2])["status"] == "done"

    wait_for(done, 60, f"job {job_id}")
    return job_id


def day_of(prefixes: tuple[str, ...]) -> dict[str, Any]:
    articles = [
        {"id": p.stem, "text": p.read_text(encoding="utf-8"), "format": "md"}
        for p in sorted(DAILY.glob("*"))
        if p.name.startswith(prefixes)
    ]
    return {"articles": articles, "date": "2026-11-21"}


def test_finished_dailies_are_an_atom_feed_newest_first_and_briefings_are_not_in_it(base: str) -> None:
    first = run_job(base, "/v1/daily", day_of(("ferry",)))
    run_job(base, "/v1/briefings", {"articles": [{"text": p.read_text()} for p in sorted(SEEDS.glob("*.txt"))]})
    second = run_job(base, "/v1/daily", day_of(("bus", "comet")))

    assert call("GET", f"{base}/v1/daily/feed.atom")[0] == 401  # the token, like every /v1 read
    status, headers, body = call("GET", f"{base}/v1/daily/feed.atom", token=TOKEN)
    assert status == 200 and headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(body)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10" and feed.feed.title == "summarizer: daily briefings"
    assert [e.link for e in feed.entries] == [f"{base}/read/{second}", f"{base}/read/{first}"]
    newest = Daily.model_validate_json(call("GET", f"{base}/v1/jobs/{second}/result", token=TOKEN)[2])
    entry = feed.entries[0]
    assert entry.title == newest.title and entry.id == uuid.UUID(second).urn
    assert entry.summary.startswith(f"{len(newest.stories)} stories: 1. {newest.stories[0].title}")
    content = entry.content[0].value
    assert all(story.title in content for story in newest.stories)
    assert newest.stories[0].sources[0].title in content and "<h2>" in content


def test_the_html_of_a_day_shows_article_markup_as_text(base: str) -> None:
    job_id = run_job(base, "/v1/daily", day_of(("ferry",)))
    day = Daily.model_validate_json(call("GET", f"{base}/v1/jobs/{job_id}/result", token=TOKEN)[2])
    day.sources[0].title = 'Ferry <img src=x onerror="alert(1)"> sinks'
    html = daily_html(day)
    assert "<img" not in html and "Ferry &lt;img src=x onerror=&quot;alert(1)&quot;&gt; sinks" in html
    # its own tags are not shown as text, nor kept
    assert "&lt;a id=" not in html and "&lt;sub&gt;" not in html and "written by summarizer" not in html
