"""Answer stores: the diskcache cache, and cassettes that record or replay answers for CI."""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any, Protocol

import diskcache

from .errors import ConfigError
from .files import write_atomic


def request_key(**parts: Any) -> str:
    """sha256 over everything that decides the answer: model, messages, schema, mode, sampling, prompt."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


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


class DiskStore:
    """A diskcache store in `directory`; safe across processes."""

    def __init__(self, directory: Path) -> None:
        try:
            self._cache = diskcache.Cache(str(directory))
        except OSError as exc:
            raise ConfigError(f"cannot open the cache at {directory}: {exc}; set SUMMARIZER_CACHE_DIR") from None

    def get(self, key: str) -> str | None:
        value = self._cache.get(key)
        return value if isinstance(value, str) else None

    def set(self, key: str, answer: str, *, label: str) -> None:
        self._cache.set(key, answer)

    def close(self) -> None:
        self._cache.close()


class Cassette:
    """Answers recorded to a JSON file, replayed with no model (for CI).

    In replay mode a request with no recorded answer is not sent anywhere: it is listed in `missing`
    so the caller can report every such request at once.
    """

    def __init__(self, path: Path, *, replay: bool) -> None:
        self.path = path
        self.replay = replay
        self.missing: list[str] = []
        self._lock = threading.Lock()
        self._answers: dict[str, dict[str, str]] = {}
        if path.exists():
            try:
                self._answers = json.loads(path.read_text(encoding="utf-8"))["answers"]
            except (ValueError, KeyError, TypeError) as exc:
                raise ConfigError(f"{path}: not a cassette ({exc})") from None
        elif replay:
            raise ConfigError(f"{path}: no cassette to replay; record one with --record")

    def get(self, key: str) -> str | None:
        entry = self._answers.get(key)
        return entry["answer"] if entry else None

    def set(self, key: str, answer: str, *, label: str) -> None:
        with self._lock:
            self._answers[key] = {"label": label, "answer": answer}

    def close(self) -> None:
        if not self.replay:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            body = json.dumps({"answers": dict(sorted(self._answers.items()))}, indent=1, ensure_ascii=False)
            write_atomic(self.path, body + "\n")
