"""The injection filter (issue 24): what it catches, what it wrongly leaves out, and how fast, in one run.

Caught: every phrasing of the adversarial suite (tests/adversarial/phrasings.py, including the ones written after
the rules to measure how they carry over, and obedient.INJECTIONS), put
in an article as a paragraph of its own and read by `parse_article`; a phrasing is caught when no word of the
attacker's payload is left in the article's sentences or title.

False positives: every sentence of the repository's own texts (examples/seeds, evals/datasets/*/articles,
the facts labelled in evals/datasets/*/facts.yaml) and, when ../shared is there, of the dev events
(datasets/multinews-dev: articles and reference summaries) and the labelled SummEdits news pairs
(datasets/summedits-news: articles and summary sentences), each split as ingestion splits it.
All of it is reporting, so every sentence the filter flags is a false positive; they are printed.

Time: seconds to decide every one of those sentences once (the filter's cache emptied first), best of --repeat.

--before REF measures the filter of a git commit (its summarizer/ingest/injection.py, read with `git show`)
beside the working tree's, on the same texts. The filter was one file until issue 24; for a later commit
the file it reads imports its helpers from the working tree, so compare with a commit before it.

    python benchmarks/bench_injection.py [--shared DIR] [--before REF] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import summarizer.ingest.files as files  # noqa: E402
from summarizer.errors import InputError  # noqa: E402
from summarizer.ingest import injection as this_filter  # noqa: E402
from summarizer.ingest.files import parse_article, split_sentences  # noqa: E402
from tests.adversarial.obedient import COUNCIL, INJECTIONS, PAYLOAD, TELLTALES  # noqa: E402
from tests.adversarial.phrasings import ISSUE_EXAMPLES, PHRASINGS, WRITTEN_LATER, injection  # noqa: E402

Filter = types.ModuleType


def old_filter(ref: str) -> Filter:
    """The injection module as it was at git commit `ref`."""
    source = subprocess.run(
        ["git", "show", f"{ref}:summarizer/ingest/injection.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    module = types.ModuleType(f"injection_at_{ref}")
    sys.modules[module.__name__] = module  # dataclasses and the like look their module up
    exec(compile(source, f"{ref}:summarizer/ingest/injection.py", "exec"), module.__dict__)
    return module


@contextmanager
def ingestion_with(module: Filter) -> Iterator[None]:
    """parse_article with `module`'s filter in place of the working tree's."""
    names = ("addressed_to_machine", "drop_instructions", "machine_lines")
    saved = {name: getattr(files, name) for name in names}
    for name in names:
        setattr(files, name, getattr(module, name))
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(files, name, value)


def suite() -> dict[str, dict[str, str]]:
    return {
        "issue 24's examples": {name: injection(name) for name in ISSUE_EXAMPLES},
        "new phrasings": {name: injection(name) for name in PHRASINGS},
        "written after the rules": {
            f"later-{n}": text.replace("{payload}", PAYLOAD) for n, text in enumerate(WRITTEN_LATER)
        },
        "issue 11's injections": dict(INJECTIONS),
    }


def caught(text: str) -> bool:
    try:
        article = parse_article(COUNCIL.format(injection=text), id="council")
    except InputError:
        return True  # nothing but instructions: the article is skipped whole
    seen = " ".join([article.title or "", *article.sentences]).lower()
    return not any(word in seen for word in TELLTALES)


def statements(node: Any) -> Iterator[str]:
    """Every `statement:` of a facts.yaml (facts, conflicts, claims no source makes)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "statement" and isinstance(value, str):
                yield value
            else:
                yield from statements(value)
    elif isinstance(node, list):
        for item in node:
            yield from statements(item)


def texts(shared: Path) -> tuple[dict[str, list[str]], list[str]]:
    """Reporting to scan, by set, split into sentences; and the sets that were not there."""
    sets: dict[str, list[str]] = {}
    seeds = sorted((ROOT / "examples" / "seeds").glob("*.txt"))
    sets["repo seeds"] = [path.read_text(encoding="utf-8") for path in seeds]
    evals = sorted((ROOT / "evals" / "datasets").glob("*/articles/*"))
    sets["repo eval articles"] = [path.read_text(encoding="utf-8") for path in evals]
    sets["repo labelled facts"] = [
        statement
        for path in sorted((ROOT / "evals" / "datasets").glob("*/facts.yaml"))
        for statement in statements(yaml.safe_load(path.read_text(encoding="utf-8")))
    ]
    missing = []
    dev = shared / "datasets" / "multinews-dev"
    if dev.is_dir():
        sets["dev event articles"] = [p.read_text(encoding="utf-8") for p in sorted(dev.glob("*/article_*.txt"))]
        sets["dev event references"] = [p.read_text(encoding="utf-8") for p in sorted(dev.glob("*/reference.txt"))]
    else:
        missing.append(str(dev))
    pairs = shared / "datasets" / "summedits-news" / "pairs.jsonl"
    if pairs.is_file():
        rows = [json.loads(line) for line in pairs.read_text(encoding="utf-8").splitlines() if line.strip()]
        sets["SummEdits articles"] = sorted({row["doc"] for row in rows})
        sets["SummEdits summaries"] = [row["summary"] for row in rows]
    else:
        missing.append(str(pairs))
    return {name: [s for text in found for s in split_sentences(text)] for name, found in sets.items()}, missing


def timed(decide: Callable[[str], Any], sentences: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        getattr(decide, "cache_clear", lambda: None)()
        start = time.perf_counter()
        for sentence in sentences:
            decide(sentence)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared/ folder")
    parser.add_argument("--before", help="a git commit whose filter to measure beside this one")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    filters: dict[str, Filter] = {"after": this_filter}
    if args.before:
        filters = {f"before ({args.before})": old_filter(args.before), **filters}

    print("## Phrasings caught (left out of the article's sentences and title)\n")
    print("| set | phrasings | " + " | ".join(filters) + " |")
    print("|---|---:|" + "---:|" * len(filters))
    missed: dict[str, list[str]] = {}
    for set_name, phrasings in suite().items():
        row = []
        for label, module in filters.items():
            with ingestion_with(module):
                hits = {name: caught(text) for name, text in phrasings.items()}
            row.append(f"{sum(hits.values())}")
            missed[f"{label}, {set_name}"] = [name for name, hit in hits.items() if not hit]
        print(f"| {set_name} | {len(phrasings)} | " + " | ".join(row) + " |")
    for where, names in missed.items():
        if names:
            print(f"\nmissed ({where}): {', '.join(names)}")

    sets, missing = texts(args.shared)
    everything = [s for sentences in sets.values() for s in sentences]
    print("\n## False positives (sentences of reporting flagged as addressed to a machine)\n")
    print("| set | sentences | " + " | ".join(filters) + " |")
    print("|---|---:|" + "---:|" * len(filters))
    flagged: dict[str, list[tuple[str, str]]] = {label: [] for label in filters}
    for set_name, sentences in sets.items():
        row = []
        for label, module in filters.items():
            hits = [(s, why) for s in sentences if (why := module.addressed_to_machine(s))]
            flagged[label] += hits
            row.append(str(len(hits)))
        print(f"| {set_name} | {len(sentences):,} | " + " | ".join(row) + " |")
    print(f"| all | {len(everything):,} | " + " | ".join(str(len(f)) for f in flagged.values()) + " |")
    for label, hits in flagged.items():
        for sentence, why in hits:
            print(f"\n{label}: {why}: {sentence[:200]!r}")
    for path in missing:
        print(f"\n(not scanned: {path} is not there; give --shared DIR)")

    print(f"\n## Time to decide all {len(everything):,} sentences once (best of {args.repeat})\n")
    for label, module in filters.items():
        seconds = timed(module.addressed_to_machine, everything, args.repeat)
        print(f"- {label}: {seconds:.3f} s, {seconds / len(everything) * 1e6:.0f} µs a sentence")


if __name__ == "__main__":
    main()
