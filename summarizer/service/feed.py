"""The finished daily documents as an Atom feed, so the daily arrives in a feed reader by itself."""

from __future__ import annotations

import datetime as dt
import uuid

from feedgen.feed import FeedGenerator

from summarizer._version import __version__
from summarizer.daily.render import daily_html
from summarizer.daily.run import Daily
from summarizer.service.jobs import Job

FEED_PATH = "/v1/daily/feed.atom"
FEED_ENTRIES = 30


def _time(stamp: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(stamp)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def daily_feed(days: list[tuple[Job, Daily]], base_url: str) -> bytes:
    """Atom for `days` (newest first): each entry links to its reading page and carries the whole document."""
    base_url = base_url.rstrip("/")
    feed = FeedGenerator()
    feed.id(base_url + FEED_PATH)
    feed.title("summarizer: daily briefings")
    feed.subtitle("Each day's news grouped into stories, ranked, and briefed with every sentence cited.")
    feed.author({"name": "summarizer"})
    feed.generator("summarizer", __version__)
    feed.link(href=base_url + FEED_PATH, rel="self", type="application/atom+xml")
    feed.link(href=base_url + "/", rel="alternate", type="text/html")
    feed.updated(max((_time(job.updated) for job, _ in days), default=dt.datetime.now(dt.UTC)))
    for job, day in days:
        entry = feed.add_entry(order="append")
        entry.id(uuid.UUID(job.id).urn)  # stable across host names and restarts
        entry.title(day.title)
        entry.link(href=f"{base_url}/read/{job.id}", rel="alternate", type="text/html")
        entry.published(_time(job.created))
        entry.updated(_time(job.updated))
        headlines = "; ".join(f"{s.rank}. {s.title}" for s in day.stories[:5])
        entry.summary(f"{len(day.stories)} stories: {headlines}" if day.stories else "No story today.")
        entry.content(daily_html(day), type="html")
    atom: bytes = feed.atom_str(pretty=True)
    return atom
