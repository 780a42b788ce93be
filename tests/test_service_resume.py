"""Kill the API process mid-job, start it again: the job completes, asking the model only for what was not cached,
and its usage counts the calls of both runs."""

from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the service extra is not installed")

import diskcache

from summarizer.schemas import Briefing
from summarizer.service.testing import call, free_port, summarizer_process, wait_for
from summarizer.testing import FakeServer

ARTICLES = 24


def articles() -> list[dict[str, Any]]:
    out = []
    for n in range(ARTICLES):
        said = [f"Officials in Town{n} said {n * 7 + k} people left on day {k} of the flood." for k in range(6)]
        out.append({"id": f"town-{n:02d}", "title": f"Flood in Town{n}", "published": "2026-11-21",
                    "text": "\n\n".join(said)})  # fmt: skip
    return out


def test_a_job_survives_the_api_process_being_killed(tmp_path: Path) -> None:
    with FakeServer(delay=0.3) as fake:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {"OPENAI_BASE_URL": fake.base_url, "OPENAI_API_KEY": "test-key", "SUMMARIZER_MODEL": "fake",
               "SUMMARIZER_CONCURRENCY": "2", "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}  # fmt: skip
        args = ["api", "--port", str(port), "--database", str(tmp_path / "jobs.db")]

        def start() -> Any:
            process = summarizer_process(*args, env=env, log=tmp_path / "api.log")
            wait_for(lambda: _up(base), 60, "the API to start")
            return process

        first = start()
        try:
            status, _, body = call("POST", f"{base}/v1/briefings", {"articles": articles()})
            assert status == 202
            job_id = json.loads(body)["id"]
            wait_for(lambda: _progress(base, job_id) >= ARTICLES // 3, 60, "a third of the articles")
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(10)
        with diskcache.Cache(str(tmp_path / "cache" / "answers")) as cache:
            cached = len(cache)
        asked_before = fake.calls
        assert 0 < cached < ARTICLES  # killed mid-job, with answers stored

        second = start()
        try:
            job = wait_for(lambda: _finished(base, job_id), 60, "the resumed job")
            briefing = Briefing.model_validate_json(call("GET", f"{base}/v1/jobs/{job_id}/result")[2])
        finally:
            second.terminate()
            second.wait(10)
    assert job["status"] == "done", (job, (tmp_path / "api.log").read_text())
    assert len(briefing.sources) == ARTICLES
    # After the restart: one call per article not yet answered, then the writer's (re-asked if invalid).
    after = fake.requests[asked_before:]
    extractions = [r for r in after if "<article>" in r["messages"][1]["content"]]
    assert len(extractions) == ARTICLES - cached
    assert 1 <= len(after) - len(extractions) <= 3
    # The result's usage counts the calls made before the kill too, not the answers they cached as cache hits.
    # A call is counted as it is sent: the last ones counted by the killed process (2 at once) may never have
    # reached the endpoint, and those in flight left no token counts.
    usage = briefing.meta.usage
    assert usage.cache_hits == 0
    assert fake.calls <= usage.calls <= fake.calls + 2, (usage, fake.calls)
    assert 100 * (fake.calls - 2) <= usage.prompt_tokens <= 100 * fake.calls


def _up(base: str) -> bool:
    try:
        return call("GET", f"{base}/healthz")[0] == 200
    except OSError:
        return False


def _progress(base: str, job_id: str) -> int:
    job = json.loads(call("GET", f"{base}/v1/jobs/{job_id}")[2])
    done: int = job["progress"]["done"] if job["progress"]["stage"] == "extract" else 0
    return done


def _finished(base: str, job_id: str) -> dict[str, Any] | None:
    job: dict[str, Any] = json.loads(call("GET", f"{base}/v1/jobs/{job_id}")[2])
    return job if job["status"] in ("done", "failed") else None
