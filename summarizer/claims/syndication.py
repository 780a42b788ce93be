"""Find articles that carry the same copied paragraphs (agency copy): they are not independent sources."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations

from summarizer._sets import DisjointSets
from summarizer.schemas import Article

SHINGLE_WORDS = 8
MIN_SHARED_SHINGLES = 10  # about 17 words in a row: more than a stock phrase


def find_syndication(articles: Sequence[Article], *, threshold: float = 0.1) -> list[list[str]]:
    """Groups of article ids that carry the same copied paragraphs (agency copy, syndication).

    Two articles are linked when the 8-word runs (shingles) they share are at least `threshold` of the
    smaller article's, and at least MIN_SHARED_SHINGLES. The same fact told in other words, or a shared
    stock phrase or short quote, shares few or no 8-word runs.
    """
    shingles = {a.id: _shingles(a.text) for a in sorted(articles, key=lambda a: a.id)}
    holders: dict[int, list[str]] = defaultdict(list)
    for article_id, hashes in shingles.items():
        for h in hashes:
            holders[h].append(article_id)
    shared = Counter(pair for ids in holders.values() if len(ids) > 1 for pair in combinations(ids, 2))
    copies = DisjointSets(shingles)
    for (a, b), count in sorted(shared.items()):
        if count >= MIN_SHARED_SHINGLES and count >= threshold * min(len(shingles[a]), len(shingles[b])):
            copies.union(a, b)
    return sorted(group for group in copies.groups() if len(group) > 1)


def _shingles(text: str) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    return {hash(" ".join(words[i : i + SHINGLE_WORDS])) for i in range(len(words) - SHINGLE_WORDS + 1)}
