"""The HTTP API in this process against the fake model: jobs, results, limits, auth, errors, schedules, pages."""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import json
import logging
import re
import shutil
import threading
import time
import urllib.parse
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the service extra is not installed")

from summarizer.config import Settings
from summarizer.daily.run import Daily
from summarizer.schemas import Briefing
from summarizer.service import ServiceConfig, create_app
from summarizer.service.config import Limits, Schedule
from summarizer.service.testing import ApiThread, call, wait_for
from summarizer.testing import FakeServer

from .conftest import SEEDS

TOKEN = "test-token-0123456789abcdef"
DAILY = Path(__file__).parent / "fixtures" / "daily" / "articles"


def seed_articles() -> list[dict[str, Any]]:
    return [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(SEEDS.glob("*.txt"))]


def http_service(settings: Settings, tmp_path: Path, **config: Any) -> ApiThread:
    return ApiThread(create_app(ServiceConfig(database=tmp_path / "jobs.db", **config), settings))


def finished(base: str, job_id: str, token: str | None = None, timeout: float = 60) -> dict[str, Any]:
    def check() -> dict[str, Any] | None:
        status, _, body = call("GET", f"{base}/v1/jobs/{job_id}", token=token)
        assert status == 200, body
        job: dict[str, Any] = json.loads(body)
        return job if job["status"] in ("done", "failed") else None

    result: dict[str, Any] = wait_for(check, timeout, f"job {job_id}")
    return result


def error_of(body: bytes) -> str:
    message: str = json.loads(body)["error"]["message"]
    return message


@pytest.fixture
def served(settings: Settings, tmp_path: Path) -> Iterator[ApiThread]:
    with http_service(settings, tmp_path) as running:
        yield running


def test_the_seeds_are_briefed_end_to_end_as_json_markdown_and_a_page(served: ApiThread, server: FakeServer) -> None:
    base = served.base_url
    status, _, body = call("POST", f"{base}/v1/briefings", {"articles": seed_articles()})
    assert status == 202
    job = json.loads(body)
    assert job["status"] in ("queued", "running") and job["links"]["page"] == f"/read/{job['id']}"
    done = finished(base, job["id"])
    assert done["status"] == "done" and done["title"]

    status, headers, body = call("GET", f"{base}/v1/jobs/{job['id']}/result")
    assert status == 200 and headers["content-type"] == "application/json"
    briefing = Briefing.model_validate_json(body)  # the CLI's JSON contract
    assert len(briefing.sources) == 5 and briefing.meta.usage.calls == server.calls == 6

    status, headers, body = call("GET", f"{base}/v1/jobs/{job['id']}/result?format=md")
    assert status == 200 and headers["content-type"].startswith("text/markdown")
    assert body.decode().startswith(f"# {briefing.title}")

    status, _, body = call("GET", f"{base}/v1/jobs/{job['id']}/evidence")
    claims = json.loads(body)["claims"]
    assert claims and all(c["sentences"] for c in claims.values())

    status, headers, body = call("GET", f"{base}/read/{job['id']}")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b'class="cite"' in body and b'class="source-sentence"' in body

    status, _, body = call("GET", f"{base}/v1/jobs")
    assert [j["id"] for j in json.loads(body)["jobs"]] == [job["id"]]
    status, _, body = call("GET", f"{base}/healthz")
    assert json.loads(body)["jobs"] == {"done": 1} and json.loads(body)["queue"] == "in-process"

    # The same articles again: every answer is cached.
    status, _, body = call("POST", f"{base}/v1/briefings", {"articles": seed_articles()})
    assert finished(base, json.loads(body)["id"])["status"] == "done"
    assert server.calls == 6


def test_errors_are_json_with_a_clear_message_never_a_traceback(served: ApiThread) -> None:
    base = served.base_url
    cases = [
        (("GET", f"{base}/v1/jobs/nope"), 404, "no job nope"),
        (("GET", f"{base}/nowhere"), 404, "Not Found"),
        (("POST", f"{base}/v1/briefings", {"articles": []}), 422, "give `articles`, `urls` or both"),
        (("POST", f"{base}/v1/briefings", {"articles": [{"txt": "x"}]}), 422, "articles.0.text: Field required"),
        (("POST", f"{base}/v1/briefings", {"urls": ["file:///etc/passwd"]}), 422, "only http and https"),
        (("POST", f"{base}/v1/daily", {"sources": ["/etc"]}), 422, "only http and https"),
        (("POST", f"{base}/v1/daily", {"articles": seed_articles(), "since": "whenever"}), 422, "--since"),
        (("GET", f"{base}/v1/jobs/x/result?format=pdf"), 422, "format"),
    ]
    for request, status, message in cases:
        got, headers, body = call(*request)
        assert (got, headers["content-type"]) == (status, "application/json"), (request, body)
        assert message in error_of(body), body
    got, _, body = call("POST", f"{base}/v1/briefings", raw=b'{"articles": [')
    assert got == 422 and "JSON" in error_of(body)
    got, _, body = call("POST", f"{base}/v1/briefings", {"articles": [{"id": "blank", "text": "  \n "}]})
    assert got == 422 and error_of(body).startswith("article blank: "), body
    dup = seed_articles()[:1] * 2
    got, _, body = call("POST", f"{base}/v1/briefings", {"articles": dup})
    assert got == 422 and "given twice" in error_of(body)


def test_an_unexpected_failure_is_a_500_in_json_and_the_detail_stays_in_the_log(
    served: ApiThread, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    service = served.service

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(service.jobs, "list", broken)
    status, headers, body = call("GET", f"{served.base_url}/v1/jobs")
    assert status == 500 and headers["content-type"] == "application/json"
    assert b"secret" not in body and b"Traceback" not in body
    assert "internal error" in error_of(body)


def test_limits_on_size_count_and_length(settings: Settings, tmp_path: Path) -> None:
    limits = Limits(max_body_bytes=20_000, max_articles=3, max_article_chars=5_000, max_urls=1)
    with http_service(settings, tmp_path, limits=limits) as served:
        base = served.base_url
        big = {"articles": [{"text": "word " * 5_000}]}
        status, _, body = call("POST", f"{base}/v1/briefings", big)
        assert status == 413 and "20,000-byte limit" in error_of(body)
        status, _, body = call("POST", f"{base}/v1/briefings", {"articles": seed_articles()})
        assert status in (413, 422)  # five seeds: over the count, or over the bytes
        few = [{"text": f"Article {n} says {n} things happened today."} for n in range(4)]
        status, _, body = call("POST", f"{base}/v1/briefings", {"articles": few})
        assert status == 422 and "over the limit of 3" in error_of(body)
        long = [{"id": "long", "text": "A sentence that goes on. " * 250}]
        status, _, body = call("POST", f"{base}/v1/briefings", {"articles": long})
        assert status == 422 and "article long has 6,250 characters, over the limit of 5,000" in error_of(body)
        status, _, body = call("POST", f"{base}/v1/daily", {"sources": ["http://a.example/1", "http://a.example/2"]})
        assert status == 422 and "2 URLs given, over the limit of 1" in error_of(body)


def test_a_body_without_content_length_is_counted_as_it_arrives(settings: Settings, tmp_path: Path) -> None:
    import http.client

    with http_service(settings, tmp_path, limits=Limits(max_body_bytes=5_000)) as served:
        connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
        chunks = [b'{"articles": [{"text": "', b"x" * 4_000, b"x" * 4_000, b'"}]}']
        connection.request("POST", "/v1/briefings", body=iter(chunks), encode_chunked=True,
                           headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"})  # fmt: skip
        response = connection.getresponse()
        assert response.status == 413 and "5,000-byte limit" in error_of(response.read())
        connection.close()


def test_tokens_are_required_when_configured_and_the_page_signs_in(settings: Settings, tmp_path: Path) -> None:
    with http_service(settings, tmp_path, tokens=[TOKEN]) as served:
        base = served.base_url
        for token in (None, "wrong-token-0123456789"):
            status, headers, body = call("GET", f"{base}/v1/jobs", token=token)
            assert status == 401 and headers["www-authenticate"] == "Bearer"
            assert error_of(body) == "a valid bearer token is required: send Authorization: Bearer <token>"
        assert call("GET", f"{base}/v1/jobs", token=TOKEN)[0] == 200
        assert call("GET", f"{base}/healthz")[0] == 200  # liveness needs no token
        status, _, body = call("GET", f"{base}/")
        assert status == 200 and b'name="token"' in body  # redirected to the sign-in form
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
        connection.request("POST", "/login", body=f"token={TOKEN}",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
        response = connection.getresponse()
        response.read()
        cookie = response.getheader("set-cookie") or ""
        assert response.status == 303 and "HttpOnly" in cookie and "SameSite=strict" in cookie
        connection.request("GET", "/", headers={"Cookie": cookie.split(";")[0]})
        page = connection.getresponse()
        assert page.status == 200 and b"<h1>Briefings</h1>" in page.read()
        connection.request("POST", "/v1/briefings", body=json.dumps({"articles": seed_articles()[:1]}),
                           headers={"Cookie": cookie.split(";")[0], "Content-Type": "application/json"})  # fmt: skip
        submitted = connection.getresponse()
        assert submitted.status == 401 and submitted.read()  # the cookie reads; only the header submits
        connection.close()


def test_an_unfinished_or_failed_job_opens_as_an_html_page_never_json(served: ApiThread) -> None:
    jobs = served.service.jobs
    job = jobs.create("briefing", {})  # made in the store only: no runner picks it up
    jobs.set_progress(job.id, {"stage": "extract", "done": 2, "total": 5})
    status, headers, body = call("GET", f"{served.base_url}/read/{job.id}")
    page = body.decode()
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "Still working on this briefing" in page and "2 of 5 done" in page and 'http-equiv="refresh"' in page
    assert '{"error"' not in page
    jobs.set_status(job.id, "failed", error="every article failed to parse")
    status, headers, body = call("GET", f"{served.base_url}/read/{job.id}")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "This briefing failed" in body.decode() and "every article failed to parse" in body.decode()
    status, headers, body = call("GET", f"{served.base_url}/read/nope")
    assert status == 404 and headers["content-type"].startswith("text/html") and b"No such briefing" in body


def test_sign_in_returns_to_the_page_asked_for_and_only_on_this_site(settings: Settings, tmp_path: Path) -> None:
    import http.client

    with http_service(settings, tmp_path, tokens=[TOKEN]) as served:
        connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)

        def sign_in(then: str) -> str:
            connection.request("POST", "/login", body=urllib.parse.urlencode({"token": TOKEN, "next": then}),
                               headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
            response = connection.getresponse()
            response.read()
            assert response.status == 303
            return response.getheader("location") or ""

        connection.request("GET", "/read/abc123")
        response = connection.getresponse()
        response.read()
        assert response.status == 303 and response.getheader("location") == "/login?next=%2Fread%2Fabc123"
        connection.request("GET", "/login?next=%2Fread%2Fabc123")
        form = connection.getresponse().read().decode()
        assert '<input type="hidden" name="next" value="/read/abc123">' in form
        connection.request("GET", "/login?next=https%3A%2F%2Fevil.example")
        assert 'name="next" value="/"' in connection.getresponse().read().decode()

        assert sign_in("/read/abc123") == "/read/abc123"
        assert sign_in("https://evil.example/") == "/"
        assert sign_in("//evil.example/") == "/"
        assert sign_in("/\\evil.example/") == "/"
        connection.close()


def test_submissions_are_rate_limited_per_token(settings: Settings, tmp_path: Path) -> None:
    with http_service(settings, tmp_path, limits=Limits(rate_per_minute=6, rate_burst=2)) as served:
        body = {"articles": seed_articles()[:1]}
        statuses = [call("POST", f"{served.base_url}/v1/briefings", body)[0] for _ in range(2)]
        status, headers, reply = call("POST", f"{served.base_url}/v1/briefings", body)
        assert statuses == [202, 202] and status == 429
        assert 1 <= int(headers["retry-after"]) <= 11 and "too many jobs" in error_of(reply)
        assert call("GET", f"{served.base_url}/v1/jobs")[0] == 200  # reading is not limited


def test_wrong_tokens_are_limited_per_client_address(settings: Settings, tmp_path: Path) -> None:
    with http_service(settings, tmp_path, tokens=[TOKEN], limits=Limits(auth_failures=3, auth_window=2.0)) as served:
        jobs = f"{served.base_url}/v1/jobs"
        wrong = "wrong-token-0123456789"
        assert [call("GET", jobs, token=TOKEN)[0] for _ in range(12)] == [200] * 12  # right tokens never count
        assert [call("GET", jobs)[0] for _ in range(5)] == [401] * 5  # nor does a request with no token
        assert [call("GET", jobs, token=f"{wrong}{n}")[0] for n in range(2)] == [401] * 2
        assert call("GET", jobs, token=TOKEN)[0] == 200  # within the limit, the right token still works
        assert call("GET", jobs, token=wrong)[0] == 401  # the third wrong one: the limit is reached
        status, headers, body = call("GET", jobs, token=wrong)
        assert status == 429 and 1 <= int(headers["retry-after"]) <= 2
        assert error_of(body).startswith("too many wrong tokens from this address: try again in ")
        # While the address waits, no token of it is checked, so a right guess cannot stand out.
        assert call("GET", jobs, token=TOKEN)[0] == 429
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
        connection.request("POST", "/login", body=f"token={wrong}",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
        page = connection.getresponse()
        assert page.status == 429 and page.getheader("retry-after") and b"Too many wrong tokens" in page.read()
        connection.close()
        time.sleep(int(headers["retry-after"]) + 0.1)
        assert call("GET", jobs, token=TOKEN)[0] == 200  # the window passed


def test_pages_are_fetched_from_urls(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    seed = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")
    paragraphs = "".join(f"<p>{p}</p>" for p in seed.split("\n\n") if p.strip())
    (site / "story.html").write_text(f"<html><head><title>Aleppo</title></head><body>{paragraphs}</body></html>")
    handler = partial(_QuietHandler, directory=str(site))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as web:
        threading.Thread(target=web.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{web.server_address[1]}"
        with http_service(settings, tmp_path, allow_private_hosts=True) as served:
            body = {"urls": [f"{url}/story.html", f"{url}/missing.html"], "articles": seed_articles()[1:2]}
            reply = call("POST", f"{served.base_url}/v1/briefings", body)[2]
            job = finished(served.base_url, json.loads(reply)["id"])
            assert job["status"] == "done", job
            briefing = Briefing.model_validate_json(call("GET", f"{served.base_url}/v1/jobs/{job['id']}/result")[2])
        with http_service(settings, tmp_path / "default") as served:  # by default the service never fetches inward
            reply = call("POST", f"{served.base_url}/v1/briefings", {"urls": [f"{url}/story.html"]})[2]
            refused = finished(served.base_url, json.loads(reply)["id"])
        web.shutdown()
    assert refused["status"] == "failed" and "no article could be read" in refused["error"]
    assert "127.0.0.1" in refused["error"], refused["error"]
    assert {s.url for s in briefing.sources} == {f"{url}/story.html", None}
    assert [f.item for f in briefing.meta.failed] == [f"{url}/missing.html"]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_a_daily_job_groups_ranks_and_briefs_a_day(served: ApiThread, server: FakeServer) -> None:
    articles = [{"id": p.stem, "text": p.read_text(encoding="utf-8"), "format": "md"} for p in sorted(DAILY.glob("*"))]
    status, _, body = call("POST", f"{served.base_url}/v1/daily", {"articles": articles, "date": "2026-11-21"})
    assert status == 202
    job = finished(served.base_url, json.loads(body)["id"])
    assert job["status"] == "done" and job["kind"] == "daily"
    day = Daily.model_validate_json(call("GET", f"{served.base_url}/v1/jobs/{job['id']}/result")[2])
    assert len(day.stories) >= 5 and day.left_out.outside_window == ["festival--harbor-gazette"]
    page = call("GET", f"{served.base_url}/read/{job['id']}")[2].decode()
    assert "<h2>In brief</h2>" in page and page.count('<article id="story-') == len(day.stories)
    first = day.digest[0].sentences[0].text
    assert page.index(html.escape(first.split(",")[0], quote=False)) < page.index('<article id="story-1"')
    markdown = call("GET", f"{served.base_url}/v1/jobs/{job['id']}/result?format=md")[2].decode()
    assert markdown.startswith("# Daily briefing")


def test_a_schedule_runs_the_daily_from_its_sources_once_per_minute(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    shutil.copytree(DAILY, folder)
    schedule = Schedule(name="morning", cron="0 6 * * *", sources=[str(folder)], since=None)
    with http_service(settings, tmp_path, schedules=[schedule]) as served:
        service = served.service

        def tick(*moment: int) -> list[Any]:  # on the service's loop, as its own clock would
            async def run() -> list[Any]:
                return service.scheduler.tick(dt.datetime(*moment))

            return asyncio.run_coroutine_threadsafe(run(), service.loop).result(10)

        assert tick(2026, 11, 22, 7, 0) == []
        [job] = tick(2026, 11, 22, 6, 0, 30)
        assert tick(2026, 11, 22, 6, 0, 45) == []  # that minute ran already
        done = finished(served.base_url, job.id)
        assert done["status"] == "done" and done["schedule"] == "morning"
        index = call("GET", f"{served.base_url}/")[2].decode()
        assert "Daily: morning" in index and f"/read/{job.id}" in index


def test_jobs_left_unfinished_are_resumed_when_the_service_starts(
    settings: Settings, tmp_path: Path, server: FakeServer
) -> None:
    from summarizer.service.jobs import JobStore

    store = JobStore(tmp_path / "jobs.db")
    job = store.create("briefing", {"sources": [], "articles": 5})
    from summarizer.ingest.files import load_articles

    articles = [a.model_dump(mode="json") for a in load_articles([SEEDS])]
    store.set_articles(job.id, json.dumps({"articles": articles}))
    store.set_status(job.id, "running")  # as a process killed mid-job leaves it
    store.close()
    with http_service(settings, tmp_path) as served:
        assert finished(served.base_url, job.id)["status"] == "done"
    assert server.calls == 6


def test_daily_jobs_remember_what_the_service_briefed_before(served: ApiThread, server: FakeServer) -> None:
    days = {"001": "2024-11-28", "002": "2024-11-28", "003": "2024-11-28", "000": "2024-11-29", "004": "2024-11-29"}
    articles = [a | {"published": days[a["id"][:3]]} for a in seed_articles()]

    def daily(date: str, **options: Any) -> tuple[Daily, str]:
        request = {"articles": articles, "date": date} | options
        job = finished(served.base_url, json.loads(call("POST", f"{served.base_url}/v1/daily", request)[2])["id"])
        assert job["status"] == "done", job
        result = call("GET", f"{served.base_url}/v1/jobs/{job['id']}/result")[2]
        return Daily.model_validate_json(result), call("GET", f"{served.base_url}/read/{job['id']}")[2].decode()

    first, _ = daily("2024-11-28")
    second, page = daily("2024-11-29")
    assert [s.continuity and s.continuity.status for s in first.stories] == ["new"]
    [today] = second.stories
    assert today.continuity is not None and today.continuity.status == "continuing"
    assert today.continuity.link is not None and today.continuity.link.startswith("/read/")
    assert "Continuing (last briefed 28 Nov 2024)" in page
    fresh, _ = daily("2024-11-29", fresh=True)
    assert [s.continuity and s.continuity.status for s in fresh.stories] == ["new"]


def test_a_job_says_where_it_is_and_the_log_has_its_requests_and_events(
    served: ApiThread, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="summarizer.service")
    status, headers, body = call("POST", f"{served.base_url}/v1/briefings", {"articles": seed_articles()})
    assert status == 202, body
    job_id = json.loads(body)["id"]
    assert {k.lower(): v for k, v in headers.items()}["location"] == f"/v1/jobs/{job_id}"
    assert finished(served.base_url, job_id)["status"] == "done"
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("summarizer.service")]
    assert any(re.fullmatch(r"POST /v1/briefings 202 \d+ ms", line) for line in lines), lines
    assert any(re.fullmatch(rf"GET /v1/jobs/{job_id} 200 \d+ ms", line) for line in lines), lines
    assert f"job {job_id} queued: briefing of 5 articles, 0 sources" in lines
    assert f"job {job_id} running (briefing)" in lines
    assert any(line.startswith(f"job {job_id} done in ") for line in lines), lines
