"""Claim groups -> briefing: the pipeline picks and orders the content, the model only words it.

A 1.5B model given a list walks it from the top and stops early (docs/design.md), so the choice of facts,
their order, their sections and the coverage of every source are decided here, within a word budget:
salience across sources (independent outlets, how much of it the other outlets also say, how early an
article says it, what kind of fact it is),
maximal marginal relevance against what is already chosen, and a voice for every source that adds
something. The model writes one sentence per fact; validators check that every sentence cites real facts,
and every published sentence (title, lede, bullets) is checked against the facts it cites and the article
sentences they rest on: a sentence whose numbers, names or words are not there is replaced by the facts'
own wording, never published.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from summarizer._sets import jaccard
from summarizer._text import sanitize
from summarizer.claims.grounding import WRITTEN_SHARE, supported
from summarizer.claims.reconcile import KIND_WEIGHT
from summarizer.language.numbers import numbers_in
from summarizer.language.voice import in_own_voice, speaker_dropped, stands_alone
from summarizer.language.words import content_words
from summarizer.model.client import ModelClient
from summarizer.model.prompts import Prompt
from summarizer.schemas import (
    Article,
    BriefSentence,
    CitedSpan,
    Claim,
    ClaimGroup,
    Disagreement,
    Reconciliation,
    Section,
    Usage,
)

WORDS_BASE, WORDS_PER_ARTICLE, WORDS_MAX = 100, 60, 900
REDUNDANT = 0.6  # a fact sharing this much of its words with a chosen one adds nothing
WORDED = 0.5  # share of a fact's content words a written sentence must hold to count as saying that fact
TIMELINE_EXTRA = 3  # dated facts the timeline may add beyond the bullets
MIN_FACT_WORDS = 5  # "Ugh." or "The Academy refused." is a reaction or a fragment, not a fact to brief
LEAD_DECAY = 4.0  # sentences: how fast "said early in an article" fades (the 5th weighs 1/e of the 1st)
ECHO_WORDS = 10  # content words echoed by every other outlet that make a fact's echo worth one more outlet
MAX_FACTS = 30  # the writer answers one sentence per fact, and a small model loses its way past a few dozen

HEADINGS = {"event": "What happened", "figure": "Figures", "statement": "What was said", "background": "Background"}


def default_words(articles: int) -> int:
    """The default word budget: 100 words plus 60 for each article, at most 900 (3 articles: 280; 5: 400)."""
    return min(WORDS_MAX, WORDS_BASE + WORDS_PER_ARTICLE * articles)


@dataclass(frozen=True)
class Fact:
    """A claim group as the writer sees it, numbered from 1, with the text that supports it."""

    number: int
    group: ClaimGroup
    text: str
    numbers: frozenset[str]
    support: tuple[str, ...]  # the statement, its group's other statements and the article sentences they cite
    salience: float


# ---- choosing the content --------------------------------------------------------------------------------


def select_facts(
    reconciliation: Reconciliation,
    claims: Mapping[str, Claim],
    articles: Mapping[str, Article],
    *,
    words: int,
) -> list[Fact]:
    """The facts for a briefing of about `words` words, most salient first within each section.

    Figures the sources disagree on are left to their own part, with every value, rather than stated
    once in the prose as if settled.
    """
    disputed = {c for d in reconciliation.disagreements for v in d.values for c in v.claims}
    essays = {a.id for a in articles.values() if in_own_voice(a)}
    candidates = [
        g
        for g in reconciliation.groups
        if not disputed.intersection(g.claims)
        and len(g.statement.split()) >= MIN_FACT_WORDS
        # the model copies an essayist's "My parents ..." as readily
        and stands_alone(g.statement, essay=bool(g.sources) and essays.issuperset(g.sources))
    ]
    if not candidates:
        return []
    most = max(g.independent_sources for g in candidates)
    said = _said(articles)
    tokens = {g.id: _stems(g.statement) for g in candidates}
    echoes = {g.id: _echoes(tokens[g.id], _members(g, claims, articles), said) for g in candidates}
    scored = {g.id: _salience(g, claims, articles, most, echoes[g.id]) for g in candidates}
    chosen: list[ClaimGroup] = []
    heard: set[str] = set()
    told: set[str] = set()  # the words the chosen facts say
    used = 0
    left = sorted(candidates, key=lambda g: (-scored[g.id], g.id))
    while left and used < words and len(chosen) < MAX_FACTS:

        def gain(g: ClaimGroup) -> float:
            similar = max((jaccard(tokens[g.id], tokens[c.id]) for c in chosen), default=0.0)
            new_voice = 0.5 if not heard.issuperset(g.sources) else 0.0
            # An echo counts once: a word the chosen facts already say weighs half, so the next fact is
            # chosen for what it adds, not for retelling the lede in other words. Measured with no model
            # (fact / core margin over the lead on the nine labelled sets, cached claims; ROUGE-2 over the
            # lead on the 30 dev events): no discount +0.115 / +0.130, 1.074; SumBasic's squared share
            # +0.115 / +0.130, 1.091; half +0.147 / +0.167, 1.061; dropped +0.160 / +0.127, 0.967.
            retold = sum(share / 2 for w, share in echoes[g.id].items() if w in told)
            return scored[g.id] - retold / ECHO_WORDS / _length(g) + new_voice - similar

        best = max(left, key=gain)
        left.remove(best)
        if any(_repeats(best, c, tokens) for c in chosen):
            continue
        length = len(best.statement.split())
        if chosen and used + length > words * 1.1:
            continue  # too long for what is left; a shorter fact may still fit
        chosen.append(best)
        heard.update(best.sources)
        told.update(tokens[best.id])
        used += length
    return [_fact(n, g, claims, articles, scored[g.id]) for n, g in enumerate(_in_sections(chosen, scored), 1)]


def _repeats(new: ClaimGroup, old: ClaimGroup, tokens: Mapping[str, set[str]]) -> bool:
    """Near the same words and no figure of its own: a different figure is a difference worth showing."""
    figures = numbers_in(new.statement) - numbers_in(old.statement)
    return not figures and jaccard(tokens[new.id], tokens[old.id]) >= REDUNDANT


def _said(articles: Mapping[str, Article]) -> dict[str, frozenset[str]]:
    return {a.id: frozenset(_stems(a.text)) for a in articles.values()}


def _members(group: ClaimGroup, claims: Mapping[str, Claim], articles: Mapping[str, Article]) -> list[Claim]:
    """The group's claims, from the articles given."""
    return [c for claim_id in group.claims if (c := claims.get(claim_id)) is not None and c.article_id in articles]


def _salience(
    group: ClaimGroup,
    claims: Mapping[str, Claim],
    articles: Mapping[str, Article],
    most_sources: int,
    echoes: Mapping[str, float],
) -> float:
    """Independent outlets saying it, how much of it other outlets echo, how early an article says it, and
    what kind of fact it is, per word."""
    first = min((n for c in _members(group, claims, articles) for n in c.evidence[:1]), default=None)
    # The opening sentences carry a news story's main facts, counted in sentences, not as a share of the
    # article: a long feature's fifth sentence is no more central than a short report's.
    early = 0.0 if first is None else math.exp(-(first - 1) / LEAD_DECAY)
    worth = (
        group.independent_sources / most_sources
        + sum(echoes.values()) / ECHO_WORDS
        + early
        + 0.7 * KIND_WEIGHT.get(group.kind, 0.5)
    )
    return float(worth / _length(group))


def _length(group: ClaimGroup) -> float:
    # Per word, gently: within a word budget a short fact leaves room for another (measured on the nine
    # labelled sets with article sentences as claims, benchmarks/bench_content.py: mean margin over the lead
    # +0.02 -> +0.08; the position counted in sentences rather than as a share: +0.10); under ten
    # words no further bonus, or two-word fragments win.
    return float(max(len(group.statement.split()), 10) ** 0.3)


def _echoes(stems: set[str], members: Sequence[Claim], said: Mapping[str, frozenset[str]]) -> dict[str, float]:
    """Each content word of the fact, with the share of the other articles that use it too.

    Summed, not averaged (`_salience`): a long sentence most outlets echo says more of the story than a
    short one does (SumBasic-like word salience, across articles only: an article repeating itself is no
    echo). An outlet quoting another's paragraphs counts: what it chose to quote is what it found central
    (independence is weighed apart, in `independent_sources`). Measured with no model on the nine labelled
    sets (benchmarks/bench_content.py, fact / core recall margin over the lead +0.080 / +0.037 -> +0.115 /
    +0.130, every sentence offered) and against the human summaries of the 30 Multi-News dev events
    (benchmarks/bench_reference.py, ROUGE-2 vs the lead 0.94 -> 1.07).
    """
    own = {c.article_id for c in members}
    others = [words for article_id, words in said.items() if article_id not in own]
    if not others:
        return {}
    return {w: sum(w in words for words in others) / len(others) for w in stems}


def _in_sections(chosen: list[ClaimGroup], scored: Mapping[str, float]) -> list[ClaimGroup]:
    """Sections ordered by their most salient fact (background last), facts by salience within each."""
    best: dict[str, float] = {}
    for g in chosen:
        best[g.kind] = max(best.get(g.kind, 0.0), scored[g.id])
    order = sorted(best, key=lambda kind: (kind == "background", -best[kind]))
    return sorted(chosen, key=lambda g: (order.index(g.kind), -scored[g.id], g.id))


def _fact(
    number: int, group: ClaimGroup, claims: Mapping[str, Claim], articles: Mapping[str, Article], salience: float
) -> Fact:
    members = [claims[c] for c in group.claims if c in claims]
    evidence = [
        articles[c.article_id].sentence(n)
        for c in members
        if c.article_id in articles
        for n in c.evidence
        if 1 <= n <= len(articles[c.article_id].sentences)
    ]
    support = tuple(dict.fromkeys([group.statement, *(c.statement for c in members), *evidence]))
    # A quotation the model copied without its speaker is briefed as the source sentence that names them.
    text = next((s for s in evidence if speaker_dropped(group.statement, s)), group.statement)
    return Fact(number, group, text, frozenset(numbers_in(text)), support, salience)


# ---- grounding -------------------------------------------------------------------------------------------


def _stems(text: str) -> set[str]:
    return {w.rstrip("s") for w in content_words(text)}


def ungrounded(text: str, support: Sequence[str], restates: Sequence[str] = ()) -> str | None:
    """Why `text` is not supported by `support` (names, numbers, negation, most words), or None.

    Deterministic (claims.grounding), so an answer replayed from the cache is judged the same way: a sentence
    the sources do not hold is never published, however it was cited. A writer may paraphrase more than an
    extractor, so it needs WRITTEN_SHARE of its content words found rather than grounding's default. `restates`
    are the facts it words: a "not" they all state must stay.
    """
    problems = supported(text, support, min_share=WRITTEN_SHARE, restates=restates)
    return "; ".join(problems) if problems else None


# ---- the writer ------------------------------------------------------------------------------------------


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
        """Every cited fact number real, else the answer is re-asked with the problems.

        What a sentence says (its numbers, names and words) is checked afterwards, sentence by sentence,
        and a sentence its sources do not hold is replaced by its facts' wording rather than re-asked: on
        the embedded model a re-ask of the whole briefing cost 1-3 minutes and came back with the same
        slip (a year or a count from a fact it did not cite, on two of the nine labelled sets).
        """
        facts: dict[int, Fact] | None = (info.context or {}).get("facts")
        if facts is None:
            return self
        said = [("lede", self.lede), *((f"sentences[{i}]", s) for i, s in enumerate(self.sentences))]
        problems = [
            f"{where}.f: no fact {unknown}; facts are [1]..[{len(facts)}]"
            for where, sentence in said
            if (unknown := [n for n in sentence.f if n not in facts])
        ]
        if problems:
            raise ValueError("\n".join(problems))
        return self


@dataclass(frozen=True)
class Written:
    title: str | None
    lede: BriefSentence | None
    sections: list[Section]
    usage: Usage
    warnings: list[str]


async def write_sections(
    client: ModelClient, prompt: Prompt, facts: list[Fact], story: str, *, common: frozenset[str] = frozenset()
) -> Written:
    """Ask the model to word the facts; every sentence it writes is checked against what it cites.

    `common` are the words the articles write in lower case (see grounded_title).
    """
    answer = await client.ask(
        prompt,
        BriefOut,
        variables={"story": sanitize(story), "facts": [{"number": f.number, "text": sanitize(f.text)} for f in facts]},
        context={"facts": {f.number: f for f in facts}},
        item="briefing",
        max_tokens=1400,
    )
    by_number = {f.number: f for f in facts}
    warnings: list[str] = []
    replaced = 0

    def grounded(numbers: list[int], text: str) -> str | None:
        nonlocal replaced
        cited = [by_number[n] for n in numbers]
        # A speaker's words keep their speaker: the writer drops "Swonger says" as readily as the extractor,
        # from the fact or from another sentence that supports it.
        speaker_kept = not any(speaker_dropped(text, s) for f in cited for s in f.support)
        if speaker_kept and ungrounded(text, [t for f in cited for t in f.support], [f.text for f in cited]) is None:
            return text
        replaced += 1
        return None

    lede_numbers = _worded(answer.value.lede.text, [by_number[n] for n in answer.value.lede.f])
    lede_text = grounded(lede_numbers, answer.value.lede.text.strip())
    if lede_text is None:  # the most salient fact, in its own words, leads instead
        lede_numbers = [max(facts, key=lambda f: f.salience).number]
        lede_text = by_number[lede_numbers[0]].text
    lede = _cite(lede_text, [by_number[n] for n in lede_numbers])
    said = set(lede_numbers)
    written: dict[int, BriefSentence] = {}
    for out in answer.value.sentences:
        cited = _worded(out.text, [by_number[n] for n in out.f])
        numbers = [n for n in cited if n not in written]
        if not numbers or set(cited) <= said or _words(out.text) == _words(lede.text):
            continue  # the lede says it already; say it once
        text = grounded(cited, out.text.strip())
        written[min(numbers)] = _cite(text, [by_number[n] for n in cited]) if text else _own(by_number[min(numbers)])
        said.update(cited if text else [min(numbers)])  # a replaced sentence says only its first fact
    missing = [f for f in facts if f.number not in said]
    if missing:
        warnings.append(f"the writer skipped {len(missing)} of {len(facts)} facts; their own wording is used")
        written.update({f.number: _own(f) for f in missing})
    if replaced:
        warnings.append(
            f"{replaced} written sentence(s) said more than their sources or left out a speaker; "
            "the facts' wording is used"
        )
    sections = _sections([(by_number[n], written[n]) for n in sorted(written)])
    return Written(grounded_title(answer.value.title, story, facts, common), lede, sections, answer.usage, warnings)


def grounded_title(title: str, story: str, facts: list[Fact], common: frozenset[str]) -> str | None:
    """The writer's headline when the facts hold it; its capitals on words the articles write in lower case
    (`common`) do not make those words names ("Global E-Waste Forecast Predicts Staggering Growth")."""
    title = title.strip()
    if not title or ungrounded(_sentence_case(title, common), [story, *(t for f in facts for t in f.support)]):
        return None
    return title


_PUNCT = ".,:;!?\"'“”‘’()"


def _sentence_case(headline: str, common: frozenset[str]) -> str:
    """The headline with its capitals kept only on words the articles never write in lower case."""
    words = headline.split(" ")
    return " ".join([*words[:1], *(w.lower() if w.lower().strip(_PUNCT) in common else w for w in words[1:])])


def lower_case_words(articles: Sequence[Article]) -> frozenset[str]:
    """The words the articles write in lower case: common words, whatever a headline capitalises."""
    return frozenset(w for a in articles for w in re.findall(r"(?<![\w'’-])[a-z][a-z'’-]*[a-z]", a.text))


def _worded(text: str, cited: list[Fact]) -> list[int]:
    """The cited facts a written sentence words (WORDED of their content words), else the one it is closest to.

    A small writer cites a run of facts ("f": [4, 5, 6]) and words one of them; counting the others as said
    lost them from the briefing (half the facts of the car-fires set). They stay unsaid, so their own
    wording is added, and the sentence cites only the facts it words.
    """
    words = _stems(text)
    share = {f.number: len(_stems(f.text) & words) / max(len(_stems(f.text)), 1) for f in cited}
    return [n for n in share if share[n] >= WORDED] or [max(share, key=lambda n: share[n])]


def unwritten(facts: list[Fact]) -> tuple[BriefSentence | None, list[Section]]:
    """The facts in their own wording, for when the writer was not asked or failed: the most salient leads."""
    if not facts:
        return None, []
    top = max(facts, key=lambda f: f.salience)
    return _own(top), _sections([(f, _own(f)) for f in facts if f is not top])


def _sections(items: list[tuple[Fact, BriefSentence]]) -> list[Section]:
    sections: dict[str, list[BriefSentence]] = {}
    for fact, sentence in items:  # facts come in section order (see _in_sections)
        sections.setdefault(HEADINGS.get(fact.group.kind, "What happened"), []).append(sentence)
    return [Section(heading=heading, sentences=sentences) for heading, sentences in sections.items()]


def _own(fact: Fact) -> BriefSentence:
    return _cite(fact.text, [fact])


def _cite(text: str, facts: list[Fact]) -> BriefSentence:
    sources = sorted({s for f in facts for s in f.group.sources})
    return BriefSentence(text=_end(text), citations=sources, claims=[f.group.id for f in facts])


def _words(text: str) -> list[str]:
    return text.lower().rstrip(".!?").split()


def _end(text: str) -> str:
    text = text.rstrip(" ,;:")  # "... the M5 highway," was cut mid-sentence by its writer
    # A sentence in brackets, or the last or first sentence of a parenthesis, is shown without them:
    # "(The richer the country, the more e-waste it generates.)", "... the State Department.)"
    if text.startswith("(") and text.endswith(")") and text.count("(") == text.count(")") == 1:
        text = text[1:-1]
    elif text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1]
    elif text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:]
    return text if text[-1:] in ".!?\"”'" else text + "."


# ---- the parts the pipeline writes itself ---------------------------------------------------------------


def disagreement_sentences(disagreements: list[Disagreement]) -> list[BriefSentence]:
    """One sentence per disputed figure, listing every value with who gave it and when, each value cited to
    the sources that give it (`BriefSentence.spans`), so a reader sees which outlet said what."""
    return [_disagreement_sentence(d) for d in disagreements]


def _disagreement_sentence(d: Disagreement) -> BriefSentence:
    if d.quoted:  # each value is a source's own words around the figure
        opening, parts = "Sources give different figures: ", [f"“{v.value}”" for v in d.values]
    else:
        topic = d.topic if d.topic == "death toll" else f"number of {d.topic}"
        opening, parts = f"Sources give different figures for the {topic}: ", []
        for v in d.values:
            detail = ", ".join(x for x in (v.attribution, v.as_of and _day(v.as_of)) if x)
            parts.append(f"{v.value} ({detail})" if detail else v.value)
    text, spans = opening, []
    for n, (part, value) in enumerate(zip(parts, d.values, strict=True)):
        text += ("; " if n else "") + part
        spans.append(CitedSpan(end=len(text), citations=value.sources))
    text += "."
    if d.explained_by_time:
        text += " The later reports give the higher figures, so the difference may reflect when each was written."
    return BriefSentence(text=text, citations=sorted({s for v in d.values for s in v.sources}), spans=spans)


def timeline_sentences(reconciliation: Reconciliation, stated: set[str]) -> list[BriefSentence]:
    """Dated facts the bullets do not state, in date order (a few), when the story spans two days or more.

    The bullets already say what they say: the timeline adds when, and a few dated facts that did not fit,
    rather than repeating bullets word for word.
    """
    if len({e.date for e in reconciliation.timeline}) < 2:
        return []
    extra = [e for e in reconciliation.timeline if e.group not in stated][:TIMELINE_EXTRA]
    if len({e.date for e in extra}) < 2:
        return []
    return [
        BriefSentence(text=f"{_day(e.date)}: {_end(e.statement)}", citations=e.sources, claims=[e.group]) for e in extra
    ]


def story_name(articles: Sequence[Article], facts: list[Fact]) -> str:
    """The headline most of the articles' words agree with; else the first fact, else "news".

    A section heading taken for a title ("Abstract") says nothing of the story and shares no word with it.
    """
    said = [_stems(a.text) for a in articles]

    def echo(title: str) -> float:
        stems = _stems(title)
        return sum(w in words for w in stems for words in said) / len(stems)

    titles = [a.title for a in articles if a.title and len(_stems(a.title)) >= 3]
    if titles:
        return max(titles, key=echo)
    return facts[0].text if facts else "news"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"
