"""Answer stores: the diskcache cache, and cassettes that record or replay answers for CI."""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any, Protocol

import diskcache

from summarizer._files import write_atomic
from summarizer.errors import ConfigError


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
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self._answers, self.meta = data["answers"], data.get("meta", {})
            except (ValueError, KeyError, TypeError) as exc:
                raise ConfigError(f"{path}: not a cassette ({exc})") from None
        elif replay:
            raise ConfigError(f"{path}: no cassette to replay; record one with --record")

    def get(self, key: str) -> str | None:
        entry = self._answers.get(key)
        if entry:
            return entry["answer"]
        answer = None if self.replay or self.backing is None else self.backing.get(key)
        if answer is not None:
            self.set(key, answer, label="from cache")
        return answer

    def set(self, key: str, answer: str, *, label: str) -> None:
        with self._lock:
            self._answers[key] = {"label": label, "answer": answer}
        if self.backing is not None:
            self.backing.set(key, answer, label=label)

    def close(self) -> None:
        if self.backing is not None:
            self.backing.close()
        if not self.replay:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            data = {"meta": self.meta, "answers": dict(sorted(self._answers.items()))}
            body = json.dumps(data, indent=1, ensure_ascii=False)
            write_atomic(self.path, body + "\n")
