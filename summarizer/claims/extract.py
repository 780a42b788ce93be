"""Article -> claims: one model call, validated against the article's numbered sentences."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, model_validator

from summarizer._sets import overlap
from summarizer._text import sanitize
from summarizer.claims.alignment import check_claim
from summarizer.claims.annotate import annotate
from summarizer.claims.quantities import find_quantities
from summarizer.language.names import find_entities
from summarizer.language.numbers import numbers_in
from summarizer.language.reference import resolved
from summarizer.language.voice import SPEECH, in_own_voice, stands_alone
from summarizer.language.words import content_words
from summarizer.model.client import ModelClient
from summarizer.model.prompts import Prompt
from summarizer.schemas import Article, Claim, ClaimKind, Extraction

MAX_CLAIMS = 8
EXTRACT_MAX_TOKENS = 400  # a full answer is under 200 tokens: more is a model stuck repeating
FACT_CHARS = 160  # a 20-word fact; a smaller bound is a smaller grammar for the model to follow
CUT_MARGIN = 25  # characters: a copy of its sentence this close to FACT_CHARS that stops mid-phrase was cut
MIN_FACT_CHARS = 15  # "..." is not a fact: a model copying the format's placeholder is re-asked
PROMPT_SENTENCES = 20  # of a long article, the part its model claims come from: the rest is offered as sentences
SENTENCE_MIN_WORDS = 5  # a dateline or a one-word heading is not a fact
_CANDIDATES = 5  # the sentences a reworded fact is read against: the cited one, then the closest by words


class ClaimOut(BaseModel):
    """A fact the model words itself: for a sentence that leans on an earlier one ("he", "the group") or says
    much more than its news. Every other fact is a sentence number alone (`ExtractionOut.s`)."""

    model_config = ConfigDict(extra="ignore")

    s: int = Field(ge=1, description="number of the sentence that states the fact")
    fact: str = Field(min_length=MIN_FACT_CHARS, max_length=FACT_CHARS, description="the fact, at most 20 words")


class ExtractionOut(BaseModel):
    """The model's answer for one article: the sentences that carry its news, and the few it rewords.

    Most facts the model gave copied their sentence word for word; asking for the number alone saves most of
    the generation, which is most of an extraction's time on the embedded model.
    """

    model_config = ConfigDict(extra="ignore")

    s: list[int] = Field(default_factory=list, max_length=MAX_CLAIMS, description="the newsworthy sentences")
    claims: list[ClaimOut] = Field(default_factory=list, max_length=MAX_CLAIMS, description="the facts reworded")

    _dropped: int = PrivateAttr(0)

    @model_validator(mode="after")
    def _check_evidence(self, info: ValidationInfo) -> ExtractionOut:
        """Each reworded claim must be a near-copy of a sentence (`best_sentence`); drifted ids are re-anchored.

        A few unsupported claims are dropped (re-asking costs a whole article's generation on a small
        local model); the answer is re-asked only when most of its claims have no support.
        """
        article: Article | None = (info.context or {}).get("article")
        if article is None:
            return self
        kept, problems = [], []
        if not self.s and not self.claims:
            raise ValueError("s: give the numbers of the sentences that state the news")
        self.s = [n for n in dict.fromkeys(self.s) if 1 <= n <= len(article.sentences)]
        for number, claim in enumerate(self.claims, 1):
            anchor = best_sentence(claim.fact, min(claim.s, len(article.sentences)), article)
            if anchor is not None:
                claim.s = anchor
                kept.append(claim)
                continue
            stray = sorted(numbers_in(claim.fact) - numbers_in(article.text))
            reason = f"{', '.join(stray)} not in the article" if stray else _unsupported(claim, article)
            problems.append(f"claims[{number}]: {reason}; state only what a sentence says, numbers exactly")
        if len(problems) * 2 > len(self.claims) + len(self.s):  # a sentence given by number is a claim too
            raise ValueError("\n".join(problems))
        self._dropped = len(problems)
        self.claims = kept
        return self


def _unsupported(claim: ClaimOut, article: Article) -> str:
    """Why the sentence a claim cites does not state it, in the check's own words, for the re-ask."""
    cited = min(claim.s, len(article.sentences))
    problems = check_claim(claim.fact, [article.sentence(cited)], context=_before(article, cited))
    return f"no sentence supports it (s={claim.s}: {'; '.join(problems[:2])})"


def _before(article: Article, i: int) -> list[str]:
    """The title and the sentences before sentence `i`: who "he" or "the company" is, and nothing more."""
    return [t for t in [article.title or "", *article.sentences[: i - 1]] if t]


def best_sentence(fact: str, cited: int, article: Article) -> int | None:
    """The sentence that supports `fact`: the cited one when it does, else the best-matching one that does.

    A small model's ids drift by one or two sentences (docs/design.md); re-anchoring by words repairs that
    without another model call. "Supports" is `claims.alignment.check_claim`, the strict tier: the fact is a
    near-copy of the sentence, every word, name, number and negation stated there, nothing turned around or
    added. The title and the sentences before it may name who "he" or "the company" is, and state nothing
    else. None when no sentence supports the fact: it was made up, it says what the article does not, or it
    is an instruction the article carried rather than its news.
    """
    words = content_words(fact)

    def score(i: int) -> tuple[bool, float, int]:
        return i == cited, overlap(words, content_words(article.sentence(i))), -abs(i - cited)

    for i in sorted(range(1, len(article.sentences) + 1), key=score, reverse=True)[:_CANDIDATES]:
        if not check_claim(fact, [article.sentence(i)], context=_before(article, i)):
            return i
    return None


_BACKGROUND = re.compile(
    r"\b(since then|has long been|have long been|for (years|decades)|was founded|founded in|formerly|previously|"
    r"in the past|history of|first (opened|launched|began|started) in|dates back)\b",
    re.IGNORECASE,
)


# What a person or group was, beside their name, is no background to the news the sentence tells: "Republican
# co-chair Chris Shays, formerly a longtime congressman from Connecticut, said ..." is a statement.
_APPOSITION = re.compile(r", (?:formerly|previously) (?:a|an|the)\b[^,;]*,")


def kind_of(statement: str) -> ClaimKind:
    """What a claim is, by its words: background, a figure, something said, or else an event.

    The same rules fit any news: a court case, an eruption or a product launch all have events, figures,
    statements and background.
    """
    if _BACKGROUND.search(_APPOSITION.sub(",", statement)):
        return "background"
    if any(not m.vague for m in find_quantities(statement)):
        return "figure"
    return "statement" if SPEECH.search(statement) else "event"


def claims_wanted(article: Article) -> int:
    """More claims for longer articles: about one for every three sentences, between 4 and MAX_CLAIMS."""
    return max(4, min(MAX_CLAIMS, len(prompt_sentences(article)) // 3))


def prompt_sentences(article: Article) -> list[str]:
    """The sentences the model is shown: the first PROMPT_SENTENCES (every sentence is offered to the selection)."""
    return article.sentences[:PROMPT_SENTENCES]


def prompt_variables(article: Article) -> dict[str, Any]:
    return {
        "title": sanitize(article.title or "(none)"),
        "published": article.published.isoformat() if article.published else "unknown",
        "sentences": [sanitize(s) for s in prompt_sentences(article)],
        "max_claims": claims_wanted(article),
    }


def sentence_claims(article: Article, cited: set[int]) -> list[Claim]:
    """Every sentence of the article that no extracted claim rests on, each as a claim in its own words.

    A small model that lists claims mostly copies the first sentences and skips the rest (on the labelled
    sets its own claims hold 0.21-0.62 of the facts), so the briefing's selection, not the model, decides
    what goes in: these candidates only widen its choice, weighed like every other claim
    (benchmarks/bench_content.py, nine labelled sets, the model's cached claims: mean fact recall margin
    over the lead +0.080 with the first three sentences offered, +0.115 with all; core +0.037 -> +0.130).
    Their `origin` is "sentence" and their ids end in `:s{n}`, so they are told apart from the model's.
    """
    essay = in_own_voice(article)
    offered = (
        (n, standing(article, n, essay=essay))
        for n, s in enumerate(article.sentences, 1)
        if n not in cited
        and len(s.split()) >= SENTENCE_MIN_WORDS
        # an essay's lines are its writer's ("The possibilities in life were limitless."); what it reports
        # with a figure ("The company filed ..., listing debts of $12 million") is news
        and not (essay and not numbers_in(s))
    )
    return [
        annotate(
            Claim(
                id=f"{article.id}:s{n}",
                article_id=article.id,
                statement=said[0],
                kind=kind_of(said[0]),
                evidence=said[1],
                origin="sentence",
            ),
            article,
        )
        for n, said in offered
        if said is not None
    ]


def standing(article: Article, n: int, *, essay: bool) -> tuple[str, list[int]] | None:
    """Sentence `n` as a fact that stands alone, and its evidence: the sentence itself, or resolved from the
    one before ("It also said ..." after a sentence about Xhibit Corp: "Xhibit Corp also said ..."); None
    when it cannot stand alone."""
    sentence = article.sentence(n)
    if stands_alone(sentence, essay=essay):
        return sentence, [n]
    found = resolved(sentence, article.sentence(n - 1) if n > 1 else None)
    if found is None or not stands_alone(found.text, essay=essay):
        return None
    return found.text, [n - 1, n] if found.from_before else [n]


def cut_short(fact: str, sentence: str) -> bool:
    """Whether `fact` is the first words of `sentence` cut off where the answer's length ran out: it is near
    FACT_CHARS long, and the sentence goes on with no comma, semicolon or dash where the fact stops, or goes on
    past one with a name or a figure the copy lacks ("... captained by inventor Peter Madsen." of "..., who had
    initially claimed to have dropped her off at the tip of a Copenhagen island."). A shorter copy is the
    model's shortening ("Armed groups seized at least 50 villages and towns." of "... and towns in Aleppo and
    Idlib, as well as ..."), and so is a cut at a clause that drops no name or figure."""
    words, whole = fact.rstrip(" .").split(), sentence.split()
    if len(fact) < FACT_CHARS - CUT_MARGIN or len(words) >= len(whole):
        return False
    if [_compared(w) for w in whole[: len(words)]] != [_compared(w) for w in words]:
        return False
    if re.search(r"[,;:—–-]$", whole[len(words) - 1]) or whole[len(words)] in ("—", "–", "-", "--"):
        rest = " ".join(whole[len(words) :])
        return bool(set(find_entities(rest)) - set(find_entities(fact)) or numbers_in(rest) - numbers_in(fact))
    return True


def cut_head(fact: str, sentence: str) -> bool:
    """Whether `fact` is the last words of `sentence` with the frame they complete cut off: the words dropped end
    in one that asks for the rest ("Encased in a coffin, waiting to be brought back to life: That's how Snow
    White spends a good portion of the folk story" copied as "Snow White spends a good portion of the folk
    story", which says nothing of the coffin). Dropping an opening phrase ("Instead, ", "Wells Fargo CEO ") keeps
    the fact; dropping "how" or "that" changes it."""
    words, whole = [_bare(w) for w in fact.rstrip(" .").split()], [_bare(w) for w in sentence.rstrip(" .").split()]
    if not words or len(words) >= len(whole) or whole[-len(words) :] != words:
        return False
    return whole[-len(words) - 1].lower() in _ASKS_FOR_MORE


# Words after which a sentence's rest is their complement, not a sentence of its own.
_ASKS_FOR_MORE = frozenset("how why what that whether where when if because".split())


def _compared(word: str) -> str:
    """A word as a copy is compared with its sentence: its quotation marks, a stop after it and its case aside."""
    return _bare(word).rstrip(",;:").lower()


def _bare(word: str) -> str:
    return word.strip("\"“”'")


async def extract_article(client: ModelClient, prompt: Prompt, article: Article) -> Extraction:
    """Ask for the article's claims, validate them against its sentences, then annotate them."""
    answer = await client.ask(
        prompt,
        ExtractionOut,
        variables=prompt_variables(article),
        context={"article": article},
        item=article.id,
        max_tokens=EXTRACT_MAX_TOKENS,
    )
    claims: list[Claim] = []
    seen: set[str] = set()
    essay = in_own_voice(article)
    # A fact the model copied from its sentence and cut where its length ran out ("... whether he can use the
    # tickets he received as a cast.", of "... as a cast member of the Best Picture nominee 'Hugo.'") is that
    # sentence, given by its number.
    # So is a fact copied from the sentence's end without the words it completes (`cut_head`).
    cut = {
        out.s
        for out in answer.value.claims
        if cut_short(out.fact, article.sentence(out.s)) or cut_head(out.fact, article.sentence(out.s))
    }
    worded = [(out.fact, [out.s]) for out in answer.value.claims if out.s not in cut]
    numbered = {out.s for out in answer.value.claims} - cut
    copied = [
        said
        for n in dict.fromkeys([*answer.value.s, *sorted(cut)])
        if n not in numbered and (said := standing(article, n, essay=essay))
    ]
    for fact, evidence in worded + copied:
        key = " ".join(fact.lower().split())
        if key in seen:
            continue  # small models repeat themselves
        seen.add(key)
        claim = Claim(
            id=f"{article.id}:c{len(claims) + 1}",
            article_id=article.id,
            statement=fact.strip(),
            kind=kind_of(fact),
            evidence=evidence,
        )
        claims.append(annotate(claim, article))
    # A sentence the model reworded is still offered in its own words: a small model's rewording drops a
    # figure or a name as often as it saves words ("China ... overtaken Western nations in dumping old
    # electronic goods" without the sentence's "33 percent surge"), and the selection weighs both and keeps
    # one (benchmarks/bench_content.py --claims cached, fact margin over the lead on the ten labelled sets
    # +0.109 -> +0.114; bench_reference.py --claims cached, ROUGE-2 over the lead on the 30 dev events
    # 1.034 -> 1.069).
    as_said = {out.s for out in answer.value.claims if out.fact.split() == article.sentence(out.s).split()}
    claims += sentence_claims(article, cited={n for _, evidence in copied for n in evidence} | as_said)
    return Extraction(
        article_id=article.id, claims=claims, dropped=answer.value._dropped, prompt=prompt.label, usage=answer.usage
    )
