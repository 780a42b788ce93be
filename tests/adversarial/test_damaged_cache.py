"""The answer cache: damage is reported in one line and repaired, a read-only cache still answers, nothing is
ever unpickled, and a malformed cassette is one clear error."""

from __future__ import annotations

import logging
import pickle
import sqlite3
from pathlib import Path

import diskcache
import pytest
from typer.testing import CliRunner

from summarizer.cli import EXIT_OK, app
from summarizer.errors import ConfigError
from summarizer.model.store import Cassette, DiskStore
from summarizer.testing import FakeServer

from ..conftest import SEEDS

KEY = "a" * 64


class Warnings:
    def __init__(self, caplog: pytest.LogCaptureFixture) -> None:
        self.caplog = caplog

    def __len__(self) -> int:
        return len(self.caplog.messages)

    def __getitem__(self, index: int) -> str:
        return self.caplog.messages[index]


@pytest.fixture
def warnings_seen(caplog: pytest.LogCaptureFixture) -> Warnings:
    caplog.set_level(logging.WARNING, logger="summarizer")
    return Warnings(caplog)


def filled(directory: Path) -> Path:
    store = DiskStore(directory)
    store.set(KEY, '{"n": 1}', label="test")
    store.close()
    return directory / "cache.db"


@pytest.mark.parametrize(
    "damage",
    [
        lambda db: db.write_bytes(b"this is not a database at all" * 100),
        lambda db: db.write_bytes(db.read_bytes()[:1000]),  # truncated mid-page
        lambda db: db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000),  # a header, then garbage
    ],
    ids=["garbage", "truncated", "bad-pages"],
)
def test_a_damaged_cache_is_moved_aside_and_rebuilt(tmp_path: Path, damage: object, warnings_seen: Warnings) -> None:
    db = filled(tmp_path / "answers")
    damage(db)  # type: ignore[operator]
    store = DiskStore(tmp_path / "answers")
    assert store.get(KEY) is None  # what was cached is lost, the run is not
    store.set(KEY, '{"n": 2}', label="test")
    assert store.get(KEY) == '{"n": 2}'
    store.close()
    assert len(warnings_seen) == 1 and "\n" not in warnings_seen[0]
    assert "damaged" in warnings_seen[0] and "moved it aside" in warnings_seen[0]
    assert list((tmp_path / "answers").glob("cache.db.damaged-*"))  # kept for a look, named in the warning


@pytest.mark.parametrize(
    "planted",
    [
        "UPDATE Settings SET value = 'nonsense' WHERE key = 'eviction_policy'",  # a KeyError inside diskcache
        "INSERT INTO Settings VALUES ('get', 'not a method')",  # would replace Cache.get
        "INSERT INTO Settings VALUES ('sqlite_query_only', 1)",  # would be run as a PRAGMA
        "UPDATE Settings SET value = 'lots' WHERE key = 'size'",  # added to a number when culling
    ],
    ids=["eviction-policy", "method", "pragma", "metadata"],
)
def test_a_planted_setting_is_damage_moved_aside_in_one_warning(
    tmp_path: Path, planted: str, warnings_seen: Warnings
) -> None:
    db = filled(tmp_path / "answers")
    with sqlite3.connect(db) as connection:
        connection.execute(planted)
    connection.close()
    store = DiskStore(tmp_path / "answers")
    assert store.get(KEY) is None
    store.set(KEY, '{"n": 2}', label="test")
    assert store.get(KEY) == '{"n": 2}'
    store.close()
    assert len(warnings_seen) == 1 and "damaged" in warnings_seen[0] and "Settings table" in warnings_seen[0]
    assert list((tmp_path / "answers").glob("cache.db.damaged-*"))
    assert DiskStore(tmp_path / "answers").get(KEY) == '{"n": 2}' and len(warnings_seen) == 1  # repaired for good


def test_damage_diskcache_raises_as_a_python_error_is_moved_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warnings_seen: Warnings
) -> None:
    filled(tmp_path / "answers")
    real = diskcache.Cache
    calls = []

    def broken_once(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 1:
            raise KeyError("least-recently-planted")  # what a table diskcache cannot read raises
        return real(*args, **kwargs)

    monkeypatch.setattr(diskcache, "Cache", broken_once)
    store = DiskStore(tmp_path / "answers")
    store.set(KEY, '{"n": 3}', label="test")
    assert store.get(KEY) == '{"n": 3}'
    store.close()
    assert len(warnings_seen) == 1 and "KeyError: 'least-recently-planted'" in warnings_seen[0]


def test_a_cache_that_cannot_be_opened_runs_uncached_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warnings_seen: Warnings
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("unable to open database file")  # what a cache folder without access gives

    monkeypatch.setattr(diskcache, "Cache", refuse)
    store = DiskStore(tmp_path / "answers")
    store.set(KEY, '{"n": 1}', label="test")
    assert store.get(KEY) is None
    store.close()
    assert len(warnings_seen) == 1 and "running without it" in warnings_seen[0]
    assert "SUMMARIZER_CACHE_DIR" in warnings_seen[0]


def test_a_read_only_cache_still_serves_its_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warnings_seen: Warnings
) -> None:
    filled(tmp_path / "answers")

    def read_only(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")  # root ignores chmod: simulated

    monkeypatch.setattr(diskcache, "Cache", read_only)
    store = DiskStore(tmp_path / "answers")
    assert store.get(KEY) == '{"n": 1}'
    assert store.get("b" * 64) is None
    store.set("b" * 64, '{"n": 2}', label="test")  # not kept, no error
    store.close()
    assert len(warnings_seen) == 1 and "read-only" in warnings_seen[0]


class Planted:
    """Unpickling this runs code: it creates a file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Path.touch, (str(self.marker),))  # type: ignore[return-value]


def test_a_planted_pickle_is_never_unpickled(tmp_path: Path) -> None:
    db = filled(tmp_path / "answers")
    marker = tmp_path / "pwned"
    with sqlite3.connect(db) as connection:  # what someone with write access to the cache could plant
        connection.execute("UPDATE Cache SET mode = 4, value = ? WHERE key = ?", (pickle.dumps(Planted(marker)), KEY))
        connection.execute(
            "INSERT INTO Cache (key, raw, store_time, expire_time, access_time, size, mode, value) "
            "VALUES (?, 0, 0, NULL, 0, 0, 4, ?)",
            (pickle.dumps("b" * 64), pickle.dumps(Planted(marker))),
        )
    store = DiskStore(tmp_path / "answers")
    assert store.get(KEY) is None
    assert store.get("b" * 64) is None
    store.close()
    assert not marker.exists()


def test_answers_are_stored_as_text_and_read_back(tmp_path: Path) -> None:
    store = DiskStore(tmp_path / "answers")
    big = '{"text": "' + "x" * 100_000 + '"}'  # large answers go to a file beside the database
    store.set(KEY, big, label="test")
    assert store.get(KEY) == big
    with pytest.raises(TypeError):
        store.set("c" * 64, {"n": 1}, label="test")  # type: ignore[arg-type]
    store.close()
    with sqlite3.connect(tmp_path / "answers" / "cache.db") as connection:
        assert {mode for (mode,) in connection.execute("SELECT mode FROM Cache")} <= {1, 3}  # raw or text


def test_the_cli_reports_a_damaged_cache_in_one_line_and_briefs(server: FakeServer, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (cache / "answers").mkdir(parents=True)
    (cache / "answers" / "cache.db").write_bytes(b"garbage" * 1000)
    env = {
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": "k",
        "SUMMARIZER_MODEL": "fake-model",
        "SUMMARIZER_CACHE_DIR": str(cache),
    }
    result = CliRunner().invoke(app, ["brief", str(SEEDS), "-o", str(tmp_path / "b.md")], env=env)
    assert result.exit_code == EXIT_OK, result.stderr
    lines = [line for line in result.stderr.splitlines() if "was damaged" in line]
    assert len(lines) == 1 and "Traceback" not in result.stderr
    result = CliRunner().invoke(app, ["brief", str(SEEDS), "-o", str(tmp_path / "b.md")], env=env)
    assert "(6 cached)" in result.stderr and "was damaged" not in result.stderr


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe not utf-8",
        b"[1, 2]",
        b'{"answers": [1, 2]}',
        b'{"answers": {"k": "not an entry"}}',
        b'{"answers": {"k": {"label": "x"}}}',
        b'{"answers": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    ],
)
def test_a_malformed_cassette_is_one_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "cassette.json"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match="not a cassette"):
        Cassette(path, replay=True)


def test_a_cassette_that_is_a_folder_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot be read"):
        Cassette(tmp_path, replay=True)
