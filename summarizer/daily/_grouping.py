"""Which of a day's articles tell the same event: average linkage on degree-normalised tf-idf similarity.

Outlets tell one event in different words, at different lengths, with different background; what they share is
the event's names and rare words. So:

1. Features: the words of the title and the text (at most MAX_WORDS), weighted (1 + ln tf) x the day's idf x
   how rare the word is in English at large (wordfreq), so a name or a rare word weighs most even on a small
   day; each article keeps its TOP_TERMS strongest words, none weighing under MIN_WEIGHT.
2. Neighbours: each article's NEIGHBOURS most similar others, from sparse products a CHUNK of rows at a time
   (never an n x n matrix: 10,000 articles stay within a few hundred MB), and its mean similarity to all.
3. Degree normalising: a pair's cosine is divided by the geometric mean of the two articles' mean similarity
   to the day. An article in generic words, or on an event with wide coverage, is a little like everything
   and needs more to link; an odd one out (a transcript, a list of names) needs less. On a small day the
   means are shrunk towards a prior, so the rule becomes a plain cosine threshold; on a day mostly of one
   story they are capped (MAX_BACKGROUND), or that story would be its own background and fall apart.
4. Average linkage: the two most alike groups merge while their mean normalised similarity is at least
   SAME_STORY ("4 times the background"), and two groups of two or more only at COHESION of the looser
   group's own mean, so two stories of one kind (two fires) do not merge through their shared template.
   Linkage sees the neighbour pairs only, the others counting 0, which would split a story of more articles
   than a neighbour list: the groups are linked again on all their pairs until none join.
5. The opening: a lone article joins a group only if its opening (title and first OPENING_WORDS words) names
   a word it shares with the group's articles. What an article is about is in its title and lede; a long
   piece's tail (an interview's asides) is many topics, and a link found only there is to another event.

No model and no randomness: the same articles in any order give the same groups.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import islice

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from summarizer.language.words import topic_words_of
from summarizer.schemas import Article

MAX_WORDS = 1500  # enough to reach an article's own details; a transcript's tail only adds noise
TOP_TERMS = 100  # words kept per article
NEIGHBOURS = 20  # an article's nearest others that linkage looks at first (the rest count as 0)
CHUNK = 512  # rows per sparse product: CHUNK x n float32, 20 MB at 10,000 articles
SAME_STORY = 4.0  # times the pair's background similarity; 2.0-5.5 measure the same on real news
COHESION = 0.4  # two groups of 2+ join at no less than this share of the looser group's own mean similarity
PRIOR_WEIGHT = 100.0  # the day's mean similarity is judged as if this many more articles...
PRIOR_MEAN = 0.005  # ...sat at this mean cosine: a small day falls back to cosine >= SAME_STORY x PRIOR_MEAN
MAX_BACKGROUND = 0.03  # a mean similarity above this is a dominant story, not background: cosine >= 0.12 links
MIN_WEIGHT = 0.03  # a word below this share of an article's vector names no event (and slows every product)
OPENING_WORDS = 60  # the lede: 45-175 words measure the same on real news, 190 let a deep aside link (_Openings)

Pairs = dict[tuple[int, int], float]  # (i, j) with i < j: similarity
Merge = tuple[float, int, int]  # (-mean similarity, lower group, higher group): the smallest merges first


def group_indices(articles: Sequence[Article]) -> list[list[int]]:
    """Groups of article positions, one group per event; each group sorted, groups by their first position.

    The result depends on the order of `articles` only through ties of equal similarity: sort them first
    for a grouping that does not depend on input order.
    """
    n = len(articles)
    if n == 0:
        return []
    x, openings = _features(articles)
    pairs, degree = _neighbours(x)
    mean = (degree + PRIOR_WEIGHT * PRIOR_MEAN) / (n - 1 + PRIOR_WEIGHT)
    scale = 1 / np.sqrt(np.clip(mean, 1e-6, MAX_BACKGROUND))
    normalised = {(i, j): s * float(scale[i] * scale[j]) for (i, j), s in pairs.items()}
    groups = _average_linkage([[k] for k in range(n)], [0.0] * n, normalised, openings)
    # That linkage knew each article's NEIGHBOURS nearest only and took other pairs as 0, which splits a
    # story of more articles than that: link the groups again on all their pairs, until none join.
    y = sp.csr_matrix(sp.diags(scale.astype(np.float32)) @ x)  # y_i . y_j is the normalised similarity
    while len(regrouped := _regroup(y, groups, pairs, openings)) < len(groups):
        groups = regrouped
    return sorted(groups, key=lambda group: group[0])


# ---- features --------------------------------------------------------------------------------------------


def _features(articles: Sequence[Article]) -> tuple[sp.csr_matrix, _Openings]:
    """The articles' tf-idf rows and what their openings name (the words read are let go on return)."""
    read = [_read(article) for article in articles]
    x, vocabulary = _tfidf([counts for counts, _ in read])
    opening = [[vocabulary[w] for w in islice(counts, named) if w in vocabulary] for counts, named in read]
    return x, _Openings(x, opening)


def _read(article: Article) -> tuple[Counter[str], int]:
    """Word counts over the title and the sentences, stopping after the sentence that reaches MAX_WORDS words,
    and how many of the counted words the opening (the title and the first OPENING_WORDS words of the text)
    names: they are the first ones counted."""
    title = topic_words_of(article.title or "")
    counts = Counter(word for word in title if word is not None)
    opening = len(counts)
    read = 0  # words of the text
    for sentence in article.sentences:
        if len(title) + read >= MAX_WORDS:
            break
        found = topic_words_of(sentence)
        left = OPENING_WORDS - read  # words of the opening still to read
        if 0 < left < len(found):  # the opening ends inside this sentence
            counts.update(word for word in found[:left] if word is not None)
            opening = len(counts)
            counts.update(word for word in found[left:] if word is not None)
        else:
            counts.update(word for word in found if word is not None)
            opening = len(counts) if left >= len(found) else opening
        read += len(found)
    return counts, opening


@cache
def _english() -> dict[str, float]:
    """Word frequencies in English at large: wordfreq ships them in its wheel, nothing is downloaded.

    The "small" list (the 30,000 commonest words) measures the same as the full one on real news: rarer
    words are all rare enough to count fully.
    """
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", wordlist="small")


def _background_idf(term: str) -> float:
    """How rare the word is in English: 8 - its Zipf frequency (8 for an unknown word, a name), at least 0.5.

    The word list holds no numbers; wordfreq estimates one from its digits ("2012" 4.7, "30" 4.9), without
    which a year would count as rare as a name: on a day too small for its own idf to damp them, shared years
    and round numbers joined a court case and a shooting, and a hacking and e-waste (4 of 10 small-day mixes).
    """
    frequency = _english().get(term, 0.0)
    if frequency == 0 and any(c.isdigit() for c in term):
        from wordfreq import zipf_frequency

        return max(0.5, 8.0 - zipf_frequency(term, "en", wordlist="small"))
    return max(0.5, 8.0 - math.log10(frequency * 1e9)) if frequency > 0 else 8.0


def _tfidf(counts: Sequence[Counter[str]]) -> tuple[sp.csr_matrix, dict[str, int]]:
    """One L2-normalised row per article: (1 + ln tf) x smoothed day idf x background idf, its TOP_TERMS only;
    and the column of each word."""
    n = len(counts)
    df: Counter[str] = Counter(term for c in counts for term in c)
    weight: dict[str, float] = {}
    vocabulary: dict[str, int] = {}
    indptr, indices, data = [0], [], []
    for c in counts:
        row = []
        for term, count in c.items():
            if (w := weight.get(term)) is None:
                w = weight[term] = (math.log((n + 1) / (df[term] + 1)) + 1) * _background_idf(term)
            row.append(((1 + math.log(count)) * w, term))
        row = heapq.nlargest(TOP_TERMS, row)  # ties go to the later word: the same for any input order
        norm = math.sqrt(sum(w * w for w, _ in row)) or 1.0
        row = [(w, term) for w, term in row if w >= MIN_WEIGHT * norm] or row[:1]
        norm = math.sqrt(sum(w * w for w, _ in row)) or 1.0
        for w, term in row:
            indices.append(vocabulary.setdefault(term, len(vocabulary)))
            data.append(w / norm)
        indptr.append(len(indices))
    x = sp.csr_matrix(
        (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int32), np.asarray(indptr)),
        shape=(n, max(1, len(vocabulary))),
    )
    x.sort_indices()  # the products run a third faster on sorted rows
    return x, vocabulary


class _Openings:
    """Whether a lone article's opening names a word of a group: the link must show where the article says
    what it is about, not only in its tail.

    Measured on multinews-dev + seeds: every article's opening (even a caption's or a transcript's) names a
    word of its own event within its first 42 words, while the one tie across events found only deep in a text
    (a 1,530-word interview on many topics, and a story of Saudi oil) first shows at word 181 ("announcing"),
    then 275 ("oil"). Grouped with OPENING_WORDS from 10 to 175, no story mixes two events; from 45 to 175, F1
    is 0.993 (0.985 at 30); at 190 and up the interview joins the Saudi story (bench_grouping.py prints these).
    """

    def __init__(self, x: sp.csr_matrix, opening: list[list[int]]) -> None:
        self._x = x
        self._opening: list[tuple[int, ...]] = []  # tuples, not sets: a day may hold 10,000
        for k, words in enumerate(opening):
            kept = set(x.indices[x.indptr[k] : x.indptr[k + 1]].tolist())  # a link runs through these only
            self._opening.append(tuple(t for t in words if t in kept))

    def words(self, articles: Iterable[int]) -> set[int]:
        """The kept words of the articles."""
        x = self._x
        return {t for k in articles for t in x.indices[x.indptr[k] : x.indptr[k + 1]].tolist()}

    def of(self, article: int) -> tuple[int, ...]:
        """The article's kept words that its opening names."""
        return self._opening[article]


# ---- neighbours and linkage ------------------------------------------------------------------------------


def _neighbours(x: sp.csr_matrix) -> tuple[Pairs, npt.NDArray[np.float64]]:
    """Each article's NEIGHBOURS most similar others (cosine > 0) as pairs, and its summed cosine to all others."""
    n = x.shape[0]
    xt = x.T.tocsr()
    # Summed cosine to all others, without the n x n products: x_i . (sum of all rows) - x_i . x_i
    squares = np.asarray(x.multiply(x).sum(axis=1), dtype=np.float64).ravel()
    degree = np.asarray(x @ np.asarray(x.sum(axis=0), dtype=np.float64).ravel()).ravel() - squares
    pairs: Pairs = {}
    for start in range(0, n, CHUNK):
        block = sp.csr_matrix(x[start : start + CHUNK] @ xt)  # sparse: most articles share no strong word
        for row in range(block.shape[0]):
            me = start + row
            others = block.indices[block.indptr[row] : block.indptr[row + 1]]
            values = block.data[block.indptr[row] : block.indptr[row + 1]]
            keep = others != me
            others, values = others[keep], values[keep]
            if len(values) > NEIGHBOURS:
                nearest = np.argpartition(values, -NEIGHBOURS)[-NEIGHBOURS:]
                others, values = others[nearest], values[nearest]
            pairs.update(((min(me, j), max(me, j)), v) for j, v in zip(others.tolist(), values.tolist(), strict=True))
    return pairs, degree


def _regroup(y: sp.csr_matrix, groups: list[list[int]], pairs: Pairs, openings: _Openings) -> list[list[int]]:
    """Average linkage over the groups, each pair of neighbouring groups scored on all its article pairs."""
    label = np.empty(y.shape[0], dtype=np.int64)
    for g, members in enumerate(groups):
        label[members] = g
    membership = sp.csr_matrix((np.ones(len(label), dtype=np.float32), (label, np.arange(len(label)))))
    sums = sp.csr_matrix(membership @ y)  # each group's summed rows: sums_g . sums_h is their total similarity
    adjacent = {(min(a, b), max(a, b)) for i, j in pairs if (a := int(label[i])) != (b := int(label[j]))}
    # A group of more articles than a neighbour list can fill its members' lists with its own (a wire story
    # carried word for word): it is compared with every group it shares a word with, not only its neighbours.
    if big := [g for g, members in enumerate(groups) if len(members) > NEIGHBOURS]:
        shared = sp.coo_matrix(sums[big] @ sums.T)
        adjacent |= {
            (min(a, b), max(a, b))
            for a, b in zip(np.asarray(big)[shared.row].tolist(), shared.col.tolist(), strict=True)
            if a != b
        }
    if not adjacent:
        return groups
    squares = np.asarray(y.multiply(y).sum(axis=1)).ravel()  # each article with itself, not a pair
    own = (np.asarray(sums.multiply(sums).sum(axis=1)).ravel() - membership @ squares) / 2
    between: Pairs = {}
    ordered = sorted(adjacent)
    firsts = np.asarray([a for a, _ in ordered])
    for start in range(0, len(groups), CHUNK):
        chosen = [pair for pair, first in zip(ordered, firsts, strict=True) if start <= first < start + CHUNK]
        if chosen:
            block = (sums[start : start + CHUNK] @ sums.T).toarray()
            between.update((pair, float(block[pair[0] - start, pair[1]])) for pair in chosen)
    merged = _average_linkage(groups, own.tolist(), between, openings, larger_than=NEIGHBOURS)
    return [sorted(i for g in group for i in groups[g]) for group in merged]


def _average_linkage(
    articles: list[list[int]], inside: list[float], pairs: Pairs, openings: _Openings, *, larger_than: int = 0
) -> list[list[int]]:
    """Merge the two most alike groups while their mean pairwise similarity is at least SAME_STORY and, when
    both have two or more articles, at least COHESION x the looser group's own mean; a lone article only if
    its opening names a word of the other group. Ties go to lower numbers.

    Node k starts as a group of the articles[k] whose own pairs add up to inside[k]; `pairs` are the total
    similarities between nodes (a missing pair is 0). Returns the groups of nodes. With larger_than, only
    merges into a group of more articles than that count, and lone articles face the cohesion check too.
    """
    sizes = [len(group) for group in articles]
    between: dict[int, dict[int, float]] = defaultdict(dict)  # total similarity between two groups
    for (i, j), s in pairs.items():
        between[i][j] = between[j][i] = s
    nodes = range(len(sizes))
    members = {k: [k] for k in nodes}  # a group is named by its lowest node
    size, total = dict(enumerate(sizes)), dict(enumerate(inside))
    # Each group queues only its best merge, (-mean, lower, higher): the queue stays as small as the groups.
    best: dict[int, Merge | None] = dict.fromkeys(nodes)
    version = dict.fromkeys(nodes, 0)  # a queued entry is stale once its group's best has changed
    queue: list[tuple[float, int, int, int, int]] = []

    def own_mean(group: int) -> float:
        return math.inf if size[group] < 2 else 2 * total[group] / (size[group] * (size[group] - 1))

    tight = {k: own_mean(k) for k in nodes}  # each group's own mean similarity, kept up to date
    opening = [openings.of(group[0]) if len(group) == 1 else () for group in articles]
    words: dict[int, set[int]] = {}  # a group's kept words, read when a lone article would first join it

    def words_of(group: int) -> set[int]:
        if (found := words.get(group)) is None:
            found = words[group] = openings.words(k for node in members[group] for k in articles[node])
        return found

    def best_merge(a: int, candidates: Iterable[int]) -> Merge | None:
        """The best of a's merges with the candidates that pass the threshold and the cohesion check."""
        found: Merge | None = None
        row, size_a, tight_a = between[a], size[a], tight[a]
        for c in candidates:
            size_c = size[c]
            mean = row[c] / (size_a * size_c)
            if mean < SAME_STORY or size_a + size_c <= larger_than:
                continue
            lone = (size_a == 1 or size_c == 1) and not larger_than
            if not lone and mean < COHESION * min(tight_a, tight[c]):
                continue
            key = (-mean, a, c) if a < c else (-mean, c, a)
            if found is not None and key > found:
                continue
            # A lone article joins only if its opening names a word of the other group (checked last: it reads
            # the group's words).
            if (size_a == 1 and words_of(c).isdisjoint(opening[a])) or (
                size_c == 1 and words_of(a).isdisjoint(opening[c])
            ):
                continue
            found = key
        return found

    def offer(a: int, key: Merge | None) -> None:
        best[a] = key
        version[a] += 1
        if key is not None:
            heapq.heappush(queue, (*key, a, version[a]))

    def refresh(a: int) -> None:
        offer(a, best_merge(a, between[a]))

    for k in nodes:
        refresh(k)
    while queue:
        negative_mean, a, b, group, stamp = heapq.heappop(queue)
        if version.get(group) != stamp:
            continue
        if {a, b} - size.keys() or best_merge(a, [b]) != (negative_mean, a, b):  # the other group has changed
            refresh(group)
            continue
        row_a, row_b = between[a], between.pop(b)
        total[a] += total.pop(b) + row_a.pop(b, 0.0)
        row_b.pop(a, None)
        if a in words or b in words:  # kept up to date once read: each article's words are read once
            smaller, larger = sorted((words_of(a), words_of(b)), key=len)
            larger |= smaller
            words[a] = larger
            del words[b]
        members[a] += members.pop(b)
        size[a] += size.pop(b)
        tight[a] = own_mean(a)
        del version[b], best[b], tight[b]
        for c, s in row_b.items():
            row_a[c] = row_a.get(c, 0.0) + s
            del between[c][b]
        for c, s in row_a.items():
            between[c][a] = s
        refresh(a)
        for c in row_a:
            was = best[c]
            if was is not None and (was[1] in (a, b) or was[2] in (a, b)):
                refresh(c)  # its best merge was with a or b: any other may be best now
            elif (key_c := best_merge(c, [a])) is not None and (was is None or key_c < was):
                offer(c, key_c)
    return [sorted(group) for group in members.values()]
