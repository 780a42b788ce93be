"""What a running API process holds: its job store, answer cache, executor, runner and schedules."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Literal

from summarizer.config import Settings
from summarizer.daily.memory import StoryMemory
from summarizer.ingest.fetch import FetchLimits
from summarizer.model.redis_store import RedisStore
from summarizer.model.store import AnswerStore
from summarizer.runtime import Runtime, default_store
from summarizer.service.config import ServiceConfig
from summarizer.service.jobs import JobStore
from summarizer.service.queue import QueueExecutor
from summarizer.service.runner import Runner
from summarizer.service.scheduler import Scheduler
from summarizer.service.security import FailureLimiter, RateLimiter
from summarizer.service.units import InProcessExecutor, ServiceExecutor

log = logging.getLogger(__name__)

QUEUED_CONCURRENCY = 256  # with workers, units queue up in Redis and the workers' slots bound the calls


def fetch_limits(config: ServiceConfig) -> FetchLimits:
    """The daily fetcher's limits; loopback and private addresses only when the config opts in."""
    return FetchLimits(
        allow_private_hosts=config.allow_private_hosts,
        private_hosts_hint="allow_private_hosts: true in the service config",
    )


def preflight(config: ServiceConfig, settings: Settings) -> None:
    """Open what the service needs before serving, so a bad path or an unreachable Redis is one clear line.

    A job store named in the config whose folder does not exist yet is made, and said: a typo in `database:`
    would otherwise start an empty service somewhere unexpected without a word.
    """
    if config.database is not None and not config.database.parent.exists():
        log.warning(
            "the job store's folder %s did not exist: made it (%s)", config.database.parent, config.origin("database")
        )
    JobStore(config.database or settings.cache_dir / "service" / "jobs.db").close()
    if config.redis_url:
        RedisStore(config.redis_url).close()


def answer_store(config: ServiceConfig, settings: Settings) -> AnswerStore:
    if config.redis_url:
        return RedisStore(config.redis_url)
    return default_store(settings)


@dataclass
class Service:
    config: ServiceConfig
    settings: Settings
    jobs: JobStore
    answers: AnswerStore
    executor: ServiceExecutor
    runner: Runner
    limiter: RateLimiter
    sign_ins: FailureLimiter
    queue_kind: Literal["in-process", "redis"]
    loop: asyncio.AbstractEventLoop
    scheduler: Scheduler | None = None
    _schedules: asyncio.Task[None] | None = None

    @classmethod
    async def start(cls, config: ServiceConfig, settings: Settings) -> Service:
        database = config.database or settings.cache_dir / "service" / "jobs.db"
        jobs = JobStore(database)
        answers = answer_store(config, settings)
        runtime = Runtime(settings, store=answers)  # the model, prompts and store the executor works with
        executor: ServiceExecutor
        if config.redis_url:
            executor = await QueueExecutor.connect(config.redis_url, runtime, config.origin("redis_url"))
            settings = settings.model_copy(update={"concurrency": QUEUED_CONCURRENCY})
        else:
            executor = InProcessExecutor(runtime)
        memory = StoryMemory(database.parent / "memory.db")  # what earlier dailies told, beside the jobs
        runner = Runner(jobs, settings, answers, executor, fetch_limits(config), memory)
        limits = config.limits
        service = cls(
            config=config,
            settings=settings,
            jobs=jobs,
            answers=answers,
            executor=executor,
            runner=runner,
            limiter=RateLimiter(limits.rate_per_minute, limits.rate_burst),
            sign_ins=FailureLimiter(limits.auth_failures, limits.auth_window),
            queue_kind="redis" if config.redis_url else "in-process",
            loop=asyncio.get_running_loop(),
        )
        if resumed := runner.resume():
            log.warning("resumed %d unfinished job(s)", resumed)
        if config.schedules:
            service.scheduler = Scheduler(config.schedules, jobs, runner.start)
            service._schedules = asyncio.create_task(service.scheduler.run())
        return service

    async def stop(self) -> None:
        if self._schedules is not None:
            self._schedules.cancel()
        await self.runner.stop()
        await self.executor.close()
        self.answers.close()
        self.jobs.close()
