"""A sentence made a headline: the clause that says the news, without who said it, within a headline's length.

A story that comes with no title (a daily story, a briefing of articles that have none) is headed by a sentence
of it: "A man in Thailand upset with his wife hanged their 11-month-old daughter on Facebook Live and then
killed himself, police said" is headed without ", police said".
"""

from __future__ import annotations

import re

from summarizer.language.vocabulary import STOP_WORDS

__all__ = ["HEADLINE_CHARS", "WORD", "says_something", "shortened"]

HEADLINE_CHARS = 120  # a headline taken from a sentence is cut to this, at a word


# Where a sentence taken as a headline may end: who said it ("..., the Illinois Department of Public Health
# said."), or at a clause ("..., and then killed himself", "... after ...").
_SAID_TAIL = re.compile(
    r",? (?:according to [^,]+|(?:the |a )?[A-Z][^,;]{0,80}? (?:said|says|reported|reports|confirmed|announced)"
    r"(?: on \w+| \w+day)?)\.?$"
)
_CLAUSE = re.compile(
    r"(?:,|;| ?—| –| --)? ?\b(?:and then|and|but|after|as|while|because|which|who|where) |, |; | — | – "
)


# An opening phrase before the main clause ("In addition to the threat of explosive eruptions ..., Hawaii island
# residents also have acid rain to worry about"): the headline is the clause.
_ALSO = re.compile(r" also ")
_INTRO = re.compile(
    r"^(?:In|After|Before|As|While|Despite|With|Amid|Following|Since|Although|When|If|On|At)\b[^;“\"]{0,140}?, "
    r"(?=[A-Z])"
)


def says_something(text: str) -> bool:
    """Whether a headline cut here says something: a word in lower case that is no function word, as a verb is
    ("LSU Museum of Natural Science Curator of Mammals Jake Esselstyn" is only who, cut before "and his
    international collaborators have discovered ...")."""
    return any(w[0].islower() and w.lower() not in STOP_WORDS for w in WORD.findall(text))


WORD = re.compile(r"[A-Za-z][\w'’-]*")  # a word, with its apostrophes and hyphens


def _inside_quotation(text: str) -> bool:
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def shortened(sentence: str) -> str:
    """A sentence as a headline: without who said it, and, if still longer than HEADLINE_CHARS, ended at its
    last clause within them ("A man in Thailand upset with his wife hanged their 11-month-old daughter on
    Facebook Live"), or at a word with an ellipsis when no clause ends early enough to say something."""
    if len(sentence) <= HEADLINE_CHARS:
        return sentence
    bare = _INTRO.sub("", sentence.rstrip(), count=1)
    if bare != sentence.rstrip():  # "In addition to the threat of ..., Hawaii island residents also have acid rain
        bare = _ALSO.sub(" ", bare, count=1)  # to worry about": "also" said what the cut phrase told
    line = _SAID_TAIL.sub("", bare).rstrip(" ,;:")
    line = line[:1].upper() + line[1:]
    if len(line) <= HEADLINE_CHARS:
        return line
    ends = [
        m.start()
        for m in _CLAUSE.finditer(line, 0, HEADLINE_CHARS)
        if m.start() >= HEADLINE_CHARS // 2
        and not _inside_quotation(line[: m.start()])
        and says_something(line[: m.start()])
    ]
    if ends:
        # a stop the writer marked before a word that may join anything: "... toxins Thursday, news that came as
        # no surprise ..." ends at "Thursday", not at "news that came"
        marked = [end for end in ends if line[end] in ",;—–-" or line[end + 1 : end + 2] in ("—", "–", "-")]
        return line[: (marked or ends)[-1]].rstrip(" ,;:—–-")
    return line[: HEADLINE_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:—–- ") + "…"
