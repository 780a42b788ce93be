"""Read the figures a claim's text states: counts and measures, their qualifiers, and what each one counts.

Plain rules over words, no model: each function takes a short text (a claim or one sentence) and returns
what it finds there, or None. Dates, names and sources are read by `summarizer.language`; reconcile.py puts
them together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from summarizer.language.dates import YEAR, bare_years, calendar_spans
from summarizer.language.vocabulary import COUNT_VERBS, FUNCTION_WORDS, NUMBER_NAMES, UNITS
from summarizer.schemas import Quantity

# ---- numbers ---------------------------------------------------------------------------------------------

NUMBER_WORDS = (
    {word: i for i, word in enumerate(NUMBER_NAMES) if i}
    | {
        f"{word} dozen": 12 * i
        for i, word in enumerate(["a", *NUMBER_NAMES[2:11]], 1)  # "some two dozen homes": 24
    }
    | {"half a dozen": 6}
)
# Vague amounts are read as their lower bound ("dozens" is at least 24) and never compared as figures.
VAGUE_NUMBERS = {
    "hundreds of thousands": 200_000,
    "tens of thousands": 20_000,
    "millions": 2_000_000,
    "thousands": 2_000,
    "hundreds": 200,
    "scores": 40,
    "dozens": 24,
}
_QUALIFIERS = {
    "at least": "at least",
    "more than": "more than",
    "over": "over",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "an estimated": "about",
    "up to": "up to",
    "as many as": "up to",
    "at most": "at most",
    "fewer than": "fewer than",
    "less than": "less than",
    "in excess of": "more than",
    "upwards of": "more than",
    "to exceed": "more than",
    "exceeding": "more than",
    "exceeded": "more than",
    "exceeds": "more than",
    "exceed": "more than",
}
_QUAL_RE = "|".join(sorted(map(re.escape, _QUALIFIERS), key=len, reverse=True))
_WORDS_RE = "|".join(sorted(map(re.escape, [*NUMBER_WORDS, *VAGUE_NUMBERS]), key=len, reverse=True))
# A lookahead first lets the scan skip most positions at once (measured: 55 -> 17 microseconds a sentence).
_DIGITS = re.compile(
    r"(?=\d)(?<![\w.,:/-])(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\w:/-]|[.,]\d)"
    r"(?:\s+(?P<mult>million|billion|trillion))?"
)
_INITIALS = "".join(sorted({w[0] for w in [*NUMBER_WORDS, *VAGUE_NUMBERS]}))
_NUMBER_WORD = re.compile(rf"(?=[{_INITIALS}])\b(?P<word>{_WORDS_RE})\b")
_QUALIFIER_BEFORE = re.compile(rf"\b(?:{_QUAL_RE})\s+$", re.IGNORECASE)
_NEXT_WORD = re.compile(r"\s*([A-Za-zÀ-ÿ][\w’'-]*)")


@dataclass(frozen=True)
class Mention:
    """A number found in a text, with where it stands (for reading its context)."""

    quantity: Quantity
    start: int
    end: int
    vague: bool = False


def find_quantities(text: str) -> list[Mention]:
    """Counts and measures in `text`; years, dates and names such as "Base 46" are left out."""
    return list(_quantities(text))


@lru_cache(maxsize=1024)
def _quantities(text: str) -> tuple[Mention, ...]:
    masked = _date_spans(text) if _DIGIT.search(text) else []
    found: list[Mention] = []
    lower = text.lower()
    words = _NUMBER_WORD.finditer(lower) if len(lower) == len(text) else iter(())  # else spans would shift
    for m in sorted([*_DIGITS.finditer(text), *words], key=lambda m: m.start()):
        if any(a <= m.start() < b for a, b in masked):
            continue
        qualified = _QUALIFIER_BEFORE.search(text, max(0, m.start() - 16), m.start())
        if m.re is _DIGITS:
            if not qualified and _names_something(text, m.start()):
                continue
            value = float(m.group("digits").replace(",", ""))
            value *= {"million": 1e6, "billion": 1e9, "trillion": 1e12}.get((m.group("mult") or "").lower(), 1)
            vague = False
        else:
            word = m.group("word").lower()
            value, vague = float(NUMBER_WORDS.get(word) or VAGUE_NUMBERS[word]), word in VAGUE_NUMBERS
        unit, end = _unit_after(text, m.end(), vague=vague)
        if m.re is _NUMBER_WORD and not vague and unit is None:
            continue  # "one of the largest": a number word needs a noun to count
        if found and text[found[-1].end : m.start()].strip() == "(":
            continue  # "10 kilometers (6 miles)": a conversion, not a second figure
        start = qualified.start() if qualified else m.start()
        qualifier = _QUALIFIERS[" ".join(qualified.group(0).lower().split())] if qualified else None
        quantity = Quantity(
            value=value, text=text[start:end].strip(), unit=unit, qualifier="at least" if vague else qualifier
        )
        found.append(Mention(quantity, m.start(), end, vague))
    return tuple(found)


def _names_something(text: str, start: int) -> bool:
    """A number right after a capitalised word is part of a name ("Base 46", "Route 66")."""
    return _CAPITALISED_BEFORE.search(text, max(0, start - 30), start) is not None


_CAPITALISED_BEFORE = re.compile(r"\b[A-Z][\w’'-]* $")


def _unit_after(text: str, pos: int, *, vague: bool) -> tuple[str | None, int]:
    """The noun a number counts: a known unit after at most two modifiers, else a plural noun right after it."""
    words: list[tuple[str, int]] = []
    scan = pos
    while len(words) < 4 and (nxt := _NEXT_WORD.match(text, scan)):
        words.append((nxt.group(1), nxt.end()))
        scan = nxt.end()
    if vague and words and words[0][0].lower() == "of":
        words = words[1:]
    first = 0  # the first word that is not a modifier: an unlisted plural noun there is the unit
    for i, (word, end) in enumerate(words[:3]):
        lower = word.lower()
        if lower in UNITS:
            return ("square " + lower if i and words[i - 1][0].lower() == "square" else lower), end
        first = i
        noun_like = i == 0 and lower.isalpha() and lower not in FUNCTION_WORDS
        if not (word[0].isupper() or lower in _MODIFIERS or noun_like):
            break  # "31 Syrian soldiers", "37 security personnel": only modifiers may stand in between
    else:
        first = 0
    for word, end in dict.fromkeys(words[i] for i in (0, first) if i < len(words)):
        if re.fullmatch(r"[a-z][a-z-]*[^s]s", word) and word not in FUNCTION_WORDS:
            return word, end  # an unlisted plural noun: "12 hospitals", "31 Syrian soldiers"
    return None, pos


_MODIFIERS = frozenset("other more additional new former local square young".split())

_DIGIT = re.compile(r"\d")


def _date_spans(text: str) -> list[tuple[int, int]]:
    """Where dates and years stand, so their digits are not read as counts."""
    spans = calendar_spans(text)
    for m in YEAR.finditer(text):
        unit, _ = _unit_after(text, m.end(), vague=False)
        if unit not in UNITS:
            spans.append(m.span())
    return spans


# ---- what a number counts --------------------------------------------------------------------------------

# Figures named for what they count, whatever the story: deaths, injuries, people made to leave. Any other
# count becomes "<unit> <verb>" from the verb near it ("homes destroyed", "jobs cut", "villages seized").
FIXED_MEASURES = ("death toll", "people injured", "people displaced", "families displaced")
_PEOPLE = frozenset({None, "people", "persons", "person", "individuals", "dead", "deaths", "casualties", "lives"})
_TOLL_NOUNS = frozenset("toll casualties deaths dead death fatalities".split())
_KILL = frozenset("killed kill killing kills died die dying".split())
# A death count is the story's toll only when an event that kills is named near it: "a shell killed four" in
# one incident is not the toll. These are events of any kind of news, not of one domain.
_DEADLY = frozenset(
    "fighting clashes clash violence attack attacks attacked assault offensive operation crash collision explosion "
    "blast fire fires eruption earthquake quake storm flood floods flooding outbreak shooting epidemic disaster "
    "accident hostilities war battle battles escalation combat incursion confrontations".split()
)
_DISPLACE = frozenset(
    "displaced displacement fled fleeing flee homeless uprooted evacuated evacuate evacuation".split()
)
_INJURE = frozenset("injured wounded hurt sickened hospitalized hospitalised".split())
_VERB = {word: name for name, words in COUNT_VERBS.items() for word in words.split()}  # verb -> its name
_PARTS = re.compile(r"\b(?:including|among them|among whom|of whom|of them)\b", re.IGNORECASE)
_HISTORY = re.compile(r"\b(?:since then|since the (?:start|beginning|onset))\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r";|[.!?](?:\s|$)")
_WORD = re.compile(r"[\w’'-]+")
_SETTLEMENTS = frozenset("village villages town towns locality localities hamlets settlements".split())
_SPANS = frozenset("seconds minutes hours days weeks months years decades miles kilometers kilometres meters".split())
_CHARGES = frozenset({"counts", "charges"})
_COURTS = frozenset({"state", "federal", "county", "military", "civil", "criminal"})
# Words that say which crime a count is of; "five counts of attempted murder and ...": up to the first other.
_CHARGE_WORDS = frozenset(
    "attempted first-degree second-degree third-degree murder manslaughter assault battery homicide robbery "
    "fraud theft kidnapping rape abuse conspiracy possession trafficking arson burglary aggravated sexual "
    "wire bank securities child endangerment reckless vehicular weapons firearms".split()
)
_HURT_DEGREE = frozenset("lightly slightly minor minorly seriously critically severely gravely badly".split())
_HOSPITAL = frozenset("hospitalized hospitalised".split())
_QUALIFIED = 3  # words: a qualifier this close to the number or its noun speaks of it
_SCOPE_WORDS = _COURTS | _CHARGE_WORDS | _HURT_DEGREE | _HOSPITAL | {"killed", "dead", "died", "injured", "wounded"}
NEAR = 15  # words between a number and the word that says what it counts
_FAR = 10_000


def measure_of(text: str, mention: Mention, *, year: int | None) -> str | None:
    """What a number measures for the whole story ("death toll", "villages seized", "homes destroyed"), if any.

    Parts of a figure already given ("132, including 65 fighters"), vague amounts ("dozens") and figures of
    other years ("500,000 since 2011") are not the story's figure. `year` is the year the claim speaks of;
    a bare year other than it marks a historical figure.
    """
    unit = mention.quantity.unit
    if mention.vague:
        return None
    left = max(text.rfind(";", 0, mention.start), _sentence_start(text, mention.start))
    stop = _CLAUSE_END.search(text, mention.end)
    before, after = text[left : mention.start], text[mention.end : stop.start() if stop else None]
    parts = list(_PARTS.finditer(before))
    if parts and find_quantities(before[: parts[-1].start()]):
        return None
    if _HISTORY.search(before + after) or any(y != year for y in bare_years(before + after)):
        return None
    words_before = [w.lower() for w in _WORD.findall(before)]
    words_after = [w.lower() for w in _WORD.findall(after)]

    def distance(cues: frozenset[str] | dict[str, str]) -> float:
        # A cue after the number is its predicate ("12 were injured"), nearer than one as far before it
        # ("Six people died and 12 ...").
        hits = [len(words_before) - i + 0.5 for i, w in enumerate(words_before) if w in cues]
        hits += [i + 1 for i, w in enumerate(words_after) if w in cues]
        return min(hits, default=_FAR)

    if unit in _CHARGES:
        said = [w.lower() for w in _WORD.findall(text[mention.start : mention.end])]
        return _charges(unit, words_before + said, words_after)
    if unit in _PEOPLE or unit == "families":
        toll = min(distance(_TOLL_NOUNS), distance(_KILL) if distance(_DEADLY) <= NEAR else _FAR)
        hurt = distance(_INJURE)
        if min(distance(_KILL), distance(_TOLL_NOUNS)) < hurt and toll == _FAR:
            return None  # "six were killed" by no named event: a death, not an injury, and not the toll
        if hurt < toll and distance(_HURT_DEGREE) <= _QUALIFIED:
            return None  # "12 lightly hurt", "5 critically injured": a part of the injured, not their number
        if hurt < toll and distance(_HOSPITAL) == hurt:
            return "people hospitalised" if unit != "families" else None  # treated, not all of the injured
        nearest, topic = min((toll, "death toll"), (distance(_DISPLACE), "displaced"), (hurt, "injured"))
        if nearest <= NEAR:
            if topic == "displaced":
                return "families displaced" if unit == "families" else "people displaced"
            if unit != "families":
                return "death toll" if topic == "death toll" else "people injured"
    if unit is None or unit in _PEOPLE or unit in _SPANS or not unit.endswith("s"):
        return None  # a count of something unnamed, a span, or a measure ("10 km", "3 percent") rather than a count
    verbs = [(abs(n), word) for n, word in _near_words(words_before, words_after) if word in _VERB]
    if not verbs or min(verbs)[0] > NEAR:
        return None
    return f"{_plural(unit)} {_VERB[min(verbs)[1]]}"


def scope_of(text: str) -> frozenset[str]:
    """The words in `text` that say which measure a figure is of and whose: the court, the crime, how badly
    hurt, killed or injured ("11 state counts" vs "29 federal counts"; "five counts of attempted murder")."""
    words = {w.lower() for w in _WORD.findall(text)}
    return frozenset(words & _SCOPE_WORDS)


def _charges(unit: str, words_before: list[str], words_after: list[str]) -> str | None:
    """What counts or charges are of, and whose: "29 federal counts" and "11 state charges" are not one figure,
    nor are "five counts of attempted murder" and "six counts of murder"."""
    court = next((w for w in words_before[-_QUALIFIED:] if w in _COURTS), None)
    of = words_after[1:5] if words_after[:1] == ["of"] else []
    what = " ".join(of[: next((i for i, w in enumerate(of) if w not in _CHARGE_WORDS), len(of))])
    if court is None and not what:
        return None  # counts of what, laid by whom: nothing to tell another source's figure by
    return " ".join(part for part in (court, unit, f"of {what}" if what else "") if part)


def _near_words(before: list[str], after: list[str]) -> list[tuple[int, str]]:
    """Words with their distance from the number: negative before it, positive after it."""
    return [(i - len(before), w) for i, w in enumerate(before)] + [(i + 1, w) for i, w in enumerate(after)]


def _plural(unit: str) -> str:
    # Places of one kind are counted together: "13 villages" and "15 towns" answer one question.
    return "villages" if unit in _SETTLEMENTS else unit


def _sentence_start(text: str, pos: int) -> int:
    found = [m.end() for m in re.finditer(r"[.!?](?:\s|$)", text[:pos])]
    return found[-1] if found else 0


# ---- figures of any kind ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A figure a text states, with what kind of figure it is, so that only like is compared with like."""

    kind: str  # "year", "money", "percent", or the unit a count counts ("homes", "days")
    value: float
    start: int
    end: int


_CURRENCY = frozenset("$€£¥")
_PERCENT = re.compile(r"\s*(?:%|percent\b|per cent\b)")
_NUMERAL = re.compile(r"[\d.,]+")


def find_figures(text: str) -> list[Figure]:
    """Years, sums of money, percentages and counts of something ("36 structures"), in text order.

    A bare number with no unit ("casualties exceeded 130") is left out: what it counts is not in its words.
    """
    out = [Figure("year", float(m.group(0)), m.start(), m.end()) for m in YEAR.finditer(text)]
    for m in find_quantities(text):
        if m.vague:
            continue
        start, end = m.start, m.end
        if text[start - 1 : start] in _CURRENCY:
            kind, start = "money", start - 1
        elif percent := _PERCENT.match(text, _number_end(text, start)):
            kind, end = "percent", max(end, percent.end())
        elif m.quantity.unit:
            kind = m.quantity.unit.split()[-1].lower()
        else:
            continue
        out.append(Figure(kind, m.quantity.value, start, end))
    return sorted(out, key=lambda f: f.start)


def _number_end(text: str, start: int) -> int:
    match = _NUMERAL.match(text, start)
    return match.end() if match else start
