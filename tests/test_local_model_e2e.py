"""End to end on the real embedded model (slow: about 3 minutes on 2 cores). Marked `local_model`.

Skipped where the local extra is not installed, except in CI (CI=true), where a missing engine fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer import Summarizer, load_articles
from summarizer.config import Settings
from summarizer.language.numbers import numbers_in
from summarizer.model import local
from summarizer.model.store import DiskStore

from .conftest import SEEDS

pytestmark = pytest.mark.local_model


def _parts_installed() -> bool:
    try:
        return bool(local._part_files())
    except Exception:
        return False


@pytest.fixture(scope="module")
def summarizer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Summarizer]:
    if not (local.engine_available() and _parts_installed()):
        if os.environ.get("CI"):
            pytest.fail("CI must run the real-model tests: install with pip install -e '.[local]'")
        pytest.skip("the local extra is not installed (pip install -e '.[local]')")
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        assert not os.environ.get(var), f"{var} is set: these tests are for the embedded model"
    settings = Settings.load()  # no endpoint: the embedded model, assembled in the user cache dir
    store = DiskStore(Path(tmp_path_factory.mktemp("answers")))  # fresh answers: real model calls
    with Summarizer(settings=settings, store=store) as s:
        yield s


def test_one_seed_is_extracted_with_valid_evidence(summarizer: Summarizer) -> None:
    article = load_articles(SEEDS / "001_14761a0b71c88b47.txt")[0]
    extraction = summarizer.extract(article)
    assert len(extraction.claims) >= 3
    assert extraction.usage.calls >= 1 and extraction.usage.completion_tokens > 0
    for claim in extraction.claims:
        assert claim.evidence and all(1 <= s <= len(article.sentences) for s in claim.evidence)
        cited = " ".join(article.sentence(s) for s in claim.evidence)
        assert numbers_in(claim.statement) <= numbers_in(cited), claim


def test_five_seeds_give_a_briefing_with_every_sentence_cited(summarizer: Summarizer) -> None:
    articles = load_articles(SEEDS)
    briefing = summarizer.brief(articles)
    ids = {a.id for a in articles}
    assert not [f for f in briefing.meta.failed if f.item != "briefing"], briefing.meta.failed
    assert {s.id for s in briefing.sources} == ids
    sentences = briefing.all_sentences()
    assert len(sentences) >= 5
    for sentence in sentences:
        assert sentence.citations and set(sentence.citations) <= ids, sentence
    assert briefing.meta.usage.cache_hits >= 1  # the seed extracted above was not asked again


def test_grammar_checked_on_the_chosen_token_gives_the_same_answer() -> None:
    """The server child's sampler (model/_engine.py) must pick exactly the tokens llama-cpp-python would."""
    if not (local.engine_available() and _parts_installed()):
        pytest.skip("the local extra is not installed (pip install -e '.[local]')")
    import json
    import time

    from llama_cpp import Llama

    from summarizer.model import _engine

    llm = Llama(model_path=str(local.ensure_model()), n_ctx=1024, n_threads=2, verbose=False)
    schema = {
        "type": "object",
        "properties": {"claims": {"type": "array", "items": {"type": "object", "properties": {
            "s": {"type": "integer"}, "fact": {"type": "string", "maxLength": 300}}, "required": ["s", "fact"]}}},
        "required": ["claims"],
    }  # fmt: skip
    messages = [
        {"role": "system", "content": 'Answer with JSON only: {"claims": [{"s": 1, "fact": "..."}]}'},
        {"role": "user", "content": "[1] The lava reached the sea on Tuesday. [2] Some 1,700 people left home."},
    ]

    def answer() -> tuple[str, float]:
        llm.reset()  # no prompt reuse between the two runs: both start from the same state
        started = time.perf_counter()
        out = llm.create_chat_completion(
            messages=messages,  # type: ignore[arg-type]
            response_format={"type": "json_object", "schema": schema},
            temperature=0.0,
            repeat_penalty=1.1,  # the server's default: penalties run before the check too
            max_tokens=200,
        )
        return str(out["choices"][0]["message"]["content"]), time.perf_counter() - started  # type: ignore[index]

    original = llm._init_sampler
    own, own_seconds = answer()
    _engine.install()
    try:
        lazy, lazy_seconds = answer()
    finally:
        type(llm)._init_sampler = original.__func__  # type: ignore[method-assign]
    assert lazy == own
    assert json.loads(lazy)["claims"]
    # Speed is measured in benchmarks/bench_local.py; here only a gross slowdown fails (shared machine).
    assert lazy_seconds < own_seconds * 1.5
