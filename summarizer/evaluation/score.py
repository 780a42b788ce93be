"""Score a briefing against a hand-labelled data set: deterministic, no model calls.

A data set is a folder holding ``facts.yaml`` (facts, conflicts, absent claims) and ``articles/``.

Matching. A sentence and an alternative are compared after the same normalisation: case and accents folded
("Türkiye" = "turkiye"), curly quotes straightened, hyphens and dashes read as spaces ("HTS-led" = "HTS led"),
thousands separators dropped ("14,000" = "14000"). An alternative matches whole words, but a word may take a
plural or verb ending (-s, -es, -ed, -ing, -d after e: "village" matches "villages") and a number may run on
into letters ("10km", "27th"), never into digits ("13" is not in "130"; "HTS" is not in "rights").
A label (fact, conflict or absent item) matches a sentence that holds one alternative of every ``match`` group
and none of its optional ``unless`` alternatives (so "captured Aleppo" can spare "captured Aleppo's countryside").
Sentences are the lede plus every section sentence; headings and the structured ``disagreements`` are not read.

Metrics, per data set:
- fact_recall, core_fact_recall: share of the (core) facts that some sentence matches.
- citation_accuracy: of the facts found, the share with a matching sentence citing one of the fact's sources.
- unsupported_numbers: numbers in a sentence that none of its cited articles holds (rules at ``_numbers``).
- absent_violations: absent items that some sentence matches.
- conflict_coverage: a value of a conflict is reported when a sentence that matches the conflict's ``match``
  groups holds one of the value's alternatives; a conflict is covered when at least two of its values are
  reported, in one sentence or in several. The metric is the share of conflicts covered.
- extraction_recall: over every (fact, source article) pair, the share where a claim the model extracted from
  that article matches the fact (the article sentences offered as claims in their own words are left out:
  this measures the model and its prompt).
- lead_fact_recall, lead_core_fact_recall: the same recalls for the lead baseline (round-robin first sentences
  of the articles, cut at the briefing's word count; see `baseline`); lead_margin = fact_recall minus
  lead_fact_recall, the coverage the pipeline adds over what a reader gets for free. words: the briefing's length.
A share with nothing to count (no core facts, no fact found, no extractions given) is None, and a threshold
set on it fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from summarizer.evaluation.baseline import briefing_words, lead_briefing
from summarizer.evaluation.dataset import Dataset, Label, article_files
from summarizer.evaluation.matching import contains
from summarizer.language.dates import MONTH
from summarizer.language.numbers import SPELLED_NUMBERS, numbers_in
from summarizer.schemas import Article, Briefing, BriefSentence, Extraction, Usage

QUALITY = (
    "fact_recall",
    "core_fact_recall",
    "citation_accuracy",
    "unsupported_numbers",
    "absent_violations",
    "conflict_coverage",
    "extraction_recall",
    "lead_fact_recall",
    "lead_core_fact_recall",
    "lead_margin",
    "words",
)
COST = ("calls", "cache_hits", "prompt_tokens", "completion_tokens", "retries", "reasks", "seconds")
SHARES = frozenset(QUALITY) - {"unsupported_numbers", "absent_violations", "lead_margin", "words"}
LOWER_IS_BETTER = frozenset(
    {"unsupported_numbers", "absent_violations", "lead_fact_recall", "lead_core_fact_recall", *COST} - {"cache_hits"}
)


# ---- numbers --------------------------------------------------------------------------------------------

_DATES = re.compile(  # calendar dates with a day: the pipeline resolves "on Wednesday" to one from metadata
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:,?\s+\d{{4}})?"
    rf"|\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?!\d)(?:,?\s+\d{{4}})?|\b\d{{4}}-\d{{2}}-\d{{2}}\b",
    re.IGNORECASE,
)
_MARKERS = re.compile(r"\[\^?[\w-]+(?:\s*[,;]\s*\^?[\w-]+)*\]")  # [1], [^2], [S3], [1, 2], [001_14761a0b]
_NUMBER_WORD = re.compile(rf"\b(?:{'|'.join(SPELLED_NUMBERS)})\b", re.IGNORECASE)


def _numbers(sentence: str) -> set[str]:
    """The numbers a sentence states, as ``text.numbers_in`` reads them (digits, "14,000" = "14000").

    Footnote markers are not numbers; calendar dates with a day ("27 Nov 2024") are skipped because the
    pipeline resolves them from publication dates; bare years ("since 2020") are checked. Number words are not
    checked: most are not quantities ("one of", "the two sides").
    """
    return numbers_in(_DATES.sub(" ", _MARKERS.sub(" ", sentence)))


def _support(article: str) -> set[str]:
    """Numbers an article supports: its digit numbers, and number words read as digits ("four" = "4")."""
    return numbers_in(article) | {SPELLED_NUMBERS[w.lower()] for w in _NUMBER_WORD.findall(article)}


# ---- scores ---------------------------------------------------------------------------------------------


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Metrics(_Out):
    fact_recall: float | None
    core_fact_recall: float | None
    citation_accuracy: float | None
    unsupported_numbers: int
    absent_violations: int
    conflict_coverage: float | None
    extraction_recall: float | None
    lead_fact_recall: float | None = Field(None, description="fact recall of the lead sentences at the same words")
    lead_core_fact_recall: float | None = None
    lead_margin: float | None = Field(None, description="fact_recall - lead_fact_recall: what the pipeline adds")
    words: int | None = Field(None, description="words in the briefing's sentences")


class Cost(Usage):
    """The briefing's model usage and the wall time of the run."""

    seconds: float | None = None


class FactResult(_Out):
    id: str
    importance: Literal["core", "detail"]
    statement: str
    sentences: list[int] = Field(description="numbers (1 = first, the lede when there is one) of matching sentences")
    cited: bool | None = Field(description="a matching sentence cites one of the fact's sources; None if not found")
    extracted: dict[str, bool] | None = Field(None, description="source article -> its extraction holds the fact")


class UnsupportedNumber(_Out):
    sentence: int
    number: str
    text: str
    citations: list[str]


class Violation(_Out):
    id: str
    statement: str
    sentence: int
    text: str


class ConflictResult(_Out):
    id: str
    topic: str
    reported: list[str] = Field(description="first alternative of each value the briefing reports")
    covered: bool


class Details(_Out):
    facts: list[FactResult]
    unsupported_numbers: list[UnsupportedNumber]
    absent_violations: list[Violation]
    conflicts: list[ConflictResult]
    unknown_citations: list[str] = Field(description="cited ids that are not articles of the data set")


class DatasetScore(_Out):
    dataset: str
    metrics: Metrics
    cost: Cost
    details: Details


class Report(_Out):
    datasets: list[DatasetScore]


def _share(hits: int, total: int) -> float | None:
    return hits / total if total else None


def score(
    dataset: Dataset,
    briefing: Briefing,
    *,
    articles: Mapping[str, str] | None = None,
    extractions: Mapping[str, Sequence[str]] | None = None,
    seconds: float | None = None,
    lead: Sequence[Article] | None = None,
) -> DatasetScore:
    """Score one briefing against a data set.

    ``articles`` maps article id -> text (default: the data set's own files); ``extractions`` maps article
    id -> the statements of its extracted claims (see :func:`claim_statements`); ``seconds`` is the wall time;
    ``lead``, the ingested articles, adds the lead baseline at the briefing's length (see `baseline`).
    """
    if articles is None:
        files = article_files(dataset.root) if dataset.root else {}
        articles = {i: f.read_text(encoding="utf-8", errors="replace") for i, f in files.items()}
    sentences = briefing.all_sentences()

    def matching(label: Label) -> list[int]:
        return [n for n, s in enumerate(sentences, 1) if label.found_in(s.text)]

    facts = []
    for fact in dataset.facts:
        found = matching(fact)
        cited = any(set(sentences[n - 1].citations) & set(fact.sources) for n in found) if found else None
        extracted = (
            None
            if extractions is None
            else {source: any(fact.found_in(claim) for claim in extractions.get(source, ())) for source in fact.sources}
        )
        facts.append(
            FactResult(
                id=fact.id,
                importance=fact.importance,
                statement=fact.statement,
                sentences=found,
                cited=cited,
                extracted=extracted,
            )
        )

    violations = [
        Violation(id=item.id, statement=item.statement, sentence=n, text=sentences[n - 1].text)
        for item in dataset.absent
        for n in matching(item)
    ]
    conflicts = []
    for conflict in dataset.conflicts:
        texts = [sentences[n - 1].text for n in matching(conflict)]
        reported = [value[0] for value in conflict.values if any(contains(t, value) for t in texts)]
        conflicts.append(
            ConflictResult(id=conflict.id, topic=conflict.topic, reported=reported, covered=len(reported) >= 2)
        )
    unsupported, unknown = _unsupported(sentences, articles)

    hits = [f for f in facts if f.sentences]
    core = [f for f in facts if f.importance == "core"]
    pairs = [ok for f in facts for ok in (f.extracted or {}).values()]
    metrics = Metrics(
        fact_recall=_share(len(hits), len(facts)),
        core_fact_recall=_share(sum(bool(f.sentences) for f in core), len(core)),
        citation_accuracy=_share(sum(bool(f.cited) for f in hits), len(hits)),
        unsupported_numbers=len(unsupported),
        absent_violations=len({v.id for v in violations}),
        conflict_coverage=_share(sum(c.covered for c in conflicts), len(conflicts)),
        extraction_recall=None if extractions is None else _share(sum(pairs), len(pairs)),
    )
    if lead is not None:
        lead_score = score(dataset, lead_briefing(lead, briefing_words(briefing)), articles=articles)
        metrics.lead_fact_recall = lead_score.metrics.fact_recall
        metrics.lead_core_fact_recall = lead_score.metrics.core_fact_recall
        if metrics.fact_recall is not None and metrics.lead_fact_recall is not None:
            metrics.lead_margin = round(metrics.fact_recall - metrics.lead_fact_recall, 4)
    metrics.words = briefing_words(briefing)
    usage = briefing.meta.usage
    cost = Cost(**usage.model_dump(), seconds=briefing.meta.seconds if seconds is None else seconds)
    details = Details(
        facts=facts,
        unsupported_numbers=unsupported,
        absent_violations=violations,
        conflicts=conflicts,
        unknown_citations=unknown,
    )
    return DatasetScore(dataset=dataset.dataset, metrics=metrics, cost=cost, details=details)


def _unsupported(
    sentences: Sequence[BriefSentence], articles: Mapping[str, str]
) -> tuple[list[UnsupportedNumber], list[str]]:
    support = {article_id: _support(text) for article_id, text in articles.items()}
    out, unknown = [], set()
    for n, sentence in enumerate(sentences, 1):
        unknown |= set(sentence.citations) - set(support)
        cited = set().union(*(support.get(c, set()) for c in sentence.citations))
        out += [
            UnsupportedNumber(sentence=n, number=number, text=sentence.text, citations=sentence.citations)
            for number in sorted(_numbers(sentence.text) - cited)
        ]
    return out, sorted(unknown)


def claim_statements(extractions: Iterable[Extraction]) -> dict[str, list[str]]:
    """The ``extractions`` argument of :func:`score` from pipeline ``Extraction`` objects."""
    return {e.article_id: [c.statement for c in e.claims if c.origin == "model"] for e in extractions}
