"""The model client under faults: retries are counted, a re-ask stays small, a run has a deadline."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from typer.testing import CliRunner

from summarizer import Summarizer, load_articles
from summarizer._files import write_atomic
from summarizer.cli import EXIT_PARTIAL, app
from summarizer.config import Settings
from summarizer.testing import FakeServer, Reply, echo_answer

from ..conftest import SEEDS


def test_a_failed_article_reports_its_transport_retries(server: FakeServer, settings: Settings) -> None:
    server.script(*[Reply(status=429, headers={"Retry-After": "0"}) for _ in range(4)])
    with Summarizer(settings=settings.model_copy(update={"max_retries": 3, "no_cache": True})) as summarizer:
        extractions, failed = summarizer.extract_all(load_articles(SEEDS)[:1])
    assert extractions == [] and len(failed) == 1
    assert (failed[0].usage.calls, failed[0].usage.retries) == (4, 3)


def test_a_reask_sends_back_a_clipped_answer(server: FakeServer, settings: Settings) -> None:
    huge = '{"claims": "' + "x" * 300_000 + '"}'  # invalid, and far too long to send back whole
    server.script(Reply(huge))
    with Summarizer(settings=settings.model_copy(update={"no_cache": True})) as summarizer:
        extractions, failed = summarizer.extract_all(load_articles(SEEDS)[:1])
    assert len(extractions) == 1 and not failed
    reask = server.requests[1]["messages"]
    assert len(json.dumps(reask)) < len(json.dumps(server.requests[0]["messages"])) + 4_000
    assert reask[-2]["role"] == "assistant" and "300,014 characters" in reask[-2]["content"]


def test_a_run_deadline_stops_a_hung_endpoint(server: FakeServer, settings: Settings, tmp_path: Path) -> None:
    def hung(request: dict[str, object]) -> Reply:
        return Reply(delay=30.0)  # answers long after anyone waits

    server.responder = hung
    started = time.monotonic()
    slow = settings.model_copy(update={"timeout": 60.0, "deadline": 1.5, "no_cache": True, "max_retries": 4})
    with Summarizer(settings=slow) as summarizer:
        extractions, failed = summarizer.extract_all(load_articles(SEEDS)[:3])
    assert time.monotonic() - started < 10
    assert extractions == [] and len(failed) == 3
    assert all("deadline" in f.error for f in failed)


def test_the_cli_deadline_writes_what_it_has(server: FakeServer, tmp_path: Path) -> None:
    def slow_writer(request: dict[str, object]) -> Reply:
        reply = echo_answer(request)
        is_writer = "<article>" not in request["messages"][1]["content"]  # type: ignore[index]
        return Reply(reply.content, delay=20.0 if is_writer else 0.0)

    server.responder = slow_writer
    env = {"OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "k", "SUMMARIZER_MODEL": "fake-model",
           "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"), "SUMMARIZER_DEADLINE": "3"}  # fmt: skip
    out = tmp_path / "b.md"
    started = time.monotonic()
    result = CliRunner().invoke(app, ["brief", str(SEEDS), "-o", str(out), "--deadline", "2"], env=env)
    assert time.monotonic() - started < 15
    assert result.exit_code in (0, EXIT_PARTIAL), result.stderr
    assert out.exists() and "Traceback" not in result.stderr


def test_a_killed_write_leaves_no_temp_file_behind_for_ever(tmp_path: Path) -> None:
    out = tmp_path / "briefing.md"
    stale = tmp_path / ".briefing.md.k1ll3d.tmp"  # what a write killed with -9 leaves
    stale.write_text("half a briefing")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    fresh = tmp_path / ".briefing.md.w0rk1n.tmp"  # another process writing right now
    fresh.write_text("being written")
    other = tmp_path / ".notes.md.abc.tmp"  # not ours to touch
    other.write_text("x")
    os.utime(other, (time.time() - 3600, time.time() - 3600))
    write_atomic(out, "the briefing")
    assert out.read_text() == "the briefing"
    assert not stale.exists() and fresh.exists() and other.exists()
