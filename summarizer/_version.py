"""The package's version, and an id of the very code that runs it."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

__version__ = "0.2.0"


@functools.cache
def build_id() -> str:
    """The version and a digest of the package's files (its code, word lists and templates): a briefing cached
    whole is reused only by the code that composed it. A checkout edited between two runs of one version
    composes differently, and its daily would otherwise serve the first run's stories. About 2.5 MB read once
    a process, a few milliseconds."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"
