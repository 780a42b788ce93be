"""Scale-out on Redis: the answer store, and workers taking units of work, one killed mid-run.

Needs Debian's `redis-server` (`.ci/run` installs it); skipped with the reason when it is missing.
"""

from __future__ import annotations

import asyncio
import json
import random
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("arq", reason="the service extra is not installed")

from summarizer.config import Settings
from summarizer.errors import ConfigError
from summarizer.model.redis_store import RedisStore
from summarizer.runtime import Runtime
from summarizer.schemas import Briefing
from summarizer.service import ServiceConfig, create_app
from summarizer.service.queue import QueueExecutor, connect, live_workers
from summarizer.service.testing import ApiThread, RedisServer, call, missing, summarizer_process, wait_for
from summarizer.testing import FakeServer, Reply, echo_answer

pytestmark = pytest.mark.skipif(bool(missing("redis-server")), reason=missing("redis-server") or "")

ARTICLES = 300
SLOTS = 4  # units each worker runs at once


@pytest.fixture
def redis() -> Iterator[RedisServer]:
    with RedisServer() as running:
        yield running


PLACES = "harbor council bridge river school market factory station museum airport stadium hospital library".split()
DEEDS = "opened closed repaired inspected funded sold flooded visited approved delayed".split()


def articles(count: int, seed: int = 1) -> list[dict[str, Any]]:
    """Distinct articles on unrelated events, so grouping their claims stays quick."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        said = []
        for k in range(6):
            place, near = rng.sample(PLACES, 2)
            said.append(f"The {place} near the {near} in Town{n} was {rng.choice(DEEDS)} by {n * 7 + k} workers.")
        out.append({"id": f"town-{n:03d}", "title": f"News from Town{n}", "published": "2026-11-21",
                    "text": "\n\n".join(said)})  # fmt: skip
    return out


def is_extraction(request: dict[str, Any]) -> bool:
    return "<article>" in request["messages"][1]["content"]


def short_briefings(request: dict[str, Any]) -> Reply:
    """The echo answers, with the writer's cut to a dozen sentences: a valid briefing of any size of story."""
    reply = echo_answer(request)
    if not is_extraction(request) and reply.content:
        answer = json.loads(reply.content)
        answer["sentences"] = answer["sentences"][:12]
        reply.content = json.dumps(answer)
    return reply


def test_the_redis_store_keeps_answers_as_text(redis: RedisServer) -> None:
    store = RedisStore(redis.url)
    assert store and store.get("k") is None  # truthy when empty: `store or NoStore()` must keep it
    store.set("k", '{"claims": []}', label="x")
    assert store.get("k") == '{"claims": []}' and store.count() == 1
    other = RedisStore(redis.url)  # another process or machine sees it
    assert other.get("k") == '{"claims": []}'
    store.close()
    other.close()


def test_an_unreachable_redis_is_a_config_error_without_the_password() -> None:
    with pytest.raises(ConfigError, match=r"cannot reach Redis at redis://\*\*\*@127\.0\.0\.1:1/0") as caught:
        RedisStore("redis://user:hunter2@127.0.0.1:1/0")
    assert "hunter2" not in str(caught.value)


def _workers(
    count: int, redis: RedisServer, fake: FakeServer, tmp_path: Path, *, name: str = "w", **env: str
) -> list[Any]:
    env = {"OPENAI_BASE_URL": fake.base_url, "OPENAI_API_KEY": "test-key", "SUMMARIZER_MODEL": "fake",
           "SUMMARIZER_CONCURRENCY": str(SLOTS), "SUMMARIZER_CACHE_DIR": str(tmp_path / "worker-cache"),
           **env}  # fmt: skip
    procs = [
        summarizer_process("worker", "--redis-url", redis.url, "--lease", "2", env=env, log=tmp_path / f"{name}{n}.log")
        for n in range(count)
    ]

    async def until_up() -> None:
        pool = await connect(redis.url)
        try:
            while await live_workers(pool) < count:
                await asyncio.sleep(0.05)
        finally:
            await pool.aclose()

    asyncio.run(asyncio.wait_for(until_up(), 60))
    return procs


def _finished(base: str, job_id: str) -> dict[str, Any] | None:
    job: dict[str, Any] = json.loads(call("GET", f"{base}/v1/jobs/{job_id}")[2])
    return job if job["status"] in ("done", "failed") else None


def test_two_workers_brief_300_articles_and_survive_one_being_killed(
    redis: RedisServer, tmp_path: Path, settings: Settings
) -> None:
    with FakeServer(short_briefings, delay=0.2) as fake:
        workers = _workers(2, redis, fake, tmp_path)
        settings = settings.model_copy(update={"base_url": fake.base_url})
        app = create_app(ServiceConfig(database=tmp_path / "jobs.db", redis_url=redis.url), settings)
        try:
            with ApiThread(app) as api:
                base = api.base_url
                health = json.loads(call("GET", f"{base}/healthz")[2])
                assert (health["queue"], health["workers"]) == ("redis", 2)
                status, _, body = call("POST", f"{base}/v1/briefings", {"articles": articles(ARTICLES)})
                assert status == 202
                job_id = json.loads(body)["id"]

                def a_third_done() -> bool:
                    progress = json.loads(call("GET", f"{base}/v1/jobs/{job_id}")[2])["progress"]
                    return progress["stage"] == "extract" and progress["done"] >= ARTICLES // 3

                wait_for(a_third_done, 120, "a third of the articles")
                in_flight = fake.in_flight
                workers[0].send_signal(signal.SIGKILL)
                in_flight = max(in_flight, fake.in_flight)  # its calls stay in flight at the fake for 0.2 s
                workers[0].wait(10)
                killed_at = time.monotonic()
                job = wait_for(lambda: _finished(base, job_id), 120, "the job")
                seconds_after_kill = time.monotonic() - killed_at
                assert job["status"] == "done", job
                briefing = Briefing.model_validate_json(call("GET", f"{base}/v1/jobs/{job_id}/result")[2])
                first = fake.requests[:]

                # The same articles again: every answer is in Redis, so no model call at all.
                status, _, body = call("POST", f"{base}/v1/briefings", {"articles": articles(ARTICLES)})
                again = wait_for(lambda: _finished(base, json.loads(body)["id"]), 60, "the second job")
                assert again["status"] == "done"
        finally:
            for worker in workers:
                worker.terminate()
                worker.wait(10)
    assert len(briefing.sources) == ARTICLES and not briefing.meta.failed
    extractions = [r for r in first if is_extraction(r)]
    extra = len(extractions) - ARTICLES
    # Only what the killed worker had under way is asked again (those of its answers that never reached the
    # cache): at most its SLOTS units. Not bounded by the calls the fake saw in flight: an answer already sent but not
    # yet validated and cached is under way too, and a kill there asked one again with none in flight.
    assert 0 <= extra <= SLOTS, (extra, in_flight)
    assert len(first) - len(extractions) == 1  # one story, one writer's call
    second = fake.requests[len(first) :]
    assert not second, [r["messages"][1]["content"][:300] for r in second]  # the second job made none
    # The usage counts the calls asked again and those they stand for (a call is counted as it is sent: the
    # killed worker's last ones may never have left it). A unit killed after its answer reached the cache but
    # before it was done is run again from the cache: that answer counts as a cache hit, at most SLOTS of them.
    usage = briefing.meta.usage
    answered = usage.calls + usage.cache_hits
    assert len(first) <= answered <= len(first) + SLOTS and usage.cache_hits <= SLOTS, (usage, len(first))
    print(f"\nkilled with {in_flight} calls in flight: {extra} asked again; done {seconds_after_kill:.1f} s later")


def test_a_unit_run_again_after_its_worker_was_killed_counts_every_call_made_for_it(
    redis: RedisServer, tmp_path: Path, settings: Settings
) -> None:
    """The story's unit (the writer's call, then one second-opinion call per sentence, one at a time) is killed
    with the writer's answer and a first opinion cached and the second opinion in flight; another worker
    finishes it. The job's usage counts every request the endpoint got, the first worker's included."""
    verdicts = 0

    def second_verdict_hangs(request: dict[str, Any]) -> Reply:
        nonlocal verdicts
        reply = echo_answer(request)
        if "<sentence>" in request["messages"][1]["content"]:
            verdicts += 1
            if verdicts == 2:
                reply.delay = 30  # the first worker is killed waiting for it
        return reply

    one_at_a_time = {"SUMMARIZER_CONCURRENCY": "1", "SUMMARIZER_VERIFY_WITH_MODEL": "1"}
    with FakeServer(second_verdict_hangs) as fake:
        first = _workers(1, redis, fake, tmp_path, name="first", **one_at_a_time)[0]
        workers = [first]
        settings = settings.model_copy(update={"base_url": fake.base_url, "verify_with_model": True})
        app = create_app(ServiceConfig(database=tmp_path / "jobs.db", redis_url=redis.url), settings)
        try:
            with ApiThread(app) as api:
                status, _, body = call("POST", f"{api.base_url}/v1/briefings", {"articles": articles(3)})
                assert status == 202
                job_id = json.loads(body)["id"]
                wait_for(lambda: verdicts == 2, 60, "the second opinion that hangs")
                first.send_signal(signal.SIGKILL)
                first.wait(10)
                workers += _workers(1, redis, fake, tmp_path, name="second", **one_at_a_time)
                job = wait_for(lambda: _finished(api.base_url, job_id), 60, "the job")
                assert job["status"] == "done", job
                result = json.loads(call("GET", f"{api.base_url}/v1/jobs/{job_id}/result")[2])
        finally:
            for worker in workers:
                worker.terminate()
                worker.wait(10)
    usage = result["meta"]["usage"]
    sent = fake.requests
    print(f"\n{len(sent)} requests; {verdicts} verdicts; usage {usage}")
    assert verdicts > 2  # the second worker asked the hanging one again, and went on
    # Every request was a call of this job: the writer's and the first verdict, answered before the kill and
    # found in the cache by the second worker, included; only the answer that never arrived has no tokens.
    assert (usage["calls"], usage["cache_hits"]) == (len(sent), 0)
    assert usage["prompt_tokens"] == 100 * (len(sent) - 1)


async def _extract_twice(url: str, settings: Settings, article_json: list[dict[str, Any]]) -> list[Any]:
    from summarizer.ingest.files import parse_article

    runtime = Runtime(settings, store=RedisStore(url))
    executor = await QueueExecutor.connect(url, runtime)
    try:
        copies = [parse_article(a["text"], id=a["id"], meta={"title": a["title"]}) for a in article_json]
        return await asyncio.gather(*(executor.extract(a) for a in copies))
    finally:
        await executor.close()
        runtime.close()


def test_copies_of_one_text_share_one_unit_and_each_keeps_its_name(
    redis: RedisServer, tmp_path: Path, settings: Settings
) -> None:
    with FakeServer(delay=0.3) as fake:
        workers = _workers(1, redis, fake, tmp_path)
        try:
            text = articles(1)[0]
            copies = [{**text, "id": name} for name in ("wire", "post", "times")]
            settings = settings.model_copy(update={"base_url": fake.base_url})
            extractions = asyncio.run(_extract_twice(redis.url, settings, copies))
        finally:
            workers[0].terminate()
            workers[0].wait(10)
    assert fake.calls == 1  # queued once under the answer's cache key
    assert [e.article_id for e in extractions] == ["wire", "post", "times"]
    assert [e.claims[0].id for e in extractions] == ["wire:c1", "post:c1", "times:c1"]
    assert sorted(e.usage.calls for e in extractions) == [0, 0, 1]  # one paid, two joined


async def _extract_without_redis(url: str, settings: Settings, redis: RedisServer) -> BaseException | None:
    from summarizer.ingest.files import parse_article

    runtime = Runtime(settings, store=RedisStore(url))
    executor = await QueueExecutor.connect(url, runtime)
    redis.stop()
    try:
        given = articles(1)[0]
        await asyncio.wait_for(executor.extract(parse_article(given["text"], id=given["id"])), 30)
    except ConfigError as error:
        return error
    finally:
        await executor.close()
    return None


def test_redis_going_away_fails_the_unit_with_one_clear_error(redis: RedisServer, settings: Settings) -> None:
    error = asyncio.run(_extract_without_redis(redis.url, settings, redis))
    assert error is not None and "the queue's Redis failed" in str(error)


def test_health_is_503_and_says_why_while_no_worker_is_live(
    redis: RedisServer, tmp_path: Path, settings: Settings
) -> None:
    app = create_app(ServiceConfig(database=tmp_path / "jobs.db", redis_url=redis.url), settings)
    with ApiThread(app) as api, FakeServer() as fake:
        status, _, body = call("GET", f"{api.base_url}/healthz")
        health = json.loads(body)
        assert (status, health["status"], health["workers"]) == (503, "unavailable", 0)
        assert "no live `summarizer worker`" in health["problem"]
        workers = _workers(1, redis, fake, tmp_path)
        try:
            status, _, body = call("GET", f"{api.base_url}/healthz")
            health = json.loads(body)
            assert (status, health["status"], health["workers"], health["problem"]) == (200, "ok", 1, None)
        finally:
            workers[0].terminate()
            workers[0].wait(10)
