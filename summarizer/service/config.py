"""The service's settings: where it listens, who may call it, its limits, its queue and its schedules.

Read from a YAML file (`summarizer api --config service.yaml`) with the environment on top for the two
secrets-or-deployment settings (`SUMMARIZER_API_TOKENS`, `SUMMARIZER_REDIS_URL`); command-line flags beat
both. The model settings are the library's own (`Settings`: OPENAI_BASE_URL, SUMMARIZER_MODEL, ...).
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from summarizer.errors import ConfigError
from summarizer.service.cron import Cron


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Limits(_Model):
    """What one request may ask for. Beyond them the answer is a 413 or 422 with the limit named."""

    max_body_bytes: int = Field(10_000_000, ge=1_000)
    max_articles: int = Field(500, ge=1)
    max_article_chars: int = Field(200_000, ge=100, description="longer articles are refused, not cut")
    max_urls: int = Field(50, ge=0)
    rate_per_minute: float = Field(30.0, gt=0, description="job submissions per token (or client address)")
    rate_burst: int = Field(10, ge=1)
    auth_failures: int = Field(10, ge=1, description="wrong tokens a client address may send in auth_window")
    auth_window: float = Field(60.0, gt=0, description="seconds; past auth_failures in them, the answer is a 429")


class Schedule(_Model):
    """A daily briefing run at cron-like times from configured sources (files, folders, feeds, URLs)."""

    name: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    cron: str = Field(description="minute hour day-of-month month day-of-week, server local time")
    sources: list[str] = Field(min_length=1)
    since: str | None = Field("36h", description="how far back articles count, as `summarizer daily --since`")
    max_stories: int | None = Field(None, ge=1)
    max_tokens: int | None = Field(None, ge=1)

    @field_validator("cron")
    @classmethod
    def _parses(cls, value: str) -> str:
        Cron(value)  # raises ValueError with the field that is wrong
        return value


class ServiceConfig(_Model):
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)
    tokens: list[str] = Field(default_factory=list, description="bearer tokens; none means no auth")
    database: Path | None = Field(None, description="the SQLite job store; default: <cache dir>/service/jobs.db")
    redis_url: str | None = Field(None, description="queue work to `summarizer worker` processes through Redis")
    limits: Limits = Field(default_factory=Limits)
    allow_private_hosts: bool = Field(False, description="let URL sources reach loopback and private addresses")
    schedules: list[Schedule] = Field(default_factory=list)
    lease_seconds: float = Field(15.0, gt=0, description="a killed worker's unit of work is retried after this")
    origins: dict[str, str] = Field(default_factory=dict, exclude=True, description="where each setting was given")

    def origin(self, field: str) -> str:
        """Where a setting came from, as the operator would look for it: the file's key, the variable, the flag."""
        return self.origins.get(field, f"the {field} setting")

    @field_validator("tokens")
    @classmethod
    def _long_enough(cls, tokens: list[str]) -> list[str]:
        if short := [t for t in tokens if len(t) < 16]:
            raise ValueError(f"{len(short)} token(s) shorter than 16 characters: use long random tokens")
        return tokens

    def exposed(self) -> bool:
        """Whether the address it binds reaches beyond this machine."""
        if self.host == "localhost":
            return False
        try:
            return not ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return True  # a host name: assume the worst

    @classmethod
    def load(cls, path: Path | None = None, env: Mapping[str, str] | None = None, **overrides: Any) -> ServiceConfig:
        """The file's settings, then the environment, then non-None `overrides` (the command line)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        if path is not None:
            try:
                loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
                raise ConfigError(f"cannot read the service config {path}: {exc}") from None
            if not isinstance(loaded, dict):
                raise ConfigError(f"{path}: the service config must be a mapping of settings")
            values.update(loaded)
            origins = {str(key): f"{key}: in {path}" for key in loaded}
        else:
            origins = {}
        if tokens := env.get("SUMMARIZER_API_TOKENS", "").strip():
            values["tokens"] = [t.strip() for t in tokens.split(",") if t.strip()]
            origins["tokens"] = "SUMMARIZER_API_TOKENS"
        if url := env.get("SUMMARIZER_REDIS_URL", "").strip():
            values["redis_url"] = url
            origins["redis_url"] = "SUMMARIZER_REDIS_URL"
        given = {k: v for k, v in overrides.items() if v is not None}
        values.update(given)
        origins.update({k: f"--{k.replace('_', '-')}" for k in given})
        values["origins"] = origins
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'config'}: {e['msg']}" for e in exc.errors(include_url=False)
            )
            raise ConfigError(f"invalid service setting: {problems}") from None
