"""Page furniture that scraping leaves in an article: it is not reporting, so ingestion leaves it out.

Scraped news carries the page around the story: "Media playback is unsupported on your device", "Image copyright
AFP Image caption ...", newsletter sign-ups, "Advertisement", photo credits, share and follow lines, the bare
"12:30 p.m." of a live blog, forum chrome. Left in, it becomes a story's headline, pads the prompts and makes
unrelated articles look alike. The patterns were found by reading every line of 104 real articles from many
outlets (multinews-dev and the seeds); none of them hits a line of reporting there.

Some furniture fills its line (a credit, a time); some is glued to a real line ("Contributing: The Associated
Press. Follow WFAA on Twitter: @wfaa"), and then only that span is cut. Date lines are not furniture: the
layout reads the publication date from them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from summarizer.language.dates import FURNITURE_MONTH, WEEKDAY

__all__ = ["Debris", "drop_debris", "strip_debris"]

_BUTTON = r"(?:Share|Tweet|Email|E-mail|Print|Comments?|Facebook|Twitter|WhatsApp|LinkedIn|Pinterest|Reddit)"
# (kind, pattern): the pattern must match the whole line, which is then left out. Kinds are what the note names.
_WHOLE_LINES = (
    (
        "advertisement",
        r"Advertisement(?: Continue reading the main story)?|Story continues below advertisement|Story Continued Below",
    ),
    (
        "credit",
        r"(?:Photo|Credit|Image|Photograph)s?\s*:\s*[^.]{0,80}"  # "Photo: Frazer Harrison/Getty Images"
        r"|(?:[A-Z][\w.'-]+ ){0,3}[A-Z][\w.'-]*\s*/\s*(?:Getty Images|AFP|Reuters|AP)(?:\s*/\s*[\w .-]+)*"
        r"|Getty Images(?:\s*/\s*[\w .-]+)+"  # "Getty Images / DANIEL LEAL-OLIVAS / Contributor"
        r"|\[?[Ii]mage (?:via|vis) [^\]]*\]?|Photo",  # "[Image via AP]", a lone "Photo"
    ),
    (
        "byline",
        r"©\s*(?:Copyright\s+)?\d{4}.*|\S+@\S+\.\w+"  # "© 2018 KREM-TV", "rmccoppin@chicagotribune.com"
        r"|[a-z]{2,4}/[a-z]{2,4} \([A-Za-z, ]+\)"  # "mkg/msh (AFP, dpa, AP)"
        r"|(?:[A-Z][\w.-]+ ?){1,8}contributed to this report\."
        r"|Contact (?:reporter |writer )?(?:[A-Z][\w'’-]+ ){1,3}at (?:\(?\d[\d() -]{6,}\d|\S+@\S+)\.?"
        r"|(?:[\w'’-]+ ){1,6}[-–—]\s*tip (?:him|her|them|us) here\.?",  # "Editor-in-Chief Nikki Finke - tip her here."
    ),
    # a link to another story: "Also read: Steve Pond's Oscar Picks: ...", "Related: Fired Wells Fargo workers ..."
    ("related link", r"(?i:also read|read also|see also|related|read more)\s*:\s*\S.*"),
    (
        "timestamp",
        r"\d{1,2}(?:[:.]\d{2}(?:\s*[ap]\.?m\.?)?|\s*[ap]\.m\.)(?:\s+[A-Z]{2,4})?|UPDATED? \d{1,2}[:.]\d{2} ?[AP]M\b.*",
    ),
    (
        "share",
        rf"{_BUTTON}(?:\s*[|/,·]?\s*(?:{_BUTTON}|this(?: article| story)?|on))*"  # "Share | Tweet | Email"
        r"|Copy Link(?: Copy)?",
    ),
    (
        "film credits",  # a review's credit block: "WITH: Julia Roberts (the Queen), ...", "Relativity Media presents
        # a film directed by Tarsem Singh. ... Running time: 106 minutes. MPAA rating: PG ...", "Starring ...".
        r"(?:WITH|With|CAST|Cast):\s.*|Starring\s.*\b(?:Directed by|minutes|Rated)\b.*"
        r"|Running time:.*|MPAA rating:.*",
    ),
    ("separator", r"_{3,}|—"),
    ("forum chrome", r"Offline|Online|Activity: \d+|Merit: \d+"),
)
# A caption describes what the photo shows as it happens: "A man walks past", "Lava advances", "smoke rises".
_SCENE = (
    r"walks?|stands?|holds?|looks?|sits?|speaks?|gestures?|arrives?|waits?|gathers?|pass(?:es)?|watch(?:es)?"
    r"|rises|flows|advances|poses?|smiles?|carr(?:y|ies)|prays?|mourns?|rests?|lies|burns|is seen|are seen|views?"
)
# a forum post's time, to the second
_POSTED = rf"{FURNITURE_MONTH} \d{{1,2}}, \d{{4}}, \d{{1,2}}:\d{{2}}:\d{{2}} [AP]M"
# (kind, pattern): the matched span is cut out and the rest of the line kept.
_SPANS = (
    (
        "caption",  # "Evacuee Jon Warner, left, walks ... Tuesday, May 8, 2018, in Pahoa, Hawaii." (wire photo caption)
        r"^(?=[^.]*,\s(?:left|right|center|centre|second (?:from )?(?:left|right)),\s)"
        rf"[^.]*?\b{WEEKDAY},\s+{FURNITURE_MONTH}\s+"
        r"\d{1,2},\s+\d{4}(?:,\s+in\s+[A-Z][^.]*)?\.(?:\s|$)"
        # and its cut-off tail: "We've... (Associated Press)"
        r"|(?:^|(?<=\s))[^.]{0,80}\.\.\.\s*\((?:Associated Press|AP|Reuters|AFP)\)\s*$"
        # A line that ends in a photo credit is a caption: "A Russian Topol-M missile ... (AFP Photo/DMITRY KOSTYUKOV)"
        r"|^.{0,400}?\((?:AP|AFP|Reuters) Photos?\s*/[^)]*\)\s*$|\((?:AP|AFP|Reuters) Photos?\s*/[^)]*\)"
        r"|^.{0,400}?\((?:[Pp]hoto )?[Cc]ourtesy(?: of|:)[^)]*\)\s*$"  # "Hog-nosed Shrew Rat (courtesy: K. Rowe)"
        # a photo's caption glued after a bar: '... told MSNBC's "Morning Joe." | AP Photo Trump threatens to ...'
        r"|\s+\|\s*(?:AP|AFP|Reuters|Getty(?: Images)?) Photo\b.*$"
        # a line that ends in a photographer's credit after a bar is a caption: "Mayor Rahm Emanuel, with Police
        # Supt. Eddie Johnson (left) ... announces a federal lawsuit ... | Nader Issa/Sun-Times"
        r"|^.{0,400}?\s\|\s*(?:[A-Z][\w.'’-]+ ){1,3}[A-Z][\w.'’-]*\s*/\s*[A-Z][\w.'’ -]{1,30}$"
        # ... and where more follows the credit, the related story it links to: "... is likely to be well received
        # by President Donald Trump. | Andrew Harnik/AP Sessions blasts Rahm Emanuel over ..."
        r"|\s\|\s*(?:[A-Z][\w.'’-]+ ){1,3}[A-Z][\w.'’-]*\s*/\s*[A-Z].*$"
        # A wire photo's caption opens its line with a sentence ending at a place and a date with no "on"
        # between them; the rest of the line is its context and credit: "An employee holds circuit boards ...
        # in Sao Paulo March 6, 2013. According to the United Nations Environment Programme (UNEP), Brazil
        # generates ...", "Lava advances towards a metal barrier in Puna, May 6, 2018. WXCHASING via REUTERS"
        r"|^[^.]{0,300}?\b(?:in|at|near|outside) (?:[A-Z][\w'’.-]*,? ){1,4}"
        rf"{FURNITURE_MONTH} \d{{1,2}}, \d{{4}}\."
        r"(?:\s.*)?$",
    ),
    (
        "caption",
        # a wire photo's own marks: "Parliament TV handout via REUTERS.", "ALTERNATE CROP OF TOK872 ...", "In this
        # photo taken on March 16, 2011, ...", "(Photo: AP)"
        r"^.{0,300}?\bhandout via (?:REUTERS|Reuters|AP|AFP)\.?\s*$|^ALTERNATE CROP\b.*|^In this (?:file )?photo\b.*"
        # "In this Wednesday, Nov. 6, 2013 photo provided by the Tennessee Highway Patrol, emergency workers ..."
        r"|^In this\b.{0,60}?\b(?:photo|image|picture) (?:provided|released|taken|made|shot|distributed|obtained)\b.*"
        r"|\(Photo: [^()]{1,40}\)(?:\s*Story Highlights\b)?"
        # a described scene in the present tense, ending in a place and a date with no "on": "A man walks past a
        # piece of the crashed Malaysia Airlines Flight 17 near the village of Hrabove, eastern Ukraine Monday,
        # July 21, 2014."
        rf"|^(?=[^.]{{0,300}}?\b(?:{_SCENE})\b)[^.]{{0,300}}?[a-z],? (?:{WEEKDAY},? )?"
        rf"{FURNITURE_MONTH} \d{{1,2}}, \d{{4}}\.(?:\s.*)?$",
    ),
    (
        "dateline",  # "LONDON (AP) — ", "PAHOA, Hawaii (Reuters) - ", "(CNN) ", "WASHINGTON -- ", "DALLAS – "
        r"^(?:[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Za-z.'’-]+){0,4},? )?\((?:AP|CNN|Reuters|AFP|UPI)\)\s*(?:[—–-]{1,2}\s*)?"
        # a broadcaster's call sign: "JAMESTOWN, Tuolumne County (KPIX 5) — Weeks of rainy weather ..."
        r"|^[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Za-z.'’-]+){0,4},? \([A-Z]{3,5}(?: \d{1,2})?\)\s*[—–-]{1,2}\s*"
        r"|^[A-Z][A-Z.'’]{2,}(?: [A-Z][A-Z.'’]+)*(?:, [A-Z][\w.]*(?: [A-Z][\w.]*)*)? ?(?:--|[—–-])\s+(?=[A-Z\"“])"
        # in title case, a place and its country or state: "Aleppo, Syria - Thousands of ..."
        r"|^[A-Z][a-z]+(?: [A-Z][a-z]+)?, [A-Z][a-z]+(?: [A-Z][a-z]+)? (?:--|[—–-]) (?=[A-Z\"“])"
        # a wire's place and date, its "(Reuters) -" lost to the scraper: "DALLAS, April 18 A gray and black ..."
        rf"|^[A-Z][A-Z.'’]{{2,}}(?: [A-Z][A-Z.'’]+)*, {FURNITURE_MONTH} \d{{1,2}} (?=[A-Z\"“])"
        # a place and ">>": "Oroville >> Now is not the time ..."
        r"|^[A-Z][A-Za-z.'’]+(?: [A-Z][A-Za-z.'’]+){0,2} >> (?=[A-Z\"“])",
    ),
    # the opening line of a wire live blog: "The Latest on a Hawaii volcano eruption (all times local)."
    ("teaser", r"^.{0,200}?\(all times local\)[.:]?\s*$"),
    (
        "market data",
        # a quote widget's line: "Malaysia Airlines 3786.KU -2.22% ... Volume (Delayed 15m) : 32.44M P/E Ratio
        # N/A Market Cap ...", "More quote details and news »"; a ticker glued to a name: "Amazon.com Inc. AMZN,
        # -1.29%"
        r"^.*(?:\bP/E Ratio\b|\bMarket Cap\b|\(Delayed \d+m\)).*$|^More quote details and news\s*»?\s*$"
        r"|(?<=\w\.) [A-Z]{1,5}(?:\.[A-Z]{1,2})?,? [+-]\d+(?:\.\d+)?%(?=\s)"
        # a stock symbol after a company's name: "Xhibit Corp XBTC.PK,", "Delta Air Lines Inc (DAL.N)",
        # "Xhibit Corp. US:XBTC executives"
        r"|(?<=[\w.]) \(?(?:[A-Z]{2}:)?[A-Z]{2,5}\.(?:N|O|OQ|PK|L|K|KU|TO|AX|HK|DE|PA)\)?(?=[\s,.;])"
        r"|(?<=[\w.]) (?:US|UK):[A-Z]{2,5}\b",
    ),
    # a list of other stories: "07/26/14 What's News: World-Wide 07/25/14 White House Says Putin 'Culpab...", a
    # box of one: "Further Reading 8 million leaked passwords connected to LinkedIn, dating website The ..."
    ("related link", r"^.*\bWhat['’]s News:.*$|^(?=(?:.*?\b\d\d/\d\d/\d\d\b){2}).*$|^Further Reading\b.*$"),
    (
        "timestamp",  # a live blog's update mark: "UPDATE: 905 a.m. - ", "UPDATE: 5:55 p.m., April 17, Orofino Police."
        r"^(?:[—–-]\s*)?UPDATED?:?\s*\d{1,2}:?\d{2}\s*[ap]\.m\.(?:,\s*[^.]{0,60}[.:]\s*$|\s*[-–—]\s*)",
    ),
    ("playback", r"Media playback is unsupported on your device(?:\s+Media caption\b.*)?"),
    (
        "film credits",  # a credit block of any length, to the end of its line: "Relativity Media presents a film
        # directed by Tarsem Singh. Screenplay by ...", "Directed by Tarsem Singh; written by ...; released by ..."
        r"^(?:[A-Z][\w&.'’-]* ){1,4}presents a (?:film|movie)\b.*$"
        r"|^Directed by\b.*\b(?:Running time|[Ww]ritten by|[Pp]roduced by|minutes)\b.*$",
    ),
    (
        "forum chrome",  # a post's header, to its "#5": "Full MemberActivity: 132Merit: 100 Re: Pizza for bitcoins?
        # May 18, 2010, 07:14:39 PM #5 I'd buy ...", with a quoted post's "Quote from: laszlo on June 12, 2010,
        # 08:14:44 PM"; the first post's header has its rank ("Merit: 319") and its list of "Merited by" names
        rf"^.{{0,200}}?\b{_POSTED} #\d+(?: Quote from: .{{1,60}}? on {_POSTED})?"
        rf"|^(?=.{{0,200}}?Merit: \d+).{{0,200}}?\b{_POSTED}(?: Merited by\b.*)?",
    ),
    (
        "credit",
        r"Image copyright\s.*"  # a BBC photo caption: its own line
        r"|\[[^\[\]]{0,80}\bCredit:[^\[\]]*(?:\]|$)"  # "[ See full-size infographic Credit: Ross Toro, ..."
        # a wire story's staff line: "(Reporting by Piya Sinha-Roy; Editing by Jonathan Kaminsky and ...)"
        r"|\((?:Additional )?(?:Reporting|Editing|Writing|Compiled)\b[^()]{0,40}? by [^()]{2,160}\)"
        # a reviewer's line and the section's: "Ty Burr can be reached at tburr@globe.com. For more on movies, go
        # to www.boston.com/movienation."
        r"|(?:^|(?<=[.!?] ))(?:[A-Z][\w'’-]+ ){1,3}can be reached at \S+@\S+?\.?(?=\s|$)"
        r"|For more (?:on|about) [^.,]{1,40}, (?:go to|visit|see) \S+?\.?(?=\s|$)",
    ),
    # A link's title in brackets between two sentences: "... available online. [Infographic: Tracking the
    # World's E-Waste] Until now, ..." (an editor's "[the police]" inside a quotation is no sentence of its own)
    ("related link", r"(?<=[.!?] )\[[^\[\]]{3,120}\](?=\s*$|\s+[A-Z“\"])"),
    (
        "newsletter",
        r"(?:Get [^.]{0,40}Newsletter|The most reliable politics newsletter|Morning Score newsletter"
        r"|Breaking News Emails).*(?:unsubscribe at any time\.|Subscribe|special reports\.|Sign Up)",
    ),
    (
        "share",
        r"Follow [A-Z][\w .@&+]{0,60}on (?:Twitter|Facebook).*"  # "Follow CNN Health on Facebook and Twitter ..."
        r"|Read or Share this story: \S+|E-mail this to a friend »|\bRead more:?\s*$|^RELATED:?\s*$"
        r"|\s\|\s*Share\s*$",  # "Expert: Summer gold rush could be the best in 20 years | Share"
    ),
    (
        "video",
        r"Hide Transcript Show Transcript|WEBVTT\b.*"  # a video player and its all-caps transcript
        r"|View Slideshow|Slideshow \(\d+ Images?\)|Enlarge this image toggle caption.*"
        r"|^(?i:Story highlights)\b|^CLOSE (?=[A-Z][a-z]).*"  # "CLOSE Tesla stock fell after ... VPC": a video blurb
        # a video box: "JUST WATCHED Your flight is probably canceled Replay More Videos ... MUST WATCH Your flight
        # is probably canceled 01:36 PLAY VIDEO"
        r"|^JUST WATCHED\b.*\bReplay More Videos\b.*",
    ),
    (
        "cookie notice",
        r"(?:We use cookies|This (?:site|website) uses cookies|By (?:using|continuing)[^.]{0,60}cookies).*",
    ),
)
# The writer's own line at the end of the piece: "Lucia Peters is BettyConfidential’s associate editor.",
# "Dan Froomkin is senior Washington correspondent for the Huffington Post. You can send him an e-mail, ...".
# Only the last line is tried: in a story, "X is a reporter for Y" can be news.
_SIGNATURE = re.compile(
    r"(?:[A-Z][\w.'’-]+ ){1,3}is (?:a |an |the )?(?:[\w'’.-]+ ){0,5}"
    r"(?:correspondent|reporter|editor|writer|columnist|contributor|blogger|journalist)\b[^.]{0,80}\."
    r"(?:\s+You can\b.*)?"
)
_WHOLE = re.compile("|".join(f"(?P<w{n}>{pattern})" for n, (_, pattern) in enumerate(_WHOLE_LINES)))
_WHOLE_KINDS = {f"w{n}": kind for n, (kind, _) in enumerate(_WHOLE_LINES)}
_WHOLE_MAX = 200  # whole-line furniture is short: a longer line is never tried against it
_SPAN_PATTERNS = tuple((kind, re.compile(pattern)) for kind, pattern in _SPANS)


def _whole_kind(line: str) -> str | None:
    match = _WHOLE.fullmatch(line) if len(line) <= _WHOLE_MAX else None
    return _WHOLE_KINDS[match.lastgroup] if match and match.lastgroup else None


def strip_debris(line: str) -> tuple[str, list[str]]:
    """The line without its page furniture ("" when it is all furniture), and the kinds found in it."""
    line = " ".join(line.split())
    if line.endswith("]") and "[" not in line:
        line = line[:-1].rstrip()  # a bracket the page lost the other half of: "... will reassure buyers.]"
    if kind := _whole_kind(line):
        return "", [kind]
    kinds = []
    for kind, pattern in _SPAN_PATTERNS:
        line, found = pattern.subn(" ", line)
        if found:
            kinds.append(kind)
    if not kinds:
        return line, []
    line = re.sub(r" (?=[,.;:])", "", " ".join(line.split()))  # "Xhibit Corp XBTC.PK, ..." -> "Xhibit Corp, ..."
    if kind := _whole_kind(line):  # "Advertisement" left once a glued span is cut
        return "", [*kinds, kind]
    return line, kinds


@dataclass
class Debris:
    """What was left out of one article: lines that were all furniture, lines cut short, the kinds found."""

    dropped: int = 0
    cut: int = 0
    kinds: Counter[str] = field(default_factory=Counter)

    def __bool__(self) -> bool:
        return bool(self.dropped or self.cut)

    def note(self) -> str:
        """A line for Article.notes, e.g. 'left out 3 lines of page furniture (newsletter, playback, credit)'."""
        parts = []
        if self.dropped:
            parts.append(f"{self.dropped} line{'s' * (self.dropped != 1)} of page furniture")
        if self.cut:
            more = " more" if self.dropped else ""
            parts.append(f"page furniture from {self.cut}{more} line{'s' * (self.cut != 1)}")
        kinds = ", ".join(kind for kind, _ in self.kinds.most_common())
        return f"left out {' and '.join(parts)} ({kinds})"


def drop_debris(blocks: Sequence[tuple[str, str]]) -> tuple[list[tuple[str, str]], Debris]:
    """The (line, kind) blocks without page furniture, and what was left out."""
    kept, debris = [], Debris()
    for line, kind in blocks:
        clean, found = strip_debris(line)
        if found:
            debris.kinds.update(found)
            if clean:
                debris.cut += 1
            else:
                debris.dropped += 1
        if clean:
            kept.append((clean, kind))
    if kept and _SIGNATURE.fullmatch(kept[-1][0]):
        kept.pop()
        debris.dropped += 1
        debris.kinds["byline"] += 1
    return kept, debris
