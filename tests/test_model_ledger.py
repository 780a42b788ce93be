"""The ledger: a piece of work cut short and run again reports every call made for it, once."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import BaseModel

from summarizer.config import Settings
from summarizer.model.client import ModelClient, build_client
from summarizer.model.ledger import keeping
from summarizer.model.prompts import Prompt
from summarizer.model.store import DiskStore
from summarizer.schemas import Usage
from summarizer.testing import FakeServer, Reply


class Count(BaseModel):
    n: int


class Entries:
    """Ledger entries in a dict that outlives the runs, as a Redis hash or a table outlives a process."""

    def __init__(self) -> None:
        self.kept: dict[str, str] = {}

    def load(self) -> list[str]:
        return list(self.kept.values())

    def save(self, entry: str, value: str) -> None:
        self.kept[entry] = value

    def clear(self) -> None:
        self.kept.clear()


async def count(client: ModelClient, prompt: Prompt, what: str) -> Usage:
    return (await client.ask(prompt, Count, variables={"what": what}, item=what)).usage


async def test_a_run_cut_short_leaves_its_calls_to_the_run_that_finishes(
    server: FakeServer, settings: Settings, prompt: Prompt
) -> None:
    store = DiskStore(settings.cache_dir)
    client = ModelClient(settings, build_client(settings), "fake-model", store)
    entries = Entries()

    async def first_run() -> None:
        with keeping(entries):
            await count(client, prompt, "sheep")  # answered and cached
            await count(client, prompt, "goats")  # re-asked, and cut short with the re-ask in flight

    server.script(Reply('{"n": 3}'), Reply("not json"), Reply('{"n": 4}', delay=5))
    run = asyncio.create_task(first_run())
    while server.calls < 3:
        await asyncio.sleep(0.01)
    run.cancel()  # as a killed process: nothing after this point of the run happens
    with pytest.raises(asyncio.CancelledError):
        await run
    assert entries.kept  # a cancelled run leaves its entries for the next

    server.script(Reply('{"n": 4}'))
    with keeping(entries):
        sheep = await count(client, prompt, "sheep")
        goats = await count(client, prompt, "goats")
        again = await count(client, prompt, "sheep")
    # sheep: the first run's call, found in the cache now, is this work's call, not a cache hit
    assert (sheep.calls, sheep.cache_hits, sheep.prompt_tokens) == (1, 0, 100)
    # goats: the first run's two calls (the one in flight left no tokens), its re-ask, and this run's call
    assert (goats.calls, goats.reasks, goats.prompt_tokens, goats.cache_hits) == (3, 1, 200, 0)
    assert server.calls == 4
    assert (again.calls, again.cache_hits) == (0, 1)  # asked twice in one run: paid once, as in any run
    assert not entries.kept  # the work ended: a later piece of work starts with nothing owed

    with keeping(entries):
        later = await count(client, prompt, "sheep")
    assert (later.calls, later.cache_hits) == (0, 1)
    await client.client.close()
    store.close()
