"""`summarizer worker`: run units of work (extractions, story briefings) from the Redis queue."""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Annotated

import typer

from summarizer.cli._common import ENDPOINT, RunOptions, domain_errors, err, log_handler, run_options
from summarizer.errors import ConfigError

EXTRA = "pip install 'cited-news-summarizer[service]'"


@run_options(*ENDPOINT, "concurrency", "cache_dir")
def worker(
    redis_url: Annotated[str | None, typer.Option(help="The queue's Redis (env SUMMARIZER_REDIS_URL).")] = None,
    lease: Annotated[
        float, typer.Option(help="Seconds before a dead worker's unit is taken by another; renewed while it runs.")
    ] = 15.0,
    burst: Annotated[bool, typer.Option(help="Stop when the queue is empty.")] = False,
    *,
    options: RunOptions,
) -> None:
    """Take units of work from the Redis queue that `summarizer api` fills; run as many as you like, anywhere.

    Each runs `--concurrency` units at once (default: SUMMARIZER_CONCURRENCY) and caches answers in Redis.
    """
    with domain_errors(options.debug):
        try:
            from summarizer.service.worker import run_worker, worker_runtime
        except ImportError as exc:
            raise ConfigError(f"workers need the service extra: {EXTRA} ({exc})") from None
        url = redis_url or os.environ.get("SUMMARIZER_REDIS_URL", "").strip()
        if not url:
            raise ConfigError("no Redis to take work from: set SUMMARIZER_REDIS_URL or --redis-url")
        settings = options.settings()
        # Warnings and errors; -v (set up by the app's callback) adds per-request lines, which at
        # hundreds of units a second cost real CPU.
        logging.basicConfig(level=logging.WARNING, handlers=[log_handler()])
        runtime = worker_runtime(settings, url)
        slots = settings.resolved_concurrency()
        err.print(f"worker taking {slots} unit(s) at a time from the queue", markup=False)
        asyncio.run(run_worker(runtime, url, jobs=slots, lease=lease, burst=burst))
