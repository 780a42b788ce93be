"""A pytest plugin for your own tests: a fake OpenAI-compatible server on loopback, and settings for it.

Installed with the package (entry point `pytest11`), it gives two fixtures:

    def test_my_report(summarizer_settings):
        with Summarizer(settings=summarizer_settings) as s:   # talks to the fake server, never the network
            briefing = s.brief(load_articles("my_articles/"))

`summarizer_fake_server` is the `FakeServer` itself: script replies (`.script(Reply(status=429))`) or read
the requests it received (`.requests`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.config import Settings
from summarizer.testing import FakeServer


@pytest.fixture
def summarizer_fake_server() -> Iterator[FakeServer]:
    """A fake OpenAI-compatible server on 127.0.0.1 answering from the request (see `summarizer.testing`)."""
    with FakeServer() as fake:
        yield fake


@pytest.fixture
def summarizer_settings(summarizer_fake_server: FakeServer, tmp_path: Path) -> Settings:
    """Settings pointing at the fake server, with a private cache and fast retries."""
    return Settings(
        api_key="test-key",
        base_url=summarizer_fake_server.base_url,
        model="fake-model",
        cache_dir=tmp_path / "summarizer-cache",
        retry_initial_wait=0.01,
        retry_max_wait=1.0,
        timeout=5.0,
    )
