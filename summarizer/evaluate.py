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
- extraction_recall: over every (fact, source article) pair, the share where a claim extracted from that
  article matches the fact.
A share with nothing to count (no core facts, no fact found, no extractions given) is None, and a threshold
set on it fails.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, TypeVar

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import InputError
from .schemas import Briefing, BriefSentence, Extraction, Usage
from .text import numbers_in

QUALITY = (
    "fact_recall",
    "core_fact_recall",
    "citation_accuracy",
    "unsupported_numbers",
    "absent_violations",
    "conflict_coverage",
    "extraction_recall",
)
COST = ("calls", "cache_hits", "prompt_tokens", "completion_tokens", "retries", "reasks", "seconds")
SHARES = frozenset(QUALITY) - {"unsupported_numbers", "absent_violations"}
LOWER_IS_BETTER = frozenset({"unsupported_numbers", "absent_violations", *COST} - {"cache_hits"})
_M = TypeVar("_M", bound=BaseModel)

# ---- labels ---------------------------------------------------------------------------------------------


def _alternative(text: str) -> str:
    if not _normalize(text):
        raise ValueError("an alternative may not be empty")
    return text


Alternative = Annotated[str, AfterValidator(_alternative)]
Group = Annotated[list[Alternative], Field(min_length=1)]


class _Label(BaseModel):
    # label files may carry notes and fields of their own, and unquoted numbers ([[242], [132]])
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)

    id: str
    match: list[Group] = Field(min_length=1)
    unless: list[Alternative] = Field(default_factory=list)

    def found_in(self, text: str) -> bool:
        """True when ``text`` holds an alternative of every group and none of ``unless``."""
        return matches(text, self.match) and not contains(text, self.unless)


class Fact(_Label):
    statement: str
    sources: list[str] = Field(min_length=1)
    importance: Literal["core", "detail"] = "detail"


class Conflict(_Label):
    topic: str
    values: list[Group] = Field(min_length=2)


class Absent(_Label):
    statement: str


class Dataset(BaseModel):
    """One labelled data set: what a good briefing of its articles says, disputes, and must not say."""

    model_config = ConfigDict(extra="ignore")

    dataset: str
    facts: list[Fact] = Field(min_length=1)
    conflicts: list[Conflict] = Field(default_factory=list)
    absent: list[Absent] = Field(default_factory=list)
    root: Path | None = Field(None, exclude=True, description="the folder holding facts.yaml and articles/")

    @model_validator(mode="after")
    def _unique_ids(self) -> Dataset:
        ids = [label.id for label in (*self.facts, *self.conflicts, *self.absent)]
        if repeated := sorted({i for i in ids if ids.count(i) > 1}):
            raise ValueError(f"ids used more than once: {', '.join(repeated)}")
        return self


def load_dataset(path: Path) -> Dataset:
    """Read a data set from its folder (or its facts.yaml); InputError names the file and the problem."""
    path = Path(path)
    file = path / "facts.yaml" if path.is_dir() else path
    dataset = _load_yaml(Dataset, file)
    dataset.root = file.parent
    known = set(_article_files(file.parent))
    for fact in dataset.facts:
        if known and (unknown := sorted(set(fact.sources) - known)):
            raise InputError(f"fact {fact.id} cites {', '.join(unknown)}, not in articles/", source=str(file))
    return dataset


def _load_yaml(model: type[_M], file: Path) -> _M:
    try:
        return model.model_validate(yaml.safe_load(file.read_text(encoding="utf-8")) or {})
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=str(file)) from exc
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", source=str(file)) from exc
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'file'}: {e['msg']}" for e in exc.errors()[:5])
        raise InputError(problems, source=str(file)) from exc


def _article_files(root: Path) -> dict[str, Path]:
    """The data set's articles by id (the file stem, as ingestion names files)."""
    folder = root / "articles"
    return {f.stem: f for f in sorted(folder.iterdir()) if f.is_file()} if folder.is_dir() else {}


# ---- matching -------------------------------------------------------------------------------------------

_QUOTES = str.maketrans({"‘": "'", "’": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"'})
_DASHES = re.compile(r"[-‐‑‒–—]")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


@lru_cache(maxsize=8192)
def _normalize(text: str) -> str:
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _THOUSANDS.sub("", _DASHES.sub(" ", folded.casefold().translate(_QUOTES)))
    return " ".join(text.split())


@lru_cache(maxsize=4096)
def _pattern(alternative: str) -> re.Pattern[str]:
    alt = _normalize(alternative)
    start = r"(?<![\w.])" if alt[0].isdigit() else r"(?<!\w)" if alt[0].isalnum() else ""
    if alt[-1].isdigit():
        end = r"(?![\d]|[.,]\d)"
    elif alt[-1].isalpha():
        end = r"(?:s|d|ing)?(?!\w)" if alt.endswith("e") else r"(?:s|es|ed|ing)?(?!\w)"
    else:
        end = ""
    return re.compile(start + re.escape(alt) + end)


def contains(text: str, alternatives: Iterable[str]) -> bool:
    """True when ``text`` holds one of the alternatives under the matching rules above."""
    normal = _normalize(text)
    return any(_pattern(alt).search(normal) for alt in alternatives)


def matches(text: str, groups: Sequence[Sequence[str]]) -> bool:
    """True when ``text`` holds one alternative of every group."""
    return all(contains(text, group) for group in groups)


# ---- numbers --------------------------------------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_DATES = re.compile(  # calendar dates with a day: the pipeline resolves "on Wednesday" to one from metadata
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?!\d)(?:,?\s+\d{{4}})?|\b\d{{4}}-\d{{2}}-\d{{2}}\b",
    re.IGNORECASE,
)
_MARKERS = re.compile(r"\[\^?[\w-]+(?:\s*[,;]\s*\^?[\w-]+)*\]")  # [1], [^2], [S3], [1, 2], [001_14761a0b]
_WORDS = {
    w: str(n)
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
}
_WORDS |= {
    w: str(n) for n, w in zip(range(30, 100, 10), "thirty forty fifty sixty seventy eighty ninety".split(), strict=True)
}
_NUMBER_WORD = re.compile(rf"\b(?:{'|'.join(_WORDS)})\b", re.IGNORECASE)


def _numbers(sentence: str) -> set[str]:
    """The numbers a sentence states, as ``text.numbers_in`` reads them (digits, "14,000" = "14000").

    Footnote markers are not numbers; calendar dates with a day ("27 Nov 2024") are skipped because the
    pipeline resolves them from publication dates; bare years ("since 2020") are checked. Number words are not
    checked: most are not quantities ("one of", "the two sides").
    """
    return numbers_in(_DATES.sub(" ", _MARKERS.sub(" ", sentence)))


def _support(article: str) -> set[str]:
    """Numbers an article supports: its digit numbers, and number words read as digits ("four" = "4")."""
    return numbers_in(article) | {_WORDS[w.lower()] for w in _NUMBER_WORD.findall(article)}


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
) -> DatasetScore:
    """Score one briefing against a data set.

    ``articles`` maps article id -> text (default: the data set's own files); ``extractions`` maps article
    id -> the statements of its extracted claims (see :func:`claim_statements`); ``seconds`` is the wall time.
    """
    if articles is None:
        files = _article_files(dataset.root) if dataset.root else {}
        articles = {i: f.read_text(encoding="utf-8", errors="replace") for i, f in files.items()}
    sentences = briefing.all_sentences()

    def matching(label: _Label) -> list[int]:
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
    return {e.article_id: [claim.statement for claim in e.claims] for e in extractions}


# ---- thresholds, reports --------------------------------------------------------------------------------


class Bounds(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    minimum: dict[str, float] = Field(default_factory=dict, alias="min")
    maximum: dict[str, float] = Field(default_factory=dict, alias="max")

    @field_validator("minimum", "maximum")
    @classmethod
    def _known(cls, limits: dict[str, float]) -> dict[str, float]:
        if unknown := sorted(set(limits) - {*QUALITY, *COST}):
            raise ValueError(f"unknown metric {', '.join(unknown)}; known: {', '.join((*QUALITY, *COST))}")
        return limits


class Thresholds(Bounds):
    """Limits for every data set (``min``, ``max``), overridden per data set under ``datasets``."""

    datasets: dict[str, Bounds] = Field(default_factory=dict)

    def limits(self, dataset: str) -> list[tuple[str, Literal["min", "max"], float]]:
        """(metric, kind, limit) for one data set, its own limits replacing the defaults."""
        own = self.datasets.get(dataset, Bounds())
        return [(metric, "min", limit) for metric, limit in (self.minimum | own.minimum).items()] + [
            (metric, "max", limit) for metric, limit in (self.maximum | own.maximum).items()
        ]


def load_thresholds(path: Path) -> Thresholds:
    """Read thresholds.yaml; InputError names the file and the problem."""
    return _load_yaml(Thresholds, Path(path))


def _value(score: DatasetScore, metric: str) -> float | None:
    value = getattr(score.metrics if metric in QUALITY else score.cost, metric)
    return None if value is None else float(value)


def _fmt(value: float | None, metric: str) -> str:
    if value is None:
        return "n/a"
    return f"{value:.2f}" if metric in SHARES else f"{value:.1f}" if metric == "seconds" else f"{value:.0f}"


def check_thresholds(scores: Sequence[DatasetScore], thresholds: Thresholds) -> list[str]:
    """Human-readable failures ("<data set>: <metric> <value> < min <limit>"); empty means every limit holds."""
    failures = [] if scores else ["no data set was scored"]
    for s in scores:
        for metric, kind, limit in thresholds.limits(s.dataset):
            value = _value(s, metric)
            if value is None:
                failures.append(f"{s.dataset}: {metric} not measured, {kind} {_fmt(limit, metric)}")
            elif (value < limit - 1e-9) if kind == "min" else (value > limit + 1e-9):
                sign = "<" if kind == "min" else ">"
                failures.append(f"{s.dataset}: {metric} {_fmt(value, metric)} {sign} {kind} {_fmt(limit, metric)}")
    return failures


def build_report(scores: Iterable[DatasetScore]) -> Report:
    """Gather data set scores into one report (the JSON written by ``summarizer eval``)."""
    return Report(datasets=list(scores))


def compare(current: Report, baseline: Report) -> list[str]:
    """Lines such as "improved: fact_recall 0.60 -> 0.70 (aleppo-2024-11)", "regressed: ...", "new: ..."."""
    before = {s.dataset: s for s in baseline.datasets}
    now = {s.dataset: s for s in current.datasets}
    lines = [f"missing: {name} (in the baseline only)" for name in before if name not in now]
    for name, s in now.items():
        if name not in before:
            lines.append(f"new: {name} (not in the baseline)")
            continue
        for metric in (*QUALITY, *COST):
            old, new = _value(before[name], metric), _value(s, metric)
            if old is None or new is None or metric == "cache_hits":
                continue
            # wall time is noisy: a change within 10% is not worth a line
            if abs(new - old) > (0.1 * abs(old) if metric == "seconds" else 1e-9):
                verdict = "improved" if (new < old) == (metric in LOWER_IS_BETTER) else "regressed"
                lines.append(f"{verdict}: {metric} {_fmt(old, metric)} -> {_fmt(new, metric)} ({name})")
    return lines


def render_markdown(report: Report) -> str:
    """A table of every data set's metrics and cost, then what was missed and why."""
    head = ["data set", *QUALITY, "calls", "tokens (prompt/completion)", "seconds"]
    lines = ["# Evaluation", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for s in report.datasets:
        cells = [
            s.dataset,
            *(_fmt(_value(s, m), m) for m in QUALITY),
            str(s.cost.calls),
            f"{s.cost.prompt_tokens}/{s.cost.completion_tokens}",
            _fmt(s.cost.seconds, "seconds"),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    for s in report.datasets:
        d = s.details
        lines += ["", f"## {s.dataset}", ""]
        sections = {
            "Missed facts": [f"{f.id} ({f.importance}): {f.statement}" for f in d.facts if not f.sentences],
            "Found but not cited to a source": [
                f"{f.id} in sentences {f.sentences}: {f.statement}" for f in d.facts if f.cited is False
            ],
            "Unsupported numbers": [
                f"{u.number} in sentence {u.sentence} (cites {', '.join(u.citations) or 'nothing'}): {u.text}"
                for u in d.unsupported_numbers
            ],
            "Absent claims asserted": [f"{v.id} in sentence {v.sentence}: {v.text}" for v in d.absent_violations],
            "Conflicts not covered": [
                f"{c.id} {c.topic} (reported: {', '.join(c.reported) or 'none'})" for c in d.conflicts if not c.covered
            ],
            "Extraction misses": [
                f"{f.id}: {', '.join(a for a, ok in f.extracted.items() if not ok)}"
                for f in d.facts
                if f.extracted and not all(f.extracted.values())
            ],
            "Unknown citations": d.unknown_citations,
        }
        for title, items in sections.items():
            if items:
                lines += [f"**{title}**", "", *(f"- {item}" for item in items), ""]
    return "\n".join(lines).rstrip() + "\n"


def render_junit(report: Report, failures: Sequence[str], thresholds: Thresholds | None = None) -> str:
    """JUnit XML for CI: one testcase per data set and threshold (per metric when no thresholds are given)."""
    root = ET.Element("testsuites", name="summarizer eval")
    claimed: set[str] = set()
    for s in report.datasets:
        suite = ET.SubElement(root, "testsuite", name=s.dataset)
        checks = thresholds.limits(s.dataset) if thresholds else [(m, None, None) for m in QUALITY]
        for metric, kind, limit in checks:
            name = metric if kind is None else f"{metric} {'>=' if kind == 'min' else '<='} {_fmt(limit, metric)}"
            case = ET.SubElement(suite, "testcase", classname=f"eval.{s.dataset}", name=name)
            prefix = f"{s.dataset}: {metric} "
            mine = [f for f in failures if f.startswith(prefix) and (kind is None or f" {kind} " in f)]
            claimed |= set(mine)
            if mine:
                ET.SubElement(case, "failure", message=mine[0]).text = "\n".join(mine)
            ET.SubElement(case, "system-out").text = f"{metric} = {_fmt(_value(s, metric), metric)}"
        suite.set("tests", str(len(checks)))
        suite.set("failures", str(len(suite.findall("testcase/failure"))))
    if rest := [f for f in failures if f not in claimed]:
        suite = ET.SubElement(root, "testsuite", name="eval", tests="1", failures="1")
        case = ET.SubElement(suite, "testcase", classname="eval", name="thresholds")
        ET.SubElement(case, "failure", message=rest[0]).text = "\n".join(rest)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
