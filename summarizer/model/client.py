"""Talking to the model: one client builder, structured-output modes, retries, re-asks, cache and usage.

Retries have one owner: the `openai` client is built with `max_retries=0` and tenacity retries transient
failures (429 honouring Retry-After, 5xx, timeouts, connection errors). Invalid answers are a different
failure: they are re-asked with the validation error, a bounded number of times, and counted apart.

`openai` is imported when a client is first made, not with this module: it is half of the CLI's start-up
time, and a run answered wholly from the cache never needs it.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)
from tenacity.stop import stop_base

from summarizer.config import Mode, Settings
from summarizer.errors import ModelError, ValidationFailed
from summarizer.model import ledger
from summarizer.model.prompts import Prompt
from summarizer.model.store import AnswerStore, Cassette, NoStore, failure_key, request_key
from summarizer.schemas import Usage

if TYPE_CHECKING:
    import openai
    from openai import AsyncOpenAI

T = TypeVar("T", bound=BaseModel)


@cache
def _client_class() -> type[AsyncOpenAI]:
    from openai import AsyncOpenAI

    class _Client(AsyncOpenAI):
        """An `openai` client that knows when its run must end (`Settings.deadline`, from its making)."""

        deadline_at: float | None = None

    return _Client


def build_client(settings: Settings, *, base_url: str | None = None) -> AsyncOpenAI:
    """The one place an `openai` client is made; `base_url` overrides the settings (the local server).

    A run makes its client when it starts, so the run's deadline is counted from here.
    """
    client = _client_class()(
        api_key=settings.api_key or "no-key",  # local servers ignore it; the client insists on one
        base_url=base_url or settings.base_url,
        timeout=settings.resolved_timeout(),
        max_retries=0,  # tenacity owns retries
    )
    client.deadline_at = time.monotonic() + settings.deadline if settings.deadline else None  # type: ignore[attr-defined]
    return client


@dataclass
class Answer(Generic[T]):
    """A validated answer and what it cost."""

    value: T
    usage: Usage


def _is_transient(exc: BaseException) -> bool:
    import openai

    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    return isinstance(exc, openai.APIStatusError) and (exc.status_code in (408, 409, 429) or exc.status_code >= 500)


def _retry_after(exc: BaseException | None) -> float | None:
    import openai

    if isinstance(exc, openai.APIStatusError):
        raw = exc.response.headers.get("retry-after")
        if raw:
            try:
                return max(0.0, float(raw))
            except ValueError:
                return None  # an HTTP date: fall back to backoff rather than parse calendars
    return None


def _explain(exc: openai.APIError, settings: Settings, model: str) -> str:
    import openai

    if isinstance(exc, openai.AuthenticationError):
        return "the endpoint refused the API key (401): check OPENAI_API_KEY"
    if isinstance(exc, openai.NotFoundError):
        return f"model {model!r} or the endpoint was not found (404): check SUMMARIZER_MODEL and OPENAI_BASE_URL"
    if isinstance(exc, openai.BadRequestError):
        return (
            f"the server rejected the request (400: {exc.message}); if it does not support the "
            f"{settings.resolved_mode()!r} structured-output mode, try --mode json_object_schema, tools or json"
        )
    if isinstance(exc, openai.APIStatusError):
        return f"HTTP {exc.status_code}: {exc.message}"
    if isinstance(exc, openai.APITimeoutError):
        return f"the request timed out after {settings.resolved_timeout():g} s (SUMMARIZER_TIMEOUT)"
    where = settings.base_url or "the local model server"
    return f"cannot reach the model endpoint at {where}: {exc} (check OPENAI_BASE_URL and that the server is up)"


Connect = Callable[[], Awaitable["AsyncOpenAI"]]


class ModelClient:
    """Ask a model for an answer that validates against a pydantic model."""

    def __init__(
        self, settings: Settings, client: AsyncOpenAI | Connect, model: str, store: AnswerStore | None = None
    ) -> None:
        self.settings = settings
        # A connector is called on the first request the store cannot answer: a fully cached run never
        # starts the local model server.
        self._client: AsyncOpenAI | None = None if callable(client) else client
        self._connect: Connect | None = client if callable(client) else None
        self.model = model
        self.mode: Mode = settings.resolved_mode()
        self.store: AnswerStore = store or NoStore()

    @property
    def client(self) -> AsyncOpenAI:
        """The `openai` client, once connected (see `connection`)."""
        if self._client is None:
            raise RuntimeError("not connected yet: await connection() first")
        return self._client

    async def connection(self) -> AsyncOpenAI:
        """The `openai` client, made on first use when a connector was given."""
        if self._client is None:
            assert self._connect is not None
            self._client = await self._connect()
        return self._client

    async def ask(
        self,
        prompt: Prompt,
        output: type[T],
        *,
        variables: dict[str, Any],
        context: dict[str, Any] | None = None,
        item: str,
        max_tokens: int = 1024,
    ) -> Answer[T]:
        """Render `prompt`, ask, validate against `output` (validators read `context`), re-ask on failure."""
        messages: list[dict[str, Any]] = prompt.messages(**variables)
        schema = _schema(output)
        if self.mode == "json":
            messages[0]["content"] += "\n\nAnswer with JSON only, matching this JSON schema:\n" + json.dumps(schema)
        sampling = {"temperature": self.settings.temperature, "max_tokens": max_tokens}
        key = request_key(
            model=self.model, messages=messages, schema=schema, mode=self.mode, sampling=sampling, prompt=prompt.hash
        )
        cached = self.store.get(key)
        # In a job or a worker's unit that ran before and was killed, the calls it made for this request count
        # (an answer it cached then is found now) and go on counting (see summarizer.model.ledger).
        kept = ledger.current()
        tab = kept.tab(key) if kept else None
        earlier = tab.earlier if tab else None
        if cached is not None:
            try:
                value = output.model_validate_json(cached, context=context)
                return Answer(value, earlier or Usage(cache_hits=1))
            except ValidationError:
                pass  # validators changed since it was stored: ask again
        usage = earlier.model_copy() if earlier else Usage()
        spent = tab.save if tab else _unrecorded
        deterministic = not self.settings.temperature
        cassette = self.store if isinstance(self.store, Cassette) else None
        if cassette and (cassette.replay or deterministic) and (failed := cassette.failure(key)):
            raise ValidationFailed(f"{item}: {failed} (as recorded)", attempts=0, item=item, usage=usage)
        if cassette and cassette.replay:
            cassette.missing.append(f"{prompt.name} for {item}")
            raise ModelError(f"{item}: no recorded answer for this {prompt.name} request (prompt or input changed?)")
        # A deterministic model answers an unchanged request the same way: a request that stayed invalid is
        # remembered, so a re-run does not spend its re-asks again (minutes on the local model).
        remembered = None if cassette or not deterministic else failure_key(key)
        if remembered and (failed := self.store.get(remembered)):
            raise ValidationFailed(
                f"{item}: {failed} (remembered from an earlier run of this exact request; --no-cache asks again)",
                attempts=0,
                item=item,
                usage=usage,
            )

        conversation = list(messages)
        error = ""
        raw = ""
        for attempt in range(self.settings.max_reasks + 1):
            if attempt:
                usage.reasks += 1
                conversation += self._reask(attempt, output.__name__, raw, error)
            raw = await self._complete(conversation, output.__name__, schema, sampling, usage, item, spent)
            try:
                value = output.model_validate_json(_strip_fences(raw), context=context)
            except ValidationError as exc:
                error = _describe(exc)
                continue
            self.store.set(key, _strip_fences(raw), label=f"{prompt.label} {item}")
            return Answer(value, usage)
        message = f"the model's answer was still invalid after {self.settings.max_reasks} re-asks: {error}"
        if isinstance(self.store, Cassette):
            self.store.set_failure(key, message, label=f"{prompt.label} {item}")
        elif remembered:
            self.store.set(remembered, message, label=f"{prompt.label} {item} (failed)")
        raise ValidationFailed(
            f"{item}: {message}",
            attempts=self.settings.max_reasks + 1,
            last_answer=raw,
            item=item,
            usage=usage,
        )

    def _reask(self, attempt: int, name: str, raw: str, error: str) -> list[dict[str, Any]]:
        """The bad answer and the error, in the shape the mode speaks: a tool call answered by a tool message
        in `tools` mode (as the model made it), else an assistant message and a user message."""
        fix = f"That answer was invalid:\n{error}\nAnswer again with corrected JSON."
        if self.mode == "tools":
            call_id = f"call_reask_{attempt}"
            call = {"id": call_id, "type": "function", "function": {"name": name, "arguments": _clipped(raw)}}
            return [
                {"role": "assistant", "content": None, "tool_calls": [call]},
                {"role": "tool", "tool_call_id": call_id, "content": fix},
            ]
        return [{"role": "assistant", "content": _clipped(raw)}, {"role": "user", "content": fix}]

    async def _complete(
        self,
        messages: list[dict[str, Any]],
        name: str,
        schema: dict[str, Any],
        sampling: dict[str, Any],
        usage: Usage,
        item: str,
        spent: Callable[[Usage], None],
    ) -> str:
        """One chat completion, retried on transient failures; returns the answer text.

        `spent` hears `usage` as each call is sent and as its answer comes, for the work's ledger.
        """
        params: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            **sampling,
            **self._mode_params(name, schema),
        }
        backoff = wait_exponential_jitter(
            multiplier=self.settings.retry_initial_wait,
            max=self.settings.retry_max_wait,
            jitter=self.settings.retry_initial_wait,
        )

        client = await self.connection()
        import openai  # loaded by now: the client is made

        deadline_at: float | None = getattr(client, "deadline_at", None)

        def wait(state: RetryCallState) -> float:
            hinted = _retry_after(state.outcome.exception() if state.outcome else None)
            seconds = min(hinted, self.settings.retry_max_wait) if hinted is not None else backoff(state)
            return seconds if deadline_at is None else max(0.0, min(seconds, deadline_at - time.monotonic()))

        def count_retry(state: RetryCallState) -> None:
            usage.retries += 1

        retrying = AsyncRetrying(
            retry=retry_if_exception(_is_transient),
            stop=stop_after_attempt(self.settings.max_retries + 1) | _past(deadline_at),
            wait=wait,
            before_sleep=count_retry,
            reraise=True,
        )
        attempts = 0
        try:
            async for attempt in retrying:
                with attempt:
                    attempts += 1
                    timeout = self._time_left(deadline_at, item, usage, attempts)
                    usage.calls += 1
                    spent(usage)  # before it is sent: a process killed while it is in flight has it counted
                    response = await client.chat.completions.create(**params, timeout=timeout)
        except openai.APIError as exc:
            raise ModelError(
                f"{item}: {self._explain(exc, deadline_at)} (after {attempts} attempt{'s' * (attempts > 1)})",
                attempts=attempts,
                item=item,
                usage=usage,
            ) from exc
        if response.usage:
            usage.prompt_tokens += response.usage.prompt_tokens
            usage.completion_tokens += response.usage.completion_tokens
            spent(usage)
        if not response.choices:
            return ""
        message = response.choices[0].message
        if self.mode == "tools" and message.tool_calls:
            call = message.tool_calls[0]
            return call.function.arguments if call.type == "function" else ""
        return message.content or ""

    def _time_left(self, deadline_at: float | None, item: str, usage: Usage, attempts: int) -> float:
        """This request's timeout: the usual one, cut to what is left of the run; ModelError when none is."""
        timeout = self.settings.resolved_timeout()
        if deadline_at is None:
            return timeout
        left = deadline_at - time.monotonic()
        if left <= 0.05:
            raise ModelError(
                f"{item}: not asked: the run's deadline of {self.settings.deadline:g} s (--deadline, "
                "SUMMARIZER_DEADLINE) has passed",
                attempts=attempts - 1,
                item=item,
                usage=usage,
            )
        return min(timeout, left)

    def _explain(self, exc: openai.APIError, deadline_at: float | None) -> str:
        import openai

        if (
            isinstance(exc, openai.APITimeoutError)
            and deadline_at is not None
            and time.monotonic() >= deadline_at - 0.1
        ):
            return f"the run's deadline of {self.settings.deadline:g} s (--deadline, SUMMARIZER_DEADLINE) passed"
        return _explain(exc, self.settings, self.model)

    def _mode_params(self, name: str, schema: dict[str, Any]) -> dict[str, Any]:
        if self.mode == "json_schema":
            return {"response_format": {"type": "json_schema", "json_schema": {"name": name, "schema": schema}}}
        if self.mode == "json_object_schema":
            return {"response_format": {"type": "json_object", "schema": schema}}
        if self.mode == "tools":
            tool = {"type": "function", "function": {"name": name, "parameters": schema}}
            return {"tools": [tool], "tool_choice": {"type": "function", "function": {"name": name}}}
        return {}


def _unrecorded(usage: Usage) -> None:
    """No ledger: the usage returned with the answer is the whole account."""


@cache
def _schema(output: type[BaseModel]) -> dict[str, Any]:
    """An output model's JSON schema, built once: pydantic rebuilds it on every call otherwise."""
    return output.model_json_schema()


MAX_ANSWER_SENT_BACK = 2000  # characters of an invalid answer quoted in a re-ask


def _clipped(raw: str) -> str:
    """An invalid answer as it is sent back: whole when short, else its start (a 30 MB answer would make
    every later request 30 MB)."""
    if len(raw) <= MAX_ANSWER_SENT_BACK:
        return raw
    return f"{raw[:MAX_ANSWER_SENT_BACK]}… [cut here: the answer ran to {len(raw):,} characters]"


class _past(stop_base):
    """Stop retrying once the run's deadline has passed."""

    def __init__(self, deadline_at: float | None) -> None:
        self.deadline_at = deadline_at

    def __call__(self, retry_state: RetryCallState) -> bool:
        return self.deadline_at is not None and time.monotonic() >= self.deadline_at


_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


def _strip_fences(raw: str) -> str:
    """Small models wrap JSON in Markdown fences even when asked not to."""
    match = _FENCE.match(raw)
    return match.group(1) if match else raw.strip()


def _describe(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors(include_url=False)[:8]:
        where = ".".join(str(part) for part in error["loc"]) or "answer"
        lines.append(f"- {where}: {error['msg']}")
    return "\n".join(lines)
