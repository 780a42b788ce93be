"""`summarizer api`: run the HTTP service, its API and its reading page."""

from __future__ import annotations

import logging
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from summarizer.cli._common import ENDPOINT, RunOptions, domain_errors, err, log_handler, quiet, run_options
from summarizer.errors import ConfigError

if TYPE_CHECKING:
    from summarizer.service.config import ServiceConfig

EXTRA = "pip install 'cited-news-summarizer[service]'"

WARNING = """
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!!  WARNING: listening on {host}, beyond this machine, with NO TOKEN.
!!  Anyone who reaches this port can submit jobs (spending your model budget), make the
!!  service fetch URLs, and read every briefing. Set SUMMARIZER_API_TOKENS (or `tokens:` in
!!  the config) to require `Authorization: Bearer <token>`, or bind to 127.0.0.1.
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
"""


@run_options(*ENDPOINT, "concurrency", "cache_dir")
def run_service(
    host: Annotated[str | None, typer.Option(help="Address to listen on (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000; 0 picks a free one).")] = None,
    config: Annotated[
        Path | None, typer.Option("--config", "-c", help="Service config (YAML): tokens, limits, schedules.")
    ] = None,
    database: Annotated[Path | None, typer.Option(help="SQLite job store (default: in the cache dir).")] = None,
    redis_url: Annotated[
        str | None, typer.Option(help="Queue units to `summarizer worker`s (env SUMMARIZER_REDIS_URL).")
    ] = None,
    *,
    options: RunOptions,
) -> None:
    """Serve the HTTP API (/docs) and the reading page (/). Jobs survive restarts.

    Example: summarizer api --port 8000; then
    curl localhost:8000/v1/briefings -H 'Content-Type: application/json' -d @articles.json
    (with tokens set, add -H 'Authorization: Bearer TOKEN'; docs/service.md has more)
    """
    with domain_errors(options.debug):
        try:
            import uvicorn

            from summarizer.service import ServiceConfig, create_app
            from summarizer.service.state import preflight
        except ImportError as exc:
            raise ConfigError(f"the API needs the service extra: {EXTRA} ({exc})") from None
        settings = options.settings()
        service = ServiceConfig.load(config, host=host, port=port, database=database, redis_url=redis_url)
        preflight(service, settings)
        if loud := warning(service):
            err.print(loud, style="bold red", markup=False)
        sock = _bind(service.host, service.port)
        address = sock.getsockname()
        # Warnings and errors from everything; the service's own requests and job events too (unless -q): an
        # operator needs them. -v (set up by the app's callback) adds the library's per-unit lines, which at
        # hundreds of units a second cost real CPU.
        logging.basicConfig(level=logging.WARNING, handlers=[log_handler()])
        if not quiet():
            logging.getLogger("summarizer.service").setLevel(min(logging.INFO, logging.getLogger().level))
        err.print(f"summarizer API on http://{address[0]}:{address[1]} (docs at /docs)", markup=False)
        sys.stderr.flush()
        server = uvicorn.Server(
            uvicorn.Config(create_app(service, settings), log_level="info", access_log=False, ws="none")
        )
        server.run(sockets=[sock])


def warning(config: ServiceConfig) -> str | None:
    """The warning for a service that anyone on the network could use, or None."""
    return WARNING.format(host=config.host) if config.exposed() and not config.tokens else None


def _bind(host: str, port: int) -> socket.socket:
    """Bind before serving, so `--port 0` can say which port it got."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on {host}:{port}: {exc}") from None
    sock.set_inheritable(True)
    return sock
