"""`summarizer schema`: the JSON Schema of what `--format json` writes, for tools that read it."""

from __future__ import annotations

import json
from typing import Annotated, Literal

import typer
from pydantic import BaseModel

from summarizer.daily.run import Daily
from summarizer.schemas import Briefing, ExtractedArticle

DOCUMENTS: dict[str, type[BaseModel]] = {"briefing": Briefing, "daily": Daily, "extracted": ExtractedArticle}


def schema(
    document: Annotated[
        Literal["briefing", "daily", "extracted"],
        typer.Argument(help="briefing (brief --format json), daily (daily --format json) or extracted (extract)."),
    ] = "briefing",
) -> None:
    """Print the JSON Schema of a JSON output; its `schema_version` changes only when a field changes meaning."""
    print(json.dumps(DOCUMENTS[document].model_json_schema(mode="serialization"), indent=2))
