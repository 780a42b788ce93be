"""Page furniture left out at ingestion, on every raw article, and what it costs: no labelled fact's sentence.

For every article of the labelled sets, the seeds and the dev events: the lines left out or cut, by kind
(summarizer.ingest.debris). Then the false positives that matter: on the labelled sets, every fact that a
sentence of the raw article states (evals/datasets/*/facts.yaml, the eval's matching rules) must still be
stated by a sentence of the article as ingested; each one that is not is printed with its raw sentence.

    python benchmarks/bench_debris.py [DEV_FOLDER]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import load_articles  # noqa: E402
from summarizer.evaluation.dataset import load_dataset  # noqa: E402
from summarizer.evaluation.matching import matches  # noqa: E402
from summarizer.ingest.debris import strip_debris  # noqa: E402
from summarizer.ingest.files import split_sentences  # noqa: E402

DEV = ROOT.parent / "shared" / "datasets" / "multinews-dev"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dev", nargs="?", type=Path, default=DEV, help=f"default: {DEV}")
    args = parser.parse_args()
    labelled = sorted(p.parent for p in (ROOT / "evals" / "datasets").glob("*/facts.yaml"))
    files = [f for root in labelled for f in sorted((root / "articles").glob("*.txt"))]
    files += sorted((ROOT / "examples" / "seeds").glob("*.txt"))
    if args.dev.is_dir():
        files += sorted(args.dev.glob("*/article_*.txt"))
    lines, dropped, cut, kinds = 0, 0, 0, Counter[str]()
    for file in files:
        for line in file.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            lines += 1
            clean, found = strip_debris(line)
            kinds.update(found)
            dropped += bool(found) and not clean
            cut += bool(found) and bool(clean)
    print(f"{len(files)} articles, {lines} lines: {dropped} left out, {cut} cut short")
    print("  " + ", ".join(f"{kind} {n}" for kind, n in kinds.most_common()))
    lost = 0
    for root in labelled:
        dataset = load_dataset(root)
        for article in load_articles(root / "articles"):
            raw = (root / "articles" / f"{article.id}.txt").read_text(encoding="utf-8")
            said = [s for line in raw.splitlines() for s in split_sentences(line)]
            for fact in dataset.facts:
                stated = [s for s in said if matches(s, fact.match)]
                if stated and not any(matches(s, fact.match) for s in article.sentences):
                    lost += 1
                    print(f"  LOST {root.name} {fact.id} {article.id}: {stated[0][:160]}")
    print(f"labelled facts a raw sentence states that no ingested sentence does: {lost}")


if __name__ == "__main__":
    main()
