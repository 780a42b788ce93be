"""Run the pipeline on labelled data sets and score it, live, recording a cassette, or replaying one."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Literal

from summarizer.config import Settings
from summarizer.errors import InputError, ModelError
from summarizer.evaluation.dataset import load_dataset
from summarizer.evaluation.score import DatasetScore, claim_statements, score
from summarizer.ingest.files import load_articles
from summarizer.model.store import AnswerStore, Cassette
from summarizer.pipeline import Summarizer
from summarizer.progress import ProgressCallback
from summarizer.runtime import default_store
from summarizer.schemas import Briefing

Replay = Literal["live", "record", "replay"]
# Replayed runs never send a request; an unreachable loopback address makes sure of it.
_NOWHERE = "http://127.0.0.1:9/v1"


def cassette_path(dataset_dir: Path) -> Path:
    return dataset_dir / "cassette.json"


def evaluate_dataset(
    dataset_dir: Path,
    settings: Settings,
    *,
    replay: Replay = "live",
    briefing: Briefing | None = None,
    progress: ProgressCallback | None = None,
) -> DatasetScore:
    """Score one data set: an existing `briefing` (no model call), or one made now by the pipeline."""
    dataset = load_dataset(dataset_dir)
    errors: list[InputError] = []
    articles = load_articles(dataset_dir / "articles", errors=errors, max_chars=settings.max_chars)
    if errors:
        raise errors[0]
    if briefing is not None:
        return score(dataset, briefing, lead=articles)
    store: AnswerStore
    if replay == "replay":
        store = Cassette(cassette_path(dataset_dir), replay=True)
        settings = settings.model_copy(
            update={
                "base_url": _NOWHERE,
                "api_key": "replay",
                "model": store.meta.get("model"),
                "mode": store.meta.get("mode"),
                "writer": {"on": True, "off": False}.get(store.meta.get("writer", "")),  # as it was recorded
            }
        )
    elif replay == "record":
        store = Cassette(cassette_path(dataset_dir), replay=False, backing=default_store(settings))
    else:
        store = default_store(settings)
    started = time.perf_counter()
    with Summarizer(settings=settings, store=store, progress=progress) as summarizer:
        if isinstance(store, Cassette) and not store.replay:
            store.meta = {
                "model": summarizer.runtime.model,
                "mode": settings.resolved_mode(),
                "writer": "off" if settings.writer_skipped() else "on",
            }
        result = summarizer.run(articles)
    seconds = time.perf_counter() - started
    if isinstance(store, Cassette) and store.missing:
        listed = "; ".join(store.missing)
        raise ModelError(
            f"{dataset_dir}: the cassette has no answer for {len(store.missing)} request(s): {listed}. "
            "A prompt, the pipeline or an article changed: record again with `summarizer eval --record`."
        )
    return score(
        dataset,
        result.briefing,
        extractions=claim_statements(result.extractions),
        seconds=seconds,
        lead=articles,
    )
