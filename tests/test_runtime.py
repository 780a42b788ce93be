"""The runtime on its own: the store a run uses, the keys of its units, its failure lines, its clients."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from summarizer import Summarizer, load_articles
from summarizer.config import DEFAULT_PROMPTS, Settings
from summarizer.errors import ModelError, ValidationFailed
from summarizer.model.store import DiskStore, NoStore
from summarizer.pipeline import InProcess, StoryInput
from summarizer.pipeline.steps import compose_story, extract_all
from summarizer.runtime import Runtime, default_store
from summarizer.schemas import Briefing, Extraction, Usage
from summarizer.testing import FakeServer

from .conftest import SEEDS


def test_the_default_store_is_the_disk_cache_unless_caching_is_off(tmp_path: Path) -> None:
    on = default_store(Settings(cache_dir=tmp_path))
    assert isinstance(on, DiskStore) and (tmp_path / "answers").is_dir()
    on.close()
    assert isinstance(default_store(Settings(cache_dir=tmp_path / "off", no_cache=True)), NoStore)
    assert not (tmp_path / "off").exists()
    with Runtime(Settings(cache_dir=tmp_path / "lazy")) as runtime:
        assert not (tmp_path / "lazy").exists()  # opened when first asked for, not before
        assert isinstance(runtime.store, DiskStore) and (tmp_path / "lazy" / "answers").is_dir()


def test_a_units_key_changes_with_what_decides_its_answer(tmp_path: Path) -> None:
    settings = Settings(api_key="k", base_url="http://127.0.0.1:9/v1", model="m", cache_dir=tmp_path)
    key = Runtime(settings).key("story briefing", payload="p")
    assert Runtime(settings).key("story briefing", payload="p") == key
    assert Runtime(settings).key("story briefing", payload="q") != key
    assert Runtime(settings).key("daily story", payload="p") != key
    assert Runtime(settings.model_copy(update={"model": "n"})).key("story briefing", payload="p") != key
    assert Runtime(settings.model_copy(update={"temperature": 0.5})).key("story briefing", payload="p") != key
    prompts = tmp_path / "prompts"
    shutil.copytree(DEFAULT_PROMPTS, prompts)
    brief = prompts / "brief" / "system.j2"
    brief.write_text(brief.read_text(encoding="utf-8") + "\nBe brief.\n", encoding="utf-8")
    assert Runtime(settings.model_copy(update={"prompts_dir": prompts})).key("story briefing", payload="p") != key


def test_a_failure_is_one_line_and_says_what_it_cost(tmp_path: Path) -> None:
    runtime = Runtime(Settings(cache_dir=tmp_path))
    lost = runtime.failure("a1", ModelError("a1: HTTP 500:\n  the server\tfell over", attempts=3, item="a1"))
    assert (lost.item, lost.error, lost.usage) == ("a1", "HTTP 500: the server fell over", Usage(calls=3))
    spent = Usage(calls=3, reasks=2, prompt_tokens=900)
    invalid = runtime.failure("a2", ValidationFailed("still invalid", attempts=3, item=None, usage=spent))
    assert (invalid.error, invalid.usage) == ("still invalid", spent)
    assert runtime.failure("a3", ValidationFailed("no usage", attempts=3)).usage == Usage()


def test_each_sync_call_gets_a_client_for_its_own_event_loop(server: FakeServer, settings: Settings) -> None:
    """An `openai` client is bound to the loop that made it: the second call's loop must not get the first's."""
    articles = load_articles([SEEDS])[:2]
    with Runtime(settings) as runtime:
        extractions, failed = runtime.sync(extract_all(runtime, articles))
        assert len(extractions) == 2 and not failed and server.calls == 2
        briefing, writer = runtime.sync(compose_story(runtime, StoryInput(articles, extractions)))
        assert writer.calls == 1 and briefing.meta.usage.calls == 3 and server.calls == 3


def test_the_summarizer_and_an_in_process_executor_brief_alike(server: FakeServer, settings: Settings) -> None:
    articles = load_articles([SEEDS])
    with Summarizer(settings=settings) as summarizer:
        result = summarizer.run(articles)
        runtime = summarizer.runtime
        units = InProcess(runtime)

        async def by_units() -> tuple[list[Extraction], Briefing]:
            extractions = list(await asyncio.gather(*(units.extract(a) for a in articles)))
            briefing, _ = await units.compose(StoryInput(articles, extractions))
            return extractions, briefing

        extractions, briefing = runtime.sync(by_units())
    assert [e.claims for e in extractions] == [e.claims for e in result.extractions]
    assert all(e.usage == Usage(cache_hits=1) for e in extractions)  # the second time from the cache
    assert briefing.model_copy(update={"meta": result.briefing.meta}) == result.briefing
    assert server.calls == len(articles) + 1
