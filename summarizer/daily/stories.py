"""Group a day's articles into stories, merge near-identical copies, and rank the stories.

Grouping (daily/_grouping.py) links articles whose rare words and names say they tell one event, however
differently worded; near-identical copies within a story are then merged, and stories ranked by their
independent sources, recency and what happened. No model and no randomness: the same articles, in any
order, always give the same stories in the same order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

from summarizer._sets import DisjointSets
from summarizer.claims.syndication import find_syndication
from summarizer.ingest.debris import strip_debris
from summarizer.language.headline import shortened
from summarizer.language.voice import stands_alone
from summarizer.language.words import topic_words
from summarizer.schemas import Article

NEAR_COPY = 0.75  # Jaccard of 5-word shingles for a near-identical copy
COPY_SHINGLE = 5

RANKING = (
    "Stories are ranked by a score: the number of independent sources (outlets, with syndicated and copied "
    "text counted once), plus recency (1 for the briefing's day, 1/(1 + days) for older news), plus the "
    "weight of what happened as stated in headlines and opening sentences (deaths +2, injuries +1, "
    "a decision such as a ruling, vote, ban or resignation +1). Ties go to more sources, then the newer "
    "story, then the story id."
)

_DEATHS = re.compile(r"\b(?:killed|kills|killing|dead|died|dies|deaths?|death toll|fatalities|bodies)\b", re.I)
_INJURIES = re.compile(r"\b(?:injured|injuring|injuries|wounded|hurt|hospitali[sz]ed)\b", re.I)
_DECISION = re.compile(
    r"\b(?:ruled|rules that|ruling|verdict|struck down|approved|approves|passed|voted|votes to|signed|"
    r"elected|appointed|resigned|resigns|banned|bans|sanctions?|imposed|imposes|sentenced|convicted|acquitted|"
    r"recalled|recalls|declared|declares|ordered|orders)\b",
    re.I,
)
_SIGNALS = (("deaths", _DEATHS, 2.0), ("injuries", _INJURIES, 1.0), ("decision", _DECISION, 1.0))


class Duplicate(BaseModel):
    """A near-identical copy of another article: listed once, under the article it copies."""

    model_config = ConfigDict(extra="forbid")

    id: str
    of: str = Field(description="id of the article it copies")
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    similarity: float


class StoryScore(BaseModel):
    """How a story's place was decided (see RANKING)."""

    model_config = ConfigDict(extra="forbid")

    score: float
    independent_sources: int
    articles: int
    latest: dt.date | None = None
    recency: float
    weight: float
    signals: list[str] = Field(default_factory=list, description="what happened, e.g. 'deaths: killed'")


@dataclass
class Story:
    """Articles on one event: `articles` are the ones to brief, `duplicates` the copies merged away."""

    id: str
    headline: str
    articles: list[Article]
    score: StoryScore
    duplicates: list[Duplicate] = field(default_factory=list)


# ---- grouping --------------------------------------------------------------------------------------------


def group_articles(articles: Sequence[Article]) -> list[list[Article]]:
    """Articles on the same event, grouped; each group sorted by (published, id), groups by their first article.

    Sorted first, so that the grouping never depends on the order the articles came in.
    """
    from summarizer.daily._grouping import group_indices  # numpy and scipy load only when a day is grouped

    ordered = sorted(articles, key=_order)
    return [[ordered[i] for i in group] for group in group_indices(ordered)]


def _order(article: Article) -> tuple[dt.date, str]:
    return article.published or dt.date.max, article.id


def merge_copies(
    articles: Sequence[Article], *, threshold: float = NEAR_COPY, syndicated: list[list[str]] | None = None
) -> tuple[list[Article], list[Duplicate]]:
    """Drop near-identical copies (keeping the earliest, then the longest); say what each copies.

    Near-identical articles share most of their text, so only articles that `find_syndication` links
    (computed here unless given) are compared.
    """
    ordered = sorted(articles, key=lambda a: (a.published or dt.date.max, -len(a.text), a.id))
    linked = {aid: n for n, group in enumerate(find_syndication(ordered) if syndicated is None else syndicated)
              for aid in group}  # fmt: skip
    shingles = {a.id: _shingles(a.text) for a in ordered if a.id in linked}
    kept: list[Article] = []
    duplicates = []
    for article in ordered:
        best, similarity = None, 0.0
        for other in kept if article.id in linked else ():
            if linked.get(other.id) != linked[article.id]:
                continue
            mine, theirs = shingles[article.id], shingles[other.id]
            score = len(mine & theirs) / (len(mine | theirs) or 1)
            if score > similarity:
                best, similarity = other, score
        if best is not None and similarity >= threshold:
            duplicates.append(
                Duplicate(
                    id=article.id,
                    of=best.id,
                    outlet=article.outlet,
                    title=article.title,
                    url=article.url,
                    similarity=round(similarity, 3),
                )
            )
        else:
            kept.append(article)
    return sorted(kept, key=_order), duplicates


def _shingles(text: str) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + COPY_SHINGLE]) for i in range(max(1, len(words) - COPY_SHINGLE + 1))}


# ---- ranking ---------------------------------------------------------------------------------------------


def score_story(
    articles: Sequence[Article], day: dt.date | None, *, syndicated: list[list[str]] | None = None
) -> StoryScore:
    """Score one story's articles (copies already merged); see RANKING. `syndicated` as find_syndication's."""
    voice = DisjointSets(a.id for a in articles)  # one voice per outlet and per syndicated text
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        if article.outlet:
            by_outlet[article.outlet.strip().lower()].append(article.id)
    shared = find_syndication(articles) if syndicated is None else syndicated
    ids = {a.id for a in articles}
    for group in [*[[aid for aid in g if aid in ids] for g in shared], *by_outlet.values()]:
        for other in group[1:]:
            voice.union(group[0], other)
    independent = len(voice.groups())
    dates = [a.published for a in articles if a.published]
    latest = max(dates) if dates else None
    recency = 0.0
    if latest is not None:
        recency = 1 / (1 + max(0, ((day or latest) - latest).days))
    signals, weight = [], 0.0
    leads = [" ".join([a.title or "", *a.sentences[:2]]) for a in articles]
    for name, pattern, points in _SIGNALS:
        found = [{m.lower() for m in pattern.findall(lead)} for lead in leads]
        # Two leads must say it (or the only one): one outlet's "no one was hurt" or aside is not the news.
        if sum(1 for words in found if words) >= min(2, len(leads)):
            signals.append(f"{name}: {', '.join(sorted(set().union(*found))[:3])}")
            weight += points
    return StoryScore(
        score=round(independent + recency + weight, 3),
        independent_sources=independent,
        articles=len(articles),
        latest=latest,
        recency=round(recency, 3),
        weight=weight,
        signals=signals,
    )


def find_stories(articles: Sequence[Article], *, day: dt.date | None = None) -> list[Story]:
    """Group, merge copies, rank: the day's stories, most important first."""
    # Copies are merged before grouping: two copies of one article are each other's closest by far, and beside
    # that tie the story's other articles looked unrelated (the seeds with a second copy of each became four
    # stories of one article).
    kept, copies = merge_copies(articles)
    copies_of: defaultdict[str, list[Duplicate]] = defaultdict(list)
    for copy in copies:
        copies_of[copy.of].append(copy)
    stories = []
    for group in group_articles(kept):
        syndicated = find_syndication(group)
        duplicates = [copy for article in group for copy in copies_of[article.id]]
        stories.append(Story("", _headline(group), group, score_story(group, day, syndicated=syndicated), duplicates))

    def key(story: Story) -> tuple[float, int, int, str]:
        latest = story.score.latest.toordinal() if story.score.latest else 0
        return -story.score.score, -story.score.independent_sources, -latest, story.articles[0].id

    stories.sort(key=key)
    taken: set[str] = set()
    for story in stories:
        story.id = _story_id(story, taken)
        taken.add(story.id)
    return stories


def _headline(articles: list[Article]) -> str:
    """The most typical headline: its words are the most often found in the story's headlines and leads.

    Only a title that reads as a headline counts; a story of untitled articles (or of titles that are a
    salutation, a name, a time) is headed by its most typical lede (an article's first sentence that reads
    as a headline), without its dateline.
    """
    leads = [topic_words(" ".join([a.title or "", *a.sentences[:2]])) for a in articles]
    titles = [a.title for a in articles if a.title and _reads_as_headline(a.title, words=2)]
    ledes = [
        next((s for s in map(_undated, a.sentences[:3]) if _reads_as_headline(s, words=6) and stands_alone(s)), None)
        for a in articles
    ]
    candidates = titles or [lede for lede in ledes if lede] or [_undated(s) for s in articles[0].sentences[:1]]
    if not candidates:
        return articles[0].id

    texts = [topic_words(a.text) for a in articles]

    def typical(line: str) -> tuple[float, float, int, str]:
        # ties, when no lead shares another's words, go to the line whose words the whole story repeats:
        # row140's four pieces share no lead word, and "A member of Jordan's royal family is accusing an
        # American oilman ..." names what the others tell of, where "Jihan Nassar ... is listed as a $500
        # donor" (the shortest) does not
        words = topic_words(line)
        found = sum(1 for word in words for lead in leads if word in lead)
        echoed = sum(1 for word in words for text in texts if word in text)
        return found / (len(words) or 1), echoed / (len(words) or 1), -len(line), line

    return shortened(max(candidates, key=typical))


_LETTERS = re.compile(r"[^\W\d_]{2,}")
# "BANGKOK (AP) — ", "PAHOA, Hawaii (Reuters) - ", "WASHINGTON -- ", "(CNN) ": where a story was filed, not news
_DATELINE = re.compile(
    r"(?:[A-Z]{2,}(?:[ .'’]+[A-Z]{2,})*(?:, [A-Z][\w .]+)?(?: \([\w .]+\))?\s*(?:—|–|--|-)|\([A-Z][\w .]*\))\s+"
)


def _undated(sentence: str) -> str:
    return _DATELINE.sub("", sentence, count=1) if _DATELINE.match(sentence) else sentence


def _reads_as_headline(line: str, *, words: int) -> bool:
    """A line of at least `words` words with letters, with no page furniture, not a salutation or lead-in, not
    a transcript's line ("TRUMP: Well you see, ...") and not a writer talking to the reader or of themselves
    ("You've probably never heard of Marty Martin.", "We document a new genus ...")."""
    return (
        len(_LETTERS.findall(line)) >= words
        and not line.rstrip().endswith((",", ":"))
        and not _VOICED.match(line)
        and not strip_debris(line)[1]
    )


_VOICED = re.compile(r"(?:[A-Z][A-Z.'’ -]+:|(?:You|We|I|Our|My)\b)")


def _story_id(story: Story, taken: set[str]) -> str:
    """A readable id from the headline, with a short hash of its first article so it survives new arrivals."""
    words = re.findall(r"[a-z0-9]+", story.headline.lower())
    slug = "-".join(words[:6])[:48].strip("-") or "story"
    suffix = hashlib.sha1(story.articles[0].id.encode()).hexdigest()[:4]
    candidate, n = f"{slug}-{suffix}", 2
    while candidate in taken:
        candidate, n = f"{slug}-{suffix}-{n}", n + 1
    return candidate
