"""What a reader trips on, counted on the briefing of every labelled set, the seeds and every dev event.

Each briefing is the one a run with no writer publishes (the facts in their own words), from article sentences
standing in for claims (no model; the default) or from the embedded model's own claims (`--claims cached`: the
labelled sets' cassettes, else the answer cache; a set not cached is named and skipped; and then the daily of
the seeds and every dev event, as a morning run groups and briefs them), checked by
summarizer.evaluation.reader: dangling openers, page clutter stated as facts (tickers, link lists, captions,
datelines), cut-off sentences, captions or datelines as titles, bullets that retell each other. Prints the
defects per set, then examples of each rule.

    python benchmarks/reader_check.py [DEV_FOLDER] [--claims sentences|cached] [--examples N]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_content import cached_settings, claims_for  # noqa: E402

from summarizer import Summarizer, load_articles  # noqa: E402
from summarizer.config import Settings  # noqa: E402
from summarizer.daily.run import brief_daily  # noqa: E402
from summarizer.evaluation.reader import Defect, defects  # noqa: E402
from summarizer.evaluation.run import cassette_path  # noqa: E402
from summarizer.model.store import Cassette, DiskStore  # noqa: E402
from summarizer.pipeline import StoryInput  # noqa: E402
from summarizer.pipeline.steps import compose_story  # noqa: E402
from summarizer.runtime import Runtime  # noqa: E402
from summarizer.schemas import Article  # noqa: E402

DEV = ROOT.parent / "shared" / "datasets" / "multinews-dev"


def _sets(dev: Path) -> list[tuple[str, Path, list[Article]]]:
    """(group, folder, articles) of every labelled set, the seeds and every dev event."""
    found = [
        ("labelled", p.parent, load_articles(p.parent / "articles"))
        for p in sorted((ROOT / "evals" / "datasets").glob("*/facts.yaml"))
    ]
    if (seeds := ROOT / "examples" / "seeds").is_dir():
        found.append(("seeds", seeds, load_articles(seeds)))
    if dev.is_dir():
        found += [
            ("dev", p, load_articles(sorted(p.glob("article_*.txt"))))
            for p in sorted(dev.iterdir())
            if (p / "reference.txt").exists()
        ]
    return found


def _daily(dev: Path, settings: Settings) -> list[Defect]:
    """Every defect of the daily a morning run makes of the seeds and every dev event at once (the stories
    grouped as the daily groups them, not as the data sets are), from the model's cached answers."""
    files = [f for p in sorted(dev.iterdir()) if (p / "reference.txt").exists() for f in sorted(p.glob("article_*"))]
    seeds = ROOT / "examples" / "seeds"
    with Summarizer(settings=settings) as summarizer:
        day = brief_daily(summarizer, [*files, *([seeds] if seeds.is_dir() else [])])
    print(f"daily: {len(day.stories)} stories from {sum(len(s.sources) for s in day.stories)} articles")
    return [d for story in day.stories for d in defects(story)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dev", nargs="?", type=Path, default=DEV, help=f"default: {DEV}")
    parser.add_argument("--claims", choices=["sentences", "cached"], default="sentences")
    parser.add_argument("--examples", type=int, default=4, help="examples shown per rule")
    args = parser.parse_args()
    cached = cached_settings()
    found: dict[str, list[Defect]] = {}
    groups: dict[str, str] = {}
    for group, folder, articles in _sets(args.dev):
        replayed = args.claims == "cached" and cassette_path(folder).exists()
        store = Cassette(cassette_path(folder), replay=True) if replayed else DiskStore(cached.cache_dir / "answers")
        with Runtime(cached, store=store) as runtime:
            extractions = claims_for(runtime, articles, args.claims)
            if extractions is None:
                print(f"{folder.name[:42]:42} skipped: not every article's extraction is cached")
                continue
            story = StoryInput(articles, extractions)
            briefing, _ = runtime.sync(compose_story(runtime, story, skip_writer="benchmark"))
        found[folder.name], groups[folder.name] = list(defects(briefing)), group
    if args.claims == "cached" and args.dev.is_dir():
        found["daily"], groups["daily"] = _daily(args.dev, cached), "daily"
    rules = sorted({d.rule for ds in found.values() for d in ds})
    print(f"{'set':42} {'all':>4} " + " ".join(f"{r[:9]:>9}" for r in rules))
    for name, ds in found.items():
        count = Counter(d.rule for d in ds)
        print(f"{name[:42]:42} {len(ds):4} " + " ".join(f"{count[r]:9}" for r in rules))
    for group in ("labelled", "seeds", "dev", "daily"):
        names = [n for n in found if groups[n] == group]
        if names:
            total = sum(len(found[n]) for n in names)
            clean = sum(not found[n] for n in names)
            print(f"{group}: {total} defects over {len(names)} sets, {clean} sets with none")
    for rule in rules:
        print(f"\n{rule}:")
        shown = [(n, d) for n, ds in found.items() for d in ds if d.rule == rule][: args.examples]
        for name, d in shown:
            print(f"  [{name[:24]} / {d.where[:20]}] {d.text[:600]}")


if __name__ == "__main__":
    main()
