"""`summarizer brief` and `summarizer extract`: articles in, a cited briefing or their claims out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from summarizer.cli._common import (
    BRIEFING,
    ENDPOINT,
    EXIT_FAILURE,
    EXIT_PARTIAL,
    FormatOpt,
    OutputOpt,
    Paths,
    ProgressView,
    RunOptions,
    check_output,
    domain_errors,
    load_inputs,
    notice,
    run_options,
    say,
    show_warnings,
    write_output,
)
from summarizer.ingest.files import ReadLimits
from summarizer.pipeline import Summarizer
from summarizer.render import to_json, to_markdown
from summarizer.schemas import Briefing, ExtractedArticle, Extraction, Failure


@run_options(*ENDPOINT, *BRIEFING)
def brief(paths: Paths, output: OutputOpt = None, fmt: FormatOpt = None, *, options: RunOptions) -> None:
    """Write a cited briefing of the articles.

    Example: summarizer brief examples/seeds -o briefing.md
    """
    fmt = fmt or ("json" if output and output.suffix == ".json" else "md")
    if fmt not in ("md", "json"):
        raise typer.BadParameter("use md or json", param_hint="--format")
    check_output(output)
    with domain_errors(options.debug):
        settings = options.settings()
        inputs = load_inputs(paths, settings.max_chars, output, ReadLimits.of(settings))
        with Summarizer(settings=settings, progress=ProgressView()) as summarizer:
            briefing = summarizer.brief(inputs.articles, extracted=inputs.extracted)
        briefing.meta.failed[:0] = [Failure(item=e.source or "input", error=str(e)) for e in inputs.skipped]
        write_output(output, to_json(briefing) if fmt == "json" else to_markdown(briefing))
        for failure in briefing.meta.failed:
            notice("not included", f"{failure.item}: {failure.error}")
        show_warnings(briefing.meta.warnings)
        say(_summary(briefing, inputs.extracted))
    if briefing.meta.failed:
        raise typer.Exit(EXIT_PARTIAL)


@run_options(*ENDPOINT, "concurrency", "no_cache", "cache_dir", "prompts_dir", "deadline")
def extract(
    paths: Paths,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="JSONL file (atomically); default stdout.")
    ] = None,
    *,
    options: RunOptions,
) -> None:
    """Extract each article's claims: one JSON line per article, with the article itself.

    `summarizer brief` reads the file back and briefs it with no new extraction, so extraction can be done
    once and briefed many times. Example: summarizer extract articles/ -o claims.jsonl; summarizer brief claims.jsonl
    """
    check_output(output)
    with domain_errors(options.debug):
        settings = options.settings()
        inputs = load_inputs(paths, settings.max_chars, output, ReadLimits.of(settings))
        with Summarizer(settings=settings, progress=ProgressView()) as summarizer:
            extractions, failed = summarizer.extract_all(inputs.articles)
        by_id = {a.id: a for a in inputs.articles}
        lines = [ExtractedArticle(article=by_id[e.article_id], extraction=e).model_dump_json() for e in extractions]
        write_output(output, "".join(line + "\n" for line in lines))
        for failure in failed:
            notice("failed", f"{failure.item}: {failure.error}")
        if not extractions:
            raise typer.Exit(EXIT_FAILURE)
    if failed or inputs.skipped:
        raise typer.Exit(EXIT_PARTIAL)


def _summary(briefing: Briefing, extracted: list[Extraction]) -> str:
    """What this run did: the meta's usage counts the briefing's whole cost, extractions read from a file included,
    but those calls were made by the run that wrote the file."""
    spent = briefing.meta.usage.model_copy()
    for extraction in extracted:
        spent.calls -= extraction.usage.calls
        spent.cache_hits -= extraction.usage.cache_hits
        spent.prompt_tokens -= extraction.usage.prompt_tokens
        spent.completion_tokens -= extraction.usage.completion_tokens
    sources, calls = len(briefing.sources), spent.calls
    read = f"; {len(extracted)} extraction{'s' * (len(extracted) != 1)} read, not asked again" if extracted else ""
    return (
        f"{sources} source{'s' * (sources != 1)}, {calls} model call{'s' * (calls != 1)} ({spent.cache_hits} cached)"
        f"{read}, {spent.prompt_tokens + spent.completion_tokens:,} tokens, {briefing.meta.seconds:.1f} s"
    )
