"""Content selection against human-written summaries, on events nobody labelled facts for, with no model.

The labelled sets in evals/ are few and content choices are tuned on them, so this checks the same choices
where they were never tuned: every event of the Multi-News dev sample (../shared/datasets/multinews-dev,
30 events, 3-4 outlets each, a human summary per event; Fabbri et al., 2019, research use only). For each
event, at the same number of words (the pipeline's default budget for its article count):

  pipeline   the pipeline's content selection, facts in their own words (the briefing a failed writer
             leaves): article sentences standing in for claims (no model), or with `--claims cached` the
             embedded model's claims from the answer cache (events not cached are named and skipped)
  lead       the articles' first sentences, round-robin (the eval's lead baseline)
  lexrank    LexRank over every sentence of every article (sumy), best first
  textrank   TextRank, likewise (sumy)

scored by ROUGE-1 and ROUGE-2 recall against the human summary (rouge-score, Porter stemming). Equal lengths
make recall comparable. Needs the `bench` extra: pip install -e '.[bench]'.

    python benchmarks/bench_reference.py [DEV_FOLDER] [--events 11,25] [--claims sentences|cached]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_content import cached_settings, claims_for  # noqa: E402

from summarizer import load_articles  # noqa: E402
from summarizer.compose import default_words  # noqa: E402
from summarizer.evaluation.baseline import lead_briefing  # noqa: E402
from summarizer.model.store import DiskStore  # noqa: E402
from summarizer.pipeline import StoryInput  # noqa: E402
from summarizer.pipeline.steps import compose_story  # noqa: E402
from summarizer.runtime import Runtime  # noqa: E402
from summarizer.schemas import Article, Briefing  # noqa: E402

DEV = ROOT.parent / "shared" / "datasets" / "multinews-dev"
_WORD = re.compile(r"[\w'-]+")
_ROW = re.compile(r"row\d{3}_\w+")


class _Words:
    """sumy's tokenizer interface over article sentences already split by the pipeline (no NLTK data)."""

    @staticmethod
    def to_words(text: str) -> list[str]:
        return _WORD.findall(text)


def _cut(sentences: Sequence[str], words: int) -> str:
    kept: list[str] = []
    for sentence in sentences:
        kept.extend(sentence.split()[: words - len(kept)])
        if len(kept) >= words:
            break
    return " ".join(kept)


def _text(briefing: Briefing) -> list[str]:
    return [s.text for s in briefing.all_sentences()]


def _ranked(kind: str) -> Callable[[list[Article], int], str]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    base = LexRankSummarizer if kind == "lexrank" else TextRankSummarizer

    class Ratings(base):  # type: ignore[misc, valid-type]
        """sumy rates every sentence, then keeps its best k in document order: keep the ratings instead."""

        def _get_best_sentences(self, sentences: object, count: object, rating: object, *args: object) -> tuple[()]:
            self.rating = rating
            return ()

    summarizer = Ratings(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")

    def run(articles: list[Article], words: int) -> str:
        sentences = [Sentence(s, _Words()) for a in articles for s in a.sentences]
        summarizer(ObjectDocumentModel([Paragraph(sentences)]), len(sentences))
        best = sorted(sentences, key=lambda s: -summarizer.rating[s])
        return _cut([str(s) for s in best], words)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dev", nargs="?", type=Path, default=DEV, help=f"default: {DEV}")
    parser.add_argument("--events", default="", help="comma-separated row numbers to run (default: all)")
    parser.add_argument("--claims", choices=["sentences", "cached"], default="sentences")
    args = parser.parse_args()
    if not args.dev.is_dir():
        sys.exit(f"no dev events at {args.dev}: this benchmark reads ../shared/datasets/multinews-dev (not copied)")
    try:
        from rouge_score import rouge_scorer
    except ImportError:
        sys.exit("needs the bench extra: pip install -e '.[bench]'")
    wanted = {int(n) for n in args.events.split(",") if n}
    events = sorted(p for p in args.dev.iterdir() if (p / "reference.txt").exists())
    if wanted:
        events = [p for p in events if int(re.sub(r"\D.*", "", p.name.removeprefix("row")) or -1) in wanted]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    settings = cached_settings()
    systems: dict[str, Callable[[list[Article], int], str]] = {"lexrank": _ranked("lexrank")}
    systems["textrank"] = _ranked("textrank")
    names = ["pipeline", "lead", *systems]
    scores: dict[str, list[tuple[float, float]]] = {n: [] for n in names}
    print(f"{'event':42} {'words':>5} " + " ".join(f"{n + ' R1/R2':>15}" for n in names))
    ran: list[Path] = []
    with Runtime(settings, store=DiskStore(settings.cache_dir / "answers")) as runtime:
        for event in events:
            articles = load_articles(sorted(event.glob("article_*.txt")))
            words = default_words(len(articles))
            extractions = claims_for(runtime, articles, args.claims)
            if extractions is None:
                print(f"{event.name[:42]:42} skipped: not every article's extraction is cached")
                continue
            story = StoryInput(articles, extractions)
            ran.append(event)
            briefing, _ = runtime.sync(compose_story(runtime, story, skip_writer="benchmark"))
            texts = {
                "pipeline": _cut(_text(briefing), words),
                "lead": _cut(_text(lead_briefing(articles, words)), words),
                **{name: run(articles, words) for name, run in systems.items()},
            }
            reference = (event / "reference.txt").read_text(encoding="utf-8")
            row = []
            for name in names:
                s = scorer.score(reference, texts[name])
                scores[name].append((s["rouge1"].recall, s["rouge2"].recall))
                row.append(f"{s['rouge1'].recall:7.3f}/{s['rouge2'].recall:.3f}")
            print(f"{event.name[:42]:42} {words:5} " + " ".join(f"{r:>15}" for r in row))
    # The events labelled in evals/datasets name their dev folder in their README: content choices were
    # tuned on those, so the others are the cleaner check.
    labelled = {m for r in (ROOT / "evals" / "datasets").glob("*/README.md") for m in _ROW.findall(r.read_text())}
    for title, keep in (
        ("all events", [True] * len(ran)),
        ("events never labelled", [e.name not in labelled for e in ran]),
    ):
        if not any(keep):
            continue
        print(f"\n{title} ({sum(keep)}):")
        pipeline = [s for s, k in zip(scores["pipeline"], keep, strict=True) if k]
        for name in names:
            mine = [s for s, k in zip(scores[name], keep, strict=True) if k]
            r1, r2 = statistics.mean(s[0] for s in mine), statistics.mean(s[1] for s in mine)
            wins = sum(a[1] > b[1] for a, b in zip(pipeline, mine, strict=True))
            print(
                f"  {name:9} mean ROUGE-1 {r1:.3f}  ROUGE-2 {r2:.3f}  pipeline / {name} ROUGE-2 "
                f"{statistics.mean(s[1] for s in pipeline) / r2:.3f}  pipeline better on {wins}/{len(mine)}"
            )


if __name__ == "__main__":
    main()
