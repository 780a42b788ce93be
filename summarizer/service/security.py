"""Who may call, how often, and how much: bearer tokens, a per-token rate limit, a limit on failed tokens per
client address, a cap on request size."""

from __future__ import annotations

import hmac
import json
import time
import urllib.parse
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "summarizer_token"


def token_of(authorization: str | None, cookie: str | None) -> str | None:
    """The caller's token: `Authorization: Bearer <token>`, or the reading page's cookie."""
    if authorization:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
    return cookie or None


def local_path(target: str | None) -> str:
    """Where to send a reader after signing in: a path on this site, else `/`. Never another site (an open
    redirect): `//host`, `/\\host` and a path with a tab or line break in it (which browsers drop, making
    `//host` of it) all lead elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target or any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in target):
        return "/"
    parts = urllib.parse.urlsplit(target)
    return target if not parts.scheme and not parts.netloc else "/"


def is_allowed(token: str | None, tokens: list[str]) -> bool:
    """Constant-time comparison against every configured token."""
    if token is None:
        return False
    given = token.encode()
    return any(hmac.compare_digest(given, t.encode()) for t in tokens)


class RateLimiter:
    """A token bucket per caller: `burst` at once, refilled at `per_minute`. In memory: per API process."""

    def __init__(self, per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # caller -> (tokens left, when)

    def take(self, caller: str) -> float:
        """0 if the caller may go on now, else the seconds to wait."""
        now = self.clock()
        left, then = self._buckets.get(caller, (self.burst, now))
        left = min(self.burst, left + (now - then) * self.rate)
        if left >= 1.0:
            self._buckets[caller] = (left - 1.0, now)
            return 0.0
        self._buckets[caller] = (left, now)
        if len(self._buckets) > 100_000:  # callers keyed by address: do not grow without bound
            self._buckets.clear()
        return (1.0 - left) / self.rate


class FailureLimiter:
    """At most `limit` wrong tokens per client address in any `window` seconds; then the address waits.

    While it waits, the tokens it sends are not even checked: otherwise a right guess would still stand out
    from the wrong ones, and guessing could go on at full speed. Right tokens never count. In memory: per API
    process.
    """

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}  # client -> when its recent failures were

    def wait(self, client: str) -> float:
        """0 if the client's token may be checked now, else the seconds until it may."""
        times = self._failures.get(client)
        if times is None:
            return 0.0
        now = self.clock()
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[client]
            return 0.0
        return times[0] + self.window - now if len(times) >= self.limit else 0.0

    def failed(self, client: str) -> None:
        """Count a wrong token from `client`."""
        if len(self._failures) > 100_000:  # clients keyed by address: do not grow without bound
            self._failures.clear()
        self._failures.setdefault(client, deque(maxlen=self.limit)).append(self.clock())


class BodyLimit:
    """Refuse request bodies over `max_bytes` with a 413 before the app reads them.

    A declared Content-Length is checked at once (the HTTP server holds the body to it). A chunked
    body is read here first, up to the limit, and handed on whole.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"")
        if declared.isdigit():
            if int(declared) > self.max_bytes:
                await self._refuse(send)
                return
            await self.app(scope, receive, send)
            return
        if b"transfer-encoding" not in headers:
            await self.app(scope, receive, send)  # no body
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_bytes:
                await self._refuse(send)
                return
            if not message.get("more_body"):
                break
        body, replayed = b"".join(chunks), False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send) -> None:
        message = f"the request body is over the {self.max_bytes:,}-byte limit"
        body = json.dumps({"error": {"status": 413, "message": message}}).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
