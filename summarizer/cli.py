"""The `summarizer` command: a thin adapter that turns domain errors into one line and an exit code.

Exit codes: 0 success; 1 failure (nothing written); 2 usage error; 3 partial (some articles were
skipped or failed, or the writer failed, but the output was written).
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import local
from .articles import load_articles
from .config import Settings
from .errors import InputError, SummarizerError
from .files import write_atomic
from .pipeline import Progress as Step
from .pipeline import Summarizer
from .render import to_json, to_markdown
from .schemas import Article, Briefing, Failure

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3

app = typer.Typer(
    help=(
        "Turn news articles into a cited, multi-source briefing.\n\n"
        "With no OPENAI_API_KEY / OPENAI_BASE_URL set, the embedded local model is used (no key, no network).\n\n"
        "Exit codes: 0 success, 1 failure, 2 usage error, 3 partial (some articles failed; output still written)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)

Paths = Annotated[
    list[str], typer.Argument(help="Article files or folders (.txt .md .json .jsonl .html); '-' reads stdin.")
]
ModelOpt = Annotated[str | None, typer.Option("--model", "-m", help="Model name (env SUMMARIZER_MODEL).")]
BaseUrlOpt = Annotated[str | None, typer.Option("--base-url", help="OpenAI-compatible endpoint (env OPENAI_BASE_URL).")]
ModeOpt = Annotated[
    str | None,
    typer.Option(
        "--mode", help="Structured output: json_schema, json_object_schema, tools or json (env SUMMARIZER_MODE)."
    ),
]
ConcurrencyOpt = Annotated[int | None, typer.Option("--concurrency", "-j", help="Articles extracted at once.")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Ask the model again even if an answer is cached.")]
CacheDirOpt = Annotated[Path | None, typer.Option("--cache-dir", help="Cache folder (env SUMMARIZER_CACHE_DIR).")]
PromptsOpt = Annotated[Path | None, typer.Option("--prompts-dir", help="Your own prompts folder.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks.")]


def settings_from(**options: Any) -> Settings:
    no_cache = options.pop("no_cache", False)
    return Settings.load(**options, no_cache=True if no_cache else None)


@contextmanager
def domain_errors(debug: bool) -> Iterator[None]:
    """One clear line and an exit code for our errors; a traceback only with --debug."""
    try:
        yield
    except SummarizerError as exc:
        if debug:
            raise
        err.print(f"[red]error:[/red] {exc}", markup=True, soft_wrap=True)
        raise typer.Exit(EXIT_FAILURE) from None
    except KeyboardInterrupt:
        err.print("interrupted")
        raise typer.Exit(130) from None


class ProgressView:
    """Progress on stderr: a live bar on a terminal, plain lines in logs."""

    def __init__(self) -> None:
        self.live = err.is_terminal
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        )
        self.task: Any = None

    def __call__(self, step: Step) -> None:
        if step.stage == "start" or (step.stage == "brief" and step.done == 0):
            err.print(step.item + "…" if step.done == 0 else step.item)
        elif step.stage == "extract":
            if self.live:
                if self.task is None:
                    self.bar.start()
                    self.task = self.bar.add_task("extracting", total=step.total)
                self.bar.update(self.task, completed=step.done)
                if step.done == step.total:
                    self.bar.stop()
            elif step.done:
                err.print(f"extracted {step.done}/{step.total}: {step.item}")


def _load(paths: list[str], max_chars: int) -> tuple[list[Article], list[InputError]]:
    errors: list[InputError] = []
    articles = load_articles(paths, errors=errors, max_chars=max_chars)
    for error in errors:
        err.print(f"[yellow]skipped:[/yellow] {error}", markup=True, soft_wrap=True)
    if not articles:
        raise InputError("no readable article in the given paths")
    return articles, errors


def _write(output: Path | None, text: str) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)
        err.print(f"wrote {output}")


@app.command()
def brief(
    paths: Paths,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (atomically) instead of stdout.")
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="md or json (default: from -o's suffix, else md).")
    ] = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    mode: ModeOpt = None,
    concurrency: ConcurrencyOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    prompts_dir: PromptsOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Write a cited briefing of the articles.

    Example: summarizer brief examples/seeds -o briefing.md
    """
    fmt = fmt or ("json" if output and output.suffix == ".json" else "md")
    if fmt not in ("md", "json"):
        raise typer.BadParameter("use md or json", param_hint="--format")
    with domain_errors(debug):
        settings = settings_from(
            model=model,
            base_url=base_url,
            mode=mode,
            concurrency=concurrency,
            no_cache=no_cache,
            cache_dir=cache_dir,
            prompts_dir=prompts_dir,
        )
        articles, skipped = _load(paths, settings.max_chars)
        with Summarizer(settings=settings, progress=ProgressView()) as summarizer:
            briefing = summarizer.brief(articles)
        briefing.meta.failed[:0] = [Failure(item=e.source or "input", error=str(e)) for e in skipped]
        _write(output, to_json(briefing) if fmt == "json" else to_markdown(briefing))
        for failure in briefing.meta.failed:
            err.print(f"[yellow]not included:[/yellow] {failure.item}: {failure.error}", markup=True, soft_wrap=True)
        usage = briefing.meta.usage
        err.print(
            f"{len(briefing.sources)} sources, {usage.calls} model calls ({usage.cache_hits} cached), "
            f"{usage.prompt_tokens + usage.completion_tokens:,} tokens, {briefing.meta.seconds:.1f} s"
        )
    if briefing.meta.failed:
        raise typer.Exit(EXIT_PARTIAL)


@app.command()
def extract(
    paths: Paths,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="JSONL file (atomically); default stdout.")
    ] = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    mode: ModeOpt = None,
    concurrency: ConcurrencyOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    prompts_dir: PromptsOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Extract each article's claims, one JSON object per article (JSONL)."""
    with domain_errors(debug):
        settings = settings_from(
            model=model,
            base_url=base_url,
            mode=mode,
            concurrency=concurrency,
            no_cache=no_cache,
            cache_dir=cache_dir,
            prompts_dir=prompts_dir,
        )
        articles, skipped = _load(paths, settings.max_chars)
        with Summarizer(settings=settings, progress=ProgressView()) as summarizer:
            extractions, failed = summarizer._run(summarizer.aextract_all(articles))
        _write(output, "".join(e.model_dump_json() + "\n" for e in extractions))
        for failure in failed:
            err.print(f"[yellow]failed:[/yellow] {failure.item}: {failure.error}", markup=True, soft_wrap=True)
        if not extractions:
            raise typer.Exit(EXIT_FAILURE)
    if failed or skipped:
        raise typer.Exit(EXIT_PARTIAL)


@app.command(name="eval")
def eval_command(
    datasets: Annotated[list[Path], typer.Argument(help="Data set folders: facts.yaml and articles/.")],
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the JSON report here.")] = None,
    report: Annotated[Path | None, typer.Option("--report", help="Write a Markdown report here.")] = None,
    junit: Annotated[
        Path | None, typer.Option("--junit", help="Write JUnit XML here (one case per threshold).")
    ] = None,
    briefing: Annotated[
        Path | None, typer.Option("--briefing", help="Score this briefing JSON instead of running the pipeline.")
    ] = None,
    thresholds: Annotated[Path | None, typer.Option(help="Thresholds YAML (default evals/thresholds.yaml).")] = None,
    minimum: Annotated[list[str], typer.Option("--min", help="Override a floor, e.g. --min fact_recall=0.5.")] = [],  # noqa: B006
    maximum: Annotated[list[str], typer.Option("--max", help="Override a ceiling, e.g. --max reasks=3.")] = [],  # noqa: B006
    baseline: Annotated[
        Path | None, typer.Option(help="A previous --json report: print what improved or regressed.")
    ] = None,
    record: Annotated[
        bool, typer.Option("--record", help="Store every model answer in <dataset>/cassette.json.")
    ] = False,
    replay: Annotated[bool, typer.Option("--replay", help="Answer from the cassette: no model, no key.")] = False,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    mode: ModeOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Score briefings against hand-labelled facts; exit 1 when a metric misses its threshold.

    Example (CI, no model): summarizer eval evals/datasets/* --replay --junit eval.xml
    """
    from . import evaluate
    from .evalrun import Replay, evaluate_dataset

    if record and replay:
        raise typer.BadParameter("choose --record or --replay", param_hint="--record")
    if briefing and len(datasets) != 1:
        raise typer.BadParameter("--briefing scores one data set", param_hint="--briefing")
    with domain_errors(debug):
        settings = settings_from(model=model, base_url=base_url, mode=mode, no_cache=no_cache, cache_dir=cache_dir)
        given = _read_briefing(briefing) if briefing else None
        replaying: Replay = "replay" if replay else "record" if record else "live"
        scores = [
            evaluate_dataset(path, settings, replay=replaying, briefing=given, progress=ProgressView())
            for path in datasets
        ]
        built = evaluate.build_report(scores)
        limits = (
            evaluate.load_thresholds(thresholds or Path("evals/thresholds.yaml"))
            if (thresholds or Path("evals/thresholds.yaml").exists())
            else evaluate.Thresholds()
        )
        limits = limits.model_copy(
            update={
                "minimum": limits.minimum | _limits(minimum, "--min"),
                "maximum": limits.maximum | _limits(maximum, "--max"),
            }
        )
        failures = evaluate.check_thresholds(scores, limits)
        print(evaluate.render_markdown(built), end="")
        if json_out:
            write_atomic(json_out, built.model_dump_json(indent=2) + "\n")
        if report:
            write_atomic(report, evaluate.render_markdown(built))
        if junit:
            write_atomic(junit, evaluate.render_junit(built, failures, limits))
        if baseline:
            previous = evaluate.Report.model_validate_json(baseline.read_text(encoding="utf-8"))
            for line in evaluate.compare(built, previous) or ["no change against the baseline"]:
                err.print(line)
    for failure in failures:
        err.print(f"[red]below threshold:[/red] {failure}", markup=True, soft_wrap=True)
    if failures:
        raise typer.Exit(EXIT_FAILURE)


def _read_briefing(path: Path) -> Briefing:
    try:
        return Briefing.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(
            f"not a briefing JSON from `summarizer brief --format json` ({exc})", source=str(path)
        ) from None


def _limits(pairs: list[str], flag: str) -> dict[str, float]:
    out = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise typer.BadParameter(f"expected METRIC=NUMBER, got {pair!r}", param_hint=flag) from None
    return out


@app.command()
def serve(
    port: Annotated[int | None, typer.Option(help="Port on 127.0.0.1 (default: a free one).")] = None,
    cache_dir: CacheDirOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Keep the embedded local model running for repeated runs (Ctrl-C stops it)."""
    with domain_errors(debug):
        settings = settings_from(cache_dir=cache_dir)
        path = settings.local_model or local.ensure_model(settings.cache_dir / "models")
        with local.LocalServer(path, port=port, log_dir=settings.cache_dir / "logs") as server:
            err.print("local model ready; in another shell:")
            print(f"export OPENAI_BASE_URL={server.base_url}")
            print("export SUMMARIZER_MODE=json_object_schema")
            print(f"export SUMMARIZER_MODEL={server.model_alias}")
            # It answers one request at a time: more at once only queue up and time out.
            print("export SUMMARIZER_CONCURRENCY=1 SUMMARIZER_TIMEOUT=900")
            sys.stdout.flush()
            signal.signal(signal.SIGTERM, _exit_on_signal)
            while True:
                time.sleep(3600)  # until Ctrl-C (KeyboardInterrupt) or SIGTERM; the server stops on exit


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(0)


def main() -> None:
    """Entry point: read `.env` (never at import), then run the app."""
    from dotenv import load_dotenv

    load_dotenv(dotenv_path=Path.cwd() / ".env", override=False)
    app()


from . import daily_cli  # noqa: E402, F401  (last: it builds on this module and adds the `daily` command)
