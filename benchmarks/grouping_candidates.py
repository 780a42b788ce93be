"""Candidate story-grouping functions for issue 10 (prototype code, measured by bench_grouping.py).

Each candidate takes articles (anything with .id, .title, .sentences) and returns groups of them: lists of
articles, every article in exactly one group. None imports the product, so the product's modules can move.

- `sklearn_agglomerative` (a): scikit-learn TfidfVectorizer + AgglomerativeClustering (average linkage,
  cosine distance threshold), as issue 10 measured it. Dense: fine on a hundred articles, quadratic memory
  beyond (10,000 articles: a 400 MB condensed distance matrix plus a dense term matrix), so real set only.
- `sparse_average_linkage`: plain cosine average linkage on the features below, for comparison.
- `normalized_average_linkage` (b, the winner):
  1. features: words of the title and all sentences (debris lines stripped, at most 1,500 words), English stop
     words out; weight = (1 + ln tf) x day idf x background idf (8 - wordfreq's Zipf frequency: how rare the
     word is in English at large, so names weigh most even on a small day); each article keeps its 100
     strongest terms, L2-normalised (scipy CSR matrix).
  2. neighbours: rows times the transposed matrix 512 rows at a time (512 x n float32, 20 MB at n = 10,000;
     never n x n): each article's 30 most similar others, and its summed cosine to all others (its degree).
  3. degree normalising: s_ij / sqrt(m_i m_j), m_i = article i's mean cosine to the day's other articles,
     shrunk towards PRIOR_MEAN as if PRIOR_WEIGHT more articles sat there (a small day: plain cosine >=
     threshold x PRIOR_MEAN). An article whose wording is generic, or whose event has wide coverage, needs
     more to link; an odd one out (an interview transcript, a forum post, a list of judges) needs less.
  4. average linkage over the neighbour pairs (a missing pair counts 0): merge the two most alike groups while
     their mean normalised similarity is >= threshold (4: "4 times the background") and, for two groups of
     2+, >= COHESION x the looser group's own mean (two tight stories of one kind, sharing a template, do not
     merge: needed on the synthetic days, neutral on the real set). Deterministic.
- `attach_singletons`: tried (a lone article joins the group whose centroid it is most like, with a margin
  over the next group): no gain once the linkage is degree-normalised; kept for the record.

DEBRIS_PATTERNS below lists the scraping debris found in the 99 multinews-dev articles and the 5 seeds.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
import scipy.sparse as sp


class ArticleLike(Protocol):
    id: str
    title: str | None
    sentences: list[str]


# ---- scraping debris -------------------------------------------------------------------------------------
#
# Found by scanning every line of the 99 dev articles and 5 seeds: lines under 120 characters that repeat
# across files, and all lines matching newsletter / playback / gallery / credit / timestamp / share / follow /
# cookie / advertisement words. Each entry: (name, pattern, whole_line, examples caught in the data, notes).
# whole_line=True: the pattern must match the whole (stripped) line, which is then dropped.
# whole_line=False: the matched span is cut out of the line and the rest kept (debris glued to a sentence).
# "false positives checked": lines of real prose in the 104 files that the pattern would also hit (after
# reading every hit): 0 for all of them unless noted. Counts are lines hit in the 104 files.

DEBRIS_PATTERNS: list[tuple[str, str, bool, list[str], str]] = [
    (
        "media playback (BBC video stub and its caption)",
        r"Media playback is unsupported on your device(?:\s+Media caption\b.*)?",
        False,
        [
            "Media playback is unsupported on your device Media caption Lauri Love case 'victory for justice'",
            "Media playback is unsupported on your device Media caption Elizabeth Warren mauls 'gutless' Wells "
            "Fargo boss",
            "Media playback is unsupported on your device",
        ],
        "6 lines; the caption (a video title) goes to the line end. 0 false positives",
    ),
    (
        "image copyright / caption (BBC)",
        r"Image copyright\s.*",
        False,
        [
            "Image copyright AFP",
            "Image copyright Getty Images Image caption Bitcoin's value has fluctuated sharply over the last four "
            "years",
            "Image copyright Ritzau Foto Image caption Kim Wall boarded Peter Madsen's submarine Nautilus on 10 "
            "August, and ...",
        ],
        "12 lines, each a line of its own; photo captions are not the story's sentences. 0 false positives",
    ),
    (
        "advertisement",
        r"Advertisement(?:\s+Continue reading the main story)?|Story continues below advertisement"
        r"|Story Continued Below",
        True,
        [
            "Advertisement",
            "Story continues below advertisement",
            "Advertisement Continue reading the main story",
            "Story Continued Below",
        ],
        "15 whole lines; 1 more 'Advertisement' glued after a sentence (row067 article_1) is left. 0 false positives",
    ),
    (
        "newsletter / sign-up / breaking-news e-mails",
        r"(?:Get [^.]{0,40}Newsletter|The most reliable politics newsletter|Morning Score newsletter"
        r"|Breaking News Emails).*(?:unsubscribe at any time\.|Subscribe|special reports\.|Sign Up)",
        False,
        [
            "Get Vanity Fair's HWD Newsletter Sign up for essential industry and award news from Hollywood. "
            "E-mail Address Subscribe",
            "The most reliable politics newsletter. Sign up for POLITICO Playbook and get the latest news, every "
            "morning — in your inbox. Email Sign Up By signing up you agree to receive email newsletters or "
            "alerts from POLITICO. You can unsubscribe at any time.",
            "Morning Score newsletter Your guide to the permanent campaign — weekday mornings, in your inbox. "
            "Email Sign Up ... You can unsubscribe at any time.",
            "Breaking News Emails Get breaking news alerts and special reports. (the brief's example; 0 here)",
        ],
        "3 lines. 0 false positives",
    ),
    (
        "follow / share / e-mail / related links",
        r"Follow [A-Z][\w .@&+]{0,60}on (?:Twitter|Facebook)[^\n]*"
        r"|Read or Share this story: \S+"
        r"|E-mail this to a friend »"
        r"|\bRead more:?\s*$"
        r"|^RELATED:?\s*$",
        False,
        [
            "Follow Tanya Lewis on Twitterand Google+. Follow us @livescience, Facebook& Google+. Original article "
            "on LiveScience.",
            "Follow CNN Health on Facebook and Twitter See the latest news and share your comments with CNN Health "
            "on Facebook and Twitter.",
            "Contributing: The Associated Press. Follow WFAA on Twitter: @wfaa  (the 'Follow ...' part only)",
            "Read or Share this story: https://usat.ly/2BuQzEV",
            "E-mail this to a friend »",
            "Read more:",
            "RELATED:",
        ],
        "12 lines. 'Read more: <headline>' link lines (5) are left: they name related stories. 0 false positives",
    ),
    (
        "video / gallery / transcript controls",
        r"Hide Transcript Show Transcript|WEBVTT\b.*|View Slideshow|Slideshow \(\d+ Images?\)"
        r"|Enlarge this image toggle caption.*|^Story highlights\b|^CLOSE\s.*",
        False,
        [
            "Hide Transcript Show Transcript",
            "WEBVTT MAX: WE'RE GOING TO BE ONTRAVERSE CREEK, AND THIS IS AWELL-KNOWN AREA ... (a video transcript)",
            "Slideshow (6 Images)",
            "Enlarge this image toggle caption Justin Sullivan/Getty Images Justin Sullivan/Getty Images",
            "CLOSE Tesla stock fell after reports of the electric cars catching fire after striking road debris "
            "VPC  (USA Today video blurb)",
            "Story highlights Third storm-related death announced in Kansas  ('Story highlights' only)",
            "View Slideshow (the brief's example; 0 here)",
        ],
        "8 lines. 0 false positives",
    ),
    (
        "photo credit line",
        r"(?:Photo|Credit|Image|Photograph)s?\s*:\s*[^.]{0,80}"
        r"|(?:[A-Z][\w.'-]+ ){0,3}[A-Z][\w.'-]*\s*/\s*(?:Getty Images|AFP|Reuters|AP)(?:\s*/\s*[\w .-]+)*"
        r"|Getty Images(?:\s*/\s*[\w .-]+)+"
        r"|\[?[Ii]mage (?:via|vis) [^\]]*\]?"
        r"|Photo",
        True,
        [
            "Photo: Frazer Harrison/Getty Images",
            "Photo",
            "Getty Images / DANIEL LEAL-OLIVAS / Contributor",
            "Astrid Stawiarz/Getty Images",
            "[Image via AP]",
            "[image vis screengrab]",
        ],
        "8 whole lines; credits glued to a caption sentence ('... (Photo: AP)') are the loader's caption rule's. "
        "0 false positives",
    ),
    (
        "copyright / e-mail byline / agency initials / contributor line",
        r"©\s*(?:Copyright\s+)?\d{4}.*|\S+@\S+\.\w+|[a-z]{2,4}/[a-z]{2,4} \([A-Za-z, ]+\)"
        r"|(?:[A-Z][\w.-]+ ?){1,8}contributed to this report\.",
        True,
        [
            "© Copyright 2009 Globe Newspaper Company.",
            "© 2018 KREM-TV",
            "rmccoppin@chicagotribune.com",
            "mkg/msh (AFP, dpa, AP)",
            "The Associated Press contributed to this report.",
        ],
        "5 whole lines; 'X in Washington and Y in Islamabad contributed to this report.' (2) are kept: harmless. "
        "0 false positives",
    ),
    (
        "bare time / update stamp (live blogs)",
        r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?|UPDATED? \d{1,2}[:.]\d{2} ?[AP]M\b.*"
        r"|Updated \d{1,2}:\d{2} [A-Z]{2,4}, .*\d{4}",
        True,
        [
            "12:30 p.m.",
            "10:15 a.m.",
            "UPDATED 5:30 PM WITH MORE DETAILS",
            "Updated 18:04 IST, November 29th 2024",
            "19:29 (the brief's example)",
        ],
        "5 lines (3 AP 'The Latest' timestamps). 0 false positives",
    ),
    (
        "forum chrome and separators",
        r"Offline|Online|Activity: \d+|Merit: \d+|_{3,}|—",
        True,
        ["Offline", "Activity: 199", "Merit: 319", "___", "—"],
        "32 lines (a bitcointalk page, AP separators). 0 false positives",
    ),
    (
        "cookie / consent",
        r"(?:We use cookies|This (?:site|website) uses cookies|By (?:using|continuing)[^.]{0,60}cookies)[^\n]*",
        False,
        ["(none in these 104 files; for live scraping)"],
        "0 lines",
    ),
]

_WHOLE = re.compile("|".join(f"(?:{p})" for _, p, whole, _, _ in DEBRIS_PATTERNS if whole))
_WHOLE_MAX = 200  # whole-line debris is short: longer lines skip the whole-line test
_SPANS = [re.compile(p) for _, p, whole, _, _ in DEBRIS_PATTERNS if not whole]


def strip_debris(line: str) -> str:
    """The line without scraping debris: "" when it is all debris."""
    line = " ".join(line.split())
    if len(line) <= _WHOLE_MAX and _WHOLE.fullmatch(line):
        return ""
    for pattern in _SPANS:
        line = pattern.sub(" ", line)
    line = " ".join(line.split())
    return "" if len(line) <= _WHOLE_MAX and _WHOLE.fullmatch(line) else line


def debris_hits(lines: Sequence[str]) -> Counter[str]:
    """How many lines each pattern changes (for the catalogue's counts)."""
    hits: Counter[str] = Counter()
    for line in lines:
        line = " ".join(line.split())
        for name, pattern, whole, _, _ in DEBRIS_PATTERNS:
            regex = re.compile(pattern)
            if regex.fullmatch(line) if whole else regex.search(line):
                hits[name] += 1
    return hits


# ---- features --------------------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w'’-]*\w|\d[\d,.]*\d|[A-Za-z]")
# scikit-learn's English stop words plus news and calendar words that every story uses.
_STOP = frozenset(
    """a about above across after afterwards again against all almost alone along already also although always am
    among amongst amoungst amount an and another any anyhow anyone anything anyway anywhere are around as at back be
    became because become becomes becoming been before beforehand behind being below beside besides between beyond
    bill both bottom but by call can cannot cant co con could couldnt cry de describe detail do done down due during
    each eg eight either eleven else elsewhere empty enough etc even ever every everyone everything everywhere except
    few fifteen fifty fill find fire first five for former formerly forty found four from front full further get give
    go had has hasnt have he hence her here hereafter hereby herein hereupon hers herself him himself his how however
    hundred i ie if in inc indeed interest into is it its itself keep last latter latterly least less ltd made many
    may me meanwhile might mill mine more moreover most mostly move much must my myself name namely neither never
    nevertheless next nine no nobody none noone nor not nothing now nowhere of off often on once one only onto or
    other others otherwise our ours ourselves out over own part per perhaps please put rather re same see seem seemed
    seeming seems serious several she should show side since sincere six sixty so some somehow someone something
    sometime sometimes somewhere still such system take ten than that the their them themselves then thence there
    thereafter thereby therefore therein thereupon these they thick thin third this those though three through
    throughout thru thus to together too top toward towards twelve twenty two un under until up upon us very via was
    we well were what whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever
    whether which while whither who whoever whole whom whose why will with within without would yet you your yours
    yourself yourselves said says say told according added including just like did does don didn doesn new
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow week weeks year years day days
    month months time mr mrs ms dr percent people""".split()
)


@lru_cache(maxsize=1 << 17)
def _normal(raw: str) -> str | None:
    word = raw.lower().replace("’", "'").removesuffix("'s").strip("'-")
    if len(word) < 2 or word in _STOP:
        return None
    if word[:1].isdigit():
        return word.replace(",", "")
    return word


def article_lines(article: ArticleLike, *, debris: bool = True) -> list[str]:
    """Title and sentences, debris stripped (debris=True) or as given."""
    lines = [article.title or "", *article.sentences]
    return [kept for line in lines if (kept := strip_debris(line) if debris else line)]


def term_counts(
    article: ArticleLike, *, lead: int | None = None, max_words: int = 1500, debris: bool = True
) -> Counter[str]:
    """Word counts over the title and the first `lead` sentences (all when None), at most max_words words."""
    counts: Counter[str] = Counter()
    words = 0
    lines = article_lines(article, debris=debris)
    for line in lines if lead is None else lines[: lead + 1]:
        for raw in _WORD.findall(line):
            words += 1
            if (term := _normal(raw)) is not None:
                counts[term] += 1
        if words >= max_words:
            break
    return counts


_BACKGROUND: dict[str, float] | None = None


def background_idf(term: str) -> float:
    """How rare the word is in English at large (wordfreq): 8 - zipf, floored at 0.5 (unknown words: 8)."""
    global _BACKGROUND
    if _BACKGROUND is None:
        from wordfreq import get_frequency_dict

        _BACKGROUND = get_frequency_dict("en")
    freq = _BACKGROUND.get(term, 0.0)
    zipf = math.log10(freq * 1e9) if freq > 0 else 0.0
    return max(0.5, 8.0 - zipf)


def tfidf(
    counts: Sequence[Counter[str]], *, background: bool = True, top_terms: int | None = 100, power: float = 1.0
) -> sp.csr_matrix:
    """Rows L2-normalised: sublinear tf x smoothed day idf (x background idf), each row cut to its top terms."""
    n = len(counts)
    df: Counter[str] = Counter(t for c in counts for t in c)
    vocab: dict[str, int] = {}
    weight: dict[str, float] = {}
    indptr, indices, data = [0], [], []
    for c in counts:
        row = []
        for term, count in c.items():
            w = weight.get(term)
            if w is None:
                w = math.log((n + 1) / (df[term] + 1)) + 1
                if background:
                    w *= background_idf(term) ** power
                weight[term] = w
            row.append(((1 + math.log(count)) * w, term))
        if top_terms is not None and len(row) > top_terms:
            row = heapq.nlargest(top_terms, row)
        norm = math.sqrt(sum(w * w for w, _ in row)) or 1.0
        for w, term in row:
            indices.append(vocab.setdefault(term, len(vocab)))
            data.append(w / norm)
        indptr.append(len(indices))
    return sp.csr_matrix(
        (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int32), np.asarray(indptr)),
        shape=(n, max(1, len(vocab))),
    )


# ---- neighbours and linkage ------------------------------------------------------------------------------


def neighbour_pairs(
    x: sp.csr_matrix, *, k: int = 30, floor: float = 0.0, chunk: int = 512
) -> tuple[dict[tuple[int, int], float], np.ndarray]:
    """Each article's k most similar others (cosine > floor), as {(i, j): cosine} with i < j, and each article's
    summed cosine to all others (its degree).

    Rows are multiplied a chunk at a time (chunk x n float32: 20 MB at n = 10,000), never n x n.
    """
    n = x.shape[0]
    xt = x.T.tocsr()
    degree = np.zeros(n)
    pairs: dict[tuple[int, int], float] = {}
    kk = min(k, n - 1)
    for start in range(0, n, chunk):
        block = (x[start : start + chunk] @ xt).toarray()
        rows = np.arange(block.shape[0])
        block[rows, rows + start] = 0.0  # not oneself
        degree[start : start + len(rows)] = block.sum(axis=1)
        if kk <= 0:
            continue
        top = np.argpartition(-block, kk - 1, axis=1)[:, :kk]
        values = np.take_along_axis(block, top, axis=1).ravel()
        rows_i = np.repeat(np.arange(start, start + len(rows)), kk)
        cols_j = top.ravel()
        keep = values > floor
        low, high = np.minimum(rows_i, cols_j)[keep], np.maximum(rows_i, cols_j)[keep]
        pairs.update(zip(zip(low.tolist(), high.tolist(), strict=True), values[keep].tolist(), strict=True))
    return pairs, degree


def average_linkage(
    n: int, pairs: dict[tuple[int, int], float], threshold: float, *, cohesion: float = 0.0, lone: bool = False
) -> list[list[int]]:
    """Average linkage over the given pairs (others count 0): merge the most alike two groups while their mean
    pairwise similarity is >= threshold and, for groups of two or more, >= `cohesion` x the looser group's own
    mean pairwise similarity (so two tight stories of one kind, sharing a template, stay apart).
    Deterministic: ties go to the lower indices."""
    sums: dict[int, dict[int, float]] = defaultdict(dict)  # sums[a][b]: total similarity between groups a, b
    for (i, j), s in pairs.items():
        sums[i][j] = s
        sums[j][i] = s
    size = dict.fromkeys(range(n), 1)
    inside = dict.fromkeys(range(n), 0.0)  # total similarity between a group's own members
    members = {i: [i] for i in range(n)}
    version = dict.fromkeys(range(n), 0)
    heap = [(-s, i, j, 0, 0) for (i, j), s in pairs.items() if s >= threshold]
    heapq.heapify(heap)

    def tight(g: int) -> float:
        return math.inf if size[g] < 2 else 2 * inside[g] / (size[g] * (size[g] - 1))

    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if version.get(a) != va or version.get(b) != vb:
            continue
        row_b = sums.pop(b, {})
        row_a = sums[a]
        inside[a] += inside.pop(b) + row_a.pop(b, 0.0)
        row_b.pop(a, None)
        members[a] += members.pop(b)
        size[a] += size.pop(b)
        del version[b]
        version[a] += 1
        for c, s in row_b.items():
            row_a[c] = row_a.get(c, 0.0) + s
            del sums[c][b]
        for c, s in row_a.items():
            sums[c][a] = s
            mean = s / (size[a] * size[c])
            if mean >= threshold and ((size[c] < 2 and lone) or mean >= cohesion * min(tight(a), tight(c))):
                first, second = (a, c) if a < c else (c, a)
                heapq.heappush(heap, (-mean, first, second, version[first], version[second]))
    return [sorted(m) for m in members.values()]


def attach_singletons(x: sp.csr_matrix, groups: list[list[int]], *, floor: float, ratio: float) -> list[list[int]]:
    """A lone article joins the group whose centroid it is most like, if that cosine is >= floor and at least
    `ratio` times its cosine to the next most like group (alone it is a story of its own)."""
    big = [g for g in groups if len(g) > 1]
    lone = [g[0] for g in groups if len(g) == 1]
    if not big or not lone:
        return groups
    rows, cols = [], []
    for c, g in enumerate(big):
        rows += [c] * len(g)
        cols += g
    centroids = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(big), x.shape[0])) @ x
    norms = np.sqrt(np.asarray(centroids.multiply(centroids).sum(axis=1)).ravel())
    centroids = sp.diags((1 / np.maximum(norms, 1e-12)).astype(np.float32)) @ centroids
    sims = (x[lone] @ centroids.T).toarray()
    out = [list(g) for g in big]
    keep = []
    for r, i in enumerate(lone):
        order = np.argsort(-sims[r], kind="stable")[:2]
        best = float(sims[r, order[0]])
        second = float(sims[r, order[1]]) if len(order) > 1 else 0.0
        if best >= floor and best >= ratio * second:
            out[int(order[0])].append(i)
        else:
            keep.append([i])
    return [sorted(g) for g in out] + keep


# ---- candidates ------------------------------------------------------------------------------------------

Groups = list[list[Any]]
THRESHOLD = 4.0  # times the pair's background similarity; 2.0-5.5 all measure the same on the real set
COHESION = 0.4  # two groups of 2+ join only at >= this share of the looser group's own mean similarity
PRIOR_WEIGHT = 100.0  # pseudo-articles...
PRIOR_MEAN = 0.005  # ...at this mean cosine: a small day is judged on plain cosine >= threshold * PRIOR_MEAN


def sparse_average_linkage(
    articles: Sequence[ArticleLike],
    *,
    threshold: float = 0.08,
    background: bool = False,
    lead: int | None = None,
    top_terms: int | None = 100,
    k: int = 30,
    attach: tuple[float, float] | None = None,
    debris: bool = True,
) -> Groups:
    """Plain cosine average linkage on sparse neighbours (a global cosine threshold), for comparison."""
    if not articles:
        return []
    counts = [term_counts(a, lead=lead, debris=debris) for a in articles]
    x = tfidf(counts, background=background, top_terms=top_terms)
    pairs, _ = neighbour_pairs(x, k=k)
    groups = average_linkage(len(articles), pairs, threshold)
    if attach is not None:
        groups = attach_singletons(x, groups, floor=attach[0], ratio=attach[1])
    groups.sort(key=lambda g: g[0])
    return [[articles[i] for i in g] for g in groups]


def normalized_average_linkage(
    articles: Sequence[ArticleLike],
    *,
    threshold: float = THRESHOLD,
    top_terms: int | None = 100,
    background: bool = True,
    lead: int | None = None,
    k: int = 30,
    prior: tuple[float, float] = (PRIOR_WEIGHT, PRIOR_MEAN),
    cohesion: float = COHESION,
    power: float = 1.0,
    lone: bool = True,
    attach: tuple[float, float] | None = None,
    debris: bool = True,
) -> Groups:
    """Candidate (b): average linkage on degree-normalised cosine, s_ij / sqrt(m_i m_j), where m_i is article
    i's mean cosine to the day's other articles (shrunk towards PRIOR_MEAN as if PRIOR_WEIGHT more articles
    sat at it, so a small day is judged on plain cosine). `threshold` is in "times the mean similarity" units.
    """
    if not articles:
        return []
    n = len(articles)
    counts = [term_counts(a, lead=lead, debris=debris) for a in articles]
    x = tfidf(counts, background=background, top_terms=top_terms, power=power)
    pairs, degree = neighbour_pairs(x, k=k)
    weight, mean0 = prior
    mean = (degree + weight * mean0) / max(1e-9, n - 1 + weight)
    scale = 1 / np.sqrt(np.maximum(mean, 1e-6))
    normal = {(i, j): s * scale[i] * scale[j] for (i, j), s in pairs.items()}
    groups = average_linkage(n, normal, threshold, cohesion=cohesion, lone=lone)
    if attach is not None:
        groups = attach_singletons(x, groups, floor=attach[0], ratio=attach[1])
    groups.sort(key=lambda g: g[0])
    return [[articles[i] for i in g] for g in groups]


def sklearn_agglomerative(
    articles: Sequence[ArticleLike], *, distance: float = 0.85, sublinear: bool = False, debris: bool = False
) -> Groups:
    """The candidate (a) as issue 10 measured it: default TfidfVectorizer (English stop words) on the title and
    text, AgglomerativeClustering(metric="cosine", linkage="average", distance_threshold=distance). Dense."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(articles) < 2:
        return [[a] for a in articles]
    texts = ["\n".join(article_lines(a, debris=debris)) for a in articles]
    x = TfidfVectorizer(stop_words="english", sublinear_tf=sublinear).fit_transform(texts)
    labels = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=distance
    ).fit_predict(x.toarray())
    groups: dict[int, list[Any]] = defaultdict(list)
    for article, label in zip(articles, labels, strict=True):
        groups[int(label)].append(article)
    return list(groups.values())


Candidate = Callable[[Sequence[ArticleLike]], Groups]
