"""Run a coroutine to completion from sync code, inside or outside a running event loop.

`asyncio.run` refuses to start while a loop runs in the same thread (Jupyter, an async web handler calling
a sync library). Then the coroutine runs on a fresh loop in a worker thread and this thread waits for it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_sync(job: Coroutine[Any, Any, T]) -> T:
    """Run `job` and return its result; works whether or not this thread already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(job)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="summarizer-sync") as pool:
        return pool.submit(asyncio.run, job).result()
