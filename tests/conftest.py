"""Shared fixtures: a fake OpenAI-compatible server on loopback and settings that point at it."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.config import Settings
from summarizer.model.prompts import Prompt, load_prompt
from summarizer.testing import FakeServer

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "examples" / "seeds"


@pytest.fixture
def server(summarizer_fake_server: FakeServer) -> FakeServer:
    """The fake OpenAI-compatible server on loopback, from the package's own pytest plugin."""
    return summarizer_fake_server


@pytest.fixture
def settings(summarizer_settings: Settings, tmp_path: Path) -> Settings:
    """Settings for the fake server: fast backoff, a private cache, never the network."""
    return summarizer_settings.model_copy(
        update={"cache_dir": tmp_path / "cache", "retry_max_wait": 2.0, "max_retries": 3}
    )


@pytest.fixture(autouse=True)
def _no_ambient_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never pick up the developer's endpoint or key."""
    for var in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "SUMMARIZER_MODEL",
        "SUMMARIZER_MODE",
        "SUMMARIZER_CACHE_DIR",
        "SUMMARIZER_NO_CACHE",
        "SUMMARIZER_PROMPTS_DIR",
        "SUMMARIZER_LOCAL_MODEL",
        "SUMMARIZER_CONCURRENCY",
    ):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def prompt(tmp_path: Path) -> Prompt:
    """A one-line prompt of the model client's tests: "Count {{ what }}."."""
    (tmp_path / "p" / "count").mkdir(parents=True)
    (tmp_path / "p" / "count" / "system.j2").write_text("Count things.")
    (tmp_path / "p" / "count" / "user.j2").write_text("Count {{ what }}.")
    return load_prompt(tmp_path / "p", "count")
