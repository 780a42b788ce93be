"""Units of work through Redis (arq): the coordinator's side. Workers are in `summarizer.service.worker`.

An article's extraction is queued under its answer-cache key, so the queue holds one unit per distinct
request however many jobs, retries or restarted coordinators ask for it, and a unit whose answer exists
is answered at once. A story's briefing is queued under a hash of everything it is made from.

Results are read by one poller for all waiting units (one MGET per tick) rather than a poll per unit.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Iterator
from typing import Any

from arq.connections import ArqRedis, RedisSettings, create_pool
from arq.constants import job_key_prefix, result_key_prefix
from arq.jobs import JobResult, deserialize_result
from redis.exceptions import RedisError

from summarizer._version import build_id
from summarizer.claims.extract import extract_article
from summarizer.errors import ConfigError, ModelError, ValidationFailed
from summarizer.model.client import ModelClient, build_client
from summarizer.pipeline import Scheduler, StoryInput
from summarizer.runtime import Runtime
from summarizer.schemas import Article, Briefing, Extraction, Failure, Usage

log = logging.getLogger(__name__)

QUEUE = "summarizer:queue"
WORKER_KEY = "summarizer:worker:"  # + host:pid, renewed by each live worker
WORKER_TTL = 15
POLL_SECONDS = 0.05
LOST_CHECK_SECONDS = 5.0


def dumps(data: dict[str, Any]) -> bytes:
    """Jobs and results travel as JSON: arq's default, pickle, would let anyone who can write to Redis run code."""
    return json.dumps(data, separators=(",", ":")).encode()


def loads(raw: bytes) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(raw)
    return data


async def connect(url: str, origin: str = "SUMMARIZER_REDIS_URL") -> ArqRedis:
    try:
        pool = await create_pool(
            RedisSettings.from_dsn(url), job_serializer=dumps, job_deserializer=loads, default_queue_name=QUEUE
        )
    except (OSError, ValueError, RedisError) as exc:  # redis's ConnectionError is not an OSError
        raise ConfigError(f"cannot reach Redis for the queue: {exc}; check {origin}") from None
    return pool


async def live_workers(pool: ArqRedis) -> int:
    """How many workers renewed their presence key in the last WORKER_TTL seconds."""
    return len([key async for key in pool.scan_iter(match=WORKER_KEY + "*", count=1000)])


@contextlib.contextmanager
def _redis_errors() -> Iterator[None]:
    """Redis failing mid-job is a deployment problem: one clear error, not a client library's traceback."""
    try:
        yield
    except (OSError, RedisError) as exc:
        raise ConfigError(f"the queue's Redis failed: {exc}") from None


class _KeyFound(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


class _KeyProbe:
    """An AnswerStore that stops the request at its first cache lookup, to learn the exact cache key."""

    def get(self, key: str) -> str | None:
        raise _KeyFound(key)

    def set(self, key: str, answer: str, *, label: str) -> None:
        pass

    def close(self) -> None:
        pass


class _Lost(Exception):
    """A unit vanished from Redis (expired, or Redis restarted empty) before giving a result."""


class _Results:
    """Waits for many units' results with one poller."""

    def __init__(self, pool: ArqRedis) -> None:
        self.pool = pool
        self.waiting: dict[str, list[asyncio.Future[JobResult]]] = {}
        self._task: asyncio.Task[None] | None = None

    async def wait(self, job_id: str) -> JobResult:
        future: asyncio.Future[JobResult] = asyncio.get_running_loop().create_future()
        self.waiting.setdefault(job_id, []).append(future)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._poll())
        return await future

    def _deliver(self, job_id: str, result: JobResult | None) -> None:
        for future in self.waiting.pop(job_id, []):
            if future.done():
                continue
            if result is None:
                future.set_exception(_Lost(job_id))
            else:
                future.set_result(result)

    async def _poll(self) -> None:
        try:
            with _redis_errors():
                await self._poll_until_done()
        except ConfigError as error:  # every waiter fails with the reason, none waits forever
            for futures in self.waiting.values():
                for future in futures:
                    if not future.done():
                        future.set_exception(error)
            self.waiting.clear()

    async def _poll_until_done(self) -> None:
        loop = asyncio.get_running_loop()
        checked = loop.time()
        while self.waiting:
            ids = list(self.waiting)
            for job_id, raw in zip(ids, await self.pool.mget([result_key_prefix + i for i in ids]), strict=True):
                if raw is not None:
                    self._deliver(job_id, deserialize_result(raw, deserializer=loads))
            if loop.time() - checked > LOST_CHECK_SECONDS:
                checked = loop.time()
                await self._find_lost()
            await asyncio.sleep(POLL_SECONDS)

    async def _find_lost(self) -> None:
        ids = list(self.waiting)
        async with self.pool.pipeline(transaction=False) as pipe:
            for job_id in ids:
                pipe.exists(job_key_prefix + job_id)
                pipe.get(result_key_prefix + job_id)  # after the job key: finishing removes one and sets the other
            found = await pipe.execute()
        for job_id, exists, raw in zip(ids, found[::2], found[1::2], strict=True):
            if not exists:
                self._deliver(job_id, deserialize_result(raw, deserializer=loads) if raw else None)


class QueueExecutor:
    """Sends units to `summarizer worker` processes through Redis and waits for their results."""

    def __init__(self, pool: ArqRedis, runtime: Runtime) -> None:
        self.pool = pool
        self.runtime = runtime  # for the model settings and prompts that make the cache keys; it never calls
        self._prober = ModelClient(runtime.settings, build_client(runtime.settings), runtime.model, _KeyProbe())
        self._results = _Results(pool)

    @classmethod
    async def connect(cls, url: str, runtime: Runtime, origin: str = "SUMMARIZER_REDIS_URL") -> QueueExecutor:
        return cls(await connect(url, origin), runtime)

    async def workers(self) -> int:
        with _redis_errors():
            return await live_workers(self.pool)

    async def extraction_key(self, article: Article) -> str:
        """The answer-cache key of the article's extraction request, computed by the request code itself."""
        try:
            await extract_article(self._prober, self.runtime.extract_prompt, article)
        except _KeyFound as found:
            return found.key
        raise AssertionError("the extraction asked no cache before calling the model")  # pragma: no cover

    async def _run(self, function: str, payload: str, key: str) -> tuple[dict[str, Any], bool]:
        """Queue a unit (or join the one already queued under `key`); its result and whether we queued it."""
        for _ in range(3):
            with _redis_errors():
                ours = await self.pool.enqueue_job(function, payload, _job_id=key) is not None
            try:
                result = await self._results.wait(key)
            except _Lost:
                log.warning("unit %s of %s vanished from Redis; queueing it again", key[:12], function)
                continue
            failed = not result.success or not isinstance(result.result, dict)
            if failed or "failure" in result.result or "crash" in result.result:
                with _redis_errors():
                    await self.pool.delete(result_key_prefix + key)  # a later job tries again
            if failed:
                raise ModelError(f"a worker could not run the {function} unit: {result.result}", item=function)
            return result.result, ours
        raise ModelError(f"the {function} unit was lost three times: is Redis keeping its data?", item=function)

    async def extract(self, article: Article) -> Extraction:
        key = await self.extraction_key(article)
        result, ours = await self._run("extract", article.model_dump_json(), key)
        _raise_failure(result, article.id)
        extraction = Extraction.model_validate(result["extraction"])
        if not ours:  # another job's unit answered: this job paid nothing for it
            extraction.usage = Usage(cache_hits=1)
        return _relabel(extraction, article)

    async def compose(
        self, story: StoryInput, *, skip_writer: str | None = None, schedule: Scheduler | None = None
    ) -> tuple[Briefing, Usage]:
        payload = compose_payload(story, skip_writer)
        key = self.runtime.key("story briefing", payload=payload, code=build_id())  # composed by this code

        async def send() -> tuple[dict[str, Any], bool]:
            return await self._run("compose", payload, key)

        result, _ = await (schedule(send) if schedule else send())
        _raise_failure(result, story.headline or "briefing")
        return Briefing.model_validate(result["briefing"]), Usage.model_validate(result["usage"])

    async def close(self) -> None:
        await self._prober.client.close()
        await self.pool.aclose()


def compose_payload(story: StoryInput, skip_writer: str | None) -> str:
    """A story's briefing unit as it travels to a worker (and, hashed, the key it is queued under)."""
    return json.dumps(
        {
            "articles": [a.model_dump(mode="json") for a in story.articles],
            "extractions": [e.model_dump(mode="json") for e in story.extractions],
            "failed": [f.model_dump(mode="json") for f in story.failed],
            "story": story.headline,
            "known": list(story.known),
            "skip_writer": skip_writer,
        }
    )


def compose_unit(data: dict[str, Any]) -> tuple[StoryInput, str | None]:
    """The story and why not to ask the writer (or None), from a unit's payload (`compose_payload`)."""
    story = StoryInput(
        [Article.model_validate(a) for a in data["articles"]],
        [Extraction.model_validate(e) for e in data["extractions"]],
        [Failure.model_validate(f) for f in data["failed"]],
        data["story"],
        tuple(data.get("known", ())),
    )
    return story, data["skip_writer"]


def _raise_failure(result: dict[str, Any], item: str) -> None:
    """A worker's failure as the error the pipeline expects from the model call it stands for."""
    if crash := result.get("crash"):
        raise ModelError(f"{item}: a worker failed: {crash}", item=item)
    if failure := result.get("failure"):
        message, attempts = str(failure["message"]), int(failure.get("attempts", 1))
        if failure.get("kind") == "validation":
            usage = Usage.model_validate(failure.get("usage") or {})
            raise ValidationFailed(message, attempts=attempts, item=item, usage=usage)
        raise ModelError(message, attempts=attempts, item=item)


def _relabel(extraction: Extraction, article: Article) -> Extraction:
    """An answer made for another article with the very same text (a syndicated copy), named for this one.

    Claim ids are the article id and a suffix (`<article>:c3`), so the suffix is kept.
    """
    if extraction.article_id == article.id:
        return extraction
    old = extraction.article_id
    claims = [
        c.model_copy(update={"id": article.id + c.id.removeprefix(old), "article_id": article.id})
        for c in extraction.claims
    ]
    return extraction.model_copy(update={"article_id": article.id, "claims": claims})
