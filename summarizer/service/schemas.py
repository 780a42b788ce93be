"""What the HTTP API takes and gives, as pydantic models (they make the OpenAPI document too)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ArticleIn(_Model):
    """One article given inline. Only `text` is required; what the text states (title, date) is read from it."""

    id: str | None = Field(None, pattern=r"^[A-Za-z0-9_.:-]{1,128}$", description="default: a hash of the text")
    title: str | None = Field(None, max_length=1_000)
    outlet: str | None = Field(None, max_length=300)
    published: str | None = Field(None, max_length=100, description="a date, e.g. 2024-11-29")
    url: str | None = Field(None, max_length=2_000)
    format: Literal["txt", "md", "html"] = "txt"
    text: str = Field(min_length=1)


class BriefingRequest(_Model):
    """Articles to brief as one story: inline, or as URLs of article pages (fetched by the service)."""

    articles: list[ArticleIn] = Field(default_factory=list)
    urls: list[str] = Field(default_factory=list, description="http(s) URLs of article pages or feeds")

    @model_validator(mode="after")
    def _something(self) -> BriefingRequest:
        if not self.articles and not self.urls:
            raise ValueError("give `articles`, `urls` or both")
        return self


class DailyRequest(_Model):
    """A day's articles on many stories: grouped, ranked and briefed in one document."""

    sources: list[str] = Field(default_factory=list, description="http(s) URLs of feeds or article pages")
    articles: list[ArticleIn] = Field(default_factory=list)
    date: dt.date | None = Field(None, description="keep only articles published this day")
    since: str | None = Field(None, description="keep articles from then on: a date, a date and time, or 36h, 2d")
    max_stories: int | None = Field(None, ge=1, le=1_000)
    max_tokens: int | None = Field(None, ge=1)
    fresh: bool = Field(False, description="brief every story in full, ignoring what earlier dailies told")

    @model_validator(mode="after")
    def _something(self) -> DailyRequest:
        if not self.articles and not self.sources:
            raise ValueError("give `sources`, `articles` or both")
        return self


class Progress(_Model):
    stage: str = Field("queued", description="queued, fetch, group, extract, brief or done")
    done: int = Field(0, description="units of work done (articles extracted, then stories briefed); only grows")
    total: int = Field(0, description="units of work known so far")
    item: str = ""
    eta: int | None = Field(None, description="seconds left, estimated")

    @field_validator("eta", mode="before")
    @classmethod
    def _whole_seconds(cls, value: object) -> object:  # rows written before eta was rounded hold a float
        return round(value) if isinstance(value, float) else value


class JobOut(_Model):
    id: str
    kind: Literal["briefing", "daily"]
    status: Literal["queued", "running", "done", "failed"]
    progress: Progress
    title: str | None = None
    schedule: str | None = None
    error: str | None = None
    created: str
    updated: str
    links: dict[str, str]


class JobList(_Model):
    jobs: list[JobOut]


class Health(_Model):
    status: Literal["ok", "unavailable"] = "ok"
    problem: str | None = Field(None, description="why jobs cannot progress (with status 503), and what to do")
    version: str
    queue: Literal["in-process", "redis"]
    workers: int | None = Field(None, description="live `summarizer worker` processes (redis queue only)")
    jobs: dict[str, int]


class ErrorOut(_Model):
    """Every error: a status and one clear message, never a traceback."""

    error: dict[str, Any] = Field(examples=[{"status": 404, "message": "no job 123"}])
