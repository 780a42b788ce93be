"""The daily that remembers: stories linked across days, facts told once, moved figures said as changes."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer import Summarizer, load_articles
from summarizer.cli import EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL, app
from summarizer.compose.selection import already_told, stems
from summarizer.config import Settings
from summarizer.daily import memory as memory_module
from summarizer.daily.memory import StoryMemory
from summarizer.daily.render import daily_markdown
from summarizer.daily.run import Daily, brief_daily
from summarizer.daily.stories import find_stories
from summarizer.language.numbers import numbers_in
from summarizer.schemas import Article
from summarizer.testing import FakeServer

from .conftest import SEEDS

NOV_28, NOV_29 = dt.date(2024, 11, 28), dt.date(2024, 11, 29)
# Two seeds carry their date; the others tell it in their words: 002 and 003 report Wednesday's offensive
# "on Thursday" (28 Nov), 000 captions a photo of 29 Nov and quotes the monitor "said Friday".
SEED_DAYS = {"001": NOV_28, "002": NOV_28, "003": NOV_28, "000": NOV_29, "004": NOV_29}


def seeds() -> list[Article]:
    articles = load_articles(SEEDS)
    assert {a.id[:3]: a.published for a in articles if a.published} == {"001": NOV_28, "004": NOV_29}
    return [a.model_copy(update={"published": SEED_DAYS[a.id[:3]]}) for a in articles]


def daily(settings: Settings, articles: list[Article], day: dt.date, memory: StoryMemory, **options: Any) -> Daily:
    with Summarizer(settings=settings.model_copy(update={"no_writer": True})) as summarizer:
        return brief_daily(summarizer, articles, date=day, memory=memory, **options)


def test_the_seeds_on_two_days_continue_say_what_moved_and_repeat_nothing(
    server: FakeServer, settings: Settings, tmp_path: Path
) -> None:
    memory = StoryMemory(tmp_path / "memory.db")
    articles = seeds()
    first = daily(settings, articles, NOV_28, memory)
    second = daily(settings, articles, NOV_29, memory)
    [yesterday], [today] = first.stories, second.stories
    assert yesterday.continuity is not None and yesterday.continuity.status == "new"
    assert today.continuity is not None and today.continuity.status == "continuing"
    assert today.continuity.last_briefed == NOV_28 and today.continuity.previous_id == yesterday.id
    assert today.continuity.thread == yesterday.continuity.thread == yesterday.id

    changed = today.sections[0]
    assert changed.heading == "What changed since 28 Nov 2024"
    toll = next(s for s in changed.sentences if s.text.startswith("The death toll rose from "))
    assert "132 (Syrian Observatory for Human Rights, 28 Nov 2024)" in toll.text and "to 242 (" in toll.text
    pieces = dict(toll.parts())
    assert any(p.endswith("242 (Syrian war monitor, 29 Nov 2024)") and c == ["000_8a5342e15c562d73"]
               for p, c in pieces.items())  # fmt: skip
    assert any("132 (" in p and c == ["002_e37d6f9d168da99a"] for p, c in pieces.items())
    villages = next(s for s in changed.sentences if s.text.startswith("The number of villages seized rose from "))
    assert "to 50 (" in villages.text
    assert {s.id for s in second.earlier_sources} <= {a.id for a in articles if a.published == NOV_28}
    assert "002_e37d6f9d168da99a" in {s.id for s in second.earlier_sources}

    told = {s.text for s in yesterday.all_sentences()}
    said = [s.text for s in today.all_sentences()]
    assert said and not told.intersection(said)  # no fact of the first day again, word for word
    assert len(said) > len(changed.sentences)  # and new facts beside the changes

    before = [(stems(t), numbers_in(t)) for t in told]
    assert not [s for s in said if already_told(s, before)]  # nor in near the same words

    text = daily_markdown(second)
    assert f"1. **Continuing:** **[{today.title}](#{today.id})**" in text
    assert today.id == second.digest[0].story and second.digest[0].sentences[0] == toll  # the digest opens with it
    assert f"_Continuing, last briefed 28 Nov 2024. Previously: “{yesterday.title}”." in text
    assert "### Briefed on earlier days" in text
    assert "**New:**" in daily_markdown(first) and "_New today._" in daily_markdown(first)

    # An earlier title is an article's words and an earlier document's path is anyone's: neither makes markup.
    assert today.continuity is not None
    odd = today.continuity.model_copy(update={"link": "out/my day (1).md", "previous_title": "[x](javascript:y)"})
    text = daily_markdown(second.model_copy(update={"stories": [today.model_copy(update={"continuity": odd})]}))
    assert f"Previously: [\\[x\\](javascript:y)](<out/my%20day%20(1).md#{yesterday.id}>)." in text


def test_a_window_that_takes_in_yesterdays_articles_still_tells_only_what_is_new(
    server: FakeServer, settings: Settings, tmp_path: Path
) -> None:
    memory = StoryMemory(tmp_path / "memory.db")
    articles = seeds()
    [yesterday] = daily(settings, articles, NOV_28, memory).stories
    told = {s.text for s in yesterday.all_sentences()}
    since = dt.datetime(2024, 11, 28)  # "since yesterday": the window holds both days' articles
    [full] = daily(settings, articles, None, memory, since=since, since_last=False).stories
    [today] = daily(settings, articles, None, memory, since=since).stories
    assert told.intersection(s.text for s in full.all_sentences())  # briefed in full, it tells them again
    assert today.continuity is not None and today.continuity.last_briefed == NOV_28
    assert not told.intersection(s.text for s in today.all_sentences())
    assert today.sections[0].sentences[0].text.startswith("The death toll rose from ")


# ---- a memory that lasts -----------------------------------------------------------------------------------

ROOT = SEEDS.parent.parent
WRITER = """
import datetime as dt, sys, time
from pathlib import Path
from summarizer import load_articles
from summarizer.daily.memory import Remembered, StoryMemory

memory, first = StoryMemory(Path(sys.argv[1])), dt.date.fromisoformat(sys.argv[2])
days, stall, articles = int(sys.argv[3]), sys.argv[4], load_articles(sys.argv[5])

def stories(day):
    for n, article in enumerate(articles):
        if stall == "stall" and n == 2:
            print("writing", flush=True)
            time.sleep(120)  # killed here, two stories into the day's transaction
        yield Remembered(f"s{n}", f"s{n}", article.title or "", article.title or "", [article], ["a fact"], {}, [])

for d in range(days):
    memory.record(first + dt.timedelta(days=2 * d), stories(d))
print("done", flush=True)
"""


def writer(path: Path, first: dt.date, days: int, stall: bool = False) -> subprocess.Popen[str]:
    command = [
        sys.executable,
        "-c",
        WRITER,
        str(path),
        first.isoformat(),
        str(days),
        "stall" if stall else "-",
        str(SEEDS),
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)


def finish(run: subprocess.Popen[str], timeout: float = 120) -> int:
    run.communicate(timeout=timeout)  # closes its output pipe
    return run.returncode


def test_the_memory_survives_a_restart(server: FakeServer, settings: Settings, tmp_path: Path) -> None:
    articles = seeds()
    daily(settings, articles, NOV_28, StoryMemory(tmp_path / "memory.db"))
    restarted = StoryMemory(tmp_path / "memory.db")  # a new process would open it the same way
    assert restarted.days() == [NOV_28]
    [today] = daily(settings, articles, NOV_29, restarted).stories
    assert today.continuity is not None and today.continuity.status == "continuing"


def test_a_run_killed_mid_write_leaves_the_previous_days_readable(tmp_path: Path) -> None:
    path = tmp_path / "memory.db"
    done = writer(path, NOV_28, 1)
    assert finish(done) == 0
    killed = writer(path, NOV_29, 1, stall=True)
    assert killed.stdout is not None and killed.stdout.readline().strip() == "writing"
    assert StoryMemory(path).days() == [NOV_28]  # a reader is not held up by the write under way
    killed.send_signal(signal.SIGKILL)
    finish(killed, 10)
    memory = StoryMemory(path)
    assert memory.days() == [NOV_28]  # none of the killed day, all of the one before
    stories = memory.recall(find_stories(seeds()), NOV_29)
    assert stories and all(e.day == NOV_28 for e in stories.values())
    again = writer(path, NOV_29, 1)  # the killed run's lock died with it
    assert finish(again) == 0 and memory.days() == [NOV_28, NOV_29]


def test_two_dailies_recording_at_once_take_turns(tmp_path: Path) -> None:
    path = tmp_path / "memory.db"
    StoryMemory(path)
    runs = [writer(path, NOV_28, 15), writer(path, NOV_29, 15)]  # alternate days, interleaved writes
    assert [finish(run) for run in runs] == [0, 0]
    memory = StoryMemory(path)
    assert memory.days() == [NOV_28 + dt.timedelta(days=n) for n in range(30)]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM stories").fetchone() == (30 * 5,)


# ---- a week ------------------------------------------------------------------------------------------------

DATASETS = ROOT / "evals" / "datasets"
MONDAY = dt.date(2025, 12, 1)
# event -> the day (0 = Monday) each of its articles came out: some run over days, some come once. On day 4
# the third submarine article and the third SkyMall article come alone among other news: on a day of a
# handful of articles, they once read as one story.
WEEK = {
    "kilauea-eruption-2018": [0, 1, 3],
    "skymall-bankruptcy": [0, 0, 4, 5],
    "war-contracting-waste": [0, 0, 0],
    "kim-wall-submarine": [1, 1, 4],
    "hog-nosed-rat": [2, 2, 2],
    "tesla-model-s-fires": [3, 3, 6],
    "e-waste-map-2013": [4, 4, 4],
    "synthetic-cannabinoids-illinois-2018": [5, 5, 5],
    "baron-cohen-oscars-2012": [6, 6, 6],
}


def test_a_week_of_events_marks_every_story_new_or_continuing_from_its_last_day(
    server: FakeServer, settings: Settings, tmp_path: Path
) -> None:
    event_of, week = {}, []
    for event, days in WEEK.items():
        articles = sorted(load_articles(DATASETS / event / "articles"), key=lambda a: a.id)
        assert len(articles) == len(days)
        for article, day in zip(articles, days, strict=True):
            named = f"{event}--{article.id}"  # every data set names its articles article_1, article_2...
            week.append(article.model_copy(update={"id": named, "published": MONDAY + dt.timedelta(days=day)}))
            event_of[named] = event
    memory = StoryMemory(tmp_path / "memory.db")
    last: dict[str, dt.date] = {}  # event -> the day it was last briefed
    for n in range(7):
        day = MONDAY + dt.timedelta(days=n)
        stories = daily(settings, week, day, memory).stories
        expected = {event for event, days in WEEK.items() if n in days}
        seen = {}
        for story in stories:
            events = {event_of[s.id] for s in story.sources}
            assert len(events) == 1, (day, events)  # one event per story
            [event] = events
            assert story.continuity is not None
            seen[event] = (story.continuity.status, story.continuity.last_briefed)
        assert seen == {e: ("continuing", last[e]) if e in last else ("new", None) for e in expected}, day
        last |= dict.fromkeys(expected, day)
    assert memory.days() == [MONDAY + dt.timedelta(days=n) for n in range(7)]


def test_the_previously_link_leads_to_the_earlier_document_from_the_new_ones_folder(
    server: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for article in seeds():
        assert article.published is not None
        folder = tmp_path / "in" / article.published.isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        record = {"id": article.id, "title": article.title, "published": article.published.isoformat()}
        (folder / f"{article.id}.json").write_text(json.dumps(record | {"text": article.text}))
    env = {"OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "test-key", "SUMMARIZER_MODEL": "fake-model",
           "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}  # fmt: skip
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "later").mkdir()

    def brief(day: dt.date, memory: str, *output: str) -> str:
        args = ["daily", f"in/{day}", "--no-writer", "--memory", memory, *output]
        result = CliRunner().invoke(app, args, env=env)
        assert result.exit_code == EXIT_OK, result.stderr
        return result.stdout if not output else (tmp_path / output[-1]).read_text()

    def previously(document: str) -> str:
        [target] = re.findall(r"Previously: \[[^\]]*\]\(<([^>#]*)#", document)
        return target

    brief(NOV_28, "a.db", "-o", "out/2024-11-28.md")  # relative, from the folder the run starts in
    assert previously(brief(NOV_29, "a.db", "-o", "out/2024-11-29.md")) == "2024-11-28.md"
    brief(NOV_28, "b.db", "-o", "out/2024-11-28.md")
    assert previously(brief(NOV_29, "b.db", "-o", "later/2024-11-29.md")) == "../out/2024-11-28.md"
    assert (tmp_path / "later" / "../out/2024-11-28.md").resolve().is_file()
    brief(NOV_28, "c.db", "-o", "out/2024-11-28.md")
    assert previously(brief(NOV_29, "c.db")) == str(tmp_path / "out" / "2024-11-28.md")  # to stdout: absolute

    def no_way(path: object, start: object) -> str:
        raise ValueError(f"path is on mount {str(path)[:2]!r}, start on mount {str(start)[:2]!r}")  # as on Windows

    brief(NOV_28, "d.db", "-o", "out/2024-11-28.md")
    monkeypatch.setattr(os.path, "relpath", no_way)  # another drive: no relative path leads there
    assert previously(brief(NOV_29, "d.db", "-o", "later/d.md")) == str(tmp_path / "out" / "2024-11-28.md")


# ---- a memory that fails mid-run ---------------------------------------------------------------------------


def held(path: Path) -> sqlite3.Connection:
    """Another daily in the middle of writing: it holds the write lock until rolled back."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def test_a_memory_held_past_its_wait_costs_the_day_its_memory_not_its_briefing(
    server: FakeServer, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    path = tmp_path / "memory.db"
    memory = StoryMemory(path)
    articles = seeds()
    daily(settings, articles, NOV_28, memory)
    monkeypatch.setattr(memory_module, "BUSY_SECONDS", 0.05)
    holder = held(path)
    try:
        second = daily(settings, articles, NOV_29, memory)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    [today] = second.stories
    assert today.continuity is not None and today.continuity.status == "continuing"  # it could still read
    assert second.memory_failure is not None
    assert second.memory_failure.startswith(f"the story memory {path} could not be written: database is locked ")
    assert "(another daily held it for more than 0.05 s)" in second.memory_failure
    assert "this day's briefing stands but is not kept" in second.memory_failure
    assert "brief the day again once the memory is usable, or with another one" in second.memory_failure
    assert second.memory_failure in caplog.text  # logged as a warning, for the command and the service
    assert memory.days() == [NOV_28]  # nothing of the day that failed


def test_a_memory_unreadable_mid_run_briefs_the_day_in_full_and_keeps_nothing(
    server: FakeServer, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "memory.db"
    memory = StoryMemory(path)
    daily(settings, seeds(), NOV_28, memory)
    for leftover in tmp_path.glob("memory.db-*"):  # the WAL and its index: what a damaged file leaves
        leftover.unlink()
    path.write_bytes(b"not a database " * 100)  # damaged after it was opened
    second = daily(settings, seeds(), NOV_29, memory)
    [today] = second.stories
    assert today.continuity is None and today.sections[0].heading != "What changed since 28 Nov 2024"
    assert second.memory_failure is not None
    assert second.memory_failure.startswith(f"the story memory {path} could not be read: file is not a database")
    assert "every story is briefed in full and this day is not kept" in second.memory_failure
    assert path.read_bytes() == b"not a database " * 100  # not written over


def test_the_command_writes_the_briefing_and_exits_partial_when_the_memory_fails(
    server: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for article in seeds():
        assert article.published is not None
        record = {"id": article.id, "title": article.title, "published": article.published.isoformat()}
        (folder / f"{article.id}.json").write_text(json.dumps(record | {"text": article.text}))
    memory, out = tmp_path / "memory.db", tmp_path / "out" / "today.md"
    out.parent.mkdir()
    StoryMemory(memory)
    env = {"OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "test-key", "SUMMARIZER_MODEL": "fake-model",
           "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}  # fmt: skip
    monkeypatch.setattr(memory_module, "BUSY_SECONDS", 0.05)
    holder = held(memory)
    try:
        args = ["-q", "daily", str(folder), "--no-writer", "--memory", str(memory), "-o", str(out)]
        result = CliRunner().invoke(app, args, env=env)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == EXIT_PARTIAL, result.stderr
    assert "**New:**" in out.read_text()  # written, whole
    warning = f"warning: the story memory {memory} could not be written: database is locked"
    assert warning in " ".join(result.stderr.split())  # even with -q
    assert not list(out.parent.glob(".*"))  # no temporary file left beside it
    assert StoryMemory(memory).days() == []


# ---- the command and the service ---------------------------------------------------------------------------


def test_the_command_remembers_by_default_and_forgets_when_asked(server: FakeServer, tmp_path: Path) -> None:
    for article in seeds():  # each seed as a JSON article carrying its day
        assert article.published is not None
        folder = tmp_path / article.published.isoformat()
        folder.mkdir(exist_ok=True)
        record = {"id": article.id, "title": article.title, "published": article.published.isoformat()}
        (folder / f"{article.id}.json").write_text(json.dumps(record | {"text": article.text}))
    env = {
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": "test-key",
        "SUMMARIZER_MODEL": "fake-model",
        "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
    }

    def brief(day: dt.date, *options: str) -> str:
        out = tmp_path / f"{day}{'-'.join(options)}.md"
        args = ["daily", str(tmp_path / day.isoformat()), "--no-writer", "-o", str(out), *options]
        result = CliRunner().invoke(app, args, env=env)
        assert result.exit_code == EXIT_OK, result.stderr
        return out.read_text()

    first = brief(NOV_28)
    assert "1. **New:** **[" in first and (tmp_path / "cache" / "daily" / "memory.db").exists()
    second = brief(NOV_29)
    assert "1. **Continuing:** **[" in second and "### What changed since 28 Nov 2024" in second
    assert "(<2024-11-28.md#" in second  # the previously line links to the day's document, beside it
    assert "**New:**" in brief(NOV_29, "--fresh") and "What changed" not in brief(NOV_29, "--fresh")
    elsewhere = tmp_path / "elsewhere.db"
    assert "**New:**" in brief(NOV_29, "--memory", str(elsewhere)) and StoryMemory(elsewhere).days() == [NOV_29]

    # The default memory is in the cache folder, which never stops a run; one named with --memory must open.
    damaged = tmp_path / "damaged"
    (damaged / "daily").mkdir(parents=True)
    (damaged / "daily" / "memory.db").write_bytes(b"not a database " * 100)
    args = ["daily", str(tmp_path / NOV_29.isoformat()), "--no-writer", "-o", str(tmp_path / "d.md")]
    result = CliRunner().invoke(app, args, env=env | {"SUMMARIZER_CACHE_DIR": str(damaged)})
    assert result.exit_code == EXIT_OK, result.stderr
    assert "warning: cannot open the story memory " in result.stderr and "briefed in full" in result.stderr
    assert "**New:**" not in (tmp_path / "d.md").read_text()  # no memory: neither new nor continuing
    result = CliRunner().invoke(app, [*args, "--memory", str(damaged / "daily" / "memory.db")], env=env)
    assert result.exit_code == EXIT_FAILURE and "error: cannot open the story memory " in result.stderr
