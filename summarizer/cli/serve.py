"""`summarizer serve`: keep the embedded local model running between runs."""

from __future__ import annotations

import signal
import sys
import time
from typing import Annotated

import typer

from summarizer.cli._common import RunOptions, domain_errors, err, run_options
from summarizer.model import local


@run_options("cache_dir")
def serve(
    port: Annotated[int | None, typer.Option(help="Port on 127.0.0.1 (default: a free one).")] = None,
    *,
    options: RunOptions,
) -> None:
    """Keep the embedded local model running for repeated runs (Ctrl-C stops it)."""
    with domain_errors(options.debug):
        settings = options.settings()
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
