"""Do two claims from different outlets tell the same fact? Lexical similarity beside static embeddings.

The selection leaves out a fact that retells a chosen one, and counts outlets by the facts they share; both
compare words (`compose.selection.stems`: Jaccard of content stems, and containment, the share of the shorter
claim's stems the other says). Issue 25 asked for a similarity that sees paraphrase, with nothing downloaded at
run time, compared against that on the labelled sets; this is that comparison.

Pairs: every two candidate claims of a labelled set (the embedded model's claims from the set's cassette and
the article sentences offered beside them) from two different articles, each matching at least one labelled
fact. "Same": they match exactly the same facts (one retells the other); "different": they share no fact.
Reported per measure: the area under the ROC curve (the chance that a same-fact pair scores above a
different-fact pair; 0.5 is chance) and the median of each kind.

Measures:
  jaccard       Jaccard of content stems (the selection's `_repeats` and MMR)
  containment   share of the shorter claim's stems the other says (the selection's `_repeats`)
  wordllama     cosine of mean token embeddings from the `wordllama` wheel (L2 "supercat", 256 dimensions,
                read straight from the files the wheel ships: its loader looks for the tokenizer elsewhere
                and then downloads it); skipped, and said, when `wordllama` is not installed

    python benchmarks/bench_paraphrase.py
"""

from __future__ import annotations

import importlib.util
import itertools
import random
import statistics
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_content import cached_settings, model_claims  # noqa: E402

from summarizer import load_articles  # noqa: E402
from summarizer._sets import jaccard, overlap  # noqa: E402
from summarizer.compose.selection import stems  # noqa: E402
from summarizer.evaluation.dataset import load_dataset  # noqa: E402
from summarizer.evaluation.run import cassette_path  # noqa: E402
from summarizer.model.store import Cassette  # noqa: E402
from summarizer.runtime import Runtime  # noqa: E402

Pair = tuple[str, str, bool]  # two claims, and whether they tell the same facts


def labelled_pairs() -> list[Pair]:
    settings = cached_settings()
    pairs: list[Pair] = []
    for root in sorted(p.parent for p in (ROOT / "evals" / "datasets").glob("*/facts.yaml")):
        dataset, articles = load_dataset(root), load_articles(root / "articles")
        with Runtime(settings, store=Cassette(cassette_path(root), replay=True)) as runtime:
            extractions = model_claims(runtime, articles)
        if extractions is None:
            print(f"{root.name}: skipped, its cassette does not answer every extraction")
            continue
        told = [
            (c.article_id, c.statement, frozenset(f.id for f in dataset.facts if f.found_in(c.statement)))
            for e in extractions
            for c in e.claims
        ]
        told = [t for t in told if t[2]]
        for (a, x, fx), (b, y, fy) in itertools.combinations(told, 2):
            if a != b and (fx == fy or not fx & fy):
                pairs.append((x, y, fx == fy))
    return pairs


def _wordllama() -> Callable[[str, str], float] | None:
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        return None
    import numpy as np
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    home = Path(next(iter(spec.submodule_search_locations)))
    tokenizer = Tokenizer.from_file(str(home / "tokenizers" / "l2_supercat_tokenizer_config.json"))
    table = next(iter(load_file(str(home / "weights" / "l2_supercat_256.safetensors")).values()))

    def embed(text: str) -> np.ndarray:
        vector = table[tokenizer.encode(text).ids].mean(axis=0)
        return vector / (np.linalg.norm(vector) or 1.0)

    return lambda a, b: float(embed(a) @ embed(b))


def auc(same: Sequence[float], different: Sequence[float]) -> float:
    """The chance that a same-fact pair scores above a different-fact pair (ties count half)."""
    wins = sum((s > d) + 0.5 * (s == d) for s in same for d in different)
    return wins / (len(same) * len(different))


def main() -> None:
    pairs = labelled_pairs()
    measures: dict[str, Callable[[str, str], float]] = {
        "jaccard": lambda a, b: jaccard(stems(a), stems(b)),
        "containment": lambda a, b: overlap(*sorted((stems(a), stems(b)), key=len)),
    }
    if (cosine := _wordllama()) is not None:
        measures["wordllama"] = cosine
    else:
        print("wordllama is not installed (pip install wordllama): its row is left out")
    same = [(a, b) for a, b, s in pairs if s]
    different = random.Random(1).sample([(a, b) for a, b, s in pairs if not s], min(3000, len(pairs) - len(same)))
    print(f"{len(same)} same-fact pairs, {len(different)} different-fact pairs (sampled), ten labelled sets")
    print(f"{'measure':12} {'AUC':>6} {'median same':>12} {'median diff':>12}")
    for name, measure in measures.items():
        s, d = [measure(a, b) for a, b in same], [measure(a, b) for a, b in different]
        print(f"{name:12} {auc(s, d):6.3f} {statistics.median(s):12.3f} {statistics.median(d):12.3f}")


if __name__ == "__main__":
    main()
