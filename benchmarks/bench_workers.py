"""Scale-out on Redis: extraction throughput with 1, 2 and 4 `summarizer worker` processes.

Each worker runs --concurrency S units at once against a fake endpoint that answers after a fixed delay
d, so W workers can at best finish W * S / d units a second (ideal). The coordinator (this process)
queues N distinct articles through the service's QueueExecutor, exactly as the API does, and waits for
every extraction. Redis and the answer cache start empty for each run. Target: 4 workers >= 3.5x one.

The delay stands for a model call (seconds, not milliseconds): on 2 cores, each unit's own CPU work
(request, validation, claim annotation: ~15 ms) would otherwise be what is measured. Measured on
2026-12-02 with other work loading the machine (load average ~5): 3.7, 7.4 and 13.1 articles/s,
93%, 92% and 82% of ideal; 4 workers / 1 = 3.52x.

    python benchmarks/bench_workers.py [--articles 256] [--delay 2] [--slots 8] [--workers 1 2 4]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.config import Settings  # noqa: E402
from summarizer.ingest.files import parse_article  # noqa: E402
from summarizer.model.redis_store import RedisStore  # noqa: E402
from summarizer.runtime import Runtime  # noqa: E402
from summarizer.schemas import Article  # noqa: E402
from summarizer.service.queue import QueueExecutor, connect, live_workers  # noqa: E402
from summarizer.service.testing import RedisServer, missing, summarizer_process  # noqa: E402
from summarizer.testing import FakeServer  # noqa: E402


def articles(count: int, salt: str) -> list[Article]:
    """Distinct articles (each its own cache key), six numbered sentences each."""
    out = []
    for n in range(count):
        said = [f"Officials in Town{n} said {n * 7 + k} left on day {k} of the {salt} flood." for k in range(6)]
        text = "\n\n".join(said)
        out.append(parse_article(text, id=f"a{n:04d}", meta={"title": f"Flood in Town{n}", "published": "2026-11-21"}))
    return out


async def _extract_all(url: str, settings: Settings, batch: list[Article]) -> float:
    runtime = Runtime(settings, store=RedisStore(url))
    executor = await QueueExecutor.connect(url, runtime)
    try:
        started = time.perf_counter()
        await asyncio.gather(*(executor.extract(a) for a in batch))
        return time.perf_counter() - started
    finally:
        await executor.close()
        runtime.close()


async def _until_workers(url: str, count: int) -> None:
    pool = await connect(url)
    try:
        for _ in range(600):
            if await live_workers(pool) >= count:
                return
            await asyncio.sleep(0.05)
        raise TimeoutError(f"{count} workers did not start within 30 s")
    finally:
        await pool.aclose()


def run(workers: int, count: int, delay: float, slots: int, fake: FakeServer, tmp: Path) -> float:
    """Units a second with `workers` workers, each run on a fresh Redis."""
    with RedisServer() as redis:
        env = {"OPENAI_BASE_URL": fake.base_url, "OPENAI_API_KEY": "bench", "SUMMARIZER_MODEL": "fake",
               "SUMMARIZER_CACHE_DIR": str(tmp / "cache"), "SUMMARIZER_CONCURRENCY": str(slots)}  # fmt: skip
        procs = [summarizer_process("-q", "worker", "--redis-url", redis.url, env=env) for _ in range(workers)]
        try:
            asyncio.run(_until_workers(redis.url, workers))
            settings = Settings(api_key="bench", base_url=fake.base_url, model="fake", cache_dir=tmp / "cache")
            before = fake.calls
            seconds = asyncio.run(_extract_all(redis.url, settings, articles(count, f"w{workers}")))
            assert fake.calls - before == count, f"{fake.calls - before} calls for {count} articles"
            return count / seconds
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=256)
    parser.add_argument("--delay", type=float, default=2.0, help="seconds the fake endpoint takes per call")
    parser.add_argument("--slots", type=int, default=8, help="units each worker runs at once")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    if reason := missing("redis-server"):
        sys.exit(f"skipped: {reason}")
    print(f"{args.articles} articles, fake endpoint {args.delay:g} s per call, {args.slots} units per worker, "
          f"{os.cpu_count()} cores")  # fmt: skip
    rates = {}
    with FakeServer(delay=args.delay) as fake, tempfile.TemporaryDirectory() as tmp:
        for workers in args.workers:
            rate = run(workers, args.articles, args.delay, args.slots, fake, Path(tmp))
            ideal = workers * args.slots / args.delay
            rates[workers] = rate
            print(f"{workers} worker(s): {rate:6.1f} articles/s  (ideal {ideal:5.1f}; {rate / ideal:.0%} of ideal)")
    if 1 in rates:
        for workers, rate in rates.items():
            if workers > 1:
                print(f"{workers} workers / 1 worker: {rate / rates[1]:.2f}x (ideal {workers}x)")


if __name__ == "__main__":
    main()
