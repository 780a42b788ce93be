"""A daily that reads in minutes: each story in its few most telling sentences, within a word budget for the day.

Ten stories briefed in full run to some 4,000 words, a quarter of an hour's reading. The digest opens the daily:
the top story in about `TOP_WORDS` words, each other in `OTHER_WORDS` as the day's budget allows, every sentence
cited as in the full briefing it is taken from (which follows, one link away). Stories past the budget keep their
headline and link. A continuing story's digest opens with what changed since it was last briefed.
"""

from __future__ import annotations

from collections.abc import Sequence

from summarizer._sets import overlap
from summarizer.language.numbers import numbers_in
from summarizer.language.words import common_form, content_words
from summarizer.schemas import Briefing, BriefSentence

__all__ = ["CHANGED", "DAY_WORDS", "OTHER_WORDS", "TOP_WORDS", "budgets", "digest"]

DAY_WORDS = 600  # the digest of the whole day: about three minutes at 200 words a minute
TOP_WORDS = 180  # the top story's digest
OTHER_WORDS = (60, 100)  # each other story's: the day's words left, shared, within these bounds
CHANGED = "What changed since"  # a continuing story's first section, "What changed since 28 Nov 2024"
SAID_SHARE = 0.5  # of a sentence's words the digest's earlier sentences of the story say: it adds too little
_PIPELINE_PARTS = ("Timeline",)  # dates the full briefing lists; a digest tells the news, not its calendar


def budgets(stories: int, words: int = DAY_WORDS) -> list[int]:
    """Each story's digest words, in rank order: the top story `TOP_WORDS` (or all of a smaller budget), the
    others an equal share of the rest between `OTHER_WORDS`, and 0 (headline only) once the day's words are spent.

    >>> budgets(10)
    [180, 60, 60, 60, 60, 60, 60, 60, 0, 0]
    >>> budgets(3)
    [180, 100, 100]
    """
    if stories <= 0 or words <= 0:
        return [0] * max(stories, 0)
    top = min(TOP_WORDS, words)
    low, high = OTHER_WORDS
    share = max(low, min(high, (words - top) // max(stories - 1, 1)))
    out, left = [top], words - top
    for _ in range(stories - 1):
        out.append(share if left >= share else 0)
        left -= out[-1]
    return out


def digest(briefing: Briefing, words: int) -> list[BriefSentence]:
    """The briefing's most telling sentences within about `words` words: what changed (for a continuing story),
    the lede, then each section's first sentence, then each one's second, and so on; a sentence too long for
    what is left is passed over for a shorter one. The first always stands, whatever its length."""
    if words <= 0:
        return []
    changed = [
        s for section in briefing.sections if section.heading.startswith("What changed") for s in section.sentences
    ]
    rest = [
        section.sentences
        for section in briefing.sections
        if not section.heading.startswith("What changed") and section.heading not in _PIPELINE_PARTS
    ]
    ordered = [*changed, *([briefing.lede] if briefing.lede else []), *_by_rank(rest)]
    chosen: list[BriefSentence] = []
    said: set[str] = set()
    figures: set[str] = set()
    used = 0
    for sentence in ordered:
        length = len(sentence.text.split())
        if chosen and used + length > words:
            continue
        mine, its_figures = {common_form(w) for w in content_words(sentence.text)}, numbers_in(sentence.text)
        if chosen and not its_figures - figures and overlap(mine, said) >= SAID_SHARE:
            continue  # the digest already says it: "Lauri Love has won his appeal", then "... should not be extradited"
        chosen.append(sentence)
        said |= mine
        figures |= its_figures
        used += length
    return chosen


def _by_rank(sections: Sequence[Sequence[BriefSentence]]) -> list[BriefSentence]:
    """Each section's first sentence, then each one's second, ...: a section lists its facts most salient first."""
    longest = max((len(s) for s in sections), default=0)
    return [section[i] for i in range(longest) for section in sections if i < len(section)]
