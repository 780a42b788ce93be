"""Read back what `summarizer extract` wrote: articles with their claims, to brief again with no model call."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from summarizer.errors import InputError
from summarizer.schemas import ExtractedArticle

_LINE_BYTES = 1_000_000  # the default limit for one record (SUMMARIZER_MAX_RECORD_BYTES)


def is_extracted_file(path: str | Path, max_line_bytes: int = _LINE_BYTES) -> bool:
    """True for a .jsonl file whose first record is an extracted article (it has "article" and "extraction")."""
    path = Path(path)
    if path.suffix.lower() != ".jsonl" or not path.is_file():
        return False
    try:
        first = next((line for line in _lines(path, max_line_bytes) if line.strip()), "")
        record = json.loads(first)
    except (OSError, UnicodeDecodeError, ValueError):  # a line over the limit too: then it is not ours
        return False
    return isinstance(record, dict) and {"article", "extraction"} <= record.keys()


def _lines(path: Path, limit: int) -> Iterator[str]:
    """The lines of a file, each read within `limit` bytes: ValueError for a longer one, never read whole."""
    with path.open("rb") as stream:
        while line := stream.readline(limit + 1):
            if len(line) > limit and not line.endswith(b"\n"):
                raise ValueError(f"is over the {limit:,}-byte limit for one record")
            yield line.decode("utf-8")


def read_extracted(path: str | Path, max_line_bytes: int = _LINE_BYTES) -> list[ExtractedArticle]:
    """Every line of an extract output; InputError names the line that is not one."""
    records = []
    number = 0
    try:
        for number, line in enumerate(_lines(Path(path), max_line_bytes), 1):
            if not line.strip():
                continue
            try:
                records.append(ExtractedArticle.model_validate_json(line))
            except ValidationError as exc:
                problem = exc.errors()[0]
                where = ".".join(map(str, problem["loc"]))
                raise InputError(
                    f"line {number} is not an extracted article ({where}: {problem['msg']}); "
                    "write it with `summarizer extract`",
                    source=str(path),
                ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot be read ({exc})", source=str(path)) from None
    except ValueError as exc:
        raise InputError(f"line {number + 1} {exc} (SUMMARIZER_MAX_RECORD_BYTES)", source=str(path)) from None
    return records
