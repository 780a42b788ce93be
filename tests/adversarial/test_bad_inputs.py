"""Bad inputs are named skips (exit 3), or a clear exit 1 when nothing is left: never a traceback, hang or loss."""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, app
from summarizer.errors import InputError
from summarizer.ingest.files import load_articles
from summarizer.testing import FakeServer

from ..conftest import SEEDS

GOOD = (SEEDS / "000_8a5342e15c562d73.txt").read_text(encoding="utf-8")


@pytest.fixture
def env(server: FakeServer, tmp_path: Path) -> dict[str, str]:
    return {
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": "test-key",
        "SUMMARIZER_MODEL": "fake-model",
        "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
        "SUMMARIZER_MAX_RETRIES": "1",
    }


def run(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stderr


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "in"
    path.mkdir()
    (path / "good.txt").write_text(GOOD, encoding="utf-8")
    return path


def load(*paths: Path | str, exclude: tuple[Path, ...] = ()) -> tuple[list[str], list[str]]:
    errors: list[InputError] = []
    articles = load_articles(list(paths), errors=errors, exclude=exclude)
    return [a.id for a in articles], [str(e) for e in errors]


def test_a_symlink_loop_is_a_named_skip(folder: Path, env: dict[str, str], tmp_path: Path) -> None:
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    ids, errors = load(folder)
    assert ids == ["good"]
    assert len(errors) == 2 and all("symbolic link" in e and "loop" in e for e in errors)
    assert load(folder / "a.txt")[1][0].endswith(
        "a.txt: cannot be read: it is a broken or looping symbolic link; check where it points"
    )
    code, stderr = run(env, "brief", str(folder), "-o", str(tmp_path / "b.md"))
    assert code == EXIT_PARTIAL and "Traceback" not in stderr and "a.txt" in stderr


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.json", "[" * 100_000 + "]" * 100_000),
        ("deep.jsonl", '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}\n" + json.dumps({"text": "Fine."}) + "\n"),
        ("deep.md", "---\ntitle: " + "[" * 100_000 + "]" * 100_000 + "\n---\nThe council met on Friday.\n"),
    ],
)
def test_deeply_nested_json_or_yaml_is_a_named_skip(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text)
    ids, errors = load(folder)
    assert "good" in ids
    assert len(errors) == 1 and name in errors[0] and "nested too deeply" in errors[0]


def _in_thread(job: object) -> threading.Thread:
    thread = threading.Thread(target=job, daemon=True)  # type: ignore[arg-type]
    thread.start()
    thread.join(10)
    return thread


def test_a_fifo_named_like_an_article_is_skipped_without_hanging(folder: Path) -> None:
    os.mkfifo(folder / "x.txt")
    found: list[tuple[list[str], list[str]]] = []
    assert not _in_thread(lambda: found.append(load(folder))).is_alive(), "reading a FIFO hung"
    ids, errors = found[0]
    assert ids == ["good"] and len(errors) == 1
    assert errors[0].endswith("x.txt: is not a regular file (a pipe, device or socket); give an article file")
    found.clear()
    assert not _in_thread(lambda: found.append(load(folder / "x.txt"))).is_alive()
    assert "not a regular file" in found[0][1][0]


def test_an_unreadable_subfolder_is_reported_not_silently_skipped(
    folder: Path, env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = folder / "locked"
    locked.mkdir()
    (locked / "hidden-away.txt").write_text(GOOD)
    scandir = os.scandir

    def refuse(path: object = ".") -> object:
        if Path(str(path)) == locked:  # chmod 000 does not stop root, so the refusal is simulated
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", refuse)
    ids, errors = load(folder)
    assert ids == ["good"]
    assert errors == [f"{locked}: folder cannot be read (Permission denied); its articles are left out"]
    code, stderr = run(env, "brief", str(folder), "-o", str(tmp_path / "b.md"))
    assert code == EXIT_PARTIAL and "locked" in stderr


def test_a_linked_folder_is_named_not_silently_left_out(folder: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "more.txt").write_text(GOOD)
    (folder / "more").symlink_to(elsewhere, target_is_directory=True)
    ids, errors = load(folder)
    assert ids == ["good"] and len(errors) == 1 and "link to a folder" in errors[0]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_text_with_a_bom_is_read(folder: Path, encoding: str) -> None:
    bom = {"utf-16-be": "\ufeff"}.get(encoding, "")
    (folder / "wide.txt").write_bytes((bom + GOOD).encode(encoding))
    ids, errors = load(folder)
    assert errors == [] and sorted(ids) == ["good", "wide"]
    assert load_articles(folder / "wide.txt")[0].sentences == load_articles(folder / "good.txt")[0].sentences


def test_the_output_is_never_read_back_as_an_input(folder: Path, env: dict[str, str], server: FakeServer) -> None:
    out = folder / "briefing.md"
    for _ in range(2):
        code, stderr = run(env, "brief", str(folder), "-o", str(out), "--no-cache")
        assert code == EXIT_OK, stderr
        assert "1 sources" in stderr or "1 source" in stderr
    assert load(folder, exclude=(out,))[0] == ["good"]


def test_an_output_that_is_a_folder_is_a_usage_error_before_any_model_call(
    folder: Path, env: dict[str, str], server: FakeServer, tmp_path: Path
) -> None:
    code, stderr = run(env, "brief", str(folder), "-o", str(tmp_path))
    assert code == EXIT_USAGE and "is a folder" in stderr and "Traceback" not in stderr
    assert server.calls == 0


def test_an_unwritable_output_fails_before_any_model_call(
    folder: Path, env: dict[str, str], server: FakeServer, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for command in ("brief", "extract", "daily"):
        code, stderr = run(env, command, str(folder), "-o", str(blocker / "out.md"))
        assert code == EXIT_FAILURE, (command, stderr)
        assert "cannot write" in stderr and "a-file" in stderr and "Traceback" not in stderr
    assert server.calls == 0


@pytest.mark.parametrize("command", ["brief", "extract", "daily"])
def test_zero_concurrency_is_a_usage_error(env: dict[str, str], command: str) -> None:
    code, stderr = run(env, command, str(SEEDS), "-j", "0")
    assert code == EXIT_USAGE and "--concurrency" in stderr


def test_daily_never_reads_its_own_output_back(folder: Path, env: dict[str, str]) -> None:
    (folder / "other.txt").write_text(GOOD.replace("Aleppo", "Homs"), encoding="utf-8")
    out = folder / "today.json"
    for _ in range(2):
        code, stderr = run(env, "daily", str(folder), "-o", str(out))
        assert code == EXIT_OK, stderr
        ids = [s["id"] for story in json.loads(out.read_text())["stories"] for s in story["sources"]]
        assert "today" not in ids


def test_html_without_its_cleaner_package_is_a_named_skip(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "page.html").write_text("<html><body><p>The council met on Friday.</p></body></html>")
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # what an install missing lxml_html_clean gives
    ids, errors = load(folder)
    assert ids == ["good"] and len(errors) == 1
    assert "page.html" in errors[0] and "pip install lxml_html_clean" in errors[0]
