"""The answer cache in Redis, for workers on many machines: the same `AnswerStore` as the diskcache one.

Answers are stored as the validated JSON text the model gave, never pickled, so whoever can write to
Redis can plant a wrong answer but cannot run code in a worker. They have no expiry: size the Redis
server for them (or give it a `maxmemory-policy` such as allkeys-lru, and a miss is only a new call).
"""

from __future__ import annotations

import redis

from summarizer.errors import ConfigError

PREFIX = "summarizer:answer:"


class RedisStore:
    """Validated answers in Redis under `summarizer:answer:<request key>`; safe across processes and hosts."""

    def __init__(self, url: str, *, prefix: str = PREFIX) -> None:
        self.url = url
        self.prefix = prefix
        try:
            self._redis = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30)
            self._redis.ping()
        except (redis.RedisError, ValueError) as exc:
            raise ConfigError(f"cannot reach Redis at {_safe(url)}: {exc}; check SUMMARIZER_REDIS_URL") from None

    def get(self, key: str) -> str | None:
        try:
            value = self._redis.get(self.prefix + key)
        except redis.RedisError as exc:
            raise ConfigError(f"the answer cache at {_safe(self.url)} failed: {exc}") from None
        return value.decode() if isinstance(value, bytes) else None

    def set(self, key: str, answer: str, *, label: str) -> None:
        try:
            self._redis.set(self.prefix + key, answer.encode())
        except redis.RedisError as exc:
            raise ConfigError(f"the answer cache at {_safe(self.url)} failed: {exc}") from None

    def count(self) -> int:
        """How many answers are stored (a scan: for tests and reports, not hot paths).

        Not `__len__`: an empty store would be falsy, and `store or NoStore()` would drop it.
        """
        return sum(1 for _ in self._redis.scan_iter(match=self.prefix + "*", count=1000))

    def close(self) -> None:
        self._redis.close()


def _safe(url: str) -> str:
    """The URL without its password, for messages and logs."""
    if "@" not in url:
        return url
    scheme, _, rest = url.partition("://")
    return f"{scheme}://***@{rest.rpartition('@')[2]}"
