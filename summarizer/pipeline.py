"""The Summarizer: articles in, cited briefing out (async core, sync wrappers)."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from summarizer._sync import run_sync
from summarizer.claims.extract import extract_article, sentence_claims
from summarizer.claims.reconcile import reconcile
from summarizer.compose import ModelWriter, OwnWording, Scheduler, StoryInput, Writer, compose
from summarizer.config import DEFAULT_REMOTE_MODEL, Settings
from summarizer.errors import ConfigError, LocalModelError, ModelError, ValidationFailed
from summarizer.model import local
from summarizer.model.client import ModelClient, build_client
from summarizer.model.prompts import Prompt, load_prompt
from summarizer.model.store import AnswerStore, DiskStore, NoStore
from summarizer.progress import ProgressCallback, Step, ignore
from summarizer.schemas import Article, Briefing, Extraction, Failure, Meta, Usage

if TYPE_CHECKING:
    from openai import AsyncOpenAI

T = TypeVar("T")


@dataclass(frozen=True)
class Result:
    """A briefing and the extractions it was written from."""

    briefing: Briefing
    extractions: list[Extraction]


class Summarizer:
    """Turn articles into a cited multi-source briefing.

    With no endpoint configured it starts the embedded local model (and stops it on `close()`);
    otherwise it talks to `base_url` (or OpenAI) with `api_key`. Use it as a context manager.
    """

    def __init__(
        self,
        *,
        model: str | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        mode: str | None = None,
        concurrency: int | None = None,
        cache: bool = True,
        cache_dir: Path | None = None,
        prompts_dir: Path | None = None,
        settings: Settings | None = None,
        store: AnswerStore | None = None,
        progress: ProgressCallback | None = None,
    ) -> None:
        overrides: dict[str, Any] = {
            "model": model,
            "base_url": base_url,
            "api_key": api_key,
            "mode": mode,
            "concurrency": concurrency,
            "cache_dir": cache_dir,
            "prompts_dir": prompts_dir,
        }
        if not cache:
            overrides["no_cache"] = True
        if settings is None:
            settings = Settings.load(**overrides)
        else:
            settings = settings.model_copy(update={k: v for k, v in overrides.items() if v is not None})
        self.settings = settings
        self._progress = progress or ignore
        self._store = store
        self._server: local.LocalServer | None = None
        self._base_url: str | None = None
        self._clients: dict[int, AsyncOpenAI] = {}
        self._connecting: dict[int, asyncio.Lock] = {}
        self.extract_prompt: Prompt = load_prompt(settings.prompts_dir, "extract")
        self.brief_prompt: Prompt = load_prompt(settings.prompts_dir, "brief")

    # -- lifecycle ------------------------------------------------------------------------------------

    @property
    def model(self) -> str:
        if self.settings.model:
            return self.settings.model
        return local.MODEL_NAME if self.settings.uses_local_model else DEFAULT_REMOTE_MODEL

    @property
    def store(self) -> AnswerStore:
        if self._store is None:
            self._store = NoStore() if self.settings.no_cache else DiskStore(self.settings.cache_dir / "answers")
        return self._store

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
                        self._progress(Step("start", 0, 1, "assembling the local model (first run only)"))

                path = local.ensure_model(self.settings.cache_dir / "models", progress=assembling)
            self._progress(Step("start", 0, 1, "starting the local model server"))
            server = local.LocalServer(path, log_dir=self.settings.cache_dir / "logs")
            self._server = server
            server.start()
            self._base_url = server.base_url
            self._progress(Step("start", 1, 1, f"local model ready at {server.base_url}"))
        return self._base_url

    async def _client(self) -> ModelClient:
        """A client for the running event loop (the `openai` client is bound to the loop that made it)."""
        return ModelClient(self.settings, self._connect, self.model, self.store)

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

    async def aclose(self) -> None:
        """Close clients, the cache, and stop the local server if this Summarizer started it."""
        for client in self._clients.values():
            await client.close()
        self._clients.clear()
        self._connecting.clear()
        self.close()

    def close(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
            self._base_url = None
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Summarizer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Summarizer:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- the job --------------------------------------------------------------------------------------

    async def aextract(self, article: Article) -> Extraction:
        """Extract one article's claims (one model call, re-asked if invalid).

        An answer still invalid after its re-asks does not lose the article: its sentences stand in for
        its claims (`Extraction.fallback` says why). A model that cannot be reached raises ModelError.
        """
        client = await self._client()
        try:
            return await extract_article(client, self.extract_prompt, article)
        except ValidationFailed as exc:
            claims = sentence_claims(article, cited=set())
            if not claims:
                raise
            failed = self.failure(article.id, exc)
            return Extraction(
                article_id=article.id,
                claims=claims,
                prompt=self.extract_prompt.label,
                usage=failed.usage,
                fallback=failed.error,
            )

    async def aextract_all(self, articles: Sequence[Article]) -> tuple[list[Extraction], list[Failure]]:
        """Extract every article concurrently (bounded); a failed article is reported, the rest go on."""
        await self._client()  # opens the answer store once: a bad cache folder fails before any extraction
        limit = asyncio.Semaphore(self.settings.resolved_concurrency())
        done = 0
        self._progress(Step("extract", 0, len(articles)))

        async def one(article: Article) -> Extraction | Failure:
            nonlocal done
            async with limit:
                try:
                    result: Extraction | Failure = await self.aextract(article)
                except (ModelError, ValidationFailed) as exc:
                    result = self.failure(article.id, exc)
            done += 1
            self._progress(Step("extract", done, len(articles), article.id))
            return result

        results = await asyncio.gather(*(one(a) for a in articles))
        return [r for r in results if isinstance(r, Extraction)], [r for r in results if isinstance(r, Failure)]

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

    async def abrief(self, articles: Sequence[Article], *, extracted: Sequence[Extraction] = ()) -> Briefing:
        """Extract, reconcile and write a cited briefing of `articles`.

        An article whose claims are given in `extracted` (from `extract`, say) is not sent to the model again.
        """
        return (await self.arun(articles, extracted=extracted)).briefing

    async def arun(self, articles: Sequence[Article], *, extracted: Sequence[Extraction] = ()) -> Result:
        """Like `abrief`, also returning the extractions (for evals and debugging)."""
        if not articles:
            raise ValueError("a briefing needs at least one article")
        started = time.perf_counter()
        given = {e.article_id: e for e in extracted}
        extractions, failed = await self.aextract_all([a for a in articles if a.id not in given])
        extractions = [given[a.id] for a in articles if a.id in given] + extractions
        self._progress(Step("brief", 0, 1, "writing the briefing"))
        briefing, _ = await self.acompose(articles, extractions, failed, started=started)
        self._progress(Step("brief", 1, 1))
        return Result(briefing, extractions)

    async def acompose(
        self,
        articles: Sequence[Article],
        extractions: list[Extraction],
        failed: list[Failure],
        *,
        story: str | None = None,
        schedule: Scheduler | None = None,
        skip_writer: str | None = None,
        started: float | None = None,
    ) -> tuple[Briefing, Usage]:
        """Reconcile claims, choose the facts and have them written; returns the briefing and the writer's usage.

        `schedule` runs the writer's call (a caller's shared pool); `skip_writer` says why the writer is
        not asked (the facts are then listed in their own wording). A writer that fails is a warning, not
        a failure: no article is lost, the facts are listed as extracted.
        """
        started = time.perf_counter() if started is None else started
        if self.settings.no_writer:
            skip_writer = skip_writer or "as asked (--no-writer)"
        if not extractions:
            raise ModelError(f"no article could be extracted: {failed[0].error}", item=failed[0].item)
        material = StoryInput(articles, extractions, failed, story)
        # In a thread: it is CPU work, and the event loop meanwhile keeps other calls going out.
        reconciliation = await asyncio.to_thread(reconcile, material.kept(), material.claims())
        writer: Writer = (
            OwnWording(skip_writer)
            if skip_writer
            else ModelWriter(await self._client(), self.brief_prompt, self.failure, schedule)
        )
        return await compose(
            material,
            reconciliation,
            writer,
            words=self.settings.words,
            stamp=lambda usage, warnings: self.meta(usage, started, warnings, failed),
        )

    def meta(self, usage: Usage, started: float, warnings: list[str], failed: list[Failure]) -> Meta:
        """What an output records about how it was made: model, mode, prompt hashes, usage, time, problems."""
        return Meta(
            model=self.model,
            mode=self.settings.resolved_mode(),
            prompts={p.name: p.hash for p in (self.extract_prompt, self.brief_prompt)},
            usage=usage,
            generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
            seconds=round(time.perf_counter() - started, 2),
            warnings=warnings,
            failed=failed,
        )

    # -- sync twins -----------------------------------------------------------------------------------

    def extract(self, article: Article) -> Extraction:
        """Sync twin of `aextract`."""
        return self.sync(self.aextract(article))

    def extract_all(self, articles: Sequence[Article]) -> tuple[list[Extraction], list[Failure]]:
        """Sync twin of `aextract_all`."""
        return self.sync(self.aextract_all(articles))

    def brief(self, articles: Sequence[Article], *, extracted: Sequence[Extraction] = ()) -> Briefing:
        """Sync twin of `abrief`."""
        return self.sync(self.abrief(articles, extracted=extracted))

    def run(self, articles: Sequence[Article], *, extracted: Sequence[Extraction] = ()) -> Result:
        """Sync twin of `arun`."""
        return self.sync(self.arun(articles, extracted=extracted))

    def sync(self, job: Coroutine[Any, Any, T]) -> T:
        """Run one of this Summarizer's coroutines from sync code, inside a running event loop or not.

        The `openai` clients made for the run are bound to its loop, so they are closed when it ends.
        """

        async def run_and_close_clients() -> T:
            try:
                return await job
            finally:
                for client in self._clients.values():
                    await client.close()
                self._clients.clear()
                self._connecting.clear()

        return run_sync(run_and_close_clients())
