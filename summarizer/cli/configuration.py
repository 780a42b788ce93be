"""`summarizer config`: the settings a run would use, and where each came from; secrets masked."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit, urlunsplit

import typer

from summarizer.cli._common import ENDPOINT, RunOptions, domain_errors, from_dotenv, run_options
from summarizer.config import DEFAULT_REMOTE_MODEL, ENV_VARS, SERVICE_ENV_VARS, Settings
from summarizer.model import local

SECRET_WORDS = ("key", "token", "password", "secret")


def mask(secret: str) -> str:
    """Enough of a secret to tell which one it is (`sk-...abcd`), never enough to use it."""
    if len(secret) < 12:
        return "****"
    return f"{secret[:3]}...{secret[-4:]}"


def mask_url(url: str) -> str:
    """A URL with its password (`redis://:pw@host`) masked."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    user = f"{parts.username}:" if parts.username else ":"
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{user}****@{host}"))


def _secret(name: str) -> bool:
    return any(word in name.lower() for word in SECRET_WORDS)


@dataclass
class Row:
    """One setting: its value as a run sees it, and where that came from."""

    value: Any
    source: str  # argument, environment, .env, default
    variable: str | None = None  # the environment variable (or flag) that set it

    def where(self) -> str:
        return f"{self.source} {self.variable}" if self.variable and self.source != "default" else self.source


def _from_environment(variable: str, env: Mapping[str, str]) -> Row | None:
    raw = env.get(variable, "")
    if not raw.strip():  # Settings.load ignores blank values too
        return None
    return Row(raw.strip(), ".env" if variable in from_dotenv else "environment", variable)


def _shown(name: str, value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    text = str(value)
    return mask(text) if _secret(name) else text


def settings_rows(settings: Settings, given: Mapping[str, Any], env: Mapping[str, str]) -> dict[str, Row]:
    """Every setting with its effective value (defaults that depend on the endpoint resolved) and its origin."""
    variables = {field: var for var, field in ENV_VARS.items()}
    resolved = {
        "model": settings.model or (local.MODEL_NAME if settings.uses_local_model else DEFAULT_REMOTE_MODEL),
        "mode": settings.resolved_mode(),
        "timeout": settings.resolved_timeout(),
        "concurrency": settings.resolved_concurrency(),
    }
    rows: dict[str, Row] = {}
    for name in Settings.model_fields:
        value = _shown(name, resolved.get(name, getattr(settings, name)))
        if given.get(name) is not None:
            rows[name] = Row(value, "argument", "--" + name.replace("_", "-"))
        elif name in variables and (row := _from_environment(variables[name], env)):
            rows[name] = Row(value, row.source, row.variable)
        else:
            rows[name] = Row(value, "default")
    return rows


def service_rows(env: Mapping[str, str]) -> dict[str, Row]:
    """What the environment gives the service (`summarizer api`; its YAML file and flags may add more) and the
    daily's e-mail."""
    rows: dict[str, Row] = {}
    for variable in SERVICE_ENV_VARS:
        row = _from_environment(variable, env)
        if row is None:
            rows[variable] = Row(None, "not set")
        elif variable == "SUMMARIZER_API_TOKENS":
            tokens = [t.strip() for t in str(row.value).split(",") if t.strip()]
            rows[variable] = Row(", ".join(mask(t) for t in tokens), row.source)
        elif variable.endswith("_URL"):
            rows[variable] = Row(mask_url(str(row.value)), row.source)
        else:
            rows[variable] = Row(mask(str(row.value)) if _secret(variable) else row.value, row.source)
    return rows


def endpoint(settings: Settings) -> str:
    if settings.uses_local_model:
        return "the embedded local model (neither OPENAI_BASE_URL nor OPENAI_API_KEY is set)"
    return settings.base_url or "OpenAI (OPENAI_API_KEY set, no OPENAI_BASE_URL)"


def _table(rows: Mapping[str, Row]) -> list[str]:
    cells = [(name, "-" if row.value is None else str(row.value), row.where()) for name, row in rows.items()]
    widths = [max(len(c[i]) for c in cells) for i in (0, 1)]
    return [f"{name:<{widths[0]}}  {value:<{widths[1]}}  {where}".rstrip() for name, value, where in cells]


@run_options(*ENDPOINT, "concurrency", "no_cache", "cache_dir", "prompts_dir", "words", "no_writer", "deadline")
def config(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object instead of a table.")] = False,
    *,
    options: RunOptions,
) -> None:
    """Show the settings a run would use and where each came from: a flag, the environment, .env, or the default.

    Flags given here are shown as a command would take them. Keys and tokens are masked (sk-...abcd).
    Example: summarizer config --base-url http://127.0.0.1:11434/v1
    """
    with domain_errors(options.debug):
        settings = options.settings()
    given = {name: getattr(options, name) for name in Settings.model_fields if hasattr(options, name)}
    for flag in ("no_cache", "no_writer"):  # a flag left off is "not given", as RunOptions.settings reads it
        given[flag] = given[flag] or None
    rows = settings_rows(settings, given, os.environ)
    service = service_rows(os.environ)
    dotenv = Path.cwd() / ".env"
    if as_json:
        document = {
            "endpoint": endpoint(settings),
            "dotenv": str(dotenv) if from_dotenv else None,
            "settings": {name: asdict(row) for name, row in rows.items()},
            "service": {name: asdict(row) for name, row in service.items()},
        }
        print(json.dumps(document, indent=2, default=str))
        return
    print(f"endpoint: {endpoint(settings)}")
    if from_dotenv:
        print(f".env: {dotenv} set {', '.join(sorted(from_dotenv))}")
    print()
    print("\n".join(_table(rows)))
    print()
    print("read by summarizer api (its --config file and flags come on top) and daily --email:")
    print("\n".join(_table(service)))
