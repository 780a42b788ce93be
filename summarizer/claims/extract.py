"""Article -> claims: one model call, validated against the article's numbered sentences."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, model_validator

from summarizer._text import content_words, numbers_in, overlap, sanitize
from summarizer.claims.annotate import annotate
from summarizer.claims.grounding import supported
from summarizer.claims.quantities import find_quantities
from summarizer.model.client import ModelClient
from summarizer.model.prompts import Prompt
from summarizer.schemas import Article, Claim, ClaimKind, Extraction

MAX_CLAIMS = 12
SENTENCE_MIN_WORDS = 5  # a dateline or a one-word heading is not a fact
CLAIM_SUPPORT = 0.75  # share of a claim's content words its sentence (and the one before) must hold


class ClaimOut(BaseModel):
    """One claim as the model writes it: the sentence number first keeps the answer short and checkable.

    The claim's kind is decided by `kind_of`, not asked for: a 1.5B model gave nearly every claim the
    same kind, and every field it need not write saves generation time.
    """

    model_config = ConfigDict(extra="ignore")

    s: int = Field(ge=1, description="number of the sentence that states the fact")
    fact: str = Field(min_length=3, max_length=300, description="the fact, at most 20 words")


class ExtractionOut(BaseModel):
    """The model's answer for one article."""

    model_config = ConfigDict(extra="ignore")

    claims: list[ClaimOut] = Field(min_length=1, max_length=MAX_CLAIMS)

    _dropped: int = PrivateAttr(0)

    @model_validator(mode="after")
    def _check_evidence(self, info: ValidationInfo) -> ExtractionOut:
        """Each claim must rest on a sentence holding its numbers and words; drifted ids are re-anchored.

        A few unsupported claims are dropped (re-asking costs a whole article's generation on a small
        local model); the answer is re-asked only when most of its claims have no support.
        """
        article: Article | None = (info.context or {}).get("article")
        if article is None:
            return self
        kept, problems = [], []
        for number, claim in enumerate(self.claims, 1):
            anchor = best_sentence(claim.fact, min(claim.s, len(article.sentences)), article)
            if anchor is not None:
                claim.s = anchor
                kept.append(claim)
                continue
            stray = sorted(numbers_in(claim.fact) - numbers_in(article.text))
            reason = f"{', '.join(stray)} not in the article" if stray else f"no sentence supports it (s={claim.s})"
            problems.append(f"claims[{number}]: {reason}; state only what a sentence says, numbers exactly")
        if len(problems) * 2 > len(self.claims):
            raise ValueError("\n".join(problems))
        self._dropped = len(problems)
        self.claims = kept
        return self


def best_sentence(fact: str, cited: int, article: Article) -> int | None:
    """The sentence that supports `fact`: the cited one when it does, else the best-matching one that does.

    A small model's ids drift by one or two sentences (docs/design.md); re-anchoring by numbers and words
    repairs that without another model call. "Supports" is `claims.grounding.supported`: every name and
    number of the fact, no negation it lacks, and most content words are in the sentence (a name may also
    come from the sentence before it or the title: "it" resolved to what it refers to). None when no sentence
    supports the fact: it was made up, or it is an instruction the article carried rather than its news.
    """
    numbers = numbers_in(fact)
    candidates = [i for i, s in enumerate(article.sentences, 1) if numbers <= numbers_in(s)]
    words = content_words(fact)

    def score(i: int) -> tuple[bool, float, int]:
        return i == cited, overlap(words, content_words(article.sentence(i))), -abs(i - cited)

    for i in sorted(candidates, key=score, reverse=True)[:5]:
        # Only the names of the sentence before and of the title may help: content must be the sentence's.
        named = " ".join(_NAMES.findall(f"{article.sentence(i - 1) if i > 1 else ''} {article.title or ''}"))
        if not supported(fact, [article.sentence(i), named], min_share=CLAIM_SUPPORT, denies=[article.sentence(i)]):
            return i
    return None


_NAMES = re.compile(r"\b[A-Z][\w'’-]+")


_BACKGROUND = re.compile(
    r"\b(since then|has long been|have long been|for (years|decades)|was founded|founded in|formerly|previously|"
    r"in the past|history of|first (opened|launched|began|started) in|dates back)\b",
    re.IGNORECASE,
)
_SAID = re.compile(
    r"[\"“”]|\b(said|says|told|stated|statement|announced|claimed|accused|denied|warned|argued|vowed|urged|"
    r"called for|insisted|according to)\b",
    re.IGNORECASE,
)


def kind_of(statement: str) -> ClaimKind:
    """What a claim is, by its words: background, a figure, something said, or else an event.

    The same rules fit any news: a court case, an eruption or a product launch all have events, figures,
    statements and background.
    """
    if _BACKGROUND.search(statement):
        return "background"
    if any(not m.vague for m in find_quantities(statement)):
        return "figure"
    return "statement" if _SAID.search(statement) else "event"


def claims_wanted(article: Article) -> int:
    """More claims for longer articles: about one for every three sentences, between 5 and MAX_CLAIMS."""
    return max(5, min(MAX_CLAIMS, len(article.sentences) // 3))


def prompt_variables(article: Article) -> dict[str, Any]:
    return {
        "title": sanitize(article.title or "(none)"),
        "published": article.published.isoformat() if article.published else "unknown",
        "sentences": [sanitize(s) for s in article.sentences],
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
    return [
        annotate(
            Claim(
                id=f"{article.id}:s{n}",
                article_id=article.id,
                statement=s,
                kind=kind_of(s),
                evidence=[n],
                origin="sentence",
            ),
            article,
        )
        for n, s in enumerate(article.sentences, 1)
        if n not in cited and len(s.split()) >= SENTENCE_MIN_WORDS and stands_alone(s, essay=essay)
    ]


# The writer telling their own story, as its subject. Only the singular: "we" is as often an organisation
# speaking for itself (a company's statement, a study's authors), which is news; and "Paramount just told
# me" is a reporter's attribution.
_PERSONAL = re.compile(r"\bI\b|^My\b")
# In an essay every first person is the writer's: "We devoured every page", "it fell to me to read".
_ESSAYIST = re.compile(r"\b(?:I|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself|[Ww]e|[Uu]s|[Oo]ur|[Oo]urs|[Oo]urselves)\b")
_SINGULAR = re.compile(r"\b(?:I|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself)\b")
# A short sentence that opens by pointing back says little without the one before it. Longer ones mostly
# carry their own subject ("It says it reaches 650 million air travelers a year."); ten words and up, they
# stay: leaving out all such sentences cost a tenth of the ROUGE-2 over the lead (1.081 -> 1.007), those
# under eleven words 0.016, those under ten nothing on the labelled sets (ROUGE-2 on the 22 events never
# labelled 1.074 -> 1.077).
# "Or 304 million tallboy cans of Pabst Blue Ribbon." goes on from the sentence before it: under ten words it
# is a fragment (on the 30 dev events and the labelled sets, neutral on every measure).
_POINTS_BACK = re.compile(r"(?:That|This|It|These|Those|Or)\b")
POINTS_BACK_WORDS = 10
# "Here's a look at what winter's bringing around the country:" introduces what follows and says nothing
# itself (the four such sentences among the 137 articles all do).
_LEADS_IN = re.compile(r"Here(?:'s|’s| is| are)\b")
QUOTED_SHARE = 0.8  # of a statement's content words inside its sentence's quotation: the quotation itself
ESSAY_SHARE = 0.25  # of an article's sentences saying "I", "me" or "my" outside quotation marks
_QUOTED = re.compile(r"[“\"][^“”\"]*[”\"]")  # scraped text mixes “curly" and "straight” marks


def in_own_voice(article: Article) -> bool:
    """Whether an article is its writer's own story (an essay, a column) rather than a report: a quarter of
    its sentences or more say "I", "me" or "my" outside quotation marks. Among the 134 articles of the labelled
    sets, the seeds and the dev events, five pass 0.25 (0.26-0.72: a nostalgia essay, an open letter, a film
    review, a forum post, an interview transcript); the most any report reaches is 0.15. A company's post
    speaking as "we" (a car maker answering on a recall) says "I" in 0.04 of its sentences.
    """
    mine = sum(bool(_SINGULAR.search(_QUOTED.sub("", s))) for s in article.sentences)
    return bool(article.sentences) and mine >= ESSAY_SHARE * len(article.sentences)


def stands_alone(sentence: str, *, essay: bool = False) -> bool:
    """Whether a sentence can be briefed as a fact in its own words: not a question, not a short one pointing
    back ("It is in pristine condition."), not one introducing what follows ("Here's the background"), and
    not its writer telling their own story ("I" outside quotation marks). A personal essay among the reports
    ("Why is that cat hanging in there, we wondered?") otherwise lent the briefing lines that say nothing of
    the news.
    What someone is quoted saying stays: that is a statement of theirs.
    """
    if "?" in sentence:
        return False
    if _LEADS_IN.match(sentence):
        return False
    if _POINTS_BACK.match(sentence) and len(sentence.split()) < POINTS_BACK_WORDS:
        return False  # "That cannot be allowed to happen.": what is "that"?
    bare = _QUOTED.sub("", sentence)
    if any(mark in bare for mark in '“”"'):
        return True  # a quotation the sentence splitter cut in two: the words may be the speaker's
    return not (_ESSAYIST if essay else _PERSONAL).search(bare)


def speaker_dropped(statement: str, sentence: str) -> bool:
    """Whether `statement` is what `sentence` quotes someone saying, with the quotation marks and the speaker
    left off: "When it comes to oversight ..., we've been driving beyond the reach of our headlights" from
    '"When it comes to oversight ...," Commission Co-Chairman Michael Thibault said.'. Briefed as it is, a
    speaker's words would read as the briefing's own.
    """
    if _SAID.search(statement):
        return False
    quoted = " ".join(m.group(0) for m in _QUOTED.finditer(sentence))
    return bool(quoted) and overlap(content_words(statement), content_words(quoted)) >= QUOTED_SHARE


async def extract_article(client: ModelClient, prompt: Prompt, article: Article) -> Extraction:
    """Ask for the article's claims, validate them against its sentences, then annotate them."""
    answer = await client.ask(
        prompt,
        ExtractionOut,
        variables=prompt_variables(article),
        context={"article": article},
        item=article.id,
        max_tokens=700,
    )
    claims: list[Claim] = []
    seen: set[str] = set()
    for out in answer.value.claims:
        key = " ".join(out.fact.lower().split())
        if key in seen:
            continue  # small models repeat themselves
        seen.add(key)
        claim = Claim(
            id=f"{article.id}:c{len(claims) + 1}",
            article_id=article.id,
            statement=out.fact.strip(),
            kind=kind_of(out.fact),
            evidence=[out.s],
        )
        claims.append(annotate(claim, article))
    claims += sentence_claims(article, cited={n for c in claims for n in c.evidence})
    return Extraction(
        article_id=article.id, claims=claims, dropped=answer.value._dropped, prompt=prompt.label, usage=answer.usage
    )
