"""Answer stores: the diskcache cache, and cassettes that record or replay answers for CI."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import reprlib
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Protocol

import diskcache

from summarizer._files import write_atomic
from summarizer.errors import ConfigError

log = logging.getLogger(__name__)


def request_key(**parts: Any) -> str:
    """sha256 over everything that decides the answer: model, messages, schema, mode, sampling, prompt."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def failure_key(key: str) -> str:
    """Where a store remembers that the request under `key` never got a valid answer (temperature 0 only)."""
    return f"failed:{key}"


class AnswerStore(Protocol):
    """Where validated answers are kept, keyed by `request_key`."""

    def get(self, key: str) -> str | None: ...

    def set(self, key: str, answer: str, *, label: str) -> None: ...

    def close(self) -> None: ...


class NoStore:
    """Caching switched off."""

    def get(self, key: str) -> str | None:
        return None

    def set(self, key: str, answer: str, *, label: str) -> None:
        pass

    def close(self) -> None:
        pass


class _TextDisk(diskcache.Disk):  # type: ignore[misc]
    """diskcache's serialisation, for text keys and text values only: nothing stored is ever unpickled.

    The default Disk pickles what is not text and unpickles what it finds, so a row planted in cache.db
    could run code when read. Answers are JSON text: they are stored as text (in the database, or a file
    beside it when large) and anything else found in the cache reads as a miss.
    """

    def __init__(self, directory: str, **settings: Any) -> None:
        known = {k: v for k, v in settings.items() if k == "min_file_size"}  # a planted setting cannot break in
        super().__init__(directory, **known)

    def put(self, key: Any) -> tuple[Any, bool]:
        if not isinstance(key, str):
            raise TypeError(f"cache keys are text, not {type(key).__name__}")
        return key, True

    def get(self, key: Any, raw: bool) -> Any:
        return key if raw and isinstance(key, str) else None

    def store(self, value: Any, read: bool, key: Any = diskcache.UNKNOWN) -> Any:
        if read or not isinstance(value, str):
            raise TypeError(f"cached answers are JSON text, not {type(value).__name__}")
        return super().store(value, read, key=key)

    def fetch(self, mode: int, filename: str | None, value: Any, read: bool) -> Any:
        if read or mode not in (_MODE_RAW, _MODE_TEXT) or (mode == _MODE_RAW and not isinstance(value, str)):
            return None
        return super().fetch(mode, filename, value, read)


_MODE_RAW, _MODE_TEXT = 1, 3  # diskcache's modes for text kept in the database and in a file
_DATABASE = "cache.db"  # diskcache's file name in its folder
# What damage to diskcache's own tables raises beside sqlite3.DatabaseError: it trusts its Settings table, so a
# planted eviction_policy is a KeyError, and a planted setting named like a method replaces the method.
_DAMAGE = (sqlite3.DatabaseError, KeyError, TypeError, ValueError, AttributeError)


def _settings_problem(database: Path) -> str | None:
    """What is wrong with the cache's own Settings table, or None when it holds only what diskcache writes.

    diskcache reads every row of that table back as an attribute of the cache, and runs each `sqlite_*` row as
    a PRAGMA, so a row it would not have written (an unknown key, a value of the wrong kind) is damage.
    """
    if not database.is_file():
        return None
    try:
        with contextlib.closing(sqlite3.connect(database.resolve().as_uri() + "?mode=ro", uri=True)) as db:
            rows = db.execute("SELECT key, value FROM Settings").fetchall()
    except sqlite3.Error:  # no table, or a database too damaged to read: opening it says what is wrong
        return None
    known = {**diskcache.DEFAULT_SETTINGS, **diskcache.core.METADATA}
    for key, value in rows:
        if key not in known:
            return f"its Settings table has an unknown setting {reprlib.repr(key)}"
        kind = type(known[key])
        if type(value) is not kind or (key == "eviction_policy" and value not in diskcache.EVICTION_POLICY):
            return f"its Settings table has {key} = {reprlib.repr(value)}, which diskcache cannot use"
    return None


class DiskStore:
    """A diskcache store in `directory`; safe across processes, and never the reason a run stops.

    A damaged database (diskcache's own Settings table included) is moved aside and a new one started; a
    read-only one still answers from what it holds; one that cannot be opened at all leaves the run uncached.
    Each says so once, in one line, with the fix, as a warning on the "summarizer" logger (the command line
    prints it).
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._cache: diskcache.Cache | None = None
        self._read_only: sqlite3.Connection | None = None
        self._warned = False
        self._open()

    def _open(self) -> None:
        if problem := _settings_problem(self.directory / _DATABASE):
            self._move_aside(problem)
            return
        try:
            self._cache = _cache(self.directory)
            self._cache.get("")  # a damaged file can open and fail on its first read
        except sqlite3.DatabaseError as exc:
            if _read_only(exc):
                self._open_read_only(exc)
            elif _unopenable(exc):
                self._give_up(exc)
            else:
                self._move_aside(exc)
        except OSError as exc:
            self._give_up(exc)
        except _DAMAGE as exc:
            self._move_aside(_described(exc))

    def _move_aside(self, exc: Exception | str) -> None:
        self._close_cache()
        stamp = time.strftime("%Y%m%dT%H%M%S")
        database = self.directory / _DATABASE
        aside = database.with_name(f"{_DATABASE}.damaged-{stamp}")
        try:
            for suffix in ("", "-wal", "-shm"):
                if (part := Path(f"{database}{suffix}")).exists():
                    part.replace(f"{aside}{suffix}")
            self._cache = _cache(self.directory)
        except (OSError, *_DAMAGE) as again:
            self._give_up(again)
            return
        self._warn(
            f"the answer cache {database} was damaged ({exc}); moved it aside to {aside.name} and started an "
            f"empty one, so answers are asked for again. Delete {aside} when you no longer need it"
        )

    def _open_read_only(self, exc: Exception) -> None:
        self._close_cache()
        try:
            uri = (self.directory / _DATABASE).resolve().as_uri() + "?mode=ro"
            self._read_only = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._read_only.execute("SELECT 1 FROM Cache LIMIT 1").fetchall()
        except sqlite3.DatabaseError as again:
            self._read_only = None
            self._give_up(again)
            return
        self._warn(
            f"the answer cache at {self.directory} is read-only ({exc}): cached answers are used, new ones are "
            "not kept. Make it writable, or set SUMMARIZER_CACHE_DIR to a writable folder"
        )

    def _give_up(self, exc: Exception) -> None:
        self._close_cache()
        self._warn(
            f"cannot use the answer cache at {self.directory} ({exc}); running without it. Fix the folder's "
            "permissions, or set SUMMARIZER_CACHE_DIR to a writable folder (or pass --no-cache)"
        )

    def _warn(self, message: str) -> None:
        if not self._warned:
            self._warned = True
            log.warning("%s", " ".join(message.split()))

    def get(self, key: str) -> str | None:
        with self._lock:
            if self._read_only is not None:
                return self._get_read_only(key)
            if self._cache is None:
                return None
            try:
                value = self._cache.get(key)
            except _DAMAGE as exc:  # damage found mid-run: repair, and this one is a miss
                self._move_aside(_described(exc))
                return None
            except OSError:  # a large answer's file went missing
                return None
        return value if isinstance(value, str) else None

    def _get_read_only(self, key: str) -> str | None:
        assert self._read_only is not None
        try:
            row = self._read_only.execute(
                "SELECT mode, filename, value FROM Cache WHERE key = ? AND raw = 1", (key,)
            ).fetchone()
            if row is None:
                return None
            value = _TextDisk(str(self.directory)).fetch(row[0], row[1], row[2], False)
        except (sqlite3.DatabaseError, OSError):
            return None
        return value if isinstance(value, str) else None

    def set(self, key: str, answer: str, *, label: str) -> None:
        if not isinstance(answer, str):
            raise TypeError(f"cached answers are JSON text, not {type(answer).__name__}")
        with self._lock:
            if self._cache is None:
                return
            try:
                self._cache.set(key, answer)
            except sqlite3.DatabaseError as exc:
                if _read_only(exc):
                    self._open_read_only(exc)
                else:
                    self._move_aside(exc)
            except _DAMAGE as exc:
                self._move_aside(_described(exc))
            except OSError as exc:  # the disk is full: the answer is not kept, the run goes on
                self._warn(f"cannot add to the answer cache at {self.directory} ({exc}); new answers are not kept")

    def close(self) -> None:
        with self._lock:
            self._close_cache()
            if self._read_only is not None:
                self._read_only.close()
                self._read_only = None

    def _close_cache(self) -> None:
        if self._cache is not None:
            with contextlib.suppress(sqlite3.Error, OSError):
                self._cache.close()
            self._cache = None


def _cache(directory: Path) -> diskcache.Cache:
    """diskcache's Cache with every setting given, so that none is taken from the Settings table it finds."""
    return diskcache.Cache(str(directory), disk=_TextDisk, **diskcache.DEFAULT_SETTINGS)


def _described(exc: Exception) -> str:
    return str(exc) if isinstance(exc, sqlite3.DatabaseError) else f"{type(exc).__name__}: {exc}"


def _read_only(exc: Exception) -> bool:
    return "readonly" in str(exc) or "read-only" in str(exc)


def _unopenable(exc: Exception) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "unable to open" in str(exc)


class Cassette:
    """Answers recorded to a JSON file, replayed with no model (for CI).

    In replay mode a request with no recorded answer is not sent anywhere: it is listed in `missing`
    so the caller can report every such request at once. A request whose answer never validated while
    recording is kept as a failure, so that the replay fails it the same way instead of missing it.
    """

    def __init__(
        self, path: Path, *, replay: bool, meta: dict[str, str] | None = None, backing: AnswerStore | None = None
    ) -> None:
        self.path = path
        self.replay = replay
        self.backing = backing  # recording: answers already cached are recorded without a model call
        self.meta: dict[str, str] = dict(meta or {})
        self.missing: list[str] = []
        self._lock = threading.Lock()
        self._answers: dict[str, dict[str, str]] = {}
        if replay and path.exists():
            self._answers, self.meta = _read_cassette(path)
        elif replay:
            raise ConfigError(f"{path}: no cassette to replay; record one with --record")

    def get(self, key: str) -> str | None:
        entry = self._answers.get(key)
        if entry and "failed" not in entry:
            return entry["answer"]
        if entry:
            return None
        answer = None if self.replay or self.backing is None else self.backing.get(key)
        if answer is not None:
            self.set(key, answer, label="from cache")
        return answer

    def set(self, key: str, answer: str, *, label: str) -> None:
        with self._lock:
            self._answers[key] = {"label": label, "answer": answer}
        if self.backing is not None:
            self.backing.set(key, answer, label=label)

    def failure(self, key: str) -> str | None:
        """Why the request under `key` failed while recording, if it did.

        Recording over a cache, a failure the cache remembers (`failure_key`, see ModelClient.ask) is
        recorded again without a model call, as a cached answer is: re-recording a set whose article
        stays invalid no longer spends its re-asks (three calls, minutes on the embedded model) again.
        """
        entry = self._answers.get(key)
        if entry is not None or self.replay or self.backing is None:
            return (entry or {}).get("failed")
        failed = self.backing.get(failure_key(key))
        if failed is not None:
            with self._lock:
                self._answers[key] = {"label": "from cache", "answer": "", "failed": failed}
        return failed

    def set_failure(self, key: str, error: str, *, label: str) -> None:
        """Record that no valid answer came for `key` (the error), for the replay to fail it alike."""
        if not self.replay:
            with self._lock:
                self._answers[key] = {"label": label, "answer": "", "failed": error}
            if self.backing is not None:
                self.backing.set(failure_key(key), error, label=f"{label} (failed)")

    def close(self) -> None:
        if self.backing is not None:
            self.backing.close()
        if not self.replay:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            data = {"meta": self.meta, "answers": dict(sorted(self._answers.items()))}
            body = json.dumps(data, indent=1, ensure_ascii=False)
            write_atomic(self.path, body + "\n")


def _read_cassette(path: Path) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """A cassette's answers and meta; ConfigError says what is wrong with a file that is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc}); give a cassette file") from None
    except (ValueError, RecursionError) as exc:
        raise ConfigError(f"{path}: not a cassette (not JSON: {str(exc) or 'nested too deeply'})") from None
    answers = data.get("answers") if isinstance(data, dict) else None
    meta = data.get("meta", {}) if isinstance(data, dict) else None
    if (
        not isinstance(answers, dict)
        or not isinstance(meta, dict)
        or not all(isinstance(entry, dict) and isinstance(entry.get("answer"), str) for entry in answers.values())
    ):
        raise ConfigError(
            f'{path}: not a cassette (expected {{"answers": {{key: {{"answer": text}}}}, "meta": {{...}}}}); '
            "record it again with --record"
        )
    return answers, {str(k): str(v) for k, v in meta.items()}
