"""The public API is small and pinned: changing it should be a decision, not an accident."""

from __future__ import annotations

import summarizer
from summarizer import errors


def test_public_names_are_pinned() -> None:
    assert sorted(summarizer.__all__) == [
        "Article",
        "Briefing",
        "Claim",
        "ConfigError",
        "Extraction",
        "InputError",
        "LocalModelError",
        "ModelError",
        "Progress",
        "Settings",
        "Summarizer",
        "SummarizerError",
        "Usage",
        "ValidationFailed",
        "load_articles",
        "to_json",
        "to_markdown",
    ]
    for name in summarizer.__all__:
        assert getattr(summarizer, name) is not None


def test_one_exception_tree() -> None:
    for family in (errors.InputError, errors.ConfigError, errors.ModelError, errors.ValidationFailed):
        assert issubclass(family, errors.SummarizerError)
    assert issubclass(errors.LocalModelError, errors.ModelError)
    failed = errors.ValidationFailed("bad", attempts=3, last_answer="{}", item="a1")
    assert (failed.attempts, failed.last_answer, failed.item) == (3, "{}", "a1")
    assert str(errors.InputError("empty file", source="x.txt")) == "x.txt: empty file"
