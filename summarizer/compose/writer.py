"""The writer: the model words the chosen facts, one sentence each, and every sentence it writes is checked.

Validators check that every sentence cites real facts, and every published sentence (title, lede,
bullets) is checked against the facts it cites and the article sentences they rest on: a sentence whose
numbers, names or words are not there is replaced by the facts' own wording, never published.

With a `verify` prompt (`--verify-with-model`) the endpoint gives a second opinion: every written sentence
the deterministic check passed is put to it with the sentences it cites, one call each, and a sentence it
says they do not support is replaced the same way.

`Writer` is the seam: `ModelWriter` asks the model, `OwnWording` asks nobody; a test may pass its own.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from summarizer._text import sanitize
from summarizer.claims.alignment import check_sentence
from summarizer.compose.selection import Fact, stems
from summarizer.compose.wording import cite, in_own_words, sectioned, unwritten
from summarizer.errors import ModelError, ValidationFailed
from summarizer.language.voice import speaker_dropped
from summarizer.model.client import ModelClient
from summarizer.model.prompts import Prompt
from summarizer.schemas import Article, BriefSentence, Failure, Section, Usage

WORDED = 0.5  # share of a fact's content words a written sentence must hold to count as saying that fact
WRITER_MAX_TOKENS = 1400  # the writer's answer: a title, a lede and one short sentence per fact (MAX_FACTS at most)
VERDICT_MAX_TOKENS = 200  # a second opinion: yes or no and a one-sentence reason

# Runs the writer's call: a caller's shared pool of slots (the daily run's), or None to call at once.
Scheduler = Callable[[Callable[[], Awaitable[Any]]], Awaitable[Any]]


@dataclass(frozen=True)
class Written:
    """What the writer gives back: the briefing's title, lede and sections, its cost and what to warn of."""

    title: str | None
    lede: BriefSentence | None
    sections: list[Section]
    usage: Usage
    warnings: list[str]


class Writer(Protocol):
    """Words the chosen facts of a story told in `articles`; never loses a fact, whatever it answers."""

    async def write(self, facts: list[Fact], story: str, articles: Sequence[Article]) -> Written: ...


@dataclass(frozen=True)
class OwnWording:
    """No writer: the facts are listed in their own wording, and `reason` says why."""

    reason: str

    async def write(self, facts: list[Fact], story: str, articles: Sequence[Article]) -> Written:
        lede, sections = unwritten(facts)
        warning = f"not sent to the writer, {self.reason}: the facts are listed in their own wording"
        return Written(None, lede, sections, Usage(), [warning])


@dataclass(frozen=True)
class ModelWriter:
    """The model words the facts (one call). A call that fails is a warning, not a failure: the facts are
    then listed in their own wording, and `failure` says what the call cost.

    `schedule` runs the call in a caller's pool of slots; `verify`, the second opinion's prompt, has each
    written sentence checked by the model too (its calls run inside the writer's slot).
    """

    client: ModelClient
    prompt: Prompt
    failure: Callable[[str, ModelError | ValidationFailed], Failure]
    schedule: Scheduler | None = None
    verify: Prompt | None = None

    async def write(self, facts: list[Fact], story: str, articles: Sequence[Article]) -> Written:
        if not facts:
            return Written(None, None, [], Usage(), [])

        async def call() -> Written:
            return await write_sections(
                self.client, self.prompt, facts, story, common=lower_case_words(articles), verify=self.verify
            )

        try:
            written: Written = await (self.schedule(call) if self.schedule else call())
        except (ModelError, ValidationFailed) as exc:
            lede, sections = unwritten(facts)
            warning = f"the writer failed ({_reason(exc)}); the facts are listed in their own wording"
            return Written(None, lede, sections, self.failure("briefing", exc).usage, [warning])
        return written


def _reason(exc: ModelError | ValidationFailed) -> str:
    return " ".join(str(exc).split())[:200]


# ---- checking what is written ------------------------------------------------------------------------


def ungrounded(text: str, support: Sequence[str]) -> str | None:
    """Why `text` is not supported by `support` (the facts it cites and the sentences under them), or None.

    `claims.alignment.check_sentence`, the written tier: each clause is read against the fact or sentence that
    states most of it, so a sentence may fuse its facts and use a looser word than they do, but its names,
    numbers, negations and who said what stay as its evidence has them, and nothing is turned around or
    added. Deterministic, so an answer replayed from the cache is judged the same way: a sentence the
    sources do not hold is never published, however it was cited.
    """
    problems = check_sentence(text, support)
    return "; ".join(problems) if problems else None


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


class VerdictOut(BaseModel):
    """The second opinion on one sentence: do its sources support it, and why not."""

    model_config = ConfigDict(extra="ignore")

    supported: bool
    reason: str = ""  # not bounded: a long reason is no cause for a re-ask; the warning shows its start


@dataclass(frozen=True)
class SecondOpinion:
    """What the model said of the sentences put to it: those it doubts (with why), its cost, and the calls
    that failed (their sentences are kept: the deterministic check passed them)."""

    doubted: dict[str, str]
    usage: Usage
    failed: list[str]


async def second_opinion(
    client: ModelClient, prompt: Prompt, sentences: Sequence[tuple[str, Sequence[str]]]
) -> SecondOpinion:
    """Ask the model, one call per (sentence, its sources), whether the sources support the sentence.

    A zero-shot yes or no in the style of SummEdits; the calls go out concurrently through `client` (so
    retries, re-asks, the cache and the deadline apply), at most `concurrency` at once.
    """
    usage = Usage()
    doubted: dict[str, str] = {}
    failed: list[str] = []
    limit = asyncio.Semaphore(client.settings.resolved_concurrency())
    unique = list(dict.fromkeys((text, tuple(dict.fromkeys(support))) for text, support in sentences))

    async def ask(number: int, text: str, support: tuple[str, ...]) -> None:
        async with limit:
            try:
                answer = await client.ask(
                    prompt,
                    VerdictOut,
                    variables={"sentence": sanitize(text), "sources": [sanitize(s) for s in support]},
                    item=f"verify {number}",
                    max_tokens=VERDICT_MAX_TOKENS,
                )
            except (ModelError, ValidationFailed) as exc:
                if isinstance(exc.usage, Usage):
                    usage.add(exc.usage)
                failed.append(_reason(exc))
                return
        usage.add(answer.usage)
        if not answer.value.supported:
            doubted[text] = " ".join(answer.value.reason.split())[:200] or "no reason given"

    await asyncio.gather(*(ask(n, text, support) for n, (text, support) in enumerate(unique, 1)))
    return SecondOpinion(doubted, usage, failed)


async def write_sections(
    client: ModelClient,
    prompt: Prompt,
    facts: list[Fact],
    story: str,
    *,
    common: frozenset[str] = frozenset(),
    verify: Prompt | None = None,
) -> Written:
    """Ask the model to word the facts; every sentence it writes is checked against what it cites.

    `common` are the words the articles write in lower case (see grounded_title); with `verify`, the
    sentences that pass that check are put to the model as well (see second_opinion).
    """
    answer = await client.ask(
        prompt,
        BriefOut,
        variables={"story": sanitize(story), "facts": [{"number": f.number, "text": sanitize(f.text)} for f in facts]},
        context={"facts": {f.number: f for f in facts}},
        item="briefing",
        max_tokens=WRITER_MAX_TOKENS,
    )
    by_number = {f.number: f for f in facts}
    warnings: list[str] = []
    usage = Usage()
    usage.add(answer.usage)
    replaced = 0
    overruled = 0

    def support(numbers: list[int]) -> list[str]:
        return list(dict.fromkeys(t for n in numbers for t in by_number[n].support))

    def checked(numbers: list[int], text: str) -> bool:
        cited = [by_number[n] for n in numbers]
        # A speaker's words keep their speaker: the writer drops "Swonger says" as readily as the extractor,
        # from the fact or from another sentence that supports it.
        speaker_kept = not any(speaker_dropped(text, s) for f in cited for s in f.support)
        return speaker_kept and ungrounded(text, support(numbers)) is None

    lede_numbers = _worded(answer.value.lede.text, [by_number[n] for n in answer.value.lede.f])
    worded = [(_worded(out.text, [by_number[n] for n in out.f]), out.text.strip()) for out in answer.value.sentences]
    title_support = [story, *(t for f in facts for t in f.support)]
    title = grounded_title(answer.value.title, story, facts, common)
    opinion = SecondOpinion({}, Usage(), [])
    if verify is not None:
        # Put to the model only what the deterministic check passed: the rest is replaced whatever it says.
        # A sentence the loop below then drops as a repeat of the lede was asked about too, at one call.
        said_by_writer = [(lede_numbers, answer.value.lede.text.strip()), *worded]
        passed = [(text, support(numbers)) for numbers, text in said_by_writer if checked(numbers, text)]
        opinion = await second_opinion(client, verify, [*([(title, title_support)] if title else []), *passed])
        usage.add(opinion.usage)
        if title in opinion.doubted:
            title = None
            overruled += 1

    def grounded(numbers: list[int], text: str) -> str | None:
        nonlocal replaced, overruled
        if not checked(numbers, text):
            replaced += 1
            return None
        if text in opinion.doubted:
            overruled += 1
            return None
        return text

    lede_text = grounded(lede_numbers, answer.value.lede.text.strip())
    if lede_text is None:  # the most salient fact, in its own words, leads instead
        lede_numbers = [max(facts, key=lambda f: f.salience).number]
        lede_text = by_number[lede_numbers[0]].text
    lede = cite(lede_text, [by_number[n] for n in lede_numbers])
    said = set(lede_numbers)
    written: dict[int, BriefSentence] = {}
    for cited, out_text in worded:
        numbers = [n for n in cited if n not in written]
        if not numbers or set(cited) <= said or _words(out_text) == _words(lede.text):
            continue  # the lede says it already; say it once
        text = grounded(cited, out_text)
        written[min(numbers)] = (
            cite(text, [by_number[n] for n in cited]) if text else in_own_words(by_number[min(numbers)])
        )
        said.update(cited if text else [min(numbers)])  # a replaced sentence says only its first fact
    missing = [f for f in facts if f.number not in said]
    if missing:
        warnings.append(f"the writer skipped {len(missing)} of {len(facts)} facts; their own wording is used")
        written.update({f.number: in_own_words(f) for f in missing})
    if replaced:
        warnings.append(
            f"{replaced} written sentence(s) said more than their sources or left out a speaker; "
            "the facts' wording is used"
        )
    if overruled:
        reasons = "; ".join(list(opinion.doubted.values())[:3])
        warnings.append(
            f"the second opinion found {overruled} written sentence(s) not supported by their sources ({reasons}); "
            "the facts' wording is used"
        )
    if opinion.failed:
        warnings.append(
            f"the second opinion failed on {len(opinion.failed)} sentence(s) ({opinion.failed[0]}); "
            "they are kept, as the sources' words hold them"
        )
    sections = sectioned([(by_number[n], written[n]) for n in sorted(written)])
    return Written(title, lede, sections, usage, warnings)


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
    words = stems(text)
    share = {f.number: len(stems(f.text) & words) / max(len(stems(f.text)), 1) for f in cited}
    return [n for n in share if share[n] >= WORDED] or [max(share, key=lambda n: share[n])]


def _words(text: str) -> list[str]:
    return text.lower().rstrip(".!?").split()
