"""The story grouping that `find_stories` used before issue 10, kept only so bench_grouping.py can print
the before/after table. The product ships the winner (summarizer/daily/_grouping.py); nothing imports this.

TF-IDF over each article's headline (counted twice) and first six sentences, capitalised words weighted up,
40 terms per article; candidate pairs from an inverted index of each article's 12 strongest terms; average
linkage at mean cosine 0.3 with a cohesion check at 0.5. Precise on real news (P 1.00) but it splits an event
told in different words (R 0.56 on multinews-dev): the opening sentences of two outlets share few words.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache
from itertools import combinations

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
