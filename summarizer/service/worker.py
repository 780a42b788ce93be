"""`summarizer worker`: take units of work from the Redis queue and run them on this machine's model.

Each unit holds a lease in Redis (arq's in-progress key) that the worker renews while the unit runs.
A worker killed mid-unit stops renewing, the lease runs out after `lease` seconds, and another worker
takes the unit: only the model calls that were in flight in the dead worker are made again, since every
answer is cached in Redis as soon as it validates. arq alone would hold the unit for its whole timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import AsyncIterator
from typing import Any

from arq.constants import in_progress_key_prefix
from arq.worker import Worker, func

from summarizer.config import Settings
from summarizer.errors import ModelError, SummarizerError, ValidationFailed
from summarizer.model.redis_store import RedisStore
from summarizer.pipeline import Summarizer
from summarizer.schemas import Article, Extraction, Failure
from summarizer.service.queue import QUEUE, WORKER_KEY, WORKER_TTL, connect, dumps, loads

log = logging.getLogger(__name__)

UNIT_TIMEOUT = 6 * 3600  # the model client's own timeouts and retries bound a unit; this only catches a hang
KEEP_RESULT = 600  # long enough for a coordinator to read it; a later job finds the answer in the cache


@contextlib.asynccontextmanager
async def _lease(ctx: dict[str, Any]) -> AsyncIterator[None]:
    """Renew this unit's in-progress key every third of the lease while it runs."""
    redis, key, lease = ctx["redis"], in_progress_key_prefix + ctx["job_id"], ctx["lease"]

    async def renew() -> None:
        while True:
            await asyncio.sleep(lease / 3)
            await redis.pexpire(key, int(lease * 1000))

    renewing = asyncio.create_task(renew())
    try:
        yield
    finally:
        renewing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await renewing


def _failure(exc: ModelError | ValidationFailed, summarizer: Summarizer, item: str) -> dict[str, Any]:
    spent: Failure = summarizer.failure(item, exc)
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
    summarizer: Summarizer = ctx["summarizer"]
    article = Article.model_validate_json(article_json)
    async with _lease(ctx):
        try:
            extraction = await summarizer.aextract(article)
        except (ModelError, ValidationFailed) as exc:
            return _failure(exc, summarizer, article.id)
        except SummarizerError as exc:  # e.g. the cache in Redis failed: the coordinator reports it
            return {"crash": str(exc)}
    return {"extraction": extraction.model_dump(mode="json")}


async def compose(ctx: dict[str, Any], payload: str) -> dict[str, Any]:
    """One story's briefing from its extracted claims: reconcile, then the writer's call."""
    summarizer: Summarizer = ctx["summarizer"]
    data = loads(payload.encode())
    async with _lease(ctx):
        try:
            briefing, usage = await summarizer.acompose(
                [Article.model_validate(a) for a in data["articles"]],
                [Extraction.model_validate(e) for e in data["extractions"]],
                [Failure.model_validate(f) for f in data["failed"]],
                story=data["story"],
                skip_writer=data["skip_writer"],
            )
        except (ModelError, ValidationFailed) as exc:
            return _failure(exc, summarizer, data["story"] or "briefing")
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


async def run_worker(
    summarizer: Summarizer, redis_url: str, *, jobs: int, lease: float = 15.0, burst: bool = False
) -> None:
    """Take units until stopped (SIGINT/SIGTERM) or, with `burst`, until the queue is empty."""
    pool = await connect(redis_url)
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
        ctx={"summarizer": summarizer, "lease": lease},
        job_serializer=dumps,
        job_deserializer=loads,
        log_results=False,
    )
    worker.in_progress_timeout_s = lease  # renewed by `_lease`, so a dead worker's units free up quickly
    presence = asyncio.create_task(_present(pool))
    try:
        await worker.async_run()
    except asyncio.CancelledError:
        log.info("worker stopped")  # SIGINT or SIGTERM: arq cancelled its units; their leases run out
    finally:
        presence.cancel()
        await pool.delete(_presence_key())
        await worker.close()
        await summarizer.aclose()


def _presence_key() -> str:
    return f"{WORKER_KEY}{socket.gethostname()}:{os.getpid()}"


async def _present(pool: Any) -> None:
    """Say this worker is alive (for /healthz and for tests waiting on workers) until cancelled."""
    while True:
        await pool.set(_presence_key(), b"1", ex=WORKER_TTL)
        await asyncio.sleep(WORKER_TTL / 3)


def worker_summarizer(settings: Settings, redis_url: str) -> Summarizer:
    """A Summarizer whose answers go to the Redis cache every worker and coordinator shares."""
    return Summarizer(settings=settings, store=RedisStore(redis_url))
