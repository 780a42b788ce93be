"""Choosing the content: which claim groups a briefing states, in what order and sections, within a word budget.

Salience across sources (independent outlets, how much of it the other outlets also say, how early an
article says it, what kind of fact it is), maximal marginal relevance against what is already chosen,
and a voice for every source that adds something.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from summarizer._sets import jaccard, overlap
from summarizer.claims.reconcile import KIND_WEIGHT
from summarizer.language.dates import calendar_spans
from summarizer.language.headline import shortened
from summarizer.language.names import find_entities
from summarizer.language.numbers import numbers_in
from summarizer.language.reference import introduced
from summarizer.language.retelling import retells
from summarizer.language.voice import in_own_voice, speaker_dropped, stands_alone
from summarizer.language.words import content_words
from summarizer.schemas import Article, Claim, ClaimGroup, Reconciliation

WORDS_BASE, WORDS_PER_ARTICLE, WORDS_MAX = 100, 60, 900
BUDGET_OVERRUN = 1.1  # the chosen facts may run this far past the word budget: the last one rarely ends on it
REDUNDANT = 0.6  # a fact sharing this much of its words with a chosen one adds nothing
CONTAINED = 0.6  # nor one whose words the other says this much of (the reader check's retold share)
MIN_FACT_WORDS = 5  # "Ugh." or "The Academy refused." is a reaction or a fragment, not a fact to brief
LEAD_DECAY = 4.0  # sentences: how fast "said early in an article" fades (the 5th weighs 1/e of the 1st)
ECHO_WORDS = 10  # content words echoed by every other outlet that make a fact's echo worth one more outlet
RETOLD = 0.5  # what a word the chosen facts already say still weighs in a fact's echo (see select_facts)
NEW_VOICE = 0.5  # what a fact gains for bringing in an outlet no chosen fact cites yet
KIND_SHARE = 0.7  # how much the kind of fact weighs beside its outlets, echoes and place in the article
MAX_FACTS = 30  # the writer answers one sentence per fact, and a small model loses its way past a few dozen
SHORT_FACT = 10  # words: a fact shorter than this earns no further bonus for its length
LENGTH_EXPONENT = 0.3  # salience is per word, gently: divided by the length to this power

_OTHER_KIND_WEIGHT = 0.5  # a kind not listed above
# Who gives a figure: "said", "reported", "according to", "Early reports confirm".
_ATTRIBUTED = re.compile(r"\b(?:said|says|reported|reports|according to|confirm(?:s|ed)?|told)\b")


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


def select_facts(
    reconciliation: Reconciliation,
    claims: Mapping[str, Claim],
    articles: Mapping[str, Article],
    *,
    words: int,
    known: Sequence[str] = (),
) -> list[Fact]:
    """The facts for a briefing of about `words` words, most salient first within each section.

    Figures the sources disagree on are left to their own part, with every value, rather than stated
    once in the prose as if settled. Facts `known` to the reader (told in an earlier briefing) are left
    out unless they give a figure of their own, so the word budget goes to what is new.
    """
    told_before = [(stems(k), numbers_in(k)) for k in known]
    disputed = {c for d in reconciliation.disagreements for v in d.values for c in v.claims}
    values = {v.value for d in reconciliation.disagreements for v in d.values}
    essays = {a.id for a in articles.values() if in_own_voice(a)}

    def briefable(g: ClaimGroup) -> bool:
        # the model copies an essayist's "My parents ..." as readily, and words a forum post's signature
        # ("Caffeinism is a toxic condition ...") as a fact: from essays alone, only what reports a figure
        essay = bool(g.sources) and essays.issuperset(g.sources)
        return stands_alone(_shown(g, _evidence(g, claims, articles)), essay=essay) and not (
            essay and not numbers_in(g.statement)
        )

    candidates = [
        g
        for g in reconciliation.groups
        if (not disputed.intersection(g.claims) or _more_than_disputed(g.statement, values))
        and len(g.statement.split()) >= MIN_FACT_WORDS
        and briefable(g)
        and not already_told(g.statement, told_before)
    ]
    if not candidates:
        return []
    most = max(g.independent_sources for g in candidates)
    said = _said(articles)
    tokens = {g.id: stems(g.statement) for g in candidates}
    figures = {g.id: frozenset(numbers_in(g.statement)) for g in candidates}  # read once: compared in the loop
    shown = _Published({g.id: g for g in candidates}, claims, articles)  # as a reader would read it
    echoes = {g.id: _echoes(tokens[g.id], _members(g, claims, articles), said) for g in candidates}
    scored = {g.id: _salience(g, claims, articles, most, echoes[g.id]) for g in candidates}
    chosen: list[ClaimGroup] = []
    heard: set[str] = set()
    told: set[str] = set()  # the words the chosen facts say
    used = 0
    left = sorted(candidates, key=lambda g: (-scored[g.id], g.id))
    while left and used < words and len(chosen) < MAX_FACTS:

        def gain(g: ClaimGroup) -> float:
            # like a chosen fact, unless it would take that one's place (`_tells_again`)
            others = (c for c in chosen if not _tells_again(g, c, tokens, figures, shown))
            similar = max((jaccard(tokens[g.id], tokens[c.id]) for c in others), default=0.0)
            new_voice = NEW_VOICE if not heard.issuperset(g.sources) else 0.0
            # An echo counts once: a word the chosen facts already say weighs half, so the next fact is
            # chosen for what it adds, not for retelling the lede in other words. Measured with no model
            # (fact / core margin over the lead on the nine labelled sets, cached claims; ROUGE-2 over the
            # lead on the 30 dev events): no discount +0.115 / +0.130, 1.074; SumBasic's squared share
            # +0.115 / +0.130, 1.091; half +0.147 / +0.167, 1.061; dropped +0.160 / +0.127, 0.967.
            retold = sum(share * RETOLD for w, share in echoes[g.id].items() if w in told)
            return scored[g.id] - retold / ECHO_WORDS / _length(g) + new_voice - similar

        best = max(left, key=gain)
        left.remove(best)
        # A chosen fact this one tells again with a figure or a name more is told once, here, with it.
        retold = [c for c in chosen if _tells_again(best, c, tokens, figures, shown)]
        if any(_repeats(best, c, tokens, figures, shown) for c in chosen if c not in retold):
            heard.update(best.sources)  # its outlet said what is told: heard, if in the chosen one's words
            continue
        length = len(best.statement.split()) - sum(len(c.statement.split()) for c in retold)
        if chosen and used + length > words * BUDGET_OVERRUN:
            continue  # too long for what is left; a shorter fact may still fit
        for c in retold:
            chosen.remove(c)
        chosen.append(best)
        heard.update(best.sources)
        told.update(tokens[best.id])
        used += length
    return [_fact(n, g, claims, articles, scored[g.id]) for n, g in enumerate(_in_sections(chosen, scored), 1)]


def _more_than_disputed(statement: str, disputed: set[str]) -> bool:
    """A sentence with a figure the sources dispute may still be told when it says who gives that figure and
    states another figure no one disputes: "Early reports confirm the rebels' capture of at least 13 villages
    and the strategically vital Base 46" (the villages are disputed, the base is news). Told alone, "The death
    toll from clashes was 57, a monitor group said" would only repeat what the disagreements part lists."""
    spans = calendar_spans(statement)  # a date is no figure of its own: "On November 27, ... 132 dead"
    undated = "".join(c if not any(a <= i < b for a, b in spans) else " " for i, c in enumerate(statement))
    return bool(_ATTRIBUTED.search(statement)) and bool(numbers_in(undated) - disputed)


def _repeats(
    new: ClaimGroup,
    old: ClaimGroup,
    tokens: Mapping[str, set[str]],
    figures: Mapping[str, frozenset[str]],
    shown: Mapping[str, str],
) -> bool:
    """Near the same words, or most of the shorter one's words said by the other ("Heidi will vote no to any
    pick we make for the Supreme Court," beside a sentence telling that Trump said Heitkamp would vote against
    a conservative justice), and no figure of its own: a different figure is a difference worth showing."""
    mine, theirs = sorted((tokens[new.id], tokens[old.id]), key=len)
    same_figures = figures[new.id] <= figures[old.id]
    return same_figures and (
        jaccard(mine, theirs) >= REDUNDANT
        or overlap(mine, theirs) >= CONTAINED
        # in other words, as published: "Kate has signed on to write for the website CouponCabin.com." after
        # "Kate Gosselin is now a coupon blogger for the Web site CouponCabin.com."
        or retells(shown[new.id], shown[old.id])
    )


def _tells_again(
    new: ClaimGroup,
    old: ClaimGroup,
    tokens: Mapping[str, set[str]],
    figures: Mapping[str, frozenset[str]],
    shown: Mapping[str, str],
) -> bool:
    """`new` says most of the shorter `old`'s words, every figure of it and a figure more ("A gray and black
    dress worn by Vivien Leigh in 1939's 'Gone with the Wind' sold for $137,000 at an auction in California"
    beside "The dress worn by Vivien Leigh as Scarlett O'Hara has fetched $137,000 at an auction"), in its words
    or in others ("Danish police say Madsen deliberately sank the 18-meter (60-foot) submarine ... shortly before
    his rescue on August 11" beside "Police believe the submarine was deliberately sunk by Mr Madsen, who was
    rescued before being arrested"). A name more is news as a figure is: 'Named "Deterrence of Aggression," the
    military campaign was a direct retaliation against ...' tells the model's shorter copy and what the campaign
    is called (measured, model's claims: fact margin over the lead on the ten labelled sets +0.139 -> +0.148,
    ROUGE-2 over the lead on the 30 dev events 1.039 -> 1.045; article sentences +0.145 -> +0.151, 1.024 ->
    1.031)."""
    if len(tokens[old.id]) >= len(tokens[new.id]) or not figures[old.id] <= figures[new.id]:
        return False
    if not figures[old.id] < figures[new.id] and not _names(shown[old.id]) < _names(shown[new.id]):
        return False  # neither a figure more nor a name more
    return overlap(tokens[old.id], tokens[new.id]) >= CONTAINED or retells(shown[old.id], shown[new.id])


@lru_cache(maxsize=65_536)
def _names(text: str) -> frozenset[str]:
    """The names a sentence gives (`find_entities`, its first word aside, which may just be capitalised)."""
    return frozenset(find_entities(text[1:]))


def already_told(statement: str, known: Sequence[tuple[set[str], set[str]]]) -> bool:
    """Near the words of a fact told before (its stems and figures, as `stems` and `numbers_in` read them),
    with no figure that fact did not give: a moved figure is news, the same words again are not."""
    words, figures = stems(statement), numbers_in(statement)
    return any(figures <= numbers and jaccard(words, told) >= REDUNDANT for told, numbers in known)


def _said(articles: Mapping[str, Article]) -> dict[str, frozenset[str]]:
    return {a.id: frozenset(stems(a.text)) for a in articles.values()}


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
        + KIND_SHARE * KIND_WEIGHT.get(group.kind, _OTHER_KIND_WEIGHT)
    )
    return float(worth / _length(group))


def _length(group: ClaimGroup) -> float:
    # Per word, gently: within a word budget a short fact leaves room for another (measured on the nine
    # labelled sets with article sentences as claims, benchmarks/bench_content.py: mean margin over the lead
    # +0.02 -> +0.08; the position counted in sentences rather than as a share: +0.10); under ten
    # words no further bonus, or two-word fragments win.
    return float(max(len(group.statement.split()), SHORT_FACT) ** LENGTH_EXPONENT)


def _echoes(fact_words: set[str], members: Sequence[Claim], said: Mapping[str, frozenset[str]]) -> dict[str, float]:
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
    return {w: sum(w in words for words in others) / len(others) for w in fact_words}


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
    evidence = _evidence(group, claims, articles)
    text, naming = _named(group, evidence, claims, articles)
    support = tuple(dict.fromkeys([group.statement, *(c.statement for c in members), *evidence, *naming]))
    return Fact(number, group, text, frozenset(numbers_in(text)), support, salience)


class _Published(dict[str, str]):
    """Each candidate's published words (`_named`), read when first compared: most never are."""

    def __init__(
        self, groups: Mapping[str, ClaimGroup], claims: Mapping[str, Claim], articles: Mapping[str, Article]
    ) -> None:
        super().__init__()
        self.groups, self.claims, self.articles = groups, claims, articles

    def __missing__(self, group_id: str) -> str:
        group, claims, articles = self.groups[group_id], self.claims, self.articles
        text = self[group_id] = _named(group, _evidence(group, claims, articles), claims, articles)[0]
        return text


def _named(
    group: ClaimGroup, evidence: Sequence[str], claims: Mapping[str, Claim], articles: Mapping[str, Article]
) -> tuple[str, list[str]]:
    """What the briefing publishes of the group, and the sentence that named its person if it named one.

    A person the fact names by surname alone is named in full, as the article first did: the bullet is read
    away from the sentence that introduced them ("Gosselin is now a coupon blogger" -> "Kate Gosselin is now
    ..."). What is chosen is compared in these words too, so a retelling that names her otherwise is seen.
    """
    text = _shown(group, evidence)
    for claim in _members(group, claims, articles):
        article = articles[claim.article_id]
        if claim.evidence:
            before = article.sentences[: claim.evidence[0] - 1]
            if (named := introduced(text, before, article.text)) is not None:
                return named.text, [s for s in before if named.name in s][:1]
    return text, []


def _evidence(group: ClaimGroup, claims: Mapping[str, Claim], articles: Mapping[str, Article]) -> list[str]:
    """The article sentences the group's claims cite."""
    return [
        articles[c.article_id].sentence(n)
        for c in _members(group, claims, articles)
        for n in c.evidence
        if 1 <= n <= len(articles[c.article_id].sentences)
    ]


def _shown(group: ClaimGroup, evidence: Sequence[str]) -> str:
    """What the briefing would show of the group: its statement, or, for a quotation the model copied without
    its speaker ("We have been driving beyond the reach of our headlights."), the source sentence that names
    them; `evidence` are the sentences its claims cite."""
    return next((s for s in evidence if speaker_dropped(group.statement, s)), group.statement)


def story_name(articles: Sequence[Article], facts: list[Fact]) -> str:
    """The headline most of the articles' words agree with; else the first fact as a headline, else "news".

    A section heading taken for a title ("Abstract") says nothing of the story and shares no word with it.
    """
    said = [stems(a.text) for a in articles]

    def echo(title: str) -> float:
        words = stems(title)
        return sum(w in said_words for w in words for said_words in said) / len(words)

    titles = [a.title for a in articles if a.title and len(stems(a.title)) >= 3]
    if titles:
        return max(titles, key=echo)
    return shortened(facts[0].text) if facts else "news"


def stems(text: str) -> set[str]:
    """The text's content words, a plural's "s" dropped: how facts and articles are compared."""
    return {w.rstrip("s") for w in content_words(text)}
