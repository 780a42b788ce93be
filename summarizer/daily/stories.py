"""Group a day's articles into stories, merge near-identical copies, and rank the stories.

Grouping is TF-IDF over each article's headline and opening sentences, with names weighted up.
Candidate pairs come from an inverted index of each article's strongest terms (never all pairs).
Groups merge by average linkage: two groups join when their articles are alike on average, and about
as alike as each group is inside, so a second story cannot join through one shared name, nor two
stories of one kind (two fires, two elections) through their common words. No model and no
randomness: the same articles always give the same stories in the same order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from pydantic import BaseModel, ConfigDict, Field

from summarizer.claims.syndication import find_syndication
from summarizer.schemas import Article

LEAD_SENTENCES = 6  # the opening states the event; later background is what unrelated stories share
TOP_TERMS = 40  # terms kept per article: enough to match rewrites, few enough to compare fast
INDEX_TERMS = 12  # the strongest of them find candidate pairs
POSTING_CAP = 64  # a term shared by more articles than this pairs each only with POSTING_BAND neighbours
POSTING_BAND = 6
NAME_BOOST = 2.0  # places, people and organisations identify an event better than common words
TITLE_REPEAT = 2  # headline words count twice
SAME_STORY = 0.3  # mean cosine between two groups' articles for them to be one story
COHESION = 0.5  # ...and at least this share of the looser group's own mean similarity
NEAR_COPY = 0.75  # Jaccard of 5-word shingles for a near-identical copy
COPY_SHINGLE = 5

RANKING = (
    "Stories are ranked by a score: the number of independent sources (outlets, with syndicated and copied "
    "text counted once), plus recency (1 for the briefing's day, 1/(1 + days) for older news), plus the "
    "weight of what happened as stated in headlines and opening sentences (deaths +2, injuries +1, "
    "a decision such as a ruling, vote, ban or resignation +1). Ties go to more sources, then the newer "
    "story, then the story id."
)

_STOP = frozenset(
    """a about above after again against all also an and any are around as at be because been before being
    below between both but by can could did do does during each few for from further had has have having he her
    here hers him his how i if in into is it its itself just may me might more most much must my new no nor not
    now of off on once only or other our out over own said same says say she should so some such than that the
    their them then there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yet one two three four five six seven eight nine ten
    first second last next year years day days week weeks month months today yesterday tomorrow monday tuesday
    wednesday thursday friday saturday sunday morning evening night time told according added including
    news report reported reports reporter reporters statement spokesperson spokesman spokeswoman official
    officials people percent per cent mr mrs ms dr local city national government public asked called
    made make makes get got take took many several least nearly almost since earlier later""".split()
)
_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w'’-]*|\d[\d,.]*\d")
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


# ---- vectors ---------------------------------------------------------------------------------------------

Vector = dict[str, float]


def _terms(article: Article) -> dict[str, float]:
    counts: dict[str, float] = defaultdict(float)
    title = article.title or ""
    for n, sentence in enumerate([*([title] * TITLE_REPEAT), *article.sentences[:LEAD_SENTENCES]]):
        for i, raw in enumerate(_WORD.findall(sentence)):
            word = _normal(raw)
            if word is None:
                continue
            # A capital inside a sentence marks a name; a headline capitalises everything, so only its
            # words that are names elsewhere count as names (they are found there too).
            name = raw[0].isupper() and i > 0 and n >= TITLE_REPEAT
            counts[word] += NAME_BOOST if name else 1.0
    return counts


@lru_cache(maxsize=1 << 16)  # news repeats its words: normalise each spelling once
def _normal(raw: str) -> str | None:
    word = raw.lower().replace("’", "'").removesuffix("'s").strip("'-")
    if word[:1].isdigit():
        return word.replace(",", "") if len(word) >= 2 else None
    if len(word) < 3 or word in _STOP:
        return None
    if word.endswith("ies") and len(word) > 5:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 4:
        return word[:-1]
    return word


def vectors(articles: Sequence[Article]) -> list[Vector]:
    """TF-IDF vectors (sublinear tf, smoothed idf), cut to each article's TOP_TERMS and L2-normalised."""
    counts = [_terms(a) for a in articles]
    df: Counter[str] = Counter(t for c in counts for t in c)
    n = len(articles)
    out = []
    for c in counts:
        weights = {t: (1 + math.log(w)) * (math.log((n + 1) / (df[t] + 1)) + 1) for t, w in c.items()}
        top = sorted(weights.items(), key=lambda tw: (-tw[1], tw[0]))[:TOP_TERMS]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        out.append({t: w / norm for t, w in top})
    return out


def _dot(a: Vector, b: Vector) -> float:
    # fsum: exact, so the order of a set of strings (which changes from process to process) cannot
    # change a score and, on a tie, the grouping.
    return math.fsum(a[t] * b[t] for t in a.keys() & b.keys())


def _pairs(vecs: list[Vector], floor: float) -> list[tuple[float, int, int]]:
    """Pairs at or above `floor` among articles that share one of their strongest terms (prefix filtering).

    Articles on one event share its names, which are among each one's strongest terms; indexing only
    those keeps the candidates few. A term strong in very many articles names no single story.
    """
    index: dict[str, list[int]] = defaultdict(list)
    for i, vec in enumerate(vecs):
        for term in list(vec)[:INDEX_TERMS]:
            index[term].append(i)
    candidates: set[tuple[int, int]] = set()
    for posting in index.values():
        if len(posting) <= POSTING_CAP:
            candidates.update(combinations(posting, 2))
        else:  # a common term: only neighbours in the posting, so a big story still links up, in linear time
            for k, i in enumerate(posting):
                candidates.update((i, j) for j in posting[k + 1 : k + 1 + POSTING_BAND])
    pairs = []
    for i, j in candidates:
        score = _dot(vecs[i], vecs[j])
        if score >= floor:
            pairs.append((score, i, j))
    return pairs


# ---- grouping --------------------------------------------------------------------------------------------


def group_articles(articles: Sequence[Article], *, threshold: float = SAME_STORY) -> list[list[Article]]:
    """Articles on the same event, grouped; each group sorted by (published, id), groups by their first id.

    Average linkage: the two groups whose articles are most alike on average merge first, while that
    average is at least `threshold`. Two groups can only reach it if some pair of their articles does,
    so only pairs above the threshold are ever looked at.
    """
    ordered = sorted(articles, key=_order)
    vecs = vectors(ordered)
    members: dict[int, list[int]] = {i: [i] for i in range(len(ordered))}  # a group is named by its first
    total: dict[int, Vector] = {i: dict(v) for i, v in enumerate(vecs)}  # the sum of its articles' vectors
    neighbours: dict[int, set[int]] = defaultdict(set)
    size = {i: 1 for i in members}  # an entry is stale once either group has grown or gone
    cohesion = {i: 1.0 for i in members}
    heap: list[tuple[float, int, int, int, int]] = []
    for score, i, j in _pairs(vecs, threshold):
        neighbours[i].add(j)
        neighbours[j].add(i)
        heap.append((-score, i, j, 1, 1))
    heapq.heapify(heap)
    while heap:
        _, a, b, size_a, size_b = heapq.heappop(heap)
        if size.get(a) != size_a or size.get(b) != size_b:
            continue  # the groups changed since: their new average was pushed then
        members[a] += members.pop(b)
        size[a] += size.pop(b)
        for term, weight in total.pop(b).items():
            total[a][term] = total[a].get(term, 0.0) + weight
        cohesion[a] = _cohesion(total[a], size[a])
        del cohesion[b]
        neighbours[a] |= neighbours.pop(b)
        neighbours[a] -= {a, b}
        for c in neighbours[a]:
            neighbours[c].discard(b)
            neighbours[c].add(a)
            average = _dot(total[a], total[c]) / (size[a] * size[c])
            # ...and near how alike each group is inside: two tight stories of one kind (two fires, two
            # elections) share a template, not an event.
            if average >= threshold and average >= COHESION * min(cohesion[a], cohesion[c]):
                first, second = min(a, c), max(a, c)
                heapq.heappush(heap, (-average, first, second, size[first], size[second]))
    groups = [[ordered[k] for k in sorted(m)] for m in members.values()]
    return sorted(groups, key=lambda g: _order(g[0]))


def _cohesion(total: Vector, size: int) -> float:
    """Mean similarity between a group's articles (1 for one article): |sum|² counts each pair twice."""
    if size < 2:
        return 1.0
    return (math.fsum(w * w for w in total.values()) - size) / (size * (size - 1))


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
    voice = {a.id: a.id for a in articles}  # union-find: one voice per outlet and per syndicated text

    def find(aid: str) -> str:
        while voice[aid] != aid:
            aid = voice[aid]
        return aid

    by_outlet: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        if article.outlet:
            by_outlet[article.outlet.strip().lower()].append(article.id)
    shared = find_syndication(articles) if syndicated is None else syndicated
    for group in [*[[aid for aid in g if aid in voice] for g in shared], *by_outlet.values()]:
        for other in group[1:]:
            voice[find(other)] = find(group[0])
    independent = len({find(a.id) for a in articles})
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
    stories = []
    for group in group_articles(articles):
        syndicated = find_syndication(group)
        kept, duplicates = merge_copies(group, syndicated=syndicated)
        stories.append(Story("", _headline(kept), kept, score_story(kept, day, syndicated=syndicated), duplicates))

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
    """The most typical headline: its words are the most often found in the story's headlines and leads."""
    titled = [a for a in articles if a.title]
    if not titled:
        return articles[0].sentences[0][:120] if articles[0].sentences else articles[0].id
    leads = [{_normal(w) for w in _WORD.findall(" ".join([a.title or "", *a.sentences[:2]]))} for a in articles]

    def typical(article: Article) -> tuple[float, int, str]:
        words = {w for w in map(_normal, _WORD.findall(article.title or "")) if w}
        found = sum(1 for w in words for lead in leads if w in lead)
        return found / (len(words) or 1), -len(article.title or ""), article.id

    best = max(titled, key=typical)
    return best.title or best.id


def _story_id(story: Story, taken: set[str]) -> str:
    """A readable id from the headline, with a short hash of its first article so it survives new arrivals."""
    words = re.findall(r"[a-z0-9]+", story.headline.lower())
    slug = "-".join(words[:6])[:48].strip("-") or "story"
    suffix = hashlib.sha1(story.articles[0].id.encode()).hexdigest()[:4]
    candidate, n = f"{slug}-{suffix}", 2
    while candidate in taken:
        candidate, n = f"{slug}-{suffix}-{n}", n + 1
    return candidate
