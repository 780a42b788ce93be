"""The `summarizer` command: a thin adapter that turns domain errors into one line and an exit code.

Exit codes: 0 success; 1 failure (nothing written); 2 usage error; 3 partial (some articles were
skipped or failed, or the daily's story memory could not be read or written, but the output was
written). Each command lives in its own module; this one assembles them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from summarizer._version import __version__
from summarizer.cli import brief, configuration, daily, doctor, evals, schema, serve, service, verify, worker
from summarizer.cli._common import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    Command,
    Group,
    load_dotenv_file,
    notice,
    set_verbosity,
)
from summarizer.config import unknown_env_vars

__all__ = ["EXIT_FAILURE", "EXIT_OK", "EXIT_PARTIAL", "EXIT_USAGE", "app", "main"]

app = typer.Typer(
    help=(
        "Turn news articles into a cited, multi-source briefing.\n\n"
        "With no OPENAI_API_KEY / OPENAI_BASE_URL set, the embedded local model is used (no key, no network).\n\n"
        "Exit codes: 0 success, 1 failure, 2 usage error, 3 partial (some articles failed, or the story memory; "
        "output still written)."
    ),
    no_args_is_help=True,
    cls=Group,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"summarizer {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and warnings on stderr.")] = False,
    verbose: Annotated[
        int,
        typer.Option(
            "--verbose",
            "-v",
            count=True,
            show_default=False,
            help="More detail on stderr; -vv (or -v 2) more still. -v and -q may also follow the command.",
        ),
    ] = 0,
) -> None:
    set_verbosity(-1 if quiet else verbose)
    for problem in unknown_env_vars(os.environ):
        notice("warning", problem)


app.command(cls=Command)(brief.brief)
app.command(cls=Command)(brief.extract)
app.command(name="daily", cls=Command)(daily.daily)
app.command(name="eval", cls=Command)(evals.eval_command)
app.command(cls=Command)(serve.serve)
app.command(cls=Command)(schema.schema)
app.command(name="api", cls=Command)(service.run_service)
app.command(cls=Command)(worker.worker)
app.command(cls=Command)(verify.verify)
app.command(cls=Command)(configuration.config)
app.command(cls=Command)(doctor.doctor)


def main() -> None:
    """Entry point: read `.env` (never at import), then run the app."""
    load_dotenv_file(Path.cwd() / ".env")
    app()
