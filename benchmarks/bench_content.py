"""Content selection against the lead sentences, on every labelled data set, with no model call.

The writer only words the facts the pipeline chose, so what a briefing can cover is decided before it: this
scores the chosen facts in their own wording (the briefing a failed writer leaves) against the lead baseline
cut to the same number of words, on every set in evals/datasets.

Claims come from one of two places:
  --claims sentences   every article sentence stands in for a claim (the cheapest extractive variant; no model)
  --claims cached      the embedded model's own claims, from the answer cache or the set's cassette
                       (sets whose extraction was never recorded are named and skipped)

    python benchmarks/bench_content.py [--claims sentences|cached] [--words N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import load_articles  # noqa: E402
from summarizer.claims.extract import sentence_claims as offered_sentences  # noqa: E402
from summarizer.config import Settings  # noqa: E402
from summarizer.evaluation.dataset import load_dataset  # noqa: E402
from summarizer.evaluation.run import cassette_path  # noqa: E402
from summarizer.evaluation.score import score  # noqa: E402
from summarizer.model import local  # noqa: E402
from summarizer.model.store import Cassette, DiskStore  # noqa: E402
from summarizer.pipeline import StoryInput  # noqa: E402
from summarizer.pipeline.steps import compose_story, extract_all  # noqa: E402
from summarizer.runtime import Runtime  # noqa: E402
from summarizer.schemas import Article, Extraction  # noqa: E402

NOWHERE = "http://127.0.0.1:9/v1"  # cached claims only: a request that was never answered fails at once


def sentence_claims(article: Article) -> Extraction:
    """Every sentence of the article as a claim in its own words, as the pipeline offers them."""
    return Extraction(article_id=article.id, claims=offered_sentences(article, cited=set()), prompt="sentences")


def model_claims(runtime: Runtime, articles: list[Article]) -> list[Extraction] | None:
    extractions, failed = runtime.sync(extract_all(runtime, articles))
    return None if failed else extractions


def claims_for(runtime: Runtime, articles: list[Article], claims: str) -> list[Extraction] | None:
    """The articles' claims as `--claims` names them: "cached" (the model's, None when one is not cached) or
    "sentences" (every sentence)."""
    return model_claims(runtime, articles) if claims == "cached" else [sentence_claims(a) for a in articles]


def cached_settings(**update: object) -> Settings:
    """Settings that only read answers already given: the embedded model's name and mode, under which its
    answers are cached, and an endpoint that refuses at once."""
    return Settings.load({}).model_copy(
        update={"base_url": NOWHERE, "api_key": "cached-only", "max_retries": 0, "model": local.MODEL_NAME,
                "mode": "json_object_schema", **update}
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", choices=["sentences", "cached"], default="sentences")
    parser.add_argument("--words", type=int, default=None, help="word budget (default: the pipeline's)")
    parser.add_argument("datasets", nargs="*", type=Path, help="default: every set in evals/datasets")
    args = parser.parse_args()
    sets = args.datasets or sorted(p.parent for p in (ROOT / "evals" / "datasets").glob("*/facts.yaml"))
    cached = cached_settings(words=args.words)
    print(f"claims: {args.claims}; the facts chosen, in their own wording, vs the lead at the same words")
    print(f"{'set':40} {'words':>5} {'facts':>6} {'lead':>6} {'margin':>7} {'core':>5} {'lead':>5} {'conflicts':>9}")
    margins, cores, conflicts = [], [], []
    for root in sets:
        dataset = load_dataset(root)
        articles = load_articles(root / "articles")
        store: Cassette | DiskStore
        if args.claims == "cached" and cassette_path(root).exists():
            store = Cassette(cassette_path(root), replay=True)  # read only: a replayed cassette is never written
        else:
            store = DiskStore(cached.cache_dir / "answers")
        with Runtime(cached, store=store) as runtime:
            extractions = claims_for(runtime, articles, args.claims)
            if extractions is None:
                print(f"{root.name:40} skipped: not every article's extraction is cached")
                continue
            story = StoryInput(articles, extractions)
            briefing, _ = runtime.sync(compose_story(runtime, story, skip_writer="benchmark"))
        m = score(dataset, briefing, lead=articles).metrics
        margins.append(m.lead_margin or 0.0)
        cores.append((m.core_fact_recall or 0.0) - (m.lead_core_fact_recall or 0.0))
        if m.conflict_coverage is not None:
            conflicts.append(m.conflict_coverage)
        print(
            f"{root.name:40} {m.words:5} {m.fact_recall:6.2f} {m.lead_fact_recall:6.2f} {m.lead_margin:+7.2f} "
            f"{m.core_fact_recall:5.2f} {m.lead_core_fact_recall:5.2f} "
            f"{'-' if m.conflict_coverage is None else f'{m.conflict_coverage:.2f}':>9}"
        )
    if margins:
        print(
            f"mean over {len(margins)} sets: fact recall margin {statistics.mean(margins):+.3f}, "
            f"core recall margin {statistics.mean(cores):+.3f}, "
            f"conflict coverage {statistics.mean(conflicts) if conflicts else 0.0:.3f}"
        )


if __name__ == "__main__":
    main()
