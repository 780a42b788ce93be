"""Whether one sentence tells again what another tells, in the same or in other words.

The selection leaves out a fact that retells a chosen one (`compose.selection`), and the reader check counts
two published bullets that do (`evaluation.reader`): one rule for both.
"""

from __future__ import annotations

import re
from functools import lru_cache

from summarizer.language.names import find_entities
from summarizer.language.numbers import numbers_in
from summarizer.language.voice import SPEECH
from summarizer.language.wordnet import kin, lies_in
from summarizer.language.words import content_words

__all__ = ["RETOLD_SHARE", "retells"]

RETOLD_SHARE = 0.6  # of the shorter sentence's own words that the other one says too, or a synonym of them
MIN_TOLD = 3  # own words: fewer say too little to call a retelling


@lru_cache(maxsize=65_536)
def retells(a: str, b: str) -> bool:
    """Whether the shorter of two sentences tells nothing the other does not: most of its own words (not its
    names, not a verb of saying) are in the other or have a synonym there (`wordnet.kin`: "Kate has signed on to
    write for the website CouponCabin.com." beside "Kate Gosselin is now a coupon blogger for the Web site
    CouponCabin.com."), and it names no figure and no one the other does not ("The analysts predicted a drop to
    $61 billion" beside "The industry generated $71.4 billion" is a forecast beside a result; "Johnson served at
    St. Cecilia" beside "Paredes had served at St. Cecilia" is another priest). A name says who, not what: "The
    woman ... was in her 30s, the Illinois Department of Public Health reported" does not retell another sentence
    of that department's; a place told as its people or by a place within it is told ("Armed groups in Syria have
    initiated a significant offensive ..." beside "Syrian opposition groups ... launched a significant offensive
    ... in western Aleppo", `wordnet.lies_in`). Paraphrase beyond WordNet's first senses ("won his appeal" /
    "should not be extradited", "launched" / "initiated") is not seen.
    """
    wa, wb = content_words(a), content_words(b)
    if len(wa) > len(wb):
        a, b, wa, wb = b, a, wb, wa
    names = find_entities(a)
    spelled = set(_WORD.findall(b))
    untold = {n.split()[-1] for n in names} - spelled  # unless told as its people or by a place within it
    if numbers_in(a) - numbers_in(b) or any(not any(lies_in(n.lower(), w.lower()) for w in spelled) for n in untold):
        return False
    named = {w.lower() for n in names for w in n.split()}
    own = {w for w in wa - named if not SPEECH.fullmatch(w)}
    theirs = frozenset().union(*(kin(w) for w in wb))
    said = sum(1 for w in own if w in wb or kin(w) & theirs)
    return len(own) >= MIN_TOLD and said >= RETOLD_SHARE * len(own)


_WORD = re.compile(r"[\w’'.-]*\w")
