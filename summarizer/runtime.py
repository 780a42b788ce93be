"""What a run holds while it talks to the model: settings, prompts, the answer store, the local server, clients.

The pipeline's steps (`summarizer.pipeline.steps`) ask a Runtime for a `ModelClient` and never learn where
requests go: the embedded local model is started on the first request the cache cannot answer, and each
event loop gets its own `openai` client (one is bound to the loop that made it).

    with Runtime(Settings.load()) as runtime:
        extraction = runtime.sync(extract(runtime, article))
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

from summarizer._sync import run_sync
from summarizer.config import DEFAULT_REMOTE_MODEL, Settings
from summarizer.errors import ConfigError, LocalModelError, ModelError, ValidationFailed
from summarizer.model import local
from summarizer.model.client import ModelClient, build_client
from summarizer.model.prompts import Prompt, load_prompt
from summarizer.model.store import AnswerStore, DiskStore, NoStore, request_key
from summarizer.progress import ProgressCallback, Step, ignore
from summarizer.schemas import Failure, Meta, Usage

if TYPE_CHECKING:
    from openai import AsyncOpenAI

T = TypeVar("T")
_log = logging.getLogger(__name__)


def default_store(settings: Settings) -> AnswerStore:
    """The answer store of a run given none: the disk cache in `cache_dir`, or none with `no_cache`."""
    return NoStore() if settings.no_cache else DiskStore(settings.cache_dir / "answers")


class Runtime:
    """Settings, prompts and answer store of a run, and the connections it opens; close it when done.

    With no endpoint configured it starts the embedded local model when first needed (and stops it on
    `close()`); otherwise requests go to `base_url` (or OpenAI). `progress` hears the server start.
    """

    def __init__(
        self, settings: Settings, *, store: AnswerStore | None = None, progress: ProgressCallback | None = None
    ) -> None:
        self.settings = settings
        self.progress = progress or ignore
        self._store = store
        self._server: local.LocalServer | None = None
        self._base_url: str | None = None
        self._clients: dict[int, AsyncOpenAI] = {}
        self._connecting: dict[int, asyncio.Lock] = {}
        self.extract_prompt: Prompt = load_prompt(settings.prompts_dir, "extract")
        self.brief_prompt: Prompt = load_prompt(settings.prompts_dir, "brief")
        if settings.verify_with_model and settings.uses_local_model:
            # A 1.5B model's yes or no on a sentence is noise: it would replace good sentences at random.
            raise ConfigError(
                "--verify-with-model (SUMMARIZER_VERIFY_WITH_MODEL) needs an endpoint (OPENAI_BASE_URL or "
                "OPENAI_API_KEY): the embedded model cannot judge whether sources support a sentence"
            )
        self.verify_prompt: Prompt | None = (
            load_prompt(settings.prompts_dir, "verify") if settings.verify_with_model else None
        )
        if settings.base_url and not settings.model and "api.openai.com" not in settings.base_url:
            # OpenAI's default name means nothing to most other servers: their 404 then looks like a bad URL.
            _log.warning(
                "no model named (SUMMARIZER_MODEL or --model): asking %s for %r, OpenAI's default; "
                "name a model that server has",
                settings.base_url,
                DEFAULT_REMOTE_MODEL,
            )
        _log.info(
            "model %s at %s; answers cached in %s",
            self.model,
            settings.base_url or ("OpenAI" if settings.api_key else "the embedded local server"),
            "nowhere (no cache)" if settings.no_cache and store is None else store or settings.cache_dir / "answers",
        )

    @property
    def model(self) -> str:
        if self.settings.model:
            return self.settings.model
        return local.MODEL_NAME if self.settings.uses_local_model else DEFAULT_REMOTE_MODEL

    @property
    def store(self) -> AnswerStore:
        if self._store is None:
            self._store = default_store(self.settings)
        return self._store

    @property
    def prompts(self) -> list[Prompt]:
        """The prompts this run asks with: extraction, the writer and, if asked for, the second opinion."""
        return [self.extract_prompt, self.brief_prompt, *([self.verify_prompt] if self.verify_prompt else [])]

    def client(self) -> ModelClient:
        """A model client for the running event loop; it connects on the first request the store cannot answer."""
        return ModelClient(self.settings, self._connect, self.model, self.store)

    def key(self, kind: str, **parts: Any) -> str:
        """A cache key over `parts` and all of this runtime that decides an answer: model, mode, sampling, prompts."""
        return request_key(
            kind=kind,
            model=self.model,
            mode=self.settings.resolved_mode(),
            temperature=self.settings.temperature,
            prompts=[p.hash for p in self.prompts],
            **parts,
        )

    def failure(self, item: str, exc: ModelError | ValidationFailed) -> Failure:
        """A failed item for the report: one line (the server's death if that is the cause) and what it cost."""
        if self._server is not None and isinstance(exc, ModelError):
            try:
                self._server.check_alive()
            except LocalModelError as dead:
                exc = dead
        message = str(exc).removeprefix(f"{exc.item}: ") if exc.item else str(exc)
        if isinstance(exc.usage, Usage):  # ModelError too: its transport retries are counted
            spent = exc.usage
        else:
            spent = Usage(calls=exc.attempts if isinstance(exc, ModelError) else 0)
        return Failure(item=item, error=" ".join(message.split()), usage=spent)

    def meta(self, usage: Usage, started: float, warnings: list[str], failed: list[Failure]) -> Meta:
        """What an output records about how it was made: model, mode, prompt hashes, usage, time, problems."""
        return Meta(
            model=self.model,
            mode=self.settings.resolved_mode(),
            prompts={p.name: p.hash for p in self.prompts},
            usage=usage,
            generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
            seconds=round(time.perf_counter() - started, 2),
            warnings=warnings,
            failed=failed,
        )

    # -- connections ----------------------------------------------------------------------------------

    async def _connect(self) -> AsyncOpenAI:
        """The `openai` client of this event loop, starting the local server first if it is needed.

        Called on the first request the cache cannot answer, so a fully cached run starts no server.
        """
        loop = id(asyncio.get_running_loop())
        async with self._connecting.setdefault(loop, asyncio.Lock()):  # one start, however many ask at once
            if loop not in self._clients:
                base_url = await asyncio.to_thread(self._start_local) if self.settings.uses_local_model else None
                self._clients[loop] = build_client(self.settings, base_url=base_url)
        return self._clients[loop]

    def _start_local(self) -> str:
        if self._base_url is None:
            if self.settings.local_model is not None:
                if not self.settings.local_model.is_file():
                    raise ConfigError(f"SUMMARIZER_LOCAL_MODEL={self.settings.local_model} is not a file")
                path = self.settings.local_model
            else:
                announced: list[bool] = []

                def assembling(done: int, total: int) -> None:
                    if not announced:
                        announced.append(True)
                        self.progress(Step("start", 0, 1, "assembling the local model (first run only)"))

                path = local.ensure_model(self.settings.cache_dir / "models", progress=assembling)
            self.progress(Step("start", 0, 1, "starting the local model server"))
            server = local.LocalServer(path, log_dir=self.settings.cache_dir / "logs")
            self._server = server
            server.start()
            self._base_url = server.base_url
            self.progress(Step("start", 1, 1, f"local model ready at {server.base_url}"))
        return self._base_url

    async def _close_clients(self) -> None:
        for client in self._clients.values():
            await client.close()
        self._clients.clear()
        self._connecting.clear()

    def sync(self, job: Coroutine[Any, Any, T]) -> T:
        """Run one of this runtime's coroutines from sync code, inside a running event loop or not.

        The `openai` clients made for the run are bound to its loop, so they are closed when it ends.
        """

        async def run_and_close_clients() -> T:
            try:
                return await job
            finally:
                await self._close_clients()

        return run_sync(run_and_close_clients())

    async def aclose(self) -> None:
        """Close clients, the store, and stop the local server if this runtime started it."""
        await self._close_clients()
        self.close()

    def close(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
            self._base_url = None
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Runtime:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Runtime:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
