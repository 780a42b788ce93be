"""The cheapest briefing a reader could make instead: the lead sentences, no model at all.

Round-robin over the articles (the first sentence of every article, then the second of every article, and
so on), each sentence cited to its article, cut at a given number of words. Every eval report scores it
beside the pipeline's briefing at the same length, so the report says whether the model earns its cost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import zip_longest

from summarizer.schemas import Article, Briefing, BriefSentence, Meta, Section, Source


def briefing_words(briefing: Briefing) -> int:
    """Words a reader reads: the lede and every section sentence (headings and citations left out)."""
    return sum(len(s.text.split()) for s in briefing.all_sentences())


def lead_briefing(articles: Sequence[Article], words: int) -> Briefing:
    """The lead baseline at `words` words: round-robin first sentences, the last one cut to fit."""
    sentences: list[BriefSentence] = []
    left = words
    for row in zip_longest(*(a.sentences for a in articles)):
        for article, text in zip(articles, row, strict=True):
            if text is None or left <= 0:
                continue
            kept = text.split()[:left]
            left -= len(kept)
            sentences.append(BriefSentence(text=" ".join(kept), citations=[article.id]))
        if left <= 0:
            break
    return Briefing(
        title="Lead sentences",
        sections=[Section(heading="Lead sentences", sentences=sentences)],
        sources=[Source(id=a.id, title=a.title) for a in articles],
        meta=Meta(model="none", mode="lead", generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0)),
    )
