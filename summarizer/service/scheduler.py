"""Scheduled daily briefings: at each configured cron time, a daily job from the schedule's sources.

A run is a job like any other (stored, resumed after a restart, listed on the reading page), made at
most once per schedule and minute even across restarts. Minutes the service was down are not made up.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable

from summarizer.daily.run import parse_since
from summarizer.service.config import Schedule
from summarizer.service.cron import Cron
from summarizer.service.jobs import Job, JobStore

log = logging.getLogger(__name__)


class Scheduler:
    def __init__(
        self,
        schedules: list[Schedule],
        jobs: JobStore,
        start: Callable[[Job], None],
        clock: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        self.schedules = [(s, Cron(s.cron)) for s in schedules]
        self.jobs = jobs
        self.start = start
        self.clock = clock

    def tick(self, moment: dt.datetime) -> list[Job]:
        """Start the runs due in `moment`'s minute; returns them."""
        minute = moment.replace(second=0, microsecond=0)
        started = []
        for schedule, cron in self.schedules:
            if cron.matches(minute):
                job = self.fire(schedule, minute)
                if job is not None:
                    started.append(job)
        return started

    def fire(self, schedule: Schedule, minute: dt.datetime) -> Job | None:
        request = {
            "sources": schedule.sources,
            "since": parse_since(schedule.since, now=minute).isoformat() if schedule.since else None,
            "max_stories": schedule.max_stories,
            "max_tokens": schedule.max_tokens,
        }
        try:
            job = self.jobs.create("daily", request, schedule=schedule.name, at=minute.isoformat())
        except KeyError:
            return None  # made already (a restart within the same minute)
        log.info("scheduled daily %s: job %s", schedule.name, job.id)
        self.start(job)
        return job

    async def run(self) -> None:
        """Tick once a minute, just after the minute turns, until cancelled."""
        last: dt.datetime | None = None
        while True:
            now = self.clock()
            minute = now.replace(second=0, microsecond=0)
            if minute != last:
                last = minute
                self.tick(minute)
            await asyncio.sleep(max(1.0, 60.5 - now.second - now.microsecond / 1e6))
