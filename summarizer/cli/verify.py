"""`summarizer verify`: is each sentence supported by its sources? Pairs from JSONL, or a published briefing.

No model is used: every sentence is read against its evidence by `claims.alignment`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from summarizer.claims.recheck import Checked, check_pairs, read_pairs, recheck_briefing
from summarizer.cli._common import (
    EXIT_PARTIAL,
    RunOptions,
    check_output,
    domain_errors,
    run_options,
    say,
    write_output,
)
from summarizer.errors import InputError
from summarizer.schemas import Briefing


@run_options()
def verify(
    path: Annotated[
        Path,
        typer.Argument(
            help="PAIRS.jsonl (one {id, claim, evidence} per line; evidence may be whole articles) or BRIEFING.json "
            "(the JSON of `summarizer brief --format json`, read against its sources).",
            exists=True,
            dir_okay=False,
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the JSONL here (default: stdout).")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Hold each claim as a model's: a near-copy of one evidence sentence.")
    ] = False,
    *,
    options: RunOptions,
) -> None:
    """Check that each sentence is supported by its evidence: one JSON line per sentence, with its problems.

    Exit code 0 when every sentence is supported, 3 when some are not (or their sources could not be read).
    """
    check_output(output)
    with domain_errors(options.debug):
        checked = _check(path, strict=strict)
        write_output(output, "".join(json.dumps(c.to_json(), ensure_ascii=False) + "\n" for c in checked))
    supported = sum(c.supported is True for c in checked)
    unread = sum(c.supported is None for c in checked)
    say(f"{supported} of {len(checked)} supported" + (f"; {unread} not checked (sources unreadable)" if unread else ""))
    if supported < len(checked):
        raise typer.Exit(EXIT_PARTIAL)


def _check(path: Path, *, strict: bool) -> list[Checked]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read it ({error})", source=str(path)) from None
    if path.suffix.lower() == ".json" or _is_briefing(text):
        return _briefing(path, text)
    return list(check_pairs(read_pairs(text.splitlines(), name=str(path)), strict=strict))


def _is_briefing(text: str) -> bool:
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        return False  # JSONL, or broken: read as pairs, whose errors name the line
    return isinstance(document, dict) and "sections" in document


def _briefing(path: Path, text: str) -> list[Checked]:
    try:
        briefing = Briefing.model_validate_json(text)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the document"
        raise InputError(f"not a briefing: {where}: {first['msg']}", source=str(path)) from None
    return recheck_briefing(briefing, base=path.parent)
