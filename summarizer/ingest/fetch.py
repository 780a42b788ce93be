"""Sources for the daily briefing: article files and folders, RSS/Atom feeds, and article pages by URL.

Fetching is polite and bounded: a User-Agent that names us, a few requests at a time (fewer per
host), a deadline and a size limit on every response, http and https only. A source that fails gives
one line (an InputError naming it) and the others go on.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import html
import io
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer._version import __version__
from summarizer.errors import InputError
from summarizer.ingest.files import load_articles, parse_article
from summarizer.progress import ProgressCallback, Step
from summarizer.schemas import Article

__all__ = ["FetchLimits", "aload_sources", "load_sources"]

FEED_SUFFIXES = (".rss", ".atom", ".xml")
MIN_FEED_TEXT = 400  # characters: a feed entry shorter than this is a teaser, so the page is fetched


@dataclass(frozen=True)
class FetchLimits:
    """How much fetching may cost: per response, per feed, and at once."""

    timeout: float = 15.0  # seconds for one response, from connecting to its last byte
    max_bytes: int = 5_000_000
    max_entries: int = 200  # per feed
    concurrency: int = 6
    per_host: int = 2
    user_agent: str = f"summarizer/{__version__} (daily news briefing)"


@dataclass
class _Response:
    url: str
    content_type: str
    charset: str | None
    body: bytes

    def text(self) -> str:
        try:
            return self.body.decode(self.charset or "utf-8", errors="replace")
        except LookupError:  # a charset Python does not know
            return self.body.decode("utf-8", errors="replace")


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 5


def _opener() -> urllib.request.OpenerDirector:
    """http and https only: a feed must not make us read file:// or ftp:// links."""
    opener = urllib.request.OpenerDirector()
    handlers: list[urllib.request.BaseHandler] = [
        urllib.request.ProxyHandler(), urllib.request.HTTPHandler(), urllib.request.HTTPSHandler(), _Redirects(),
        urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPErrorProcessor(),
    ]  # fmt: skip
    for handler in handlers:
        opener.add_handler(handler)
    return opener


def _get(url: str, limits: FetchLimits) -> _Response:
    """GET `url` within the limits; every failure is an InputError that names the URL."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise InputError("only http and https URLs are fetched", source=url)
    request = urllib.request.Request(url, headers={"User-Agent": limits.user_agent, "Accept": "*/*"})
    deadline = time.monotonic() + limits.timeout
    try:
        with _opener().open(request, timeout=limits.timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limits.max_bytes:
                raise InputError(f"is {int(length):,} bytes, over the {limits.max_bytes:,}-byte limit", source=url)
            chunks, size = [], 0
            while chunk := response.read1(65536):
                size += len(chunk)
                if size > limits.max_bytes:
                    raise InputError(f"is over the {limits.max_bytes:,}-byte limit", source=url)
                if time.monotonic() > deadline:
                    raise TimeoutError
                chunks.append(chunk)
            headers = response.headers
            return _Response(
                response.geturl(), headers.get_content_type(), headers.get_content_charset(), b"".join(chunks)
            )
    except urllib.error.HTTPError as error:
        error.close()  # it holds the connection open otherwise
        raise InputError(f"HTTP {error.code} {error.reason}", source=url) from None
    except (TimeoutError, urllib.error.URLError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(error, TimeoutError) or isinstance(reason, TimeoutError):
            raise InputError(f"no complete answer within {limits.timeout:g} s", source=url) from None
        raise InputError(f"cannot be reached ({reason})", source=url) from None
    except (OSError, ValueError) as error:  # a dropped connection, a malformed URL or header
        raise InputError(f"cannot be fetched ({error})", source=url) from None


# ---- feeds and pages ------------------------------------------------------------------------------------


def _is_feed(response: _Response) -> bool:
    if "html" in response.content_type:  # application/xhtml+xml too: a page
        return False
    if any(kind in response.content_type for kind in ("rss", "atom", "xml")):
        return True
    head = response.body[:1000].lstrip().lower()
    return head.startswith(b"<?xml") or b"<rss" in head or b"<feed" in head


def url_id(url: str) -> str:
    """A stable, readable id: the page's name and a hash of the URL ("ferry-capsizes-1a2b3c4d")."""
    path = urllib.parse.urlsplit(url).path.rstrip("/")
    stem = re.sub(r"\.\w{2,5}$", "", path.rsplit("/", 1)[-1])
    slug = "-".join(re.findall(r"[a-z0-9]+", stem.lower()))[:40].strip("-") or "page"
    return f"{slug}-{hashlib.sha1(url.encode()).hexdigest()[:8]}"


def _fragment_text(fragment: str) -> str:
    """The text of a feed's HTML fragment, a paragraph per block."""
    blocks = re.sub(r"(?i)</(?:p|div|h\d|li|blockquote)>|<br\s*/?>", "\n\n", fragment)
    return html.unescape(re.sub(r"<[^>]+>", " ", blocks))


@dataclass
class _Fetcher:
    limits: FetchLimits
    max_chars: int
    progress: ProgressCallback
    errors: list[InputError] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    done: int = 0
    total: int = 0

    def __post_init__(self) -> None:
        self._all = asyncio.Semaphore(self.limits.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}

    async def get(self, url: str) -> _Response:
        host = urllib.parse.urlsplit(url).netloc.lower()
        per_host = self._hosts.setdefault(host, asyncio.Semaphore(self.limits.per_host))
        async with self._all, per_host:
            return await asyncio.to_thread(_get, url, self.limits)

    def _count(self, item: str, more: int = 0) -> None:
        self.total += more
        self.done += 1
        self.progress(Step("fetch", self.done, self.total, item))

    async def source(self, url: str) -> list[Article]:
        """A feed's articles, or the one article of a page."""
        try:
            response = await self.get(url)
            if _is_feed(response):
                return await self.feed(response.body, response.url)
            if "html" in response.content_type or b"<html" in response.body[:2000].lower():
                return [self.page(response, "html", {})]
            if response.content_type.startswith("text/"):
                return [self.page(response, "txt", {})]
            raise InputError(f"is neither a feed nor an article page ({response.content_type})", source=url)
        except InputError as error:
            self.errors.append(error)
            return []
        finally:
            self._count(url)

    async def feed(self, body: bytes, url: str) -> list[Article]:
        import feedparser  # type: ignore[import-untyped]  # imported here: only feeds need it

        # A stream, never a string: given a string, feedparser would fetch it as a URL or open it as a file.
        parsed = feedparser.parse(io.BytesIO(body), response_headers={"content-location": url})
        entries = parsed.entries[: self.limits.max_entries]
        if not entries:
            problem = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
            raise InputError(f"is not a feed with entries{problem}", source=url)
        outlet = parsed.feed.get("title")
        self.total += len(entries)
        found = await asyncio.gather(*(self.entry(e, outlet, url) for e in entries))
        return [article for article in found if article is not None]

    async def entry(self, entry: Any, outlet: str | None, feed_url: str) -> Article | None:
        link = urllib.parse.urldefrag(urllib.parse.urljoin(feed_url, entry.get("link") or "")).url
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        meta: dict[str, Any] = {
            "title": entry.get("title"), "url": link or None,
            "published": dt.date(*stamp[:3]).isoformat() if stamp else None,
        }  # fmt: skip
        name = link or f"{feed_url} entry {entry.get('id') or entry.get('title')}"
        try:
            if link in self.seen:
                return None  # the same article in two feeds: read once
            self.seen.add(link)
            content = entry.get("content") or [{}]
            full = _fragment_text(content[0].get("value") or "")
            if len(full.strip()) >= MIN_FEED_TEXT or not link:
                body = full if full.strip() else _fragment_text(entry.get("summary") or "")
                return self._named(parse_article(body, id=url_id(name), source=feed_url, meta=meta,
                                                 max_chars=self.max_chars), outlet)  # fmt: skip
            return self._named(self.page(await self.get(link), "html", meta), outlet)
        except InputError as error:
            self.errors.append(error if link else InputError(str(error), source=name))
            return None
        finally:
            self._count(name)

    def page(self, response: _Response, fmt: str, meta: dict[str, Any]) -> Article:
        meta = {"url": response.url, **{k: v for k, v in meta.items() if v}}
        return parse_article(response.text(), id=url_id(response.url), source=response.url, fmt=fmt, meta=meta,
                             max_chars=self.max_chars)  # fmt: skip

    @staticmethod
    def _named(article: Article, outlet: str | None) -> Article:
        return article if article.outlet or not outlet else article.model_copy(update={"outlet": outlet})


# ---- sources --------------------------------------------------------------------------------------------


def _is_url(source: str | Path) -> bool:
    return isinstance(source, str) and bool(re.match(r"https?://", source, re.I))


async def aload_sources(
    sources: Sequence[str | Path | Article],
    *,
    max_chars: int = 12000,
    limits: FetchLimits | None = None,
    progress: ProgressCallback | None = None,
    exclude: Sequence[str | Path] = (),
) -> tuple[list[Article], list[InputError]]:
    """Articles from files, folders, local feed files (.rss .atom .xml), feed URLs and page URLs.

    Returns the articles and one error per source (or feed entry) that could not be read. Files in `exclude`
    (the run's own output) are never read.
    """
    fetcher = _Fetcher(limits or FetchLimits(), max_chars, progress or (lambda step: None))
    articles: list[Article] = [s for s in sources if isinstance(s, Article)]
    files = [s for s in sources if not isinstance(s, Article) and not _is_url(s)]
    feeds = [Path(s) for s in files if Path(s).suffix.lower() in FEED_SUFFIXES and Path(s).is_file()]
    others = [s for s in files if Path(s) not in feeds]
    if others:
        articles += load_articles(others, errors=fetcher.errors, max_chars=max_chars, exclude=exclude)
    urls = [s for s in sources if isinstance(s, str) and _is_url(s)]
    fetcher.total = len(urls) + len(feeds)
    jobs = [fetcher.source(url) for url in urls] + [_local_feed(fetcher, path) for path in feeds]
    for found in await asyncio.gather(*jobs):
        articles += found
    return articles, fetcher.errors


async def _local_feed(fetcher: _Fetcher, path: Path) -> list[Article]:
    try:
        return await fetcher.feed(path.read_bytes(), path.resolve().as_uri())
    except (InputError, OSError) as error:
        fetcher.errors.append(error if isinstance(error, InputError) else InputError(str(error), source=str(path)))
        return []
    finally:
        fetcher._count(str(path))


def load_sources(
    sources: Sequence[str | Path | Article], *, max_chars: int = 12000, limits: FetchLimits | None = None
) -> tuple[list[Article], list[InputError]]:
    """Sync twin of `aload_sources`."""
    return asyncio.run(aload_sources(sources, max_chars=max_chars, limits=limits))
