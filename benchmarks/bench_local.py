"""The embedded model, timed as a user meets it: per request, the seeds cold, and a whole day.

1. Per request: each seed's extraction through the pipeline (cache off, one request at a time), with its
   prompt and generated tokens, seconds, and the engine's own prompt and generation tokens/s read from
   the server's log (a prompt the server has seen the start of evaluates only the new part).
2. The seeds cold, end to end: `summarizer brief examples/seeds` in a fresh process with an empty answer
   cache, server start included (target: <= 150 s on 2 AVX2 cores, <= 90 s with AVX-512).
3. With --day DIR: `summarizer daily` over every article below DIR (the 30 Multi-News dev events:
   ../shared/datasets/multinews-dev, 99 articles), cold, in minutes.

Time it on a quiet machine: the engine's threads wait on each other when anything else runs.

    python benchmarks/bench_local.py [--model FILE.gguf] [--day DIR] [--skip-seeds]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import load_articles  # noqa: E402
from summarizer.config import Settings  # noqa: E402
from summarizer.model import local  # noqa: E402
from summarizer.model.store import NoStore  # noqa: E402
from summarizer.pipeline import Summarizer  # noqa: E402

_PERF = re.compile(r"(prompt eval|\s eval) time =\s+([\d.]+) ms /\s+(\d+)")


def engine_requests(log: Path) -> list[tuple[int, float, int, float]]:
    """Each request in a llama.cpp server log: prompt tokens evaluated, their seconds, tokens generated, seconds."""
    found = _PERF.findall(log.read_text(errors="replace"))
    prompts = [(int(n), float(ms) / 1000) for kind, ms, n in found if kind == "prompt eval"]
    generated = [(int(n), float(ms) / 1000) for kind, ms, n in found if kind != "prompt eval"]
    return [(p[0], p[1], g[0], g[1]) for p, g in zip(prompts, generated, strict=False)]


def rate(tokens: float, seconds: float) -> float:
    return tokens / seconds if seconds else 0.0


def per_request(model: Path | None) -> None:
    articles = load_articles(ROOT / "examples" / "seeds")
    settings = Settings.load({})
    if not settings.uses_local_model:
        sys.exit("unset OPENAI_API_KEY / OPENAI_BASE_URL: this times the embedded model")
    with tempfile.TemporaryDirectory() as cache:
        model = model or local.ensure_model(settings.cache_dir / "models")
        settings = settings.model_copy(update={"concurrency": 1, "local_model": model, "cache_dir": Path(cache)})
        rows = []
        with Summarizer(settings=settings, store=NoStore()) as summarizer:
            summarizer.extract(articles[0])  # starts the server; timed below with the others
            for article in articles:
                t = time.perf_counter()
                extraction = summarizer.extract(article)
                rows.append((article.id, time.perf_counter() - t, extraction))
        engine = [r for log in Path(cache, "logs").glob("*") for r in engine_requests(log)][1:]  # not the warm-up
    header = ("seed", "prompt", "gen", "s", "evaluated", "prompt t/s", "gen t/s", "claims")
    print("{:22} {:>6} {:>4} {:>6} {:>9} {:>10} {:>8} {:>6}".format(*header))
    for (name, seconds, extraction), (evaluated, p_s, made, g_s) in zip(rows, engine, strict=False):
        model_claims = sum(c.origin == "model" for c in extraction.claims)
        print(
            f"{name:22} {extraction.usage.prompt_tokens:6d} {extraction.usage.completion_tokens:4d} {seconds:6.1f} "
            f"{evaluated:9d} {rate(evaluated, p_s):10.1f} {rate(made, g_s):8.1f} {model_claims:6d}"
        )
    n = len(rows)
    print(
        f"mean per request: {sum(r[2].usage.prompt_tokens for r in rows) / n:.0f} prompt tokens, "
        f"{sum(r[2].usage.completion_tokens for r in rows) / n:.0f} generated, {sum(r[1] for r in rows) / n:.1f} s"
    )


def end_to_end(label: str, args: list[str], model: Path | None) -> float:
    """A `summarizer` command in a fresh process with an empty cache: seconds, as a user waits."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "SUMMARIZER_CACHE_DIR": cache}
        models = Settings.load({}).cache_dir / "models"
        if model:
            env["SUMMARIZER_LOCAL_MODEL"] = str(model)
        else:  # the assembled model is reused (assembly is a first-run cost, timed by test_local's tests)
            env["SUMMARIZER_LOCAL_MODEL"] = str(local.ensure_model(models))
        out = Path(cache) / "out.md"
        t = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "summarizer", *args, "-o", str(out)], env=env, capture_output=True, text=True
        )
        seconds = time.perf_counter() - t
    status = "ok" if done.returncode == 0 else f"exit {done.returncode}: {done.stderr.strip()[-300:]}"
    print(f"{label}: {seconds:.1f} s ({seconds / 60:.1f} min), {status}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, help="a GGUF file instead of the bundled model")
    parser.add_argument("--day", type=Path, help="a folder of articles to brief as one day (summarizer daily)")
    parser.add_argument("--skip-seeds", action="store_true", help="only the day")
    args = parser.parse_args()
    flags = " ".join(f for f in ("avx512f", "avx2") if f in Path("/proc/cpuinfo").read_text())
    print(f"machine: {os.cpu_count()} cores, {flags or 'no AVX2'}; model: {args.model or local.MODEL_NAME}")
    if not args.skip_seeds:
        per_request(args.model)
        end_to_end("the five seeds cold, end to end", ["brief", str(ROOT / "examples" / "seeds")], args.model)
    if args.day:
        if not args.day.is_dir():
            sys.exit(f"{args.day}: not a folder (the dev events are in ../shared/datasets/multinews-dev)")
        articles = [p for p in args.day.rglob("*") if p.is_file() and p.name != "reference.txt" and p.suffix == ".txt"]
        with tempfile.TemporaryDirectory() as day:
            for i, path in enumerate(articles):  # the human summaries are not articles
                (Path(day) / f"{path.parent.name}_{i}.txt").write_bytes(path.read_bytes())
            end_to_end(f"a day of {len(articles)} articles cold, end to end", ["daily", day], args.model)


if __name__ == "__main__":
    main()
