"""`summarizer eval`: score briefings against hand-labelled facts and gate CI on the scores."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from summarizer._files import write_atomic
from summarizer.cli._common import (
    ENDPOINT,
    EXIT_FAILURE,
    ProgressView,
    RunOptions,
    check_output,
    domain_errors,
    err,
    notice,
    run_options,
    shown,
)
from summarizer.errors import InputError
from summarizer.evaluation.score import Report
from summarizer.schemas import Briefing


@run_options(*ENDPOINT, "no_cache", "cache_dir", "deadline")
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
    thresholds: Annotated[
        Path | None,
        typer.Option(help="Thresholds YAML (default: thresholds.yaml found above the data sets, or evals/ here)."),
    ] = None,
    no_thresholds: Annotated[
        bool, typer.Option("--no-thresholds", help="Report scores without gating on a thresholds file.")
    ] = False,
    minimum: Annotated[list[str], typer.Option("--min", help="Override a floor, e.g. --min fact_recall=0.5.")] = [],  # noqa: B006
    maximum: Annotated[list[str], typer.Option("--max", help="Override a ceiling, e.g. --max reasks=3.")] = [],  # noqa: B006
    baseline: Annotated[
        Path | None, typer.Option(help="A previous --json report: print what improved or regressed.")
    ] = None,
    record: Annotated[
        bool, typer.Option("--record", help="Store every model answer in <dataset>/cassette.json.")
    ] = False,
    replay: Annotated[bool, typer.Option("--replay", help="Answer from the cassette: no model, no key.")] = False,
    *,
    options: RunOptions,
) -> None:
    """Score briefings against hand-labelled facts; exit 1 when a metric misses its threshold.

    Example (CI, no model): summarizer eval evals/datasets/* --replay --junit eval.xml
    """
    from summarizer.evaluation import report as evaluate
    from summarizer.evaluation.run import Replay, evaluate_dataset

    if record and replay:
        raise typer.BadParameter("choose --record or --replay", param_hint="--record")
    if briefing and len(datasets) != 1:
        raise typer.BadParameter("--briefing scores one data set", param_hint="--briefing")
    for output, flag in ((json_out, "--json"), (report, "--report"), (junit, "--junit")):
        check_output(output, flag)
    with domain_errors(options.debug):
        previous = _read_baseline(baseline) if baseline else None
        settings = options.settings()
        given = _read_briefing(briefing) if briefing else None
        replaying: Replay = "replay" if replay else "record" if record else "live"
        scores = [
            evaluate_dataset(path, settings, replay=replaying, briefing=given, progress=ProgressView())
            for path in datasets
        ]
        built = evaluate.build_report(scores)
        found = thresholds or (None if no_thresholds else find_thresholds(datasets))
        if found is None and not no_thresholds:
            raise InputError(
                "no thresholds.yaml found beside or above the data sets, nor in ./evals: a gate with no limits "
                "cannot fail. Pass --thresholds FILE, or --no-thresholds to only report the scores"
            )
        limits = evaluate.load_thresholds(found) if found else evaluate.Thresholds()
        # A flag beats the file, the data sets' own limits included.
        floors, ceilings = _limits(minimum, "--min"), _limits(maximum, "--max")
        limits = limits.model_copy(
            update={
                "minimum": limits.minimum | floors,
                "maximum": limits.maximum | ceilings,
                "datasets": {
                    name: own.model_copy(update={"minimum": own.minimum | floors, "maximum": own.maximum | ceilings})
                    for name, own in limits.datasets.items()
                },
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
        if previous:
            for line in evaluate.compare(built, previous) or ["no change against the baseline"]:
                err.print(shown(line), markup=False)
    for failure in failures:
        notice("below threshold", failure, style="red")
    if failures:
        raise typer.Exit(EXIT_FAILURE)


def find_thresholds(datasets: list[Path]) -> Path | None:
    """The thresholds.yaml nearest above the data sets (evals/datasets/x -> evals/thresholds.yaml), else ./evals."""
    for dataset in datasets:
        for folder in [dataset, *Path(dataset).resolve().parents][:4]:
            if (candidate := folder / "thresholds.yaml").is_file():
                return candidate
    fallback = Path("evals/thresholds.yaml")
    return fallback if fallback.is_file() else None


def _read_baseline(path: Path) -> Report:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot be read ({getattr(exc, 'strerror', None) or exc})", source=str(path)) from None
    try:
        return Report.model_validate_json(text)
    except ValueError as exc:  # pydantic's ValidationError, bad JSON included
        first = str(exc).splitlines()[0]
        raise InputError(f"not a report from `summarizer eval --json` ({first})", source=str(path)) from None


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
