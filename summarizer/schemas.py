"""Pydantic models: articles, claims, reconciliation and the briefing (the JSON contract)."""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

# What a claim is, in terms that fit any kind of news; the briefing's sections follow them.
ClaimKind = Literal["event", "figure", "statement", "background"]
CLAIM_KINDS: tuple[str, ...] = get_args(ClaimKind)


# The version of the JSON contract (briefing, daily document, extracted articles). It changes only when a
# field is removed or changes meaning; added fields keep it. `summarizer schema` prints the JSON Schemas.
SCHEMA_VERSION = 1


# The last line of every Markdown document summarizer writes, and how a folder's reader knows the file for one of
# its own outputs (a briefing written into its input folder is not an article to brief next time). JSON outputs are
# known by their top-level `schema_version` and `meta`.
OUTPUT_MARK = "<!-- written by summarizer: read as an article only when named, never as part of a folder -->"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Article(_Model):
    """One news article, its text split into numbered sentences (S1 is ``sentences[0]``)."""

    id: str
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    source: str | None = Field(None, description="file path or URL the article came from")
    url: str | None = None
    text: str
    sentences: list[str]
    truncated: bool = False
    notes: list[str] = Field(default_factory=list, description="what ingestion changed or guessed")

    def sentence(self, number: int) -> str:
        """Return sentence ``S<number>`` (1-based)."""
        return self.sentences[number - 1]


class Quantity(_Model):
    """A number stated in a claim, with its unit and qualifier ("at least 242 people")."""

    value: float
    text: str
    unit: str | None = None
    qualifier: str | None = None


class Claim(_Model):
    """An atomic statement from one article, anchored to the sentences that support it."""

    id: str
    article_id: str
    statement: str
    kind: ClaimKind = "event"
    evidence: list[int] = Field(description="sentence numbers (S1 = 1) that support the claim")
    quantities: list[Quantity] = Field(default_factory=list)
    actors: list[str] = Field(default_factory=list)
    place: str | None = None
    time: str | None = Field(None, description="time as the article states it, e.g. 'on Thursday'")
    date: dt.date | None = Field(None, description="the time resolved against the publication date")
    attribution: str | None = None
    origin: Literal["model", "sentence"] = Field(
        "model", description="stated by the model, or an article sentence offered in its own words"
    )


class Usage(_Model):
    """Model usage summed over every call, retries and re-asks included."""

    calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    retries: int = 0
    reasks: int = 0

    def add(self, other: Usage) -> None:
        for name in type(self).model_fields:
            setattr(self, name, getattr(self, name) + getattr(other, name))


class Extraction(_Model):
    """The claims extracted from one article."""

    article_id: str
    claims: list[Claim]
    dropped: int = Field(0, description="claims left out because no sentence of the article supports them")
    prompt: str = Field(description="name:hash of the prompt used")
    usage: Usage = Field(default_factory=Usage)
    fallback: str | None = Field(
        None, description="why the model's claims were not used (the answer stayed invalid); its sentences stand in"
    )


class ExtractedArticle(_Model):
    """One line of `summarizer extract`: an article with its claims, so it can be briefed again with no model."""

    schema_version: int = SCHEMA_VERSION
    article: Article
    extraction: Extraction


# ---- reconciliation -------------------------------------------------------------------------------------


class ClaimGroup(_Model):
    """Claims from one or more articles that state the same fact."""

    id: str
    kind: ClaimKind
    statement: str = Field(description="the representative statement")
    claims: list[str] = Field(description="claim ids")
    sources: list[str] = Field(description="article ids")
    independent_sources: int = Field(description="sources counted once per syndicated copy")
    date: dt.date | None = None
    score: float = 0.0


class DisagreementValue(_Model):
    value: str
    sources: list[str]
    qualifier: str | None = Field(None, description='how the sources bound it: "at least", "about", "up to", ...')
    attribution: str | None = None
    as_of: dt.date | None = None
    claims: list[str] = Field(default_factory=list)


class Disagreement(_Model):
    """The same quantity reported with different values."""

    topic: str
    kind: ClaimKind
    values: list[DisagreementValue]
    explained_by_time: bool = Field(False, description="values differ because they were reported at different times")
    quoted: bool = Field(
        False, description="each value is a source's own words around the figure, for a figure no measure names"
    )


class TimelineEntry(_Model):
    date: dt.date
    statement: str
    group: str
    sources: list[str]


class Reconciliation(_Model):
    groups: list[ClaimGroup]
    disagreements: list[Disagreement] = Field(default_factory=list)
    syndication: list[list[str]] = Field(default_factory=list, description="groups of article ids sharing text")
    timeline: list[TimelineEntry] = Field(default_factory=list)


# ---- the briefing (JSON contract) -----------------------------------------------------------------------


class CitedSpan(_Model):
    """The part of a sentence that only some of its sources give, ending at character `end` of its text."""

    end: int = Field(ge=0)
    citations: list[str] = Field(description="article ids")


class BriefSentence(_Model):
    text: str
    citations: list[str] = Field(description="article ids")
    claims: list[str] = Field(default_factory=list, description="claim group ids the sentence states")
    spans: list[CitedSpan] = Field(
        default_factory=list,
        description="citations of parts of the text, in text order (a disagreement cites each value to the "
        "sources that give it); `citations` still lists them all",
    )

    @model_validator(mode="after")
    def _spans_in_order(self) -> BriefSentence:
        ends = [s.end for s in self.spans]
        if ends != sorted(ends) or any(end > len(self.text) for end in ends):
            raise ValueError("spans must end in text order, within the text")
        if stray := {c for span in self.spans for c in span.citations} - set(self.citations):
            raise ValueError(f"spans cite {', '.join(sorted(stray))}, which `citations` does not list")
        return self

    def parts(self) -> list[tuple[str, list[str]]]:
        """The text in pieces, each with the sources cited after it: one piece, citing all, without spans."""
        if not self.spans:
            return [(self.text, self.citations)]
        pieces, start = [], 0
        for span in self.spans:
            pieces.append((self.text[start : span.end], span.citations))
            start = span.end
        if start < len(self.text):
            pieces.append((self.text[start:], []))
        return pieces


class Section(_Model):
    heading: str
    sentences: list[BriefSentence]


class Source(_Model):
    id: str
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    path: str | None = None
    url: str | None = None


class Failure(_Model):
    item: str
    error: str
    usage: Usage = Field(default_factory=Usage, description="what the failed calls cost")


class Meta(_Model):
    model: str
    mode: str
    prompts: dict[str, str] = Field(default_factory=dict, description="prompt name -> sha256 prefix")
    usage: Usage = Field(default_factory=Usage)
    generated_at: dt.datetime | None = None
    seconds: float | None = None
    warnings: list[str] = Field(default_factory=list)
    failed: list[Failure] = Field(default_factory=list)


class Briefing(_Model):
    """A cited multi-source briefing: every sentence names the articles it rests on."""

    schema_version: int = SCHEMA_VERSION
    title: str
    lede: BriefSentence | None = None
    sections: list[Section]
    sources: list[Source]
    disagreements: list[Disagreement] = Field(default_factory=list)
    syndication: list[list[str]] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    groups: list[ClaimGroup] = Field(default_factory=list)
    meta: Meta

    def all_sentences(self) -> list[BriefSentence]:
        out = [self.lede] if self.lede else []
        return out + [s for section in self.sections for s in section.sentences]
