"""Pipeline overhead: brief 50 articles at concurrency 8 against a fake endpoint with a fixed delay.

Ideal time = ceil(50 / 8) * d (extraction waves) + d (the briefing call). Prints the measured ratio
(target <= 1.15) and checks that a warm re-run makes no model call.

    python benchmarks/bench_pipeline.py [--articles 50] [--concurrency 8] [--delay 1.0]
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import Summarizer, load_articles  # noqa: E402
from summarizer.config import Settings  # noqa: E402
from summarizer.schemas import Article  # noqa: E402
from summarizer.testing import FakeServer  # noqa: E402


def synthetic_articles(count: int) -> list[Article]:
    """`count` distinct articles made from the seeds (each with its own id and an extra sentence)."""
    seeds = load_articles(ROOT / "examples" / "seeds")
    out = []
    for i in range(count):
        seed = seeds[i % len(seeds)]
        extra = f"Report number {i} was filed by desk {i % 7}."
        out.append(seed.model_copy(update={"id": f"a{i:03d}", "sentences": [*seed.sentences, extra]}))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--delay", type=float, default=1.0)
    args = parser.parse_args()
    articles = synthetic_articles(args.articles)
    ideal = math.ceil(args.articles / args.concurrency) * args.delay + args.delay
    with FakeServer(delay=args.delay) as server, tempfile.TemporaryDirectory() as cache:
        settings = Settings(
            api_key="bench", base_url=server.base_url, model="fake", cache_dir=Path(cache), concurrency=args.concurrency
        )
        with Summarizer(settings=settings) as summarizer:
            started = time.perf_counter()
            cold = summarizer.brief(articles)
            cold_s = time.perf_counter() - started
            calls = server.calls
            started = time.perf_counter()
            warm = summarizer.brief(articles)
            warm_s = time.perf_counter() - started
    print(f"articles={args.articles} concurrency={args.concurrency} delay={args.delay}s calls={calls}")
    print(f"cold: {cold_s:.2f} s, ideal {ideal:.2f} s, ratio {cold_s / ideal:.3f} (target <= 1.15)")
    print(
        f"warm: {warm_s:.3f} s, model calls {server.calls - calls} (target 0), cache hits {warm.meta.usage.cache_hits}"
    )
    print(f"sentences: {len(cold.all_sentences())}")
    if cold_s / ideal > 1.15 or server.calls != calls:
        sys.exit(1)


if __name__ == "__main__":
    main()
