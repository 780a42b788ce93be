"""Thresholds that gate CI, and reports of scores: Markdown, JUnit XML, a comparison with a baseline."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from summarizer.evaluation.dataset import load_yaml
from summarizer.evaluation.score import COST, LOWER_IS_BETTER, QUALITY, SHARES, DatasetScore, Report

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
    return load_yaml(Thresholds, Path(path))


def _value(score: DatasetScore, metric: str) -> float | None:
    value = getattr(score.metrics if metric in QUALITY else score.cost, metric)
    return None if value is None else float(value)


def _fmt(value: float | None, metric: str) -> str:
    if value is None:
        return "n/a"
    if metric == "lead_margin":
        return f"{value:+.2f}"
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
