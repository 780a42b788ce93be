"""Claim groups -> briefing: the pipeline picks and orders the content, the model only words it.

A 1.5B model given a list walks it from the top and stops early (docs/design.md), so the choice of facts,
their order, their sections and the coverage of every source are decided here; the model writes one
sentence per fact, and validators check that every sentence cites real facts and that every number it
states is in a cited fact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from summarizer._text import numbers_in, sanitize
from summarizer.model.client import ModelClient
from summarizer.model.prompts import Prompt
from summarizer.schemas import Article, BriefSentence, ClaimGroup, Disagreement, Reconciliation, Section, Usage

MAX_FACTS = 12

SECTIONS: dict[str, tuple[str, ...]] = {
    "What happened": ("event", "territory", "military"),
    "Casualties and displacement": ("casualties", "displacement", "humanitarian"),
    "What the sides say": ("statement",),
    "Background": ("background",),
}
_SECTION_OF_KIND = {kind: heading for heading, kinds in SECTIONS.items() for kind in kinds}


@dataclass(frozen=True)
class Fact:
    """A claim group as the writer sees it, numbered from 1."""

    number: int
    group: ClaimGroup
    text: str
    numbers: frozenset[str]


class SentenceOut(BaseModel):
    model_config = ConfigDict(extra="ignore")

    f: list[int] = Field(min_length=1, max_length=4, description="numbers of the facts the sentence states")
    text: str = Field(min_length=3, max_length=400)


class BriefOut(BaseModel):
    """The writer's answer; validators read the numbered facts from the context."""

    model_config = ConfigDict(extra="ignore")

    title: str = Field(min_length=3, max_length=160)
    lede: SentenceOut
    sentences: list[SentenceOut] = Field(min_length=1, max_length=40)

    @model_validator(mode="after")
    def _check_citations(self, info: ValidationInfo) -> BriefOut:
        facts: dict[int, Fact] | None = (info.context or {}).get("facts")
        if facts is None:
            return self
        problems = []
        for where, sentence in [("lede", self.lede), *((f"sentences[{i}]", s) for i, s in enumerate(self.sentences))]:
            unknown = [n for n in sentence.f if n not in facts]
            if unknown:
                problems.append(f"{where}.f: no fact {unknown}; facts are [1]..[{len(facts)}]")
                continue
            cited = frozenset().union(*(facts[n].numbers for n in sentence.f))
            stray = sorted(numbers_in(sentence.text) - cited)
            if stray:
                problems.append(f"{where}.text: {', '.join(stray)} is in none of its cited facts {sentence.f}")
        if problems:
            raise ValueError("\n".join(problems))
        return self


def select_facts(reconciliation: Reconciliation, max_facts: int = MAX_FACTS) -> list[Fact]:
    """The best groups, plus one for each source that would otherwise go unheard; disputed figures excluded.

    Figures that sources disagree on are shown in their own part, with every value, rather than stated
    once in the prose as if settled.
    """
    disputed = {c for d in reconciliation.disagreements for v in d.values for c in v.claims}
    candidates = [g for g in reconciliation.groups if not disputed.intersection(g.claims)]
    chosen = candidates[:max_facts]
    heard = {s for g in chosen for s in g.sources}
    for group in candidates[max_facts:]:
        if not heard.issuperset(group.sources):
            chosen.append(group)
            heard.update(group.sources)
    order = list(SECTIONS)
    chosen.sort(key=lambda g: order.index(_SECTION_OF_KIND.get(g.kind, "What happened")))
    return [Fact(i, g, g.statement, frozenset(numbers_in(g.statement))) for i, g in enumerate(chosen, 1)]


async def write_sections(
    client: ModelClient, prompt: Prompt, facts: list[Fact], story: str
) -> tuple[str, BriefSentence, list[Section], Usage, list[str]]:
    """Ask the model to word the facts; returns title, lede, sections, usage and warnings."""
    answer = await client.ask(
        prompt,
        BriefOut,
        variables={"story": sanitize(story), "facts": [{"number": f.number, "text": sanitize(f.text)} for f in facts]},
        context={"facts": {f.number: f for f in facts}},
        item="briefing",
        max_tokens=1400,
    )
    by_number = {f.number: f for f in facts}
    written = [(s.f, s.text.strip()) for s in answer.value.sentences]
    used = {n for numbers, _ in written for n in numbers}
    missing = [f for f in facts if f.number not in used]
    warnings = []
    if missing:
        warnings.append(
            f"the writer skipped {len(missing)} of {len(facts)} facts; their extracted statements are used as written"
        )
        written += [([f.number], f.text) for f in missing]
    written.sort(key=lambda item: min(item[0]))
    lede = _cite(answer.value.lede.text.strip(), [by_number[n] for n in answer.value.lede.f])
    sections: dict[str, list[BriefSentence]] = {}
    for numbers, text in written:
        if _words(text) == _words(lede.text):
            continue  # small models reuse the lede as the first sentence; say it once
        heading = _SECTION_OF_KIND.get(by_number[min(numbers)].group.kind, "What happened")
        sections.setdefault(heading, []).append(_cite(text, [by_number[n] for n in numbers]))
    ordered = [Section(heading=h, sentences=sections[h]) for h in SECTIONS if h in sections]
    return answer.value.title.strip(), lede, ordered, answer.usage, warnings


def unwritten_sections(facts: list[Fact]) -> list[Section]:
    """The facts as extracted, cited, for when the writer failed: the reader still gets every fact."""
    sections: dict[str, list[BriefSentence]] = {}
    for fact in facts:
        heading = _SECTION_OF_KIND.get(fact.group.kind, "What happened")
        sections.setdefault(heading, []).append(_cite(fact.text, [fact]))
    return [Section(heading=h, sentences=sections[h]) for h in SECTIONS if h in sections]


def _cite(text: str, facts: list[Fact]) -> BriefSentence:
    sources = sorted({s for f in facts for s in f.group.sources})
    return BriefSentence(text=_end(text), citations=sources, claims=[f.group.id for f in facts])


def _words(text: str) -> list[str]:
    return text.lower().rstrip(".!?").split()


def _end(text: str) -> str:
    return text if text[-1:] in ".!?\"”'" else text + "."


def disagreement_sentences(disagreements: list[Disagreement]) -> list[BriefSentence]:
    """One cited sentence per disputed figure, listing every value with who gave it and when."""
    out = []
    for d in disagreements:
        parts = []
        for v in d.values:
            detail = ", ".join(x for x in (v.attribution, v.as_of and _day(v.as_of)) if x)
            parts.append(f"{v.value} ({detail})" if detail else v.value)
        text = f"Sources give different figures for the {d.topic}: {'; '.join(parts)}."
        if d.explained_by_time:
            text += (
                " The later reports give the higher figures, so the difference reflects time as the fighting went on."
            )
        sources = sorted({s for v in d.values for s in v.sources})
        out.append(BriefSentence(text=text, citations=sources, claims=[]))
    return out


def timeline_sentences(reconciliation: Reconciliation) -> list[BriefSentence]:
    """The dated events in order, each citing its sources; empty when fewer than two days are known."""
    if len({e.date for e in reconciliation.timeline}) < 2:
        return []
    return [
        BriefSentence(text=f"{_day(e.date)}: {_end(e.statement)}", citations=e.sources, claims=[e.group])
        for e in reconciliation.timeline
    ]


def story_name(articles: list[Article], facts: list[Fact]) -> str:
    titled = [a.title for a in articles if a.title]
    return titled[0] if titled else (facts[0].text if facts else "news")


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"
