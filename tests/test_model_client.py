"""The model client against a fake server: modes, re-asks, retries, cache, usage."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationInfo, field_validator

from summarizer.config import Settings
from summarizer.errors import ModelError, ValidationFailed
from summarizer.model.client import ModelClient, build_client
from summarizer.model.prompts import Prompt
from summarizer.model.store import AnswerStore, Cassette, DiskStore
from summarizer.testing import FakeServer, Reply


class Answer(BaseModel):
    n: int

    @field_validator("n")
    @classmethod
    def _below_limit(cls, value: int, info: ValidationInfo) -> int:
        limit = (info.context or {}).get("limit")
        if limit is not None and value > limit:
            raise ValueError(f"must be at most {limit}")
        return value


ClientFactory = Callable[..., ModelClient]


@pytest.fixture
async def client_for() -> AsyncIterator[ClientFactory]:
    """Make model clients for the test and close their connections before its event loop closes."""
    made: list[ModelClient] = []

    def make(settings: Settings, store: AnswerStore | None = None, model: str = "fake-model") -> ModelClient:
        made.append(ModelClient(settings, build_client(settings), model, store))
        return made[-1]

    yield make
    for client in made:
        await client.client.close()


async def ask(client: ModelClient, prompt: Prompt, **context: object) -> tuple[int, object]:
    answer = await client.ask(prompt, Answer, variables={"what": "sheep"}, context=dict(context), item="test")
    return answer.value.n, answer.usage


async def test_valid_answer_and_usage(
    server: FakeServer, settings: Settings, prompt: Prompt, client_for: ClientFactory
) -> None:
    server.script(Reply('{"n": 3}', prompt_tokens=11, completion_tokens=4))
    n, usage = await ask(client_for(settings), prompt)
    assert n == 3
    assert (usage.calls, usage.prompt_tokens, usage.completion_tokens, usage.reasks) == (1, 11, 4, 0)
    sent = server.requests[0]
    assert sent["messages"][1]["content"] == "Count sheep."
    assert sent["response_format"]["type"] == "json_schema"


async def test_invalid_answer_is_reasked_with_the_error(
    server: FakeServer, settings: Settings, prompt: Prompt, client_for: ClientFactory
) -> None:
    server.script(Reply("not json"), Reply('{"n": 99}'), Reply('{"n": 2}'))
    n, usage = await ask(client_for(settings), prompt, limit=5)
    assert n == 2
    assert usage.reasks == 2 and usage.calls == 3
    assert usage.prompt_tokens == 300  # every call counts, re-asks included
    last = server.requests[2]["messages"]
    assert last[-2] == {"role": "assistant", "content": '{"n": 99}'}
    assert "must be at most 5" in last[-1]["content"]


async def test_tools_mode_reasks_with_a_tool_call_and_a_tool_message(
    server: FakeServer, settings: Settings, prompt: Prompt, client_for: ClientFactory
) -> None:
    """As the model answered: its bad answer goes back as its own tool call, the error as the tool's reply."""
    server.script(Reply('{"n": 99}'), Reply('{"n": 2}'))
    n, usage = await ask(client_for(settings.model_copy(update={"mode": "tools"})), prompt, limit=5)
    assert n == 2 and usage.reasks == 1
    call, reply = server.requests[1]["messages"][-2:]
    assert call["role"] == "assistant" and call["tool_calls"][0]["function"] == {
        "name": "Answer",
        "arguments": '{"n": 99}',
    }
    assert reply["role"] == "tool" and reply["tool_call_id"] == call["tool_calls"][0]["id"]
    assert "must be at most 5" in reply["content"]


async def test_always_invalid_raises_validation_failed(
    server: FakeServer, settings: Settings, prompt: Prompt, client_for: ClientFactory
) -> None:
    server.script(*[Reply('{"n": "many"}')] * 3)
    with pytest.raises(ValidationFailed) as caught:
        await ask(client_for(settings), prompt)
    assert caught.value.attempts == 3
    assert caught.value.last_answer == '{"n": "many"}'
    assert server.calls == 3


async def test_an_answer_that_stayed_invalid_is_not_asked_again(
    server: FakeServer, settings: Settings, prompt: Prompt, client_for: ClientFactory
) -> None:
    """At temperature 0 the same request fails the same way: a re-run must not spend its re-asks again."""
    store = DiskStore(settings.cache_dir)
    server.script(*[Reply('{"n": "many"}')] * 3)
    with pytest.raises(ValidationFailed):
        await ask(client_for(settings, store), prompt)
    assert server.calls == 3
    with pytest.raises(ValidationFailed, match="remembered from an earlier run") as caught:
        await ask(client_for(settings, store), prompt)
    assert server.calls == 3 and caught.value.attempts == 0
    server.script(Reply('{"n": 7}'))  # sampling that can answer differently asks again
    warm = settings.model_copy(update={"temperature": 0.7})
    assert (await ask(client_for(warm, store), prompt))[0] == 7
    store.close()


async def test_recording_again_does_not_ask_again_for_an_answer_that_stayed_invalid(
    server: FakeServer, settings: Settings, prompt: Prompt, client_for: ClientFactory, tmp_path: Path
) -> None:
    """Re-recording a cassette over the cache replays a remembered failure, as it does a cached answer."""
    backing = DiskStore(settings.cache_dir)
    server.script(*[Reply('{"n": "many"}')] * 3)
    first = Cassette(tmp_path / "first.json", replay=False, backing=backing)
    with pytest.raises(ValidationFailed):
        await ask(client_for(settings, first), prompt)
    assert server.calls == 3
    again = Cassette(tmp_path / "again.json", replay=False, backing=backing)
    with pytest.raises(ValidationFailed, match="as recorded") as caught:
        await ask(client_for(settings, again), prompt)
    assert server.calls == 3 and caught.value.attempts == 0
    again.close()  # closes the backing too
    replayed = Cassette(tmp_path / "again.json", replay=True)
    with pytest.raises(ValidationFailed, match="as recorded"):
        await ask(client_for(settings, replayed), prompt)
    assert server.calls == 3


async def test_fenced_json_is_accepted(
    server: FakeServer, settings: Settings, prompt: Prompt, client_for: ClientFactory
) -> None:
    server.script(Reply('```json\n{"n": 7}\n```'))
    assert (await ask(client_for(settings), prompt))[0] == 7


async def test_429_honours_retry_after(
    server: FakeServer, settings: Settings, prompt: Prompt, client_for: ClientFactory
) -> None:
    server.script(Reply(status=429, headers={"retry-after": "1"}), Reply('{"n": 1}'))
    started = time.perf_counter()
    n, usage = await ask(client_for(settings), prompt)
    assert n == 1 and usage.retries == 1 and usage.calls == 2
    assert time.perf_counter() - started >= 0.95  # waited as told, not the 0.01 s backoff


async def test_500_then_success(
    server: FakeServer, settings: Settings, prompt: Prompt, client_for: ClientFactory
) -> None:
    server.script(Reply(status=500), Reply(status=503), Reply('{"n": 5}'))
    n, usage = await ask(client_for(settings), prompt)
    assert n == 5 and usage.retries == 2


async def test_timeout_is_retried(
    server: FakeServer, settings: Settings, prompt: Prompt, client_for: ClientFactory
) -> None:
    fast = settings.model_copy(update={"timeout": 0.3})
    server.script(Reply('{"n": 8}', delay=1.0), Reply('{"n": 9}'))
    n, usage = await ask(client_for(fast), prompt)
    assert n == 9 and usage.retries == 1


async def test_persistent_500_gives_up_with_attempts(
    server: FakeServer, settings: Settings, prompt: Prompt, client_for: ClientFactory
) -> None:
    server.script(*[Reply(status=500)] * 4)
    with pytest.raises(ModelError) as caught:
        await ask(client_for(settings), prompt)
    assert caught.value.attempts == 4 and server.calls == 4
    assert "HTTP 500" in str(caught.value) and "after 4 attempts" in str(caught.value)


async def test_auth_error_is_not_retried(
    server: FakeServer, settings: Settings, prompt: Prompt, client_for: ClientFactory
) -> None:
    server.script(Reply(status=401))
    with pytest.raises(ModelError, match="OPENAI_API_KEY"):
        await ask(client_for(settings), prompt)
    assert server.calls == 1


async def test_unreachable_endpoint(settings: Settings, prompt: Prompt, client_for: ClientFactory) -> None:
    dead = settings.model_copy(update={"base_url": "http://127.0.0.1:9/v1", "max_retries": 1})
    with pytest.raises(ModelError, match="cannot reach"):
        await ask(client_for(dead), prompt)


async def test_cache_makes_second_call_free(
    server: FakeServer, settings: Settings, prompt: Prompt, client_for: ClientFactory
) -> None:
    store = DiskStore(settings.cache_dir)
    server.script(Reply("oops"), Reply('{"n": 4}'))
    await ask(client_for(settings, store), prompt)
    n, usage = await ask(client_for(settings, store), prompt)
    assert n == 4 and usage.cache_hits == 1 and usage.calls == 0
    assert server.calls == 2
    store.close()


async def test_cache_key_changes_with_model(
    server: FakeServer, settings: Settings, prompt: Prompt, client_for: ClientFactory
) -> None:
    store = DiskStore(settings.cache_dir)
    server.script(Reply('{"n": 1}'), Reply('{"n": 1}'))
    await ask(client_for(settings, store, "model-a"), prompt)
    await ask(client_for(settings, store, "model-b"), prompt)
    assert server.calls == 2
    store.close()


@pytest.mark.parametrize("mode", ["json_schema", "json_object_schema", "tools", "json"])
async def test_modes_shape_the_request(
    server: FakeServer, settings: Settings, prompt: Prompt, mode: str, client_for: ClientFactory
) -> None:
    server.script(Reply('{"n": 6}'))
    n, _ = await ask(client_for(settings.model_copy(update={"mode": mode})), prompt)
    assert n == 6
    sent = server.requests[0]
    if mode == "json_schema":
        assert sent["response_format"]["json_schema"]["schema"]["properties"]["n"]["type"] == "integer"
    elif mode == "json_object_schema":
        assert sent["response_format"] == {"type": "json_object", "schema": Answer.model_json_schema()}
    elif mode == "tools":
        assert sent["tool_choice"]["function"]["name"] == "Answer"
    else:
        assert "response_format" not in sent and "JSON schema" in sent["messages"][0]["content"]


async def test_cassette_records_then_replays(
    server: FakeServer, settings: Settings, prompt: Prompt, tmp_path: Path, client_for: ClientFactory
) -> None:
    path = tmp_path / "cassette.json"
    recorder = Cassette(path, replay=False)
    server.script(Reply('{"n": 12}'))
    await ask(client_for(settings, recorder), prompt)
    recorder.close()
    assert json.loads(path.read_text())["answers"]
    player = Cassette(path, replay=True)
    n, usage = await ask(client_for(settings, player), prompt)
    assert n == 12 and usage.calls == 0 and server.calls == 1


async def test_an_answer_that_never_validated_is_replayed_as_the_same_failure(
    server: FakeServer, settings: Settings, prompt: Prompt, tmp_path: Path, client_for: ClientFactory
) -> None:
    """A writer that failed while recording fails the replay the same way (a warning), not as a missing answer."""
    path = tmp_path / "cassette.json"
    recorder = Cassette(path, replay=False)
    server.script(*[Reply('{"n": "many"}')] * 3)
    with pytest.raises(ValidationFailed):
        await ask(client_for(settings, recorder), prompt)
    recorder.close()
    player = Cassette(path, replay=True)
    with pytest.raises(ValidationFailed, match="as recorded") as caught:
        await ask(client_for(settings, player), prompt)
    assert player.missing == [] and server.calls == 3 and caught.value.usage.calls == 0


async def test_replay_lists_missing_answers(
    settings: Settings, prompt: Prompt, tmp_path: Path, client_for: ClientFactory
) -> None:
    path = tmp_path / "cassette.json"
    path.write_text('{"answers": {}}')
    player = Cassette(path, replay=True)
    with pytest.raises(ModelError, match="no recorded answer"):
        await ask(client_for(settings, player), prompt)
    assert player.missing == ["count for test"]
