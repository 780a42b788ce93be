"""The daily's memory: what earlier dailies told, so that the next one says what is new.

    memory = StoryMemory(settings.cache_dir / "daily" / "memory.db")
    earlier = memory.recall(stories, day)      # today's story id -> what its thread told before
    memory.record(day, remembered)             # one transaction per daily

Each finished daily records its stories: their articles (to link them to a later day's), the facts they
told, and their figures with sources and dates. A later day's story is linked to an earlier one when
grouping (daily/_grouping.py), run over both days' articles, puts them in one story: the same similarity
that groups a day. Linked stories form a thread; the facts a thread told are not told again, and a figure
that moved is said as a change.

SQLite from the standard library: WAL, so a reader never waits for a writer; a busy timeout, so two
dailies recording at once take turns; and one transaction per daily, so a run killed mid-write leaves the
memory as it was. A day recorded again replaces that day's record: re-running a morning is not news.
A memory that cannot be read or written (held past the busy timeout, a full disk, a read-only file) is a
ConfigError naming the file and the likely cause; the daily then still writes its briefing.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from summarizer.daily.stories import Story, group_articles
from summarizer.errors import ConfigError
from summarizer.schemas import Article, DisagreementValue, Source

LOOKBACK_DAYS = 14  # stories briefed this many days back can continue; older ones are news again
BUSY_SECONDS = 30.0  # how long a daily waits for another one's write to finish

_SCHEMA = """
CREATE TABLE IF NOT EXISTS dailies (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL UNIQUE,
    recorded TEXT NOT NULL,
    link TEXT
);
CREATE TABLE IF NOT EXISTS stories (
    daily INTEGER NOT NULL REFERENCES dailies (id) ON DELETE CASCADE,
    story TEXT NOT NULL,
    thread TEXT NOT NULL,
    day TEXT NOT NULL,
    headline TEXT NOT NULL,
    title TEXT NOT NULL,
    articles TEXT NOT NULL,
    told TEXT NOT NULL,
    figures TEXT NOT NULL,
    sources TEXT NOT NULL,
    PRIMARY KEY (daily, story)
);
CREATE INDEX IF NOT EXISTS stories_day ON stories (day);
CREATE INDEX IF NOT EXISTS stories_thread ON stories (thread);
"""

Figures = dict[str, list[DisagreementValue]]  # measure ("death toll") -> each value with its sources and date
_FIGURES: TypeAdapter[Figures] = TypeAdapter(Figures)
_ARTICLES: TypeAdapter[list[Article]] = TypeAdapter(list[Article])
_SOURCES: TypeAdapter[list[Source]] = TypeAdapter(list[Source])


class Continuity(BaseModel):
    """Whether a story of the day is new or continues one briefed before, and when it last was."""

    model_config = ConfigDict(extra="forbid")

    status: Literal["new", "continuing"]
    thread: str = Field(description="id of the thread's first story: the same for every day of one story")
    last_briefed: dt.date | None = None
    previous_id: str | None = Field(None, description="the story's id in the daily it was last briefed in")
    previous_title: str | None = None
    link: str | None = Field(
        None, description="where that daily can be read, when it was recorded: a file: URI, or the service's page"
    )


@dataclass(frozen=True)
class Earlier:
    """What a story's thread told before today."""

    thread: str
    story: str  # its id in the last daily it was in
    day: dt.date  # when it was last briefed
    title: str
    link: str | None
    told: tuple[str, ...]  # every fact the thread told, every day
    figures: dict[str, tuple[dt.date, list[DisagreementValue]]]  # each measure as last told, and that day
    sources: dict[str, Source]  # the articles those figures cite

    def continuity(self) -> Continuity:
        return Continuity(
            status="continuing",
            thread=self.thread,
            last_briefed=self.day,
            previous_id=self.story,
            previous_title=self.title,
            link=self.link,
        )


@dataclass(frozen=True)
class Remembered:
    """A story of a finished daily, as the memory keeps it."""

    story: str
    thread: str
    headline: str
    title: str
    articles: Sequence[Article]
    told: Sequence[str]
    figures: Figures
    sources: Sequence[Source]


@dataclass(frozen=True)
class _Row:
    story: str
    thread: str
    day: dt.date
    title: str
    link: str | None
    articles: list[Article]
    told: list[str]
    figures: Figures
    sources: list[Source]


class StoryMemory:
    """The stories earlier dailies told, in a SQLite file that concurrent runs share."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"cannot open the story memory {path}: {exc}") from None

    @contextmanager
    def _using(self, doing: Literal["read", "written"]) -> Iterator[sqlite3.Connection]:
        """A connection whose failures say which file could not be read or written, and why."""
        try:
            with self._connect() as db:
                yield db
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"the story memory {self.path} could not be {doing}: {exc}{_cause(exc)}") from exc

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # A connection per call: the memory is read once and written once per daily, from any thread.
        db = sqlite3.connect(str(self.path), timeout=BUSY_SECONDS, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA synchronous=NORMAL")  # with WAL: a committed daily survives a killed process
            yield db
        finally:
            db.close()

    def days(self) -> list[dt.date]:
        """The days recorded, oldest first."""
        with self._using("read") as db:
            return [dt.date.fromisoformat(day) for (day,) in db.execute("SELECT day FROM dailies ORDER BY day")]

    def record(self, day: dt.date, stories: Iterable[Remembered], *, link: str | None = None) -> None:
        """Keep a finished daily's stories: all of them or, if anything fails on the way, none."""
        with self._using("written") as db:
            db.execute("BEGIN IMMEDIATE")  # take the write lock now: two dailies recording take turns
            try:
                db.execute("DELETE FROM dailies WHERE day = ?", (day.isoformat(),))
                daily = db.execute(
                    "INSERT INTO dailies (day, recorded, link) VALUES (?, ?, ?)",
                    (day.isoformat(), dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), link),
                ).lastrowid
                for s in stories:
                    db.execute(
                        "INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            daily,
                            s.story,
                            s.thread,
                            day.isoformat(),
                            s.headline,
                            s.title,
                            _ARTICLES.dump_json(list(s.articles)).decode(),
                            json.dumps(list(s.told)),
                            _FIGURES.dump_json(s.figures).decode(),
                            _SOURCES.dump_json(list(s.sources)).decode(),
                        ),
                    )
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:  # a failed COMMIT (a full disk) may have ended it already
                    db.execute("ROLLBACK")
                raise

    def _rows(self, day: dt.date, lookback: int) -> list[_Row]:
        """Stories recorded in the `lookback` days before `day`, oldest first."""
        first = day - dt.timedelta(days=lookback)
        with self._using("read") as db:
            rows = db.execute(
                "SELECT s.story, s.thread, s.day, s.title, d.link, s.articles, s.told, s.figures, s.sources "
                "FROM stories s JOIN dailies d ON d.id = s.daily WHERE s.day >= ? AND s.day < ? "
                "ORDER BY s.day, s.story",
                (first.isoformat(), day.isoformat()),
            ).fetchall()
        return [
            _Row(
                story,
                thread,
                dt.date.fromisoformat(when),
                title,
                link,
                _ARTICLES.validate_json(articles),
                json.loads(told),
                _FIGURES.validate_json(figures),
                _SOURCES.validate_json(sources),
            )
            for story, thread, when, title, link, articles, told, figures, sources in rows
        ]

    def recall(self, stories: Sequence[Story], day: dt.date, *, lookback: int = LOOKBACK_DAYS) -> dict[str, Earlier]:
        """Today's stories that continue one briefed before `day`: story id -> what its thread told."""
        rows = self._rows(day, lookback)
        if not rows or not stories:
            return {}
        linked = _link(stories, rows)
        out = {}
        for story in stories:
            threads = linked.get(story.id)
            if not threads:
                continue
            # Of the threads it continues, the one briefed last; a tie goes to the one with more articles.
            last = max((r for r in rows if r.thread in threads), key=lambda r: (r.day, len(r.articles), r.thread))
            thread = [r for r in rows if r.thread == last.thread]
            figures: dict[str, tuple[dt.date, list[DisagreementValue]]] = {}
            sources: dict[str, Source] = {}
            for row in thread:  # oldest first: each measure ends as it was last told
                figures |= {measure: (row.day, values) for measure, values in row.figures.items()}
                sources |= {s.id: s for s in row.sources}
            out[story.id] = Earlier(
                thread=last.thread,
                story=last.story,
                day=last.day,
                title=last.title,
                link=last.link,
                told=tuple(dict.fromkeys(t for row in thread for t in row.told)),
                figures=figures,
                sources=sources,
            )
        return out


_CAUSES = {  # sqlite's error name (its start) -> what most likely happened
    "SQLITE_BUSY": "another daily held it for more than {busy:g} s",
    "SQLITE_LOCKED": "another daily held it for more than {busy:g} s",
    "SQLITE_FULL": "the disk is full",
    "SQLITE_READONLY": "the file or its folder is read-only",
    "SQLITE_CANTOPEN": "the file or its folder cannot be opened",
    "SQLITE_IOERR": "the disk failed to read or write it",
    "SQLITE_CORRUPT": "the file is damaged",
    "SQLITE_NOTADB": "the file is not a story memory",
}


def _cause(exc: BaseException) -> str:
    name = getattr(exc, "sqlite_errorname", "")
    found = next((cause for prefix, cause in _CAUSES.items() if name.startswith(prefix)), None)
    return f" ({found.format(busy=BUSY_SECONDS)})" if found else ""


def _link(stories: Sequence[Story], rows: Sequence[_Row]) -> dict[str, set[str]]:
    """Today's story id -> the threads whose stories grouping puts with it, over both days' articles.

    Each story goes with the group most of its articles fall in: grouping the days together may join
    or split a story at its edges, and one odd article should not tie two threads together.
    """
    articles: dict[str, Article] = {}
    for row in rows:
        articles |= {a.id: a for a in row.articles}
    for story in stories:
        articles |= {a.id: a for a in story.articles}
    label = {a.id: n for n, group in enumerate(group_articles(list(articles.values()))) for a in group}

    def main_group(ids: Iterable[str]) -> int:
        counts = Counter(label[i] for i in ids)
        return min(counts, key=lambda g: (-counts[g], g))

    threads: dict[int, set[str]] = {}
    for row in rows:
        threads.setdefault(main_group(a.id for a in row.articles), set()).add(row.thread)
    return {s.id: found for s in stories if (found := threads.get(main_group(a.id for a in s.articles)))}
