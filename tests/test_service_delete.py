"""DELETE /v1/jobs/{id}: an unfinished job is cancelled (its model work stops), a finished one is removed."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the service extra is not installed")

from summarizer.config import Settings
from summarizer.service import ServiceConfig, create_app
from summarizer.service.testing import ApiThread, call, wait_for
from summarizer.testing import FakeServer

from .conftest import SEEDS

TOKEN = "test-token-0123456789abcdef"


@pytest.fixture
def base(settings: Settings, tmp_path: Path) -> Iterator[str]:
    config = ServiceConfig(database=tmp_path / "jobs.db", tokens=[TOKEN])
    with ApiThread(create_app(config, settings)) as running:
        yield running.base_url


def submit(base: str) -> str:
    articles = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(SEEDS.glob("*.txt"))]
    status, _, body = call("POST", f"{base}/v1/briefings", {"articles": articles}, token=TOKEN)
    assert status == 202, body
    job_id: str = json.loads(body)["id"]
    return job_id


def job(base: str, job_id: str) -> tuple[int, dict[str, Any]]:
    status, _, body = call("GET", f"{base}/v1/jobs/{job_id}", token=TOKEN)
    return status, json.loads(body)


def test_a_running_job_is_cancelled_its_model_calls_stop_and_a_second_delete_removes_it(
    base: str, server: FakeServer
) -> None:
    server.delay = 1.0  # each extraction takes a second: the job is surely running when it is cancelled
    job_id = submit(base)
    wait_for(lambda: server.calls >= 1, 10, "the first model call")
    status, _, body = call("DELETE", f"{base}/v1/jobs/{job_id}", token=TOKEN)
    assert status == 200, body
    cancelled = json.loads(body)
    assert cancelled["status"] == "failed" and cancelled["error"] == "cancelled by a DELETE request"
    asked = server.calls
    time.sleep(1.5)  # the calls in flight end; none is started after the cancel
    assert server.calls == asked < 5
    assert job(base, job_id)[1]["status"] == "failed"
    assert call("GET", f"{base}/v1/jobs/{job_id}/result", token=TOKEN)[0] == 409  # failed: no result

    status, _, body = call("DELETE", f"{base}/v1/jobs/{job_id}", token=TOKEN)
    assert status == 204 and body == b""
    assert job(base, job_id)[0] == 404


def test_a_finished_job_and_its_result_are_deleted(base: str) -> None:
    job_id = submit(base)
    wait_for(lambda: job(base, job_id)[1]["status"] == "done", 60, "the job")
    assert call("DELETE", f"{base}/v1/jobs/{job_id}", token=TOKEN)[0] == 204
    assert job(base, job_id)[0] == 404
    assert call("GET", f"{base}/v1/jobs/{job_id}/result", token=TOKEN)[0] == 404
    listed = json.loads(call("GET", f"{base}/v1/jobs", token=TOKEN)[2])["jobs"]
    assert job_id not in [j["id"] for j in listed]


def test_deleting_needs_the_token_and_an_unknown_job_is_404(base: str) -> None:
    job_id = submit(base)
    assert call("DELETE", f"{base}/v1/jobs/{job_id}")[0] == 401
    status, _, body = call("DELETE", f"{base}/v1/jobs/{'0' * 32}", token=TOKEN)
    assert status == 404 and json.loads(body)["error"]["message"] == f"no job {'0' * 32}"


def test_health_is_ok_in_process(base: str) -> None:
    status, _, body = call("GET", f"{base}/healthz")
    health = json.loads(body)
    assert status == 200 and health["status"] == "ok" and health["problem"] is None and health["workers"] is None
