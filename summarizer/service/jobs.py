"""The job store: every job's request, status, progress and result in SQLite, so jobs survive a restart.

One API process owns the file (SQLite serialises writers; WAL lets readers go on meanwhile). Calls are
short and made from the event loop: a row write is well under a millisecond on a local disk, and
progress is written at most a few times a second per job.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from summarizer.errors import ConfigError

Status = Literal["queued", "running", "done", "failed"]
UNFINISHED: tuple[Status, ...] = ("queued", "running")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    request TEXT NOT NULL,
    articles TEXT,
    progress TEXT NOT NULL DEFAULT '{}',
    result TEXT,
    evidence TEXT,
    error TEXT,
    schedule TEXT,
    title TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_status ON jobs (status);
CREATE UNIQUE INDEX IF NOT EXISTS jobs_schedule_run ON jobs (schedule, created) WHERE schedule IS NOT NULL;
CREATE TABLE IF NOT EXISTS spent (
    job TEXT NOT NULL,
    entry TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (job, entry)
);
"""


@dataclass
class Job:
    """One row: what was asked, how far it got, and what came out."""

    id: str
    kind: str
    status: Status
    request: dict[str, Any]
    progress: dict[str, Any]
    created: str
    updated: str
    error: str | None = None
    schedule: str | None = None
    title: str | None = None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class JobStore:
    """Jobs in a SQLite file; thread-safe (uvicorn's loop and helper threads share it)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"cannot open the job store {path}: {exc}") from None

    def _run(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        with self._lock:
            self._db.row_factory = sqlite3.Row
            return self._db.execute(sql, args).fetchall()

    def create(self, kind: str, request: dict[str, Any], *, schedule: str | None = None, at: str | None = None) -> Job:
        """A new queued job; a scheduled run made twice for the same minute raises `KeyError`."""
        job_id = uuid.uuid4().hex
        now = at or _now()
        try:
            self._run(
                "INSERT INTO jobs (id, kind, status, request, created, updated, schedule) VALUES (?,?,?,?,?,?,?)",
                job_id, kind, "queued", json.dumps(request), now, now, schedule,
            )  # fmt: skip
        except sqlite3.IntegrityError:
            raise KeyError(f"{schedule} already ran at {now}") from None
        job = self.get(job_id)
        assert job is not None
        return job

    def get(self, job_id: str) -> Job | None:
        rows = self._run("SELECT * FROM jobs WHERE id = ?", job_id)
        return _job(rows[0]) if rows else None

    def list(self, *, status: tuple[Status, ...] | None = None, limit: int = 100) -> list[Job]:
        if status:
            marks = ",".join("?" * len(status))
            rows = self._run(f"SELECT * FROM jobs WHERE status IN ({marks}) ORDER BY created, rowid", *status)
        else:
            rows = self._run("SELECT * FROM jobs ORDER BY created DESC, rowid DESC LIMIT ?", limit)
        return [_job(row) for row in rows]

    def counts(self) -> dict[str, int]:
        rows = self._run("SELECT status, COUNT(*) AS n FROM jobs GROUP BY status")
        return {row["status"]: row["n"] for row in rows}

    def set_status(self, job_id: str, status: Status, *, error: str | None = None) -> None:
        self._run("UPDATE jobs SET status = ?, error = ?, updated = ? WHERE id = ?", status, error, _now(), job_id)

    def set_progress(self, job_id: str, progress: dict[str, Any]) -> None:
        self._run("UPDATE jobs SET progress = ?, updated = ? WHERE id = ?", json.dumps(progress), _now(), job_id)

    def set_articles(self, job_id: str, articles: str) -> None:
        """The articles a job read (fetched pages too), so a resumed job briefs the very same text."""
        self._run("UPDATE jobs SET articles = ? WHERE id = ?", articles, job_id)

    def articles(self, job_id: str) -> str | None:
        rows = self._run("SELECT articles FROM jobs WHERE id = ?", job_id)
        return rows[0]["articles"] if rows else None

    def finish(self, job_id: str, *, result: str, evidence: str, title: str) -> None:
        self._run(
            "UPDATE jobs SET status = 'done', result = ?, evidence = ?, title = ?, error = NULL, updated = ? "
            "WHERE id = ?",
            result, evidence, title, _now(), job_id,
        )  # fmt: skip

    def result(self, job_id: str) -> tuple[str, str] | None:
        """The result JSON and the evidence JSON of a finished job."""
        rows = self._run("SELECT result, evidence FROM jobs WHERE id = ? AND status = 'done'", job_id)
        return (rows[0]["result"], rows[0]["evidence"] or "{}") if rows else None

    def delete(self, job_id: str) -> bool:
        """Forget a job, its articles and its result; whether there was one."""
        self._run("DELETE FROM spent WHERE job = ?", job_id)
        return bool(self._run("DELETE FROM jobs WHERE id = ? RETURNING id", job_id))

    def spending(self, job_id: str) -> JobSpending:
        """The job's ledger entries (`summarizer.model.ledger`): what its runs spent, kept across a restart."""
        return JobSpending(self, job_id)

    def close(self) -> None:
        with self._lock:
            self._db.close()


class JobSpending:
    """One job's ledger entries, in the job store's `spent` table until the job ends."""

    def __init__(self, jobs: JobStore, job_id: str) -> None:
        self.jobs, self.job_id = jobs, job_id

    def load(self) -> list[str]:
        return [row["value"] for row in self.jobs._run("SELECT value FROM spent WHERE job = ?", self.job_id)]

    def save(self, entry: str, value: str) -> None:
        self.jobs._run("INSERT OR REPLACE INTO spent (job, entry, value) VALUES (?,?,?)", self.job_id, entry, value)

    def clear(self) -> None:
        self.jobs._run("DELETE FROM spent WHERE job = ?", self.job_id)


def _job(row: sqlite3.Row) -> Job:
    return Job(
        id=row["id"],
        kind=row["kind"],
        status=row["status"],
        request=json.loads(row["request"]),
        progress=json.loads(row["progress"] or "{}"),
        created=row["created"],
        updated=row["updated"],
        error=row["error"],
        schedule=row["schedule"],
        title=row["title"],
    )
