"""The one exception tree of summarizer.

    SummarizerError                 root: catch this to catch everything we raise
    ├── InputError                  the user's input: an article that cannot be read or used
    ├── ConfigError                 configuration: a bad setting, a missing local model
    ├── ModelError                  the model call: transport, HTTP status, timeouts (after retries)
    │   └── LocalModelError         the embedded local model server could not start or died
    └── ValidationFailed            the model's answer: still invalid after every re-ask

Each carries what is needed to debug it (file name, attempts, last answer, usage).
"""

from __future__ import annotations

from typing import Any


class SummarizerError(Exception):
    """Root of every error summarizer raises on purpose."""


class InputError(SummarizerError):
    """An article (or other input) that cannot be read or used; names the source."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class ConfigError(SummarizerError):
    """A setting is missing or wrong; the message says which and how to fix it."""


class ModelError(SummarizerError):
    """The model endpoint failed after every retry."""

    def __init__(self, message: str, *, attempts: int = 1, item: str | None = None, usage: Any = None) -> None:
        self.attempts = attempts
        self.item = item
        self.usage = usage  # what the failed attempts cost (a schemas.Usage), retries included
        super().__init__(message)


class LocalModelError(ModelError):
    """The embedded model server could not be started, or stopped answering."""

    def __init__(self, message: str, *, log_path: str | None = None) -> None:
        self.log_path = log_path
        super().__init__(message + (f" (server log: {log_path})" if log_path else ""))


class ValidationFailed(SummarizerError):
    """The model's answer stayed invalid after every re-ask."""

    def __init__(
        self,
        message: str,
        *,
        attempts: int,
        last_answer: str | None = None,
        item: str | None = None,
        usage: Any = None,
    ) -> None:
        self.attempts = attempts
        self.last_answer = last_answer
        self.item = item
        self.usage = usage
        super().__init__(message)
