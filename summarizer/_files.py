"""Atomic file output: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
import time
from pathlib import Path

STALE_AFTER = 600.0  # seconds untouched: a temporary file of ours this old was left by a killed write


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, fsync it, then rename it into place.

    A write killed half way leaves its hidden temporary file; the next write to `path` removes those that
    have not been touched for 10 minutes (a live writer's file keeps changing, so it stays).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; outputs are ordinary files
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove_stale(path: Path) -> None:
    now = time.time()
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):  # another run may be removing it too
            if now - leftover.lstat().st_mtime > STALE_AFTER:
                leftover.unlink()


def unwritable(path: Path) -> str | None:
    """Why `write_atomic(path, ...)` would fail, or None: checked before work whose result would be lost."""
    path = Path(path)
    if path.is_dir():
        return "it is a folder"
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # write_atomic creates the missing folders below the first one that exists
    if not folder.is_dir():
        return f"{folder} is not a folder"
    if folder != path.parent:
        return None if os.access(folder, os.W_OK | os.X_OK) else f"cannot create a folder in {folder}"
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        return f"{exc.strerror or exc} in {folder}"
    os.close(fd)
    Path(probe).unlink(missing_ok=True)
    return None
