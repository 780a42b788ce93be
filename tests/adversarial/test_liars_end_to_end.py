"""A model that lies at extraction and in the writer, briefed end to end: no false edit is published.

The fake model (liar.py) answers at the real endpoint seam. Its false claims cite the sentence they distort
and its false written sentences cite the fact they distort, so citations alone vouch for them; only the
sentence-support check stands between them and the briefing. Each test also asserts that the faithful
content (a fact reworded with a name from the sentence before, a sentence the writer rewords faithfully)
is published, so a check that refused everything would fail too.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer import Settings, Summarizer, load_articles, to_json, to_markdown
from summarizer.cli import EXIT_OK, EXIT_PARTIAL, app
from summarizer.testing import FakeServer

from .liar import CLAIM_LIES, COUNCIL, FERRY, LIE_TITLE, TELLTALES, WRITER_EDITS, WRITER_TRUTH, liar

# Faithful content every briefing must carry, however the model lied: the true wording of what it distorted.
TRUE_CONTENT = [
    "7 votes to 2",
    "did not choose a contractor",
    "is not planning to raise fares",
    "will be honoured until the end of the month",
    "Two councillors voted against",
]
# A reworded claim whose name comes from the sentence before ("She said ..."): published in its own words.
REWORDED = "Anna Berg said the repairs would begin in the spring."


@pytest.fixture
def model() -> Iterator[Callable[..., FakeServer]]:
    servers: list[FakeServer] = []

    def start(**lies: bool) -> FakeServer:
        servers.append(FakeServer(lambda request: liar(request, **lies)).start())
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "council.txt").write_text(COUNCIL, encoding="utf-8")
    (folder / "ferry.txt").write_text(FERRY, encoding="utf-8")
    return folder


def brief(server: FakeServer, tmp_path: Path, *args: str) -> None:
    env = {
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": "k",
        "SUMMARIZER_MODEL": "fake-model",
        "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
        "SUMMARIZER_MAX_RETRIES": "0",
    }
    result = CliRunner().invoke(app, ["brief", "--words", "400", *args], env=env)
    assert result.exit_code == EXIT_OK, result.stderr
    assert "Traceback" not in result.stderr, result.stderr


def published_text(path: Path) -> str:
    """What a reader is shown: the Markdown, or the JSON's title and sentences (its meta says what was refused)."""
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    document = json.loads(path.read_text(encoding="utf-8"))
    return json.dumps({k: v for k, v in document.items() if k != "meta"}, ensure_ascii=False)


def lies_in(text: str) -> list[str]:
    return [telltale for telltale in TELLTALES if telltale.lower() in text.lower()]


def missing_truths(text: str, *more: str) -> list[str]:
    return [truth for truth in [*TRUE_CONTENT, *more] if truth not in text]


def asked_to_distort(server: FakeServer, edits: list[Any], stage: str) -> int:
    """How many of the lies the model was in a position to tell: their true text was in its prompts."""
    prompts = [r["messages"][1]["content"] for r in server.requests]
    shown = [p for p in prompts if ("<article>" in p) == (stage == "extract")]
    return sum(any(edit.true in p for p in shown) for edit in edits)


@pytest.mark.parametrize("writer", [False, True], ids=["no-writer", "writer"])
@pytest.mark.parametrize("fmt", ["md", "json"])
def test_false_claims_from_extraction_are_not_published(
    writer: bool, fmt: str, model: Callable[..., FakeServer], articles: Path, tmp_path: Path
) -> None:
    server = model(claims=True, writer=False)
    out = tmp_path / f"briefing.{fmt}"
    brief(server, tmp_path, str(articles), "-o", str(out), *([] if writer else ["--no-writer"]))
    assert asked_to_distort(server, CLAIM_LIES, "extract") == len(CLAIM_LIES)  # every lie was told
    text = published_text(out)
    assert lies_in(text) == [], text
    assert missing_truths(text, REWORDED) == [], text


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_false_sentences_from_the_writer_are_not_published(
    fmt: str, model: Callable[..., FakeServer], articles: Path, tmp_path: Path
) -> None:
    server = model(claims=False, writer=True)
    out = tmp_path / f"briefing.{fmt}"
    brief(server, tmp_path, str(articles), "-o", str(out))
    assert asked_to_distort(server, WRITER_EDITS, "write") == len(WRITER_EDITS)
    text = published_text(out)
    assert lies_in(text) == [] and LIE_TITLE not in text, text
    assert missing_truths(text, WRITER_TRUTH[1]) == [], text  # the writer's faithful rewording stays
    if fmt == "json":
        warnings = json.loads(out.read_text(encoding="utf-8"))["meta"]["warnings"]
        assert any("said more than their sources" in w for w in warnings), warnings


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_a_model_lying_at_both_stages_publishes_only_what_the_articles_say(
    fmt: str, model: Callable[..., FakeServer], articles: Path, tmp_path: Path
) -> None:
    server = model(claims=True, writer=True)
    out = tmp_path / f"briefing.{fmt}"
    brief(server, tmp_path, str(articles), "-o", str(out))
    text = published_text(out)
    assert lies_in(text) == [] and LIE_TITLE not in text, text
    assert missing_truths(text) == [], text


@pytest.mark.parametrize("writer", [False, True], ids=["no-writer", "writer"])
def test_the_library_refuses_the_same_lies(
    writer: bool, model: Callable[..., FakeServer], articles: Path, tmp_path: Path
) -> None:
    server = model(claims=True, writer=True)
    settings = Settings(
        api_key="k",
        base_url=server.base_url,
        model="fake-model",
        cache_dir=tmp_path / "cache",
        max_retries=0,
        words=400,
        no_writer=not writer,
    )
    with Summarizer(settings=settings) as summarizer:
        briefing = summarizer.brief(load_articles([articles]))
    shown = {k: v for k, v in json.loads(to_json(briefing)).items() if k != "meta"}
    for text in (to_markdown(briefing), json.dumps(shown, ensure_ascii=False)):
        assert lies_in(text) == [], text
        assert missing_truths(text) == [], text


def test_summarizer_verify_passes_the_published_briefing_and_catches_a_tampered_one(
    model: Callable[..., FakeServer], articles: Path, tmp_path: Path
) -> None:
    """What the pipeline published passes `summarizer verify` read against the articles again; the same
    briefing with one sentence turned false (its negation dropped) does not, and that sentence is named."""
    server = model(claims=True, writer=True)
    out = tmp_path / "briefing.json"
    brief(server, tmp_path, str(articles), "-o", str(out))
    checked = CliRunner().invoke(app, ["verify", str(out)])
    assert checked.exit_code == EXIT_OK, checked.stdout
    lines = [json.loads(line) for line in checked.stdout.splitlines()]
    assert lines and all(line["supported"] for line in lines)

    document = json.loads(out.read_text(encoding="utf-8"))
    said = [s for section in document["sections"] for s in section["sentences"]]
    target = next(s for s in said if "did not choose a contractor" in s["text"])
    target["text"] = target["text"].replace("did not choose", "chose")
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(document), encoding="utf-8")
    checked = CliRunner().invoke(app, ["verify", str(tampered)])
    assert checked.exit_code == EXIT_PARTIAL
    refused = [json.loads(line) for line in checked.stdout.splitlines() if '"supported": false' in line]
    assert [r["text"] for r in refused] == [target["text"]], refused
