"""What a reader trips on in a briefing, found by rule: the defects issue reports named, counted and shown.

Scores say whether the facts are there; this says whether the page reads as news. Each rule is a defect a
reader met in real briefings: a sentence that leans on one it left behind ("They contend that ..."), page
clutter stated as a fact (a stock ticker, a list of links, a photo caption, a wire dateline), a sentence cut
off mid-way ("...."), a source titled by its caption or its dateline, and two bullets telling the same thing.
No model: the rules read the words alone, so a check runs on every briefing of a data set in seconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

from summarizer.language.dates import FURNITURE_MONTH, WEEKDAY
from summarizer.language.headline import says_something
from summarizer.language.names import find_entities
from summarizer.language.retelling import RETOLD_SHARE, retells
from summarizer.language.vocabulary import GOES_ON_FROM, THAT_LEADS, THIS_TIMES
from summarizer.language.voice import (
    ANNOUNCES,
    BIDS,
    CAPTION,
    GOES_ON_UNSAID,
    PRONOUN_SPEAKS,
    QUOTATION,
    SPEECH,
    TO_READER,
    UNNAMED_WE,
    names_no_one,
)
from summarizer.language.words import in_english
from summarizer.schemas import Briefing

__all__ = ["RETOLD_SHARE", "Defect", "defects", "sentence_defect", "title_defect"]

# A sentence that opens by pointing back to one the briefing does not show: a pronoun as its subject, a
# connective that goes on from another sentence, or a phrase naming a time or thing already mentioned.
_DANGLING = re.compile(
    r"(?:He|She|They|It|His|Her|Their|Its|Nor|Those|These|This|That|Such|Also|Both|Neither|Instead|Meanwhile"
    r"|Still|Yet|And|But|Then|Thus|Hence|So|Otherwise|Likewise|However|Moreover|Furthermore|Besides)\b"
    r"(?!['’]s\b| who\b| of\b)"
    r"|At the time\b"
    r"|(?:In|By|At|Since|Until|After|Before) (?:that|this|those|these|the same) (?:year|time|day|month|week|case|point)"
    r"|The (?:same|latter|former|previous|following)\b"
    rf"|For (?:example|instance)\b|\(Note:|{GOES_ON_UNSAID}"
    rf"|(?:{'|'.join(GOES_ON_FROM)}),"
    r"|[^,;:\"“]{1,60}, (?:(?:on|last|this|in|by|at|later|earlier) [\w-]+ )?(?:he|she|they|it)\b"
    r"(?!['’]s (?:not |still )?(?:clear|unclear|known|unknown|likely|expected)\b)"
    # "he", "his", "she" or "her" before the sentence names anyone: "Visitors to his exhibitions have included ..."
    r"|(?:(?!(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat)\b)[A-Za-z][a-z'’-]*[ ,]+)"
    r"(?:(?!(?:the|a|an|this|that)\b)[a-z][\w'’-]*[ ,]+)*"
    r"(?:he|his|him|she|her)\b"
    r"|(?:Earlier|Later|Afterwards?),? (?:that|this|the same)\b"
    r"|(?:Now, )?(?:[\w-]+ ){1,2}(?:years?|months?|weeks?|days?|decades?) later\b|Now,",
)
# The writer bidding the reader, after any opening mark: "Don't dismiss mail-order businesses just yet."
_BIDS = re.compile(rf"\W*(?:{BIDS.pattern})")
# "It" pointing at nothing reads alone: "It is not clear whether ...", "It turns out ...".
_NO_ONE = re.compile(
    r"It(?:['’]s| is| was| remains)(?: not)?(?: yet| immediately)? (?:clear|unclear|known|unknown|likely|unlikely"
    r"|believed|thought|expected)\b|It turns out\b"
)
# "... was found guilty of those killings": a demonstrative that points back mid-sentence; "those who", "those
# of", "those in" point forward.
_POINTS_BACK = re.compile(
    r"\b(?:that|this|those|these) same\b|\b(?:this|that) one\b|\b[Nn]o such\b"
    r"|\bthat[.;]|\bthat, (?:saying|adding|noting|arguing|claiming|citing)\b"
    rf"|^(?:{'|'.join(THAT_LEADS)}) that,"
    r"|\b(?:those|these) (?!who\b|whom\b|which\b|that\b|of\b|in\b|at\b|on\b|from\b|with\b|for\b|who['’])[a-z]+"
    # "Having this data could help ...": "this" before anything but a time ("earlier this year")
    rf"|\bthis (?!(?:{'|'.join(THIS_TIMES)})\b)[a-z]+",
)
_OTHER_SCRIPTS = "\u0400-\u04ff\u0590-\u06ff\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
_FURNITURE = (
    (
        "market data",
        re.compile(
            r"\b\d{2,5}\.[A-Z]{1,2}\b|\b[A-Z]{2,5}\.(?:N|O|PK|L|K|KU)\b|\b(?:US|UK):[A-Z]{2,5}\b"
            r"|[+-]\d+(?:\.\d+)?%|\bP/E Ratio\b|\bMarket Cap\b|\(Delayed \d+m\)"
            r"|\bVolume\b\s*(?:\([^)]*\))?\s*:",
        ),
    ),
    (
        "link list",
        re.compile(
            r"»|\bWhat['’]s News\b|\bquote details\b|(?:\b\d\d/\d\d/\d\d\b.*){2}|\b[Rr]ead more\b|\b[Cc]lick here\b"
            # the page's own parts: "Watch Spicer's comment to CNN above.", "Check back for details ..."
            r"|\b[Cc]heck back\b|^(?:Watch|See|Listen to|Scroll)\b.*\b(?:above|below)\.?$|^Further Reading\b|\bwww\.|https?://|\S@\S+\.[a-z]{2,}"
            r"|^Contact (?:reporter |writer )?(?:[A-Z][\w'’-]+ ){1,3}at \(?\d"
        ),
    ),
    (
        "caption",
        re.compile(
            r"\((?:AP|AFP|Reuters) Photos?\b|\bhandout via\b|\bALTERNATE CROP\b|\bIn this (?:photo|image|file photo)\b"
            r"|\bIn this\b.{0,60}?\b(?:photo|image|picture) (?:provided|released|taken|made|shot|distributed)\b"
            r"|\bvia REUTERS\b|\bPhoto(?:graph)?:|\(Photo(?: by)?\b|\bpictured\b|\bFILE PHOTO\b"
            r"|\|\s*(?:AP|AFP|Reuters|Getty(?: Images)?) Photo\b"
            rf"|^\W*(?:{CAPTION.pattern})"
            r"|\|\s*(?:[A-Z][\w.'’-]+ ){1,3}[A-Z][\w.'’-]*\s*/\s*[A-Z]"  # "... | Nader Issa/Sun-Times"
            # a described scene ending in a place and a date: "... near the village of Hrabove, eastern Ukraine
            # Monday, July 21, 2014."
            rf"|^[^.]*[A-Z][\w.'’-]+,? (?:{WEEKDAY},? )?{FURNITURE_MONTH} \d{{1,2}}, \d{{4}}\.?$"
        ),
    ),
    (
        "dateline",
        re.compile(
            r"^(?:[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Za-z.'’-]+)*,? )?\((?:AP|CNN|Reuters|AFP|UPI|CNSNews\.com)\)\s*[—–-]*"
            r"|\bThe Latest on\b|\(all times local\)|^[A-Z][A-Z .'’-]{2,}\s+[—–-]{1,2}\s"
            r"|^[A-Z][a-z]+(?: [A-Z][a-z]+)?, [A-Z][a-z]+(?: [A-Z][a-z]+)? (?:--|[—–-]) "
            rf"|^[A-Z][A-Z.'’]{{2,}}(?: [A-Z][A-Z.'’]+)*, {FURNITURE_MONTH} \d{{1,2}} [A-Z]"
            r"|^[A-Z][A-Za-z.'’ ]{2,40} >> "
            r"|^[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Za-z.'’-]+){0,4},? \([A-Z]{3,5}(?: \d{1,2})?\)\s*[—–-]",
        ),
    ),
    (
        "film credits",
        re.compile(
            r"^(?:WITH|Cast|CAST|Starring)\b:?|\bRunning time:|\bMPAA rating:|\bpresents a (?:film|movie)\b"
            r"|^Directed by\b"
        ),
    ),
    ("list mark", re.compile(r"^[-•]\s*[A-Za-z]")),  # "-Poor planning and oversight ...": a list's mark kept
    ("stray stop", re.compile(r"\s[.!?]$|[A-Za-z]\.\.(?!\.)")),  # '... the Huntsman.” .', '9:32 p.m.. Kristian ...'
    (
        "cut off",  # "...", "... one fire per at.", an amount lost: "... on a dark web marketplace for$."
        re.compile(r"(?:\.{3,}|…)\s*\S{0,2}$|\b(?:a|an|the|of|at|to|for|and|or|with|from|by|per)\.$|[$£€]\.$"),
    ),
    # a small model slipping into another script mid-word: "200 Empire州" for "200 Empire State Buildings"
    # ... or a bracket whose other half the page lost: "... will reassure buyers.]."
    ("garbled", re.compile(rf"[A-Za-z][{_OTHER_SCRIPTS}]|[{_OTHER_SCRIPTS}][A-Za-z]|^[^\[]*\]")),
)
_DATED_TWICE = re.compile(rf"^[^:]+: (?:\d{{1,2}} {FURNITURE_MONTH}|{FURNITURE_MONTH} \d{{1,2}})\b[^:]{{0,8}}:")


@dataclass(frozen=True)
class Defect:
    """One defect: its rule, where it is (the title, a source, a section) and the text a reader meets."""

    rule: str
    where: str
    text: str


def sentence_defect(text: str) -> str | None:
    """The rule a briefed sentence breaks, or None."""
    for rule, pattern in _FURNITURE:
        if pattern.search(text):
            return rule
    if (_DANGLING.match(text) and not _NO_ONE.match(text)) or _POINTS_BACK.search(_unquoted(text)):
        return "dangling"
    # a quotation given to "he" or "she" in a sentence that names no one: the speaker is in a sentence not shown
    if PRONOUN_SPEAKS.search(_unquoted(text)) and not find_entities(_unquoted(text)[1:]):
        return "dangling"
    if names_no_one(text):
        return "dangling"  # "The CIA's sources didn't know where he was hiding.": who?
    if not says_something(text):
        return "not a sentence"  # names alone: "Robert Young of Michigan, Supreme Court of Michigan (Ret.)."
    if not in_english(text):
        return "not English"  # "Tikus air Sulawesi, Waiomys mamasae, diketahui berkerabat dekat dengan ..."
    if re.match(r"[a-z](?![\w'’-]*[A-Z])", text):
        return "fragment"  # "the scheme and said it had fired ...", a forum signature "caffeinism is ..."
    if re.match(r"\s*[“\"]", text) and not re.match(r"\s*[“\"][^“”\"]*[”\"]", text):
        return "unattributed quote"  # its quotation closes, with its speaker, in a sentence not shown
    if not _unquoted(text).strip(" .,"):
        return "unattributed quote"  # '"Then we found the bodies hanging off the hotel."': who said it?
    if text.rstrip().endswith(":") or ANNOUNCES.search(text.rstrip()):
        return "dangling"  # it introduces what the briefing does not show: "... wants the world to know one thing."
    if UNNAMED_WE.search(_unquoted(text)) and not SPEECH.search(text):
        return "unnamed speaker"  # "First, we have rolled out an over-the-air update ...", "in our analyses": who?
    if TO_READER.search(_unquoted(text)) or _BIDS.match(text):
        return "aside"  # the writer speaking to the reader: "You've probably never heard of Marty Martin."
    return None


def title_defect(title: str) -> str | None:
    """The rule a headline breaks: a caption, a dateline, clutter or a cut-off sentence stands as a title."""
    rule = sentence_defect(title)
    if rule == "cut off" and title.endswith("…") and not title.endswith("...…"):
        return None  # a headline made from the first sentence is cut with one ellipsis on purpose
    # a headline may address the reader, and in title case it may have no word in lower case
    return None if rule in ("dangling", "aside", "not a sentence") else rule


def _unquoted(text: str) -> str:
    return QUOTATION.sub("", text)


def defects(briefing: Briefing) -> Iterator[Defect]:
    """Every defect a reader meets in the briefing: its title, every sentence, every source's title, and
    every pair of its prose bullets that retell each other."""
    if rule := title_defect(briefing.title):
        yield Defect(rule, "title", briefing.title)
    prose = [("lede", briefing.lede.text)] if briefing.lede else []
    for section in briefing.sections:
        if section.heading == "Where sources disagree":
            continue  # written by the pipeline itself from the facts' figures
        if section.heading == "Timeline":
            prose += [(section.heading, s.text.split(": ", 1)[-1]) for s in section.sentences]
            continue
        prose += [(section.heading, s.text) for s in section.sentences]
    for where, text in prose:
        if rule := sentence_defect(text):
            yield Defect(rule, where, text)
    for section in briefing.sections:
        if section.heading == "Timeline":  # its date, then the line's own: "28 Oct 2013: 28 October 2013: ..."
            yield from (
                Defect("dated twice", "Timeline", s.text) for s in section.sentences if _DATED_TWICE.match(s.text)
            )
    for (_, a), (_, b) in combinations(prose, 2):
        if retells(a, b):
            yield Defect("retold", "bullets", f"{a} || {b}")
    for source in briefing.sources:
        if source.title and (rule := title_defect(source.title)):
            yield Defect(f"source title: {rule}", source.id, source.title)
