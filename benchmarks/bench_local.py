"""The embedded model on the seeds: seconds and tokens per article, and the pipeline's overhead.

For each seed the same extraction request is sent twice: straight to the local server with the `openai`
client (the floor), and through the pipeline (cache off). Prints per-article numbers and the ratio
pipeline / direct (target <= 1.05), the engine's own prompt and generation tokens/s read from the server's
log, plus the first-run costs (model assembly, server start).

With --sampler, the direct requests are also sent to a second server running llama-cpp-python's own
sampler chain (grammar applied to the whole vocabulary for every token) and the answers compared: they
must be identical, only faster with ours (summarizer/model/_engine.py).

    python benchmarks/bench_local.py [--sampler]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openai import OpenAI  # noqa: E402

from summarizer import Summarizer, load_articles  # noqa: E402
from summarizer.claims.extract import ExtractionOut, prompt_variables  # noqa: E402
from summarizer.config import Settings  # noqa: E402
from summarizer.model import local  # noqa: E402
from summarizer.model.prompts import load_prompt  # noqa: E402
from summarizer.model.store import NoStore  # noqa: E402
from summarizer.schemas import Article  # noqa: E402

_PERF = re.compile(r"(prompt eval|\s eval) time =\s+([\d.]+) ms /\s+(\d+)")


def engine_rates(log: Path) -> tuple[float, float]:
    """Prompt and generation tokens/s over every request in a llama.cpp server log."""
    spent = {"prompt eval": [0.0, 0], " eval": [0.0, 0]}
    for kind, ms, tokens in _PERF.findall(log.read_text(errors="replace")):
        key = "prompt eval" if kind == "prompt eval" else " eval"
        spent[key][0] += float(ms) / 1000
        spent[key][1] += int(tokens)
    prompt, generated = spent["prompt eval"], spent[" eval"]
    return prompt[1] / max(prompt[0], 1e-9), generated[1] / max(generated[0], 1e-9)


def direct_requests(base_url: str, articles: list[Article], settings: Settings) -> list[tuple[float, int, int, str]]:
    """Each article's extraction request sent straight to the server: seconds, tokens in and out, answer."""
    client = OpenAI(base_url=base_url, api_key="local", max_retries=0, timeout=900)
    prompt = load_prompt(settings.prompts_dir, "extract")
    schema = ExtractionOut.model_json_schema()
    rows = []
    for article in articles:
        t = time.perf_counter()
        response = client.chat.completions.create(
            model=local.MODEL_NAME,
            messages=prompt.messages(**prompt_variables(article)),  # type: ignore[arg-type]
            response_format={"type": "json_object", "schema": schema},  # type: ignore[typeddict-unknown-key]
            temperature=0.0,
            max_tokens=700,
        )
        usage = response.usage
        rows.append(
            (
                time.perf_counter() - t,
                usage.prompt_tokens if usage else 0,
                usage.completion_tokens if usage else 0,
                response.choices[0].message.content or "",
            )
        )
    return rows


def compare_samplers(
    model: Path, articles: list[Article], settings: Settings, ours: list[tuple[float, int, int, str]]
) -> None:
    own = [sys.executable, "-m", "llama_cpp.server", "--model", "{model}", "--host", "{host}", "--port", "{port}"]
    own += ["--model_alias", local.MODEL_NAME, "--n_ctx", "8192", "--logits_all", "false"]
    threads = str(local.LocalServer(model).threads)
    own += ["--n_threads", threads, "--n_threads_batch", threads]
    with tempfile.TemporaryDirectory() as logs, local.LocalServer(model, log_dir=Path(logs), command=own) as server:
        theirs = direct_requests(server.base_url, articles, settings)
    print("llama-cpp-python's own sampler (grammar on every vocabulary entry) vs ours, same requests:")
    for article, mine, their in zip(articles, ours, theirs, strict=True):
        same = "same answer" if mine[3] == their[3] else "DIFFERENT ANSWER"
        print(f"  {article.id:24} own {their[0]:6.1f} s  ours {mine[0]:6.1f} s  ({their[2]} tokens, {same})")
    print(f"  ours / own = {sum(r[0] for r in ours) / sum(r[0] for r in theirs):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sampler", action="store_true", help="also time llama-cpp-python's own sampler")
    args = parser.parse_args()
    articles = load_articles(ROOT / "examples" / "seeds")
    settings = Settings.load({})
    started = time.perf_counter()
    model = local.ensure_model(settings.cache_dir / "models")
    assembly = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as logs, local.LocalServer(model, log_dir=Path(logs)) as server:
        startup = time.perf_counter() - started - assembly
        answers = direct_requests(server.base_url, articles, settings)
        rows: list[list[Any]] = [[a.id, r[0], r[1], r[2]] for a, r in zip(articles, answers, strict=True)]
        pipeline_settings = settings.model_copy(
            update={
                "base_url": server.base_url,
                "api_key": "local",
                "model": local.MODEL_NAME,
                "mode": "json_object_schema",
            }
        )
        with Summarizer(settings=pipeline_settings, store=NoStore()) as summarizer:
            for row, article in zip(rows, articles, strict=True):
                t = time.perf_counter()
                extraction = summarizer.extract(article)
                row += [time.perf_counter() - t, len(extraction.claims), extraction.usage.reasks]
        assert server.log_path is not None
        prompt_rate, generation_rate = engine_rates(server.log_path)
    print(f"first run: model assembly/verification {assembly:.1f} s, server start {startup:.1f} s")
    print(f"engine: prompt evaluation {prompt_rate:.1f} tokens/s, generation {generation_rate:.1f} tokens/s")
    print(f"{'article':24} {'direct s':>9} {'prompt':>7} {'compl':>6} {'pipeline s':>11} {'claims':>7} {'reasks':>7}")
    for r in rows:
        print(f"{r[0]:24} {r[1]:9.1f} {r[2]:7d} {r[3]:6d} {r[4]:11.1f} {r[5]:7d} {r[6]:7d}")
    direct_s, pipeline_s = sum(r[1] for r in rows), sum(r[4] for r in rows)
    n = len(rows)
    print(
        f"mean per article: direct {direct_s / n:.1f} s, pipeline {pipeline_s / n:.1f} s; "
        f"tokens {sum(r[2] for r in rows) / n:.0f} prompt + {sum(r[3] for r in rows) / n:.0f} completion"
    )
    print(f"pipeline / direct = {pipeline_s / direct_s:.3f} (target <= 1.05)")
    if args.sampler:
        compare_samplers(model, articles, settings, answers)


if __name__ == "__main__":
    main()
