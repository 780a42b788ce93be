"""Settings: explicit arguments beat the environment, which beats `.env` (loaded by the CLI only)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from summarizer.errors import ConfigError

Mode = Literal["json_schema", "json_object_schema", "tools", "json"]
MODES: tuple[str, ...] = ("json_schema", "json_object_schema", "tools", "json")

# Environment variable -> settings field. `.env.example` documents each one.
ENV_VARS: dict[str, str] = {
    "OPENAI_API_KEY": "api_key",
    "OPENAI_BASE_URL": "base_url",
    "SUMMARIZER_MODEL": "model",
    "SUMMARIZER_MODE": "mode",
    "SUMMARIZER_CONCURRENCY": "concurrency",
    "SUMMARIZER_MAX_REASKS": "max_reasks",
    "SUMMARIZER_MAX_RETRIES": "max_retries",
    "SUMMARIZER_TIMEOUT": "timeout",
    "SUMMARIZER_TEMPERATURE": "temperature",
    "SUMMARIZER_CACHE_DIR": "cache_dir",
    "SUMMARIZER_NO_CACHE": "no_cache",
    "SUMMARIZER_NO_WRITER": "no_writer",
    "SUMMARIZER_WRITER": "writer",
    "SUMMARIZER_VERIFY_WITH_MODEL": "verify_with_model",
    "SUMMARIZER_PROMPTS_DIR": "prompts_dir",
    "SUMMARIZER_LOCAL_MODEL": "local_model",
    "SUMMARIZER_MAX_CHARS": "max_chars",
    "SUMMARIZER_MAX_FILE_BYTES": "max_file_bytes",
    "SUMMARIZER_MAX_STDIN_BYTES": "max_stdin_bytes",
    "SUMMARIZER_MAX_RECORD_BYTES": "max_record_bytes",
    "SUMMARIZER_WORDS": "words",
    "SUMMARIZER_DIGEST_WORDS": "digest_words",
    "SUMMARIZER_DEADLINE": "deadline",
}

# Read by the service (`summarizer.service.config`) and by `summarizer daily --email` (`summarizer.daily.mail`),
# not by Settings; named here so that every variable the package reads is known in one place.
SERVICE_ENV_VARS = (
    "SUMMARIZER_API_TOKENS",
    "SUMMARIZER_REDIS_URL",
    "SUMMARIZER_SMTP_HOST",
    "SUMMARIZER_SMTP_PORT",
    "SUMMARIZER_SMTP_USER",
    "SUMMARIZER_SMTP_PASSWORD",
    "SUMMARIZER_SMTP_FROM",
    "SUMMARIZER_SMTP_STARTTLS",
    "SUMMARIZER_SMTP_TLS",
)


def unknown_env_vars(env: Mapping[str, str]) -> list[str]:
    """`SUMMARIZER_*` variables the package does not read, each with the known name it is likely meant to be
    (`SUMMARIZER_API_TOKEN` for SUMMARIZER_API_TOKENS): a misspelt setting is otherwise silently ignored."""
    import difflib

    known = [*ENV_VARS, *SERVICE_ENV_VARS]
    problems = []
    for name in sorted(n for n in env if n.startswith("SUMMARIZER_") and n not in known):
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.8)
        problems.append(f"{name} is not a setting summarizer reads" + (f"; did you mean {close[0]}?" if close else ""))
    return problems


DEFAULT_REMOTE_MODEL = "gpt-4o-mini"
DEFAULT_PROMPTS = Path(__file__).resolve().parent / "model" / "templates"  # shipped in the wheel


class Settings(BaseModel):
    """Everything that decides where requests go and how the pipeline runs."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    api_key: str | None = None
    base_url: str | None = None
    model: str | None = Field(None, description="model name; default depends on the endpoint")
    mode: Mode | None = Field(None, description="structured-output mode; default depends on the endpoint")
    concurrency: int = Field(4, ge=1, le=256)
    max_reasks: int = Field(2, ge=0, le=10)
    max_retries: int = Field(4, ge=0, le=20)
    retry_max_wait: float = Field(30.0, gt=0, description="cap on one backoff wait, Retry-After included")
    retry_initial_wait: float = Field(1.0, gt=0)
    timeout: float = Field(180.0, gt=0, description="seconds for one model request")
    deadline: float | None = Field(None, gt=0, description="seconds a run's model calls may take in all")
    temperature: float = Field(0.0, ge=0, le=2)
    cache_dir: Path = Field(default_factory=lambda: Path(platformdirs.user_cache_dir("summarizer")))
    no_cache: bool = False
    no_writer: bool = Field(
        False, description="brief the chosen facts in their sources' own words, with no writer call"
    )
    writer: bool | None = Field(
        None, description="have the model word the briefing; default: yes for an endpoint, no for the embedded model"
    )
    verify_with_model: bool = Field(
        False, description="ask the endpoint whether each written sentence's sources support it; not the embedded model"
    )
    prompts_dir: Path = DEFAULT_PROMPTS
    local_model: Path | None = Field(None, description="a GGUF file to serve instead of the bundled model")
    max_chars: int = Field(12_000, ge=500, description="longer articles are truncated, with a note")
    max_file_bytes: int = Field(10_000_000, ge=1_000, description="a larger file is skipped, named, unread")
    max_stdin_bytes: int = Field(10_000_000, ge=1_000, description="larger standard input is refused, unread")
    max_record_bytes: int = Field(1_000_000, ge=1_000, description="a larger JSON/JSONL record is skipped, named")
    words: int | None = Field(
        None, ge=40, le=5000, description="the briefing's word budget; default 100 + 60 per article, at most 900"
    )
    digest_words: int = Field(
        600,
        ge=0,
        le=20_000,
        description="the daily's opening digest, in words for the whole day (the top story about 180, the others "
        "60-100 each, the rest headline only); 0 for none",
    )

    @field_validator("base_url")
    @classmethod
    def _a_web_address(cls, value: str | None) -> str | None:
        # A stray newline (from `echo url > .env`, say) reached httpx and ended in a traceback; `localhost:11434`
        # was read as a URL whose scheme is "localhost" and failed later as a bare "Connection error.".
        if value is None:
            return None
        value = value.strip()
        if any(c.isspace() for c in value):
            raise ValueError(f"{value!r} contains a space or line break; give the URL alone")
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"{value!r} has no http:// or https://; for example http://{value.split('//')[-1]}")
        return value

    @property
    def uses_local_model(self) -> bool:
        """No endpoint configured: the embedded model serves the requests."""
        return not self.base_url and not self.api_key

    def resolved_timeout(self) -> float:
        """A local request may wait behind others on 2 cores; abandoning it only makes the server redo it."""
        if self.uses_local_model and "timeout" not in self.model_fields_set:
            return 900.0
        return self.timeout

    def resolved_concurrency(self) -> int:
        """The local server answers one request at a time: queueing more only eats into their timeouts."""
        if self.uses_local_model and "concurrency" not in self.model_fields_set:
            return 1
        return self.concurrency

    def writer_skipped(self) -> str | None:
        """Why a briefing is not sent to the writer, or None when it is.

        The embedded 1.5B writer words few facts and adds no fact recall on the labelled sets, at one long call
        per briefing; its facts already stand in their sources' own words. An endpoint's writer stays on.
        """
        if self.no_writer or self.writer is False:
            return "as asked (--no-writer)"
        if self.writer is None and self.uses_local_model:
            return "the embedded model lists the facts in their sources' words (--writer to have it write)"
        return None

    def resolved_mode(self) -> Mode:
        if self.mode:
            return self.mode
        # llama-cpp-python's server answers 500 to json_schema but honours a schema in json_object.
        return "json_object_schema" if self.uses_local_model else "json_schema"

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Build settings from the environment, then apply explicit (non-None) arguments on top."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for var, field in ENV_VARS.items():
            raw = env.get(var)
            if raw is not None and raw.strip() != "":
                values[field] = _parse_bool(raw) if field in _FLAGS else raw.strip()
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            problems = "; ".join(f"{_env_name(str(e['loc'][0]))}: {e['msg']}" for e in exc.errors(include_url=False))
            raise ConfigError(f"invalid setting: {problems}") from None


_FLAGS = ("no_cache", "no_writer", "writer", "verify_with_model")


def _parse_bool(raw: str) -> bool:
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _env_name(field: str) -> str:
    names = [var for var, f in ENV_VARS.items() if f == field]
    return f"{field} ({names[0]})" if names else field
