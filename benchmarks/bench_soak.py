"""Soak: 1,000 small articles briefed against a fake endpoint that fails 20% of calls in mixed ways.

The failures: 429 with Retry-After 0, 500, a timeout (the answer comes after the client gave up), an
answer that is not JSON, and a valid answer cut off half way; each 4% of calls, drawn with a fixed seed.
Every article must come out extracted or be reported as failed: articles lost beyond those reported must
be 0. Prints calls per article and seconds. Not run in CI (about a minute on 2 cores).

    python benchmarks/bench_soak.py [--articles 1000] [--per-briefing 50] [--failure-rate 0.2] [--seed 11]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import Summarizer  # noqa: E402
from summarizer.config import Settings  # noqa: E402
from summarizer.ingest.files import parse_article  # noqa: E402
from summarizer.schemas import Article, Briefing  # noqa: E402
from summarizer.testing import FakeServer, Reply, echo_answer  # noqa: E402

TOWNS = ["Port Alder", "Sil Island", "Brackwater", "Eastmere", "Holloway", "Kestrel Bay", "Marrow Hill", "Tansy"]
FAULTS = ["429", "500", "timeout", "not json", "truncated"]


def small_articles(count: int) -> list[Article]:
    """`count` short, distinct articles: three sentences with their own figures and places."""
    out = []
    for i in range(count):
        town, other = TOWNS[i % len(TOWNS)], TOWNS[(i * 3 + 1) % len(TOWNS)]
        text = (
            f"Council approves repairs in {town}\n\n"
            f"The {town} council approved {i + 3} repairs to the harbour road on Tuesday by {i % 9 + 2} votes.\n\n"
            f"Mayor Ana Ruiz said work on the road to {other} would start within {i % 11 + 2} weeks.\n\n"
            f"The repairs will cost about {(i % 40 + 1) * 25},000 dollars, the treasurer said."
        )
        out.append(parse_article(text, id=f"soak-{i:04d}"))
    return out


class Flaky:
    """Answer like `echo_answer`, but fail a share of calls, each way equally often (seeded: repeatable)."""

    def __init__(self, rate: float, seed: int, timeout: float) -> None:
        self.rate = rate
        self.timeout = timeout
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.faults: Counter[str] = Counter()

    def __call__(self, request: dict[str, Any]) -> Reply:
        with self.lock:
            fault = self.random.choice(FAULTS) if self.random.random() < self.rate else None
            self.faults[fault or "ok"] += 1
        good = echo_answer(request)
        if fault == "429":
            return Reply("slow down", status=429, headers={"Retry-After": "0"})
        if fault == "500":
            return Reply("internal error", status=500)
        if fault == "timeout":
            return Reply(good.content, delay=self.timeout * 1.5)
        if fault == "not json":
            return Reply("Sure! Here are the claims you asked for.")
        if fault == "truncated":
            return Reply((good.content or "")[: len(good.content or "") // 2])
        return good


def account(articles: list[Article], briefings: list[Briefing]) -> tuple[int, int, int]:
    """(briefed, reported as failed, lost): an article is briefed when a briefing lists it as a source."""
    briefed = {s.id for b in briefings for s in b.sources}
    reported = {f.item for b in briefings for f in b.meta.failed}
    ids = {a.id for a in articles}
    lost = ids - briefed - reported
    return len(ids & briefed), len((ids & reported) - briefed), len(lost)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--per-briefing", type=int, default=50)
    parser.add_argument("--failure-rate", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=1.0, help="seconds the client waits for one answer")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    articles = small_articles(args.articles)
    flaky = Flaky(args.failure_rate, args.seed, args.timeout)
    briefings: list[Briefing] = []
    crashed: list[str] = []
    with FakeServer(flaky) as server, tempfile.TemporaryDirectory() as cache:
        settings = Settings(
            api_key="soak", base_url=server.base_url, model="fake", cache_dir=Path(cache), no_cache=True,
            concurrency=args.concurrency, timeout=args.timeout, max_retries=4, max_reasks=2,
            retry_initial_wait=0.01, retry_max_wait=0.1,
        )  # fmt: skip
        started = time.perf_counter()
        with Summarizer(settings=settings) as summarizer:
            for first in range(0, len(articles), args.per_briefing):
                batch = articles[first : first + args.per_briefing]
                try:
                    briefings.append(summarizer.brief(batch))
                except Exception as exc:  # a soak reports what broke rather than stop at it
                    crashed.append(f"articles {first}..{first + len(batch) - 1}: {type(exc).__name__}: {exc}")
        seconds = time.perf_counter() - started
    briefed, reported, lost = account(articles, briefings)
    lost += sum(args.per_briefing for _ in crashed)
    usage = [b.meta.usage for b in briefings]
    calls, retries, reasks = (sum(getattr(u, name) for u in usage) for name in ("calls", "retries", "reasks"))
    faults = ", ".join(f"{name} {flaky.faults[name]}" for name in ["ok", *FAULTS])
    print(f"articles={args.articles} in {len(briefings)} briefings, failure rate {args.failure_rate:.0%}: {faults}")
    print(f"briefed {briefed}, reported failed {reported}, lost beyond those reported {lost} (target 0)")
    print(f"model calls {server.calls} ({server.calls / args.articles:.2f} per article; usage counts {calls}), "
          f"retries {retries}, re-asks {reasks}")  # fmt: skip
    print(f"{seconds:.1f} s ({seconds / args.articles * 1000:.1f} ms per article)")
    for line in crashed:
        print(f"crashed: {line}")
    if lost or crashed or server.calls != calls:
        sys.exit(1)


if __name__ == "__main__":
    main()
