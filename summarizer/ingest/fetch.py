"""Sources for the daily briefing: article files and folders, RSS/Atom feeds, and article pages by URL.

Fetching is polite and bounded (ingest/web.py): a User-Agent that names us, a few requests at a time (fewer
per host), one deadline per page and per feed (its entries' pages included) and one per run, a size limit
on every response, http and https only, and never an address inside your own network unless you opt in.
A source that fails gives one line (an InputError naming it) and the others go on.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import html
import io
import logging
import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.errors import InputError
from summarizer.ingest.files import ReadLimits, load_articles, parse_article, read_file_bytes
from summarizer.ingest.web import Deadline, FetchLimits, Response, Web
from summarizer.progress import ProgressCallback, Step
from summarizer.schemas import Article

__all__ = ["FetchLimits", "aload_sources", "load_sources"]

log = logging.getLogger(__name__)

FEED_SUFFIXES = (".rss", ".atom", ".xml")
MIN_FEED_TEXT = 400  # characters: a feed entry shorter than this is a teaser, so the page is fetched


# ---- feeds and pages ------------------------------------------------------------------------------------


def _is_feed(response: Response) -> bool:
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
    web: Web
    run: Deadline  # the run's fetch budget
    max_chars: int
    progress: ProgressCallback
    read: ReadLimits = field(default_factory=ReadLimits)
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what was read only in part, such as a feed cut short
    seen: set[str] = field(default_factory=set)
    done: int = 0
    total: int = 0

    def _count(self, item: str, more: int = 0) -> None:
        self.total += more
        self.done += 1
        self.progress(Step("fetch", self.done, self.total, item))

    async def source(self, url: str) -> list[Article]:
        """A feed's articles, or the one article of a page."""
        try:
            response = await self.web.get(url, self.run)
            if _is_feed(response):
                return await self.feed(response.body, response.url, self.feed_deadline(response.url, response.started))
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

    def feed_deadline(self, url: str, started: float) -> Deadline:
        """A feed's pages are fetched within the feed's own time, and the run's."""
        limit = self.web.limits.timeout
        own = Deadline(started + limit, f"not fetched within the {limit:g} s of its feed ({url})")
        return min(own, self.run, key=lambda deadline: deadline.at)

    async def feed(self, body: bytes, url: str, deadline: Deadline) -> list[Article]:
        import feedparser  # type: ignore[import-untyped]  # imported here: only feeds need it

        # A stream, never a string: given a string, feedparser would fetch it as a URL or open it as a file.
        parsed = feedparser.parse(io.BytesIO(body), response_headers={"content-location": url})
        cap = self.web.limits.max_entries
        entries = parsed.entries[:cap]
        if len(parsed.entries) > cap:
            cut = (
                f"{url}: only the first {cap:,} of the feed's {len(parsed.entries):,} entries were read (the "
                f"limit per feed); the other {len(parsed.entries) - cap:,} are left out"
            )
            self.warnings.append(cut)
            log.warning("%s", cut)
        if not entries:
            problem = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
            raise InputError(f"is not a feed with entries{problem}", source=url)
        outlet = parsed.feed.get("title")
        self.total += len(entries)
        found = await asyncio.gather(*(self.entry(e, outlet, url, deadline) for e in entries))
        return [article for article in found if article is not None]

    async def entry(self, entry: Any, outlet: str | None, feed_url: str, deadline: Deadline) -> Article | None:
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
            return self._named(self.page(await self.web.get(link, deadline), "html", meta), outlet)
        except InputError as error:
            self.errors.append(error if link else InputError(str(error), source=name))
            return None
        finally:
            self._count(name)

    def page(self, response: Response, fmt: str, meta: dict[str, Any]) -> Article:
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
    read: ReadLimits | None = None,
    warnings: list[str] | None = None,
) -> tuple[list[Article], list[InputError]]:
    """Articles from files, folders, local feed files (.rss .atom .xml), feed URLs and page URLs.

    Returns the articles and one error per source (or feed entry) that could not be read. Files in `exclude`
    (the run's own output) are never read; local files are read within `read` (fetched ones within `limits`).
    What was read only in part (a feed over the entries limit) is added to `warnings`, one line each.
    """
    limits = limits or FetchLimits()
    read = read or ReadLimits()
    budget = Deadline.after(limits.budget, f"not fetched: the run's fetch budget of {limits.budget or 0:g} s was spent")
    web = Web(limits)
    fetcher = _Fetcher(web, budget, max_chars, progress or (lambda step: None), read)
    articles: list[Article] = [s for s in sources if isinstance(s, Article)]
    files = [s for s in sources if not isinstance(s, Article) and not _is_url(s)]
    feeds = [Path(s) for s in files if Path(s).suffix.lower() in FEED_SUFFIXES and Path(s).is_file()]
    others = [s for s in files if Path(s) not in feeds]
    if others:
        articles += load_articles(others, errors=fetcher.errors, max_chars=max_chars, exclude=exclude, limits=read)
    urls = [s for s in sources if isinstance(s, str) and _is_url(s)]
    fetcher.total = len(urls) + len(feeds)
    jobs = [fetcher.source(url) for url in urls] + [_local_feed(fetcher, path) for path in feeds]
    try:
        for found in await asyncio.gather(*jobs):
            articles += found
    finally:
        await web.aclose()
    if warnings is not None:
        warnings += fetcher.warnings
    return articles, fetcher.errors


async def _local_feed(fetcher: _Fetcher, path: Path) -> list[Article]:
    try:
        deadline = fetcher.feed_deadline(str(path), asyncio.get_running_loop().time())
        body = read_file_bytes(path, fetcher.read.file_bytes)
        return await fetcher.feed(body, path.resolve().as_uri(), deadline)
    except (InputError, OSError) as error:
        fetcher.errors.append(error if isinstance(error, InputError) else InputError(str(error), source=str(path)))
        return []
    finally:
        fetcher._count(str(path))


def load_sources(
    sources: Sequence[str | Path | Article],
    *,
    max_chars: int = 12000,
    limits: FetchLimits | None = None,
    exclude: Sequence[str | Path] = (),
) -> tuple[list[Article], list[InputError]]:
    """Sync twin of `aload_sources`."""
    return asyncio.run(aload_sources(sources, max_chars=max_chars, limits=limits, exclude=exclude))
