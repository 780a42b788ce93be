"""HTTP GET that cannot be turned inward or held open: the fetching half of `summarizer daily`.

A feed is written by someone else, so every address it leads to is checked where the connection is made:
each host (the first request, each redirect, each feed link) is resolved, and loopback, private, link-local
(169.254.169.254, the cloud metadata service), multicast, reserved and unspecified addresses are refused
unless the user opts in (`allow_private_hosts`). The request then goes to the very address that was
checked (the hostname stays in the Host header and TLS SNI), so a name that resolves differently a moment
later (DNS rebinding) cannot slip past.

httpx's timeouts are per network operation, so a server sending a byte a second never trips them (its
docs: there is no overall timeout; wrap the request). Here each page, feed and run has one deadline, an
asyncio timeout around connecting, headers and body together.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import urllib.request
from dataclasses import dataclass

import httpx2 as httpx

from summarizer._version import __version__
from summarizer.errors import InputError

__all__ = ["Deadline", "FetchLimits", "Response", "Web", "address_problem"]


@dataclass(frozen=True)
class FetchLimits:
    """How much fetching may cost (per page, per feed, per run, at once) and where it may go."""

    timeout: float = 15.0  # seconds for one page, or one feed with the pages of its entries, connect to last byte
    max_bytes: int = 5_000_000
    max_entries: int = 200  # per feed
    concurrency: int = 6
    per_host: int = 2
    user_agent: str = f"summarizer/{__version__} (daily news briefing)"
    budget: float | None = 600.0  # seconds for all the fetching of a run
    allow_private_hosts: bool = False  # loopback, private and link-local addresses (your own network)
    private_hosts_hint: str = "--allow-private-hosts"  # how this caller's user turns that on


@dataclass(frozen=True)
class Deadline:
    """When fetching must be done (event loop time), and what to say if it is not."""

    at: float
    reason: str

    @staticmethod
    def after(seconds: float | None, reason: str) -> Deadline:
        loop = asyncio.get_running_loop()
        return Deadline(loop.time() + seconds if seconds is not None else float("inf"), reason)


@dataclass
class Response:
    url: str
    content_type: str
    charset: str | None
    body: bytes
    started: float  # event loop time the request left: a feed's deadline counts from its own request

    def text(self) -> str:
        try:
            return self.body.decode(self.charset or "utf-8", errors="replace")
        except LookupError:  # a charset Python does not know
            return self.body.decode("utf-8", errors="replace")


def address_problem(address: str) -> str | None:
    """Why an IP address is not on the public internet ("a loopback address"), or None when it is."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # a scoped IPv6 address: "fe80::1%eth0"
    if isinstance(ip, ipaddress.IPv6Address) and (ip.ipv4_mapped or ip.sixtofour):
        return address_problem(str(ip.ipv4_mapped or ip.sixtofour))
    for kind in ("loopback", "unspecified", "link_local", "multicast", "reserved", "private", "site_local"):
        if getattr(ip, f"is_{kind}", False):
            return f"{'an' if kind == 'unspecified' else 'a'} {kind.replace('_', '-')} address"
    return None if ip.is_global else "not a public address"


class _Refused(Exception):
    """A request the guard would not send."""


class _GuardedTransport(httpx.AsyncBaseTransport):
    """Resolve, check and pin every request's host before it is sent; proxies from the environment too."""

    def __init__(self, allow_private: bool, hint: str) -> None:
        self.allow_private = allow_private
        self.hint = hint
        self.direct = httpx.AsyncHTTPTransport()
        self.proxied: dict[str, httpx.AsyncHTTPTransport] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if url.scheme not in ("http", "https"):
            raise _Refused("only http and https URLs are fetched")
        host = url.raw_host.decode("ascii")
        proxy = _proxy_for(url)
        if self.allow_private and proxy is None:
            return await self.direct.handle_async_request(request)
        address = await self._checked_address(request, host, url.port or (443 if url.scheme == "https" else 80))
        if proxy is not None:  # the proxy connects, so the name is checked here and the proxy resolves it again
            transport = self.proxied.setdefault(proxy, httpx.AsyncHTTPTransport(proxy=proxy))
            return await transport.handle_async_request(request)
        pinned = httpx.Request(
            request.method,
            url.copy_with(host=address),
            headers=request.headers,  # Host: the name, as the server expects
            stream=request.stream,
            extensions={**request.extensions, "sni_hostname": host},  # and TLS checks the name's certificate
        )
        return await self.direct.handle_async_request(pinned)

    async def _checked_address(self, request: httpx.Request, host: str, port: int) -> str:
        try:
            found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise httpx.ConnectError(f"cannot resolve {host} ({exc})", request=request) from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
        if not addresses:
            raise httpx.ConnectError(f"cannot resolve {host}", request=request)
        for address in addresses:  # one inward address is enough to refuse: the name could pick it any time
            if not self.allow_private and (problem := address_problem(address)):
                shown = host if host == address else f"{host} ({address})"
                raise _Refused(
                    f"refused: {shown} is {problem}; only the public internet is fetched "
                    f"({self.hint} to fetch from your own network)"
                )
        return addresses[0]

    async def aclose(self) -> None:
        await self.direct.aclose()
        for transport in self.proxied.values():
            await transport.aclose()


def _proxy_for(url: httpx.URL) -> str | None:
    """The proxy the environment names for this URL (http_proxy, https_proxy, no_proxy), as urllib reads it."""
    proxies = urllib.request.getproxies()
    proxy = proxies.get(url.scheme) or proxies.get("all")
    if not proxy or urllib.request.proxy_bypass(url.raw_host.decode("ascii")):
        return None
    return proxy


class Web:
    """GET within the limits: a few requests at once (fewer per host), each with its deadline."""

    def __init__(self, limits: FetchLimits) -> None:
        self.limits = limits
        self._all = asyncio.Semaphore(limits.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._client = httpx.AsyncClient(
            transport=_GuardedTransport(limits.allow_private_hosts, limits.private_hosts_hint),
            headers={"User-Agent": limits.user_agent, "Accept": "*/*"},
            timeout=httpx.Timeout(limits.timeout),  # per operation; the deadlines below bound the whole
            follow_redirects=True,
            max_redirects=5,
            trust_env=False,  # proxies from the environment go through the guard, not around it
        )

    async def get(self, url: str, outer: Deadline) -> Response:
        """GET `url` by `outer` (its feed's or the run's deadline) and within its own; InputError names the URL.

        Waiting for a free slot counts against `outer`, not against the page's own time.
        """
        host = httpx.URL(url).netloc.decode("ascii", "replace").lower() if _parses(url) else url
        per_host = self._hosts.setdefault(host, asyncio.Semaphore(self.limits.per_host))
        try:
            async with asyncio.timeout_at(outer.at), self._all, per_host:
                own = Deadline.after(self.limits.timeout, f"no complete answer within {self.limits.timeout:g} s")
                first = min(own, outer, key=lambda deadline: deadline.at)
                try:
                    async with asyncio.timeout_at(first.at):
                        return await self._fetch(url)
                except TimeoutError:
                    raise InputError(first.reason, source=url) from None
        except TimeoutError:
            raise InputError(outer.reason, source=url) from None

    async def _fetch(self, url: str) -> Response:
        started = asyncio.get_running_loop().time()
        try:
            async with self._client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise InputError(f"HTTP {response.status_code} {response.reason_phrase}".strip(), source=url)
                body = await self._body(response, url)
                kind = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
                return Response(str(response.url), kind, response.charset_encoding, body, started)
        except _Refused as exc:
            raise InputError(str(exc), source=url) from None
        except httpx.UnsupportedProtocol:
            raise InputError("only http and https URLs are fetched", source=url) from None
        except httpx.TimeoutException:
            raise InputError(f"no complete answer within {self.limits.timeout:g} s", source=url) from None
        except (httpx.ConnectError, httpx.ProxyError) as exc:
            raise InputError(f"cannot be reached ({exc})", source=url) from None
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, ValueError, OSError) as exc:
            raise InputError(f"cannot be fetched ({exc or type(exc).__name__})", source=url) from None

    async def _body(self, response: httpx.Response, url: str) -> bytes:
        limit = self.limits.max_bytes
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            raise InputError(f"is {int(length):,} bytes, over the {limit:,}-byte limit", source=url)
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():  # decoded: a gzip bomb meets the same limit
            size += len(chunk)
            if size > limit:
                raise InputError(f"is over the {limit:,}-byte limit", source=url)
            chunks.append(chunk)
        return b"".join(chunks)

    async def aclose(self) -> None:
        await self._client.aclose()


def _parses(url: str) -> bool:
    try:
        httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError):
        return False
    return True
