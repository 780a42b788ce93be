"""Story grouping on real news (issue 10): the product's find_stories against candidate methods, in one run.

Real set: shared/datasets/multinews-dev (30 events, one folder each, article_N.txt; reference.txt is a
summary and is left out) plus shared/seeds (one more event): 104 articles, 31 events. For each method:
B-cubed precision / recall / F1 against the folders, the number of stories, how many stories the 5 seeds
became, and the seconds it took. Robustness on smaller days: each event grouped alone (how many of the 31
split), and 20 random mixes of 2-5 events (mean B-cubed F1).

Synthetic set (benchmarks/synthetic_day.py): 1,000 and 10,000 articles (10 per story; stories of one kind
share sentence templates): seconds, B-cubed against the generator's truth, peak traced memory (tracemalloc,
a separate run so tracing does not slow the timed one); plus 1,000 articles with 200 lone stories added, to
see that lone articles are not pulled into other stories; and the peak RSS of a fresh process that groups
1,000 or 10,000 articles.

Targets (issue 10): on the real set F1 >= 0.97 with precision >= 0.98, the seeds one story; 1,000 articles
in <= 2 s, 10,000 in <= 12x that; peak memory < 500 MB.

    python benchmarks/bench_grouping.py [--shared DIR] [--quick] [--no-synthetic] [--repeat N]

Exits 0 with a note when the shared data sets are absent (CI copies shared/ beside the clone).
"""

from __future__ import annotations

import argparse
import math
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import grouping_candidates as gc  # noqa: E402

try:  # the name the product will have after the move into subpackages
    from summarizer.daily.stories import find_stories
except ImportError:
    from summarizer.stories import find_stories  # type: ignore[no-redef]

from summarizer import load_articles  # noqa: E402

Groups = list[list[Any]]
Method = Callable[[Sequence[Any]], Groups]
WINNER_THRESHOLD = gc.THRESHOLD


def current(articles: Sequence[Any]) -> Groups:
    """The product's find_stories, each story with the copies it merged away."""
    by_id = {a.id: a for a in articles}
    return [[*s.articles, *(by_id[d.id] for d in s.duplicates)] for s in find_stories(articles)]


def bcubed(groups: Groups, truth: dict[str, str]) -> tuple[float, float, float]:
    label = {a.id: k for k, group in enumerate(groups) for a in group}
    ids = list(truth)
    assert sorted(label) == sorted(ids), "a method lost or duplicated articles"
    pairs = Counter((label[i], truth[i]) for i in ids)
    size, cls = Counter(label[i] for i in ids), Counter(truth.values())
    p = sum(pairs[(label[i], truth[i])] / size[label[i]] for i in ids) / len(ids)
    r = sum(pairs[(label[i], truth[i])] / cls[truth[i]] for i in ids) / len(ids)
    return p, r, 2 * p * r / (p + r)


def real_set(shared: Path) -> tuple[list[Any], dict[str, str]] | None:
    multinews, seeds = shared / "datasets" / "multinews-dev", shared / "seeds"
    files = sorted(multinews.glob("*/article_*.txt"))
    if not files:
        return None
    seed_files = sorted(seeds.glob("*.txt")) if seeds.is_dir() else []
    articles = load_articles([*files, *seed_files])
    truth = {a.id: Path(a.source).parent.name for a in articles}
    return articles, truth


def robustness(method: Method, articles: list[Any], truth: dict[str, str]) -> tuple[int, float]:
    """(events that split when grouped alone, mean B-cubed F1 over 20 mixes of 2-5 events)."""
    events = sorted(set(truth.values()))
    split = 0
    for event in events:
        alone = [a for a in articles if truth[a.id] == event]
        split += len(method(alone)) > 1
    rng = random.Random(1)
    scores = []
    for _ in range(20):
        chosen = set(rng.sample(events, rng.randint(2, 5)))
        mix = [a for a in articles if truth[a.id] in chosen]
        scores.append(bcubed(method(mix), {a.id: truth[a.id] for a in mix})[2])
    return split, sum(scores) / len(scores)


def winner(**options: Any) -> Method:
    """The winning candidate at WINNER_THRESHOLD unless told otherwise, with the given options."""
    options.setdefault("threshold", WINNER_THRESHOLD)
    return lambda articles: gc.normalized_average_linkage(articles, **options)


def methods() -> list[tuple[str, str, Method]]:
    rows: list[tuple[str, str, Method]] = [("find_stories (current)", "0.3 cos", current)]
    try:
        import sklearn  # noqa: F401

        for d in (0.8, 0.85, 0.9):
            method: Method = lambda a, d=d: gc.sklearn_agglomerative(a, distance=d)  # noqa: E731
            rows.append(("sklearn tfidf+agglomerative", f"{d} dist", method))
    except ImportError:
        print("(scikit-learn not installed: its rows are left out)")
    for t in (0.06, 0.08, 0.1):
        method = lambda a, t=t: gc.sparse_average_linkage(a, threshold=t)  # noqa: E731
        rows.append(("sparse avg-link, plain cosine", f"{t} cos", method))
    x = f"{WINNER_THRESHOLD} x"
    rows += [
        ("normalised avg-link (winner)", x, winner()),
        ("  - without debris stripping", x, winner(debris=False)),
        ("  - without background idf", x, winner(background=False)),
        ("  - without cohesion check", x, winner(cohesion=0.0)),
        # a huge prior weight makes every article's mean PRIOR_MEAN: plain cosine >= 12 x 0.005
        ("  - without degree normalising", "0.06 cos", winner(threshold=12.0, prior=(1e9, gc.PRIOR_MEAN))),
    ]
    return rows


def table_real(articles: list[Any], truth: dict[str, str]) -> None:
    seeds = {a.id for a in articles if truth[a.id] == "seeds"}
    gc.background_idf("the")  # load the word list once (about 0.5 s), outside the timings
    print(f"\nReal set: {len(articles)} articles, {len(set(truth.values()))} events")
    print(
        f"{'method':34} {'threshold':>9} {'P':>6} {'R':>6} {'F1':>6} {'stories':>7} {'seeds':>5} {'s':>6} "
        f"{'alone split':>11} {'mixes F1':>8}"
    )
    for name, threshold, method in methods():
        started = time.perf_counter()
        groups = method(articles)
        seconds = time.perf_counter() - started
        p, r, f = bcubed(groups, truth)
        seed_groups = sum(1 for g in groups if any(a.id in seeds for a in g))
        split, mixes = robustness(method, articles, truth)
        print(
            f"{name:34} {threshold:>9} {p:6.3f} {r:6.3f} {f:6.3f} {len(groups):7d} {seed_groups:5d} {seconds:6.2f} "
            f"{split:>8}/{len(set(truth.values()))} {mixes:8.3f}",
            flush=True,
        )
    print("\nWinner's threshold curve (x = times each pair's geometric-mean background similarity).")
    print("lone-day P: precision on a synthetic day of 1,000 articles plus 200 one-article stories (see below).")
    print(
        f"{'threshold':>9} {'P':>6} {'R':>6} {'F1':>6} {'stories':>7} {'alone split':>11} {'mixes F1':>8} "
        f"{'lone-day P':>10}  F1 at cohesion 0.2 / 0.6"
    )
    events = len(set(truth.values()))
    lone_day = lone_day_articles()
    lone_truth = {a.id: a.id.split("-")[0] for a in lone_day}
    for t in (1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0, 7.0, 8.0):
        method = winner(threshold=t)
        groups = method(articles)
        p, r, f = bcubed(groups, truth)
        split, mixes = robustness(method, articles, truth)
        lone_p = bcubed(method(lone_day), lone_truth)[0]
        low = bcubed(winner(threshold=t, cohesion=0.2)(articles), truth)[2]
        high = bcubed(winner(threshold=t, cohesion=0.6)(articles), truth)[2]
        print(
            f"{t:9.1f} {p:6.3f} {r:6.3f} {f:6.3f} {len(groups):7d} {split:>8}/{events} {mixes:8.3f} {lone_p:10.3f}  "
            f"{low:.3f} / {high:.3f}"
        )


def lone_day_articles() -> list[Any]:
    """synthetic_day(100, 10) plus 200 one-article stories (ids 'lone...')."""
    from synthetic_day import synthetic_day

    lone = [a.model_copy(update={"id": "lone" + a.id}) for a in synthetic_day(200, 1, seed=8)]
    return [*synthetic_day(100, 10), *lone]


def synthetic(quick: bool, repeat: int) -> None:
    from synthetic_day import synthetic_day

    print("\nSynthetic days (10 articles a story; stories of one kind share templates)")
    print(f"{'method':34} {'articles':>8} {'s':>6} {'P':>6} {'R':>6} {'F1':>6} {'groups':>6} {'peak MB':>7}")
    days = [("", synthetic_day(100, 10)), (" +200 lone", lone_day_articles())]
    if not quick:
        days.append(("", synthetic_day(1000, 10)))
    rows: list[tuple[str, Method]] = [
        ("find_stories (current)", current),
        ("normalised avg-link (winner)", winner()),
        ("  - without cohesion check", winner(cohesion=0.0)),
    ]
    gc.background_idf("the")  # load the word list once, outside the timings (about 0.5 s)
    for name, method in rows:
        times = {}
        for label, articles in days:
            truth = {a.id: a.id.split("-")[0] for a in articles}
            seconds = math.inf
            for _ in range(repeat):  # the best of `repeat` runs: other work on the machine only adds time
                started = time.perf_counter()
                groups = method(articles)
                seconds = min(seconds, time.perf_counter() - started)
            times[len(articles)] = seconds
            p, r, f = bcubed(groups, truth)
            tracemalloc.start()
            method(articles)
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            print(
                f"{name:34} {len(articles):>8,}{label} {seconds:6.2f} {p:6.3f} {r:6.3f} {f:6.3f} {len(groups):6d} "
                f"{peak:7.0f}"
            )
        if 10_000 in times:
            print(f"{'':34} 1,000 -> 10,000 time ratio {times[10_000] / times[1000]:.1f} (target <= 12)")
    for n in (1000,) if quick else (1000, 10_000):
        for name, flag in (("find_stories (current)", "current"), ("normalised avg-link (winner)", "winner")):
            child = [sys.executable, __file__, "--rss-child", flag, str(n)]
            print(
                f"{name:34} {n:>8,}: {subprocess.run(child, check=True, capture_output=True, text=True).stdout.strip()}"
            )


def peak_rss() -> float:
    """This process's peak resident memory in MB: VmHWM (ru_maxrss would carry the parent's over a fork)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_child(method: str, n: int) -> None:
    """Peak RSS of a fresh process that builds a synthetic day of n articles and groups it."""
    from synthetic_day import synthetic_day

    articles = synthetic_day(n // 10, 10)
    if method == "winner":
        gc.background_idf("the")  # the word list is part of the method's footprint
    before = peak_rss()
    (current if method == "current" else winner())(articles)
    after = peak_rss()
    print(f"process peak RSS {after:.0f} MB (articles and libraries loaded: {before:.0f} MB; target < 500)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared/ folder")
    parser.add_argument("--quick", action="store_true", help="synthetic 1,000 only, not 10,000")
    parser.add_argument("--no-synthetic", action="store_true")
    parser.add_argument(
        "--repeat", type=int, default=1, help="time each synthetic grouping this many times, keep the best"
    )
    parser.add_argument("--rss-child", nargs=2, metavar=("METHOD", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        rss_child(args.rss_child[0], int(args.rss_child[1]))
        return
    loaded = real_set(args.shared)
    if loaded is None:
        print(f"no multinews-dev under {args.shared}/datasets: the real-set table is skipped")
    else:
        table_real(*loaded)
    if not args.no_synthetic:
        synthetic(args.quick, args.repeat)


if __name__ == "__main__":
    main()
