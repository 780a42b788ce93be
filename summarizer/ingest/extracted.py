"""Read back what `summarizer extract` wrote: articles with their claims, to brief again with no model call."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from summarizer.errors import InputError
from summarizer.schemas import ExtractedArticle


def is_extracted_file(path: str | Path) -> bool:
    """True for a .jsonl file whose first record is an extracted article (it has "article" and "extraction")."""
    path = Path(path)
    if path.suffix.lower() != ".jsonl" or not path.is_file():
        return False
    try:
        with path.open(encoding="utf-8") as stream:
            first = next((line for line in stream if line.strip()), "")
        record = json.loads(first)
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(record, dict) and {"article", "extraction"} <= record.keys()


def read_extracted(path: str | Path) -> list[ExtractedArticle]:
    """Every line of an extract output; InputError names the line that is not one."""
    records = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot be read ({exc})", source=str(path)) from None
    for number, line in enumerate(lines, 1):
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
    return records
