"""Bad inputs are named skips (exit 3), or a clear exit 1 when nothing is left: never a traceback, hang or loss."""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import threading
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, app
from summarizer.config import Settings
from summarizer.errors import InputError
from summarizer.ingest.files import ReadLimits, load_articles
from summarizer.schemas import OUTPUT_MARK
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


# ---- size limits: an input over its limit is a named skip, and is never read whole ---------------------


class _Endless(io.RawIOBase):
    """A stream of zeros that counts what is read from it, like /dev/zero; it ends after `stop` bytes so that
    code reading it whole fails a test instead of the machine."""

    def __init__(self, stop: int = 50_000_000) -> None:
        self.consumed = 0
        self.stop = stop

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = min(len(buffer), self.stop - self.consumed)
        buffer[:n] = b"\0" * n
        self.consumed += n
        return n


def test_stdin_over_its_limit_is_refused_after_reading_just_past_it(monkeypatch: pytest.MonkeyPatch) -> None:
    endless = _Endless()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BufferedReader(endless)))
    errors: list[InputError] = []
    assert load_articles(["-"], errors=errors, limits=ReadLimits(stdin_bytes=5_000)) == []
    assert [str(e) for e in errors] == [
        "<stdin>: is over the 5,000-byte limit for standard input, so it was not read "
        "(raise SUMMARIZER_MAX_STDIN_BYTES to read it)"
    ]
    assert endless.consumed <= 5_001 + io.DEFAULT_BUFFER_SIZE


def _address_space(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))  # a reader that reads on fails, not the machine


def test_dev_zero_on_stdin_is_a_named_skip_beside_a_good_article(
    folder: Path, env: dict[str, str], tmp_path: Path
) -> None:
    with open("/dev/zero", "rb") as zeros:
        result = subprocess.run(
            [sys.executable, "-m", "summarizer", "brief", "-", str(folder), "-o", str(tmp_path / "b.md")],
            env={**os.environ, **env, "SUMMARIZER_MAX_STDIN_BYTES": "100000"},
            stdin=zeros,
            capture_output=True,
            text=True,
            timeout=120,
            preexec_fn=lambda: _address_space(3 << 30),
        )
    assert result.returncode == EXIT_PARTIAL, result.stderr
    assert "skipped: <stdin>: is over the 100,000-byte limit for standard input" in result.stderr
    assert "Traceback" not in result.stderr
    assert "**" in (tmp_path / "b.md").read_text()  # the good article was briefed


def test_a_jsonl_line_over_the_record_limit_is_skipped_and_the_next_record_kept(folder: Path) -> None:
    huge = json.dumps({"id": "huge", "text": "The council met. " * 1_200_000})  # 20 MB on one line
    good = json.dumps({"id": "fine", "text": GOOD})
    (folder / "feed.jsonl").write_text(f"{huge}\n{good}\n", encoding="utf-8")
    errors: list[InputError] = []
    tracemalloc.start()
    try:
        articles = load_articles(folder / "feed.jsonl", errors=errors, limits=ReadLimits(record_bytes=100_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [a.id for a in articles] == ["fine"]
    assert [str(e) for e in errors] == [
        f"{folder / 'feed.jsonl'}: record feed-1 (line 1) is over the 100,000-byte limit for one record, so it was "
        "not read (raise SUMMARIZER_MAX_RECORD_BYTES to read it)"
    ]
    assert peak < 5_000_000, f"the 20 MB line was held in memory ({peak:,} bytes at peak)"


def test_a_json_record_over_the_record_limit_is_skipped_and_the_others_kept(folder: Path) -> None:
    records = [{"id": "huge", "text": "The council met. " * 10_000}, {"id": "fine", "text": GOOD}]
    (folder / "day.json").write_text(json.dumps(records), encoding="utf-8")
    ids, errors = load(folder / "day.json")
    assert ids == ["huge", "fine"] and errors == []  # within the default limit
    errors_seen: list[InputError] = []
    kept = load_articles(folder / "day.json", errors=errors_seen, limits=ReadLimits(record_bytes=100_000))
    assert [a.id for a in kept] == ["fine"]
    assert len(errors_seen) == 1 and str(errors_seen[0]).startswith(f"{folder / 'day.json'}: record day-1 is 170,0")
    assert "bytes, over the 100,000-byte limit for one record" in str(errors_seen[0])


def test_a_file_over_the_file_limit_is_skipped_unread(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "big.txt").write_text("The council met on Friday. " * 10_000, encoding="utf-8")  # 270 KB
    opened: list[str] = []
    real_open = Path.open

    def spy(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(self.name)
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", spy)
    errors: list[InputError] = []
    articles = load_articles(folder, errors=errors, limits=ReadLimits(file_bytes=100_000))
    assert [a.id for a in articles] == ["good"]
    assert [str(e) for e in errors] == [
        f"{folder / 'big.txt'}: is 270,000 bytes, over the 100,000-byte limit for one file, so it was not read "
        "(raise SUMMARIZER_MAX_FILE_BYTES to read it)"
    ]
    assert "big.txt" not in opened


def test_a_file_over_its_limit_is_a_named_skip_with_exit_3(folder: Path, env: dict[str, str], tmp_path: Path) -> None:
    (folder / "big.md").write_text("The council met on Friday. " * 10_000, encoding="utf-8")
    code, stderr = run(
        {**env, "SUMMARIZER_MAX_FILE_BYTES": "100000"}, "brief", str(folder), "-o", str(tmp_path / "b.md")
    )
    assert code == EXIT_PARTIAL and "Traceback" not in stderr
    assert "big.md: is 270,000 bytes, over the 100,000-byte limit for one file" in stderr
    assert "SUMMARIZER_MAX_FILE_BYTES" in stderr


def test_the_read_limits_default_to_the_settings_defaults() -> None:
    assert ReadLimits() == ReadLimits.of(Settings())


def test_control_characters_in_names_are_escaped_on_the_terminal(
    folder: Path, env: dict[str, str], tmp_path: Path
) -> None:
    evil = "evil\x1b]0;pwned\x07\x1b[31m\u202e[bold]x[red]"  # retitle, recolour, reverse, and Rich markup
    (folder / f"{evil}.txt").write_bytes(b"")  # skipped, by name
    (folder / f"{evil}-2.txt").write_text(GOOD.replace("Aleppo", "Homs"), encoding="utf-8")  # read, by name
    out = tmp_path / "out\x1b[2J.md"
    code, stderr = run(env, "brief", str(folder), "-o", str(out))
    assert code == EXIT_PARTIAL
    assert not set(stderr) & {"\x1b", "\x07", "\u202e"}, repr(stderr)
    shown = "evil\\x1b]0;pwned\\x07\\x1b[31m\\u202e[bold]x[red]"
    assert f"skipped: {folder}/{shown}.txt: is empty" in stderr  # the brackets stay text, not markup
    assert f"{shown}-2" in stderr  # its progress line
    assert f"wrote {tmp_path}/out\\x1b[2J.md" in stderr


def test_control_characters_stay_escaped_in_verbose_log_lines(
    folder: Path, env: dict[str, str], tmp_path: Path
) -> None:
    evil = "evil\x1b]0;pwned\x07\u202e"
    (folder / "briefing.md").write_text(f"An earlier briefing.\n\n{OUTPUT_MARK}\n")  # -v names it, passed over
    (folder / f"briefing{evil}.md").write_text(f"An earlier briefing.\n\n{OUTPUT_MARK}\n")
    cache = tmp_path / f"cache{evil}"
    code, stderr = run(
        {**env, "SUMMARIZER_CACHE_DIR": str(cache)}, "-v", "brief", str(folder), "-o", str(tmp_path / "o.md")
    )
    assert code == EXIT_OK, stderr
    assert "briefing.md: passed over" in stderr and "answers cached in" in stderr  # the log lines are there
    assert not set(stderr) & {"\x1b", "\x07", "\u202e"}, repr(stderr)
    assert "briefing" + "evil\\x1b]0;pwned\\x07\\u202e.md: passed over" in stderr
    assert "cacheevil\\x1b]0;pwned\\x07\\u202e" in stderr
