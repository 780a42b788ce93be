"""The embedded model on the seeds: seconds and tokens per article, and the pipeline's overhead.

For each seed the same extraction request is sent twice: straight to the local server with the `openai`
client (the floor), and through the pipeline (cache off). Prints per-article numbers and the ratio
pipeline / direct (target <= 1.05), plus the first-run costs (model assembly, server start).

    python benchmarks/bench_local.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openai import OpenAI  # noqa: E402

from summarizer import Summarizer, load_articles  # noqa: E402
from summarizer.claims.extract import ExtractionOut, prompt_variables  # noqa: E402
from summarizer.config import Settings  # noqa: E402
from summarizer.model import local  # noqa: E402
from summarizer.model.prompts import load_prompt  # noqa: E402
from summarizer.model.store import NoStore  # noqa: E402


def main() -> None:
    articles = load_articles(ROOT / "examples" / "seeds")
    settings = Settings.load({})
    started = time.perf_counter()
    model = local.ensure_model(settings.cache_dir / "models")
    assembly = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as logs, local.LocalServer(model, log_dir=Path(logs)) as server:
        startup = time.perf_counter() - started - assembly
        direct = OpenAI(base_url=server.base_url, api_key="local", max_retries=0, timeout=600)
        prompt = load_prompt(settings.prompts_dir, "extract")
        schema = ExtractionOut.model_json_schema()
        rows = []
        for article in articles:
            t = time.perf_counter()
            response = direct.chat.completions.create(
                model=local.MODEL_NAME,
                messages=prompt.messages(**prompt_variables(article)),  # type: ignore[arg-type]
                response_format={"type": "json_object", "schema": schema},  # type: ignore[typeddict-unknown-key]
                temperature=0.0,
                max_tokens=700,
            )
            usage = response.usage
            rows.append(
                [
                    article.id,
                    time.perf_counter() - t,
                    usage.prompt_tokens if usage else 0,
                    usage.completion_tokens if usage else 0,
                ]
            )
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
    print(f"first run: model assembly/verification {assembly:.1f} s, server start {startup:.1f} s")
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


if __name__ == "__main__":
    main()
