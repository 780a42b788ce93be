"""The public API is small and pinned: changing it should be a decision, not an accident."""

from __future__ import annotations

import summarizer
from summarizer import Summarizer, errors, load_articles
from summarizer.config import Settings

from .conftest import SEEDS


def test_public_names_are_pinned() -> None:
    assert sorted(summarizer.__all__) == [
        "Article",
        "Briefing",
        "Claim",
        "ConfigError",
        "Daily",
        "Extraction",
        "InputError",
        "LocalModelError",
        "ModelError",
        "Settings",
        "Step",
        "Summarizer",
        "SummarizerError",
        "Usage",
        "ValidationFailed",
        "Verdict",
        "__version__",
        "brief_daily",
        "find_stories",
        "load_articles",
        "parse_article",
        "recheck_briefing",
        "to_json",
        "to_markdown",
        "verify",
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


async def test_the_sync_api_works_inside_a_running_event_loop(settings: Settings) -> None:
    """As in Jupyter: a running loop, and the sync `brief` called from it."""
    with Summarizer(settings=settings) as summarizer:
        briefing = summarizer.brief(load_articles(SEEDS))
    assert len(briefing.sources) == 5 and briefing.sections
