"""`summarizer worker`: take units of work from the Redis queue and run them on this machine's model.

Each unit holds a lease in Redis (arq's in-progress key) that the worker renews from a thread while it runs.
A worker killed mid-unit stops renewing, the lease runs out after `lease` seconds, and another worker
takes the unit: only the model calls that were in flight in the dead worker are made again, since every
answer is cached in Redis as soon as it validates. arq alone would hold the unit for its whole timeout.
What each run of a unit spends is written to a ledger in Redis as it goes (`summarizer.model.ledger`), so the
run that finishes it reports the dead worker's calls too, not the answers they cached as cache hits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import threading
from collections.abc import Iterator
from typing import Any

import redis
from arq.constants import in_progress_key_prefix
from arq.worker import Worker, func

from summarizer.config import Settings
from summarizer.errors import ConfigError, ModelError, SummarizerError, ValidationFailed
from summarizer.model.ledger import keeping
from summarizer.model.redis_store import RedisStore
from summarizer.pipeline import InProcess
from summarizer.runtime import Runtime
from summarizer.schemas import Article, Failure
from summarizer.service.queue import QUEUE, WORKER_KEY, WORKER_TTL, compose_unit, connect, dumps, loads

log = logging.getLogger(__name__)

UNIT_TIMEOUT = 2 * 3600  # the model client's own timeouts and retries bound a unit; this catches a hang
KEEP_RESULT = 600  # long enough for a coordinator to read it; a later job finds the answer in the cache
SPENT_KEY = "summarizer:spent:"  # + unit id: a hash of what each run of the unit spent, until one finishes it


class _Leases:
    """Renews the in-progress keys of this worker's running units, from a thread of its own.

    Not from the event loop: a unit's CPU-bound stretch (reconciling a 300-article story takes seconds)
    would delay the renewal, the lease would lapse and a second worker would run the same unit.
    A thread gets the interpreter every few milliseconds whatever the loop is doing.
    """

    def __init__(self, url: str, lease: float) -> None:
        self.lease = lease
        self._redis = redis.Redis.from_url(url, socket_timeout=lease / 3)
        self._keys: set[str] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._renew, name="summarizer-leases", daemon=True)
        self._thread.start()

    @contextlib.contextmanager
    def held(self, job_id: str) -> Iterator[None]:
        key = in_progress_key_prefix + job_id
        with self._lock:
            self._keys.add(key)
        try:
            yield
        finally:
            with self._lock:
                self._keys.discard(key)

    def _renew(self) -> None:
        while not self._stop.wait(self.lease / 3):
            with self._lock:
                keys = list(self._keys)
            if not keys:
                continue
            pipe = self._redis.pipeline(transaction=False)
            for key in keys:
                pipe.pexpire(key, int(self.lease * 1000))  # a key already gone (unit finished) stays gone
            try:
                pipe.execute()
            except redis.RedisError as exc:
                log.warning("could not renew %d lease(s): %s", len(keys), exc)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._redis.close()


class _SpentInRedis:
    """A unit's ledger entries in a Redis hash; kept a day after the last write, should no run ever finish it."""

    def __init__(self, client: redis.Redis, unit: str) -> None:
        self._redis = client
        self._key = SPENT_KEY + unit

    def load(self) -> list[str]:
        with _ledger_errors():
            values = self._redis.hvals(self._key)
        assert isinstance(values, list)  # the sync client answers at once
        return [value.decode() for value in values]

    def save(self, entry: str, value: str) -> None:
        with _ledger_errors():
            pipe = self._redis.pipeline(transaction=False)
            pipe.hset(self._key, entry, value)
            pipe.expire(self._key, 86400)
            pipe.execute()

    def clear(self) -> None:
        with _ledger_errors():
            self._redis.delete(self._key)


@contextlib.contextmanager
def _ledger_errors() -> Iterator[None]:
    try:
        yield
    except redis.RedisError as exc:
        raise ConfigError(f"the queue's Redis failed keeping a unit's usage: {exc}") from None


def _failure(exc: ModelError | ValidationFailed, runtime: Runtime, item: str) -> dict[str, Any]:
    spent: Failure = runtime.failure(item, exc)
    return {
        "failure": {
            "kind": "validation" if isinstance(exc, ValidationFailed) else "model",
            "message": str(exc),
            "attempts": exc.attempts,
            "usage": spent.usage.model_dump(),
        }
    }


async def extract(ctx: dict[str, Any], article_json: str) -> dict[str, Any]:
    """One article's extraction; its answer lands in the shared cache."""
    runtime: Runtime = ctx["runtime"]
    article = Article.model_validate_json(article_json)
    with ctx["leases"].held(ctx["job_id"]):
        try:
            with keeping(_SpentInRedis(ctx["ledgers"], ctx["job_id"])):
                extraction = await InProcess(runtime).extract(article)
        except (ModelError, ValidationFailed) as exc:
            return _failure(exc, runtime, article.id)
        except SummarizerError as exc:  # e.g. the cache in Redis failed: the coordinator reports it
            return {"crash": str(exc)}
    return {"extraction": extraction.model_dump(mode="json")}


async def compose(ctx: dict[str, Any], payload: str) -> dict[str, Any]:
    """One story's briefing from its extracted claims: reconcile, then the writer's call."""
    runtime: Runtime = ctx["runtime"]
    story, skip_writer = compose_unit(loads(payload.encode()))
    with ctx["leases"].held(ctx["job_id"]):
        try:
            with keeping(_SpentInRedis(ctx["ledgers"], ctx["job_id"])):
                briefing, usage = await InProcess(runtime).compose(story, skip_writer=skip_writer)
        except (ModelError, ValidationFailed) as exc:
            return _failure(exc, runtime, story.headline or "briefing")
        except SummarizerError as exc:
            return {"crash": str(exc)}
    return {"briefing": briefing.model_dump(mode="json"), "usage": usage.model_dump()}


class _Worker(Worker):
    """arq's worker, finding free units in one round trip.

    arq checks the ids at the head of the queue one by one, three round trips each, and the head is
    mostly units already running on some worker: with 4 workers of 8 slots, every freed slot cost
    about 100 round trips before its next unit started. One pipelined EXISTS over the batch drops the
    running ones first; arq's own check still guards the race with another worker.
    """

    async def start_jobs(self, job_ids: list[bytes]) -> None:
        if len(job_ids) > 1:
            async with self.pool.pipeline(transaction=False) as pipe:
                for job_id in job_ids:
                    pipe.exists(in_progress_key_prefix + job_id.decode())
                running = await pipe.execute()
            job_ids = [job_id for job_id, busy in zip(job_ids, running, strict=True) if not busy]
        await super().start_jobs(job_ids)


async def run_worker(runtime: Runtime, redis_url: str, *, jobs: int, lease: float = 15.0, burst: bool = False) -> None:
    """Take units until stopped (SIGINT/SIGTERM) or, with `burst`, until the queue is empty."""
    pool = await connect(redis_url)
    leases = _Leases(redis_url, lease)
    ledgers = redis.Redis.from_url(redis_url, socket_connect_timeout=5, socket_timeout=30)
    worker = _Worker(
        functions=[func(extract, name="extract"), func(compose, name="compose")],
        queue_name=QUEUE,
        redis_pool=pool,
        burst=burst,
        max_jobs=jobs,
        job_timeout=UNIT_TIMEOUT,
        keep_result=KEEP_RESULT,
        poll_delay=0.05,  # a freed slot waits at most this long for its next unit
        max_tries=5,
        ctx={"runtime": runtime, "leases": leases, "ledgers": ledgers},
        job_serializer=dumps,
        job_deserializer=loads,
        log_results=False,
    )
    worker.in_progress_timeout_s = lease  # renewed by `_Leases`, so a dead worker's units free up quickly
    presence = asyncio.create_task(_present(pool))
    try:
        await worker.async_run()
    except asyncio.CancelledError:
        log.info("worker stopped")  # SIGINT or SIGTERM: arq cancelled its units; their leases run out
    finally:
        presence.cancel()
        leases.close()
        ledgers.close()
        await pool.delete(_presence_key())
        await worker.close()
        await runtime.aclose()


def _presence_key() -> str:
    return f"{WORKER_KEY}{socket.gethostname()}:{os.getpid()}"


async def _present(pool: Any) -> None:
    """Say this worker is alive (for /healthz and for tests waiting on workers) until cancelled."""
    while True:
        await pool.set(_presence_key(), b"1", ex=WORKER_TTL)
        await asyncio.sleep(WORKER_TTL / 3)


def worker_runtime(settings: Settings, redis_url: str) -> Runtime:
    """A runtime whose answers go to the Redis cache every worker and coordinator shares."""
    return Runtime(settings, store=RedisStore(redis_url))
