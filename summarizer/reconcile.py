"""Reconcile claims across articles: merge the same fact, count independent sources, find disputed figures.

No model is called here: everything is read from the claims' text and their evidence sentences, so the
result is deterministic and cheap. Candidate pairs come from an inverted index (kind and shared words or
figures), never from comparing every claim with every other.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import TypeVar

from .errors import InputError
from .quantities import (
    Mention,
    article_aliases,
    find_attribution,
    find_entities,
    find_place,
    find_quantities,
    find_time,
    measure_of,
    reported_on,
)
from .schemas import (
    CLAIM_KINDS,
    Article,
    Claim,
    ClaimGroup,
    ClaimKind,
    Disagreement,
    DisagreementValue,
    Reconciliation,
    TimelineEntry,
)

KIND_WEIGHT: dict[str, float] = {
    "casualties": 1.0, "territory": 1.0, "event": 0.9, "displacement": 0.9,
    "military": 0.6, "humanitarian": 0.6, "statement": 0.4, "background": 0.1,
}
SHINGLE_WORDS = 8
MIN_SHARED_SHINGLES = 10  # about 17 words in a row: more than a shared stock phrase or a short quote
SAME_FACT = 0.25  # weighted share of content words for two claims of one kind to state the same fact
SAME_FACT_ACROSS_KINDS = 0.5  # the model may label one fact "event" in one article and "territory" in another
SAME_ARTICLE = 0.75  # an article states a fact once: a second claim from it must be a near copy

_T = TypeVar("_T")


# ---- annotate --------------------------------------------------------------------------------------------


def annotate(claim: Claim, article: Article) -> Claim:
    """A copy of `claim` with its figures, source, time, names and place filled in (set fields are kept)."""
    context = _context(claim, article)
    update: dict[str, object] = {}
    if not claim.quantities:
        update["quantities"] = [m.quantity.model_copy() for m in find_quantities(claim.statement)]
    if claim.attribution is None:
        aliases = article_aliases(article.text)
        update["attribution"] = _first(find_attribution(text, aliases) for text in context)
    if claim.time is None:
        time = _first(find_time(text, article.published) for text in context)
        if time is not None:
            update["time"] = time.text
            update["date"] = claim.date or time.date
    elif claim.date is None and (time := find_time(claim.time, article.published)):
        update["date"] = time.date
    if not claim.actors:
        update["actors"] = find_entities(claim.statement, _names_in(article.text))
    if claim.place is None:
        update["place"] = _first(find_place(text) for text in context)
    return claim.model_copy(update=update)


def _context(claim: Claim, article: Article) -> list[str]:
    """The claim's own words first, then the sentences it cites."""
    return [claim.statement] + [article.sentence(n) for n in claim.evidence if 1 <= n <= len(article.sentences)]


def _first(values: Iterable[_T | None]) -> _T | None:
    return next((v for v in values if v is not None), None)


@lru_cache(maxsize=512)
def _names_in(text: str) -> frozenset[str]:
    """Names an article uses: a capitalised word at a sentence start counts as a name if it is one elsewhere."""
    return frozenset(find_entities(text))


# ---- syndication -----------------------------------------------------------------------------------------


def find_syndication(articles: Sequence[Article], *, threshold: float = 0.1) -> list[list[str]]:
    """Groups of article ids that carry the same copied paragraphs (agency copy, syndication).

    Two articles are linked when the 8-word shingles they share are at least `threshold` of the smaller
    article's shingles (containment), and at least MIN_SHARED_SHINGLES of them. A common phrase or a
    background fact told in other words shares few or no 8-word runs.
    """
    shingles = {a.id: _shingles(a.text) for a in sorted(articles, key=lambda a: a.id)}
    index: dict[int, list[str]] = defaultdict(list)
    for article_id, hashes in shingles.items():
        for h in hashes:
            index[h].append(article_id)
    shared: Counter[tuple[str, str]] = Counter()
    for ids in index.values():
        if len(ids) > 1:
            shared.update(combinations(ids, 2))
    links = _UnionFind(list(shingles))
    for (a, b), count in sorted(shared.items()):
        smaller = min(len(shingles[a]), len(shingles[b]))
        if count >= MIN_SHARED_SHINGLES and count / smaller >= threshold:
            links.union(a, b)
    return sorted(group for group in links.groups() if len(group) > 1)


def _shingles(text: str) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    return {hash(" ".join(words[i: i + SHINGLE_WORDS])) for i in range(len(words) - SHINGLE_WORDS + 1)}


class _UnionFind:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        ra, rb = sorted((self.find(a), self.find(b)))
        self.parent[rb] = ra

    def groups(self) -> list[list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for item in self.parent:
            out[self.find(item)].append(item)
        return [sorted(group) for group in out.values()]


# ---- reconcile -------------------------------------------------------------------------------------------


@dataclass
class _Item:
    """A claim prepared for comparison: its words, its figures and what they measure."""

    index: int
    claim: Claim
    as_of: dt.date | None  # when its figures were given: said on that day, else published, else its date
    tokens: frozenset[str]
    figures: dict[str, frozenset[float]]
    measures: list[tuple[str, ClaimKind, float]] = field(default_factory=list)


def reconcile(articles: Sequence[Article], claims: Sequence[Claim]) -> Reconciliation:
    """Annotate, group the same fact across articles, rank the groups, find disputed figures and a timeline."""
    by_id = {a.id: a for a in sorted(articles, key=lambda a: a.id)}
    ordered = sorted(claims, key=lambda c: (_natural(c.article_id), _natural(c.id)))
    if len({c.id for c in ordered}) != len(ordered):
        raise InputError("claim ids must be unique")
    for claim in ordered:
        if claim.article_id not in by_id:
            raise InputError(f"claim {claim.id} names article {claim.article_id!r}, which was not given")
    syndication = find_syndication(list(by_id.values()))
    home = {aid: group[0] for group in syndication for aid in group}
    items = _prepare(ordered, by_id)
    clusters = _cluster(items)
    groups = _rank([_group(members, home) for members in clusters])
    return Reconciliation(
        groups=groups,
        disagreements=_disagreements(items),
        syndication=syndication,
        timeline=_timeline(groups),
    )


def _natural(text: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key that puts "c2" before "c10"."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text))


def _prepare(claims: list[Claim], articles: dict[str, Article]) -> list[_Item]:
    """Annotate each claim and read what comparing it needs: its words, figures, measures and as-of day."""
    acronyms = _acronym_pattern(tuple(article_aliases(a.text) for a in articles.values()))
    items = []
    for index, raw in enumerate(claims):
        article = articles[raw.article_id]
        claim = annotate(raw, article)
        published = article.published
        as_of = _first(reported_on(text, published) for text in _context(claim, article)) or published or claim.date
        mentions = [m for m in find_quantities(claim.statement) if not m.vague]
        dropped = _words(claim.attribution or "", acronyms)
        tokens = (_words(claim.statement, acronyms) - dropped) | {f"#{m.quantity.value:g}" for m in mentions}
        if claim.date:
            tokens.add(f"~{claim.date}")  # told as happening on the same day
        known = claim.date or published
        year = known.year if known else None
        measures = [] if claim.kind == "background" else _measures(claim.statement, mentions, year)
        items.append(_Item(index, claim, as_of, frozenset(tokens), _figures(mentions, measures), measures))
    return items


def _measures(text: str, mentions: list[Mention], year: int | None) -> list[tuple[str, ClaimKind, float]]:
    out = []
    for mention in mentions:
        if found := measure_of(text, mention, year=year):
            out.append((found[0], found[1], mention.quantity.value))
    return out


def _figures(mentions: list[Mention], measures: list[tuple[str, ClaimKind, float]]) -> dict[str, frozenset[float]]:
    """Values by what they count ("village", "death toll"): two claims whose values differ are two facts."""
    found: dict[str, set[float]] = defaultdict(set)
    for m in mentions:
        if m.quantity.unit:
            found[_canon(m.quantity.unit.split()[-1])].add(m.quantity.value)
    for topic, _, value in measures:
        found[topic].add(value)
    return {key: frozenset(values) for key, values in found.items()}


# Words a news report uses for the same thing; folding them lets paraphrases meet.
_SYNONYMS = {
    "kill": "kill killed killing kills dead died die dies death deaths toll casualties lives",
    "capture": "seize seized seizing capture captured capturing overran overrun",
    "offensive": "offensive offensives assault attack attacks attacked campaign operation incursion",
    "strike": "airstrike airstrikes strikes bombed bombing bombardment bombardments shelling shelled pounded warplanes",
    "displace": "displace displaced displacing displacement fled flee fleeing refugees",
    "rebel": "rebel rebels insurgent insurgents opposition anti-regime militants militant",
    "government": "regime government pro-government assad",
    "village": "village villages town towns localities",
    "injure": "injured wounded injuring",
    "km": "kilometer kilometers kilometre kilometres km",
    "russia": "russia russian russians",
    "syria": "syria syrian syrians",
    "turkey": "turkey turkish türkiye turkiye",
    "iran": "iran iranian iranians",
    "israel": "israel israeli israelis",
}
_CANON = {word: canon for canon, words in _SYNONYMS.items() for word in words.split()}
_STOP = frozenset(
    "a an the and or of to in on at by for from with as is are was were be been being has have had having that "
    "this these those which who whom whose their its it they them than into over under after before about "
    "since including while but not no also would could will can may might said says say according reported "
    "reports told added noted stated per amid during up down out more most other such some all both each "
    "there here what when where why how very just only still yet earlier later early late last next now "
    "today yesterday week weeks day days s least nearly almost around approximately against toward towards near "
    "forces force within across along".split()
) | {w.lower() for w in ("Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March "
                          "April May June July August September October November December").split()}
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*")


def _words(text: str, acronyms: tuple[re.Pattern[str], dict[str, str]] | None) -> set[str]:
    """Content words, folded to a common form; long names become their acronym ("Hayat Tahrir al-Sham" -> hts)."""
    text = text.replace("’", "'")
    if acronyms:
        pattern, short = acronyms
        text = pattern.sub(lambda m: short[m.group(0).lower()], text)
    out = set()
    for raw in _TOKEN.findall(text):
        word = raw.lower().removesuffix("'s").strip("'-")
        if word and word not in _STOP:
            out.add(_canon(word))
    return out


@lru_cache(maxsize=65_536)
def _canon(word: str) -> str:
    if word in _CANON:
        return _CANON[word]
    stem = word[:-3] + "y" if word.endswith("ies") and len(word) > 4 else word
    for suffix in ("ing", "ed", "es", "s"):
        if stem.endswith(suffix) and not stem.endswith("ss") and len(stem) - len(suffix) >= 3:
            stem = stem[: -len(suffix)]
            break
    stem = stem[:-1] if stem.endswith("e") and len(stem) > 4 else stem
    return _CANON.get(stem, stem)


def _acronym_pattern(alias_maps: tuple[dict[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """One regex for every long name an article gave an acronym for, across all articles."""
    short: dict[str, str] = {}
    for aliases in alias_maps:
        for acronym, name in aliases.items():
            if acronym.isupper() and " " in name:
                short.setdefault(name.replace("’", "'").lower(), acronym)
    if not short:
        return None
    names = sorted(short, key=lambda n: (-len(n), n))
    return re.compile("|".join(rf"\b{re.escape(n)}\b" for n in names), re.IGNORECASE), short


# ---- grouping --------------------------------------------------------------------------------------------


@dataclass
class _Cluster:
    """Claims taken to state one fact, with what is needed to compare a new claim with them."""

    members: list[_Item] = field(default_factory=list)
    by_article: dict[str, list[_Item]] = field(default_factory=dict)
    kinds: set[str] = field(default_factory=set)
    figures: dict[str, frozenset[float]] = field(default_factory=dict)
    measured: set[str] = field(default_factory=set)  # "=death toll=242": a figure for a measure
    counts: Counter[str] = field(default_factory=Counter)
    weight: float = 0.0  # summed over members: the mean member weighs weight / len(members)

    def similarity(self, item: _Item, item_weight: float, weight: dict[str, float]) -> float:
        """Weighted Jaccard between the claim and the cluster's mean: a word in half the members counts half."""
        size = len(self.members)
        shared = sum(weight[t] * self.counts[t] for t in item.tokens if t in self.counts) / size
        return shared / ((item_weight + self.weight / size - shared) or 1.0)

    def fits(self, item: _Item, weight: dict[str, float]) -> bool:
        """No figure that differs from the cluster's; a second claim from one article only if a near copy."""
        if any(key in self.figures and not self.figures[key] & values for key, values in item.figures.items()):
            return False  # the same thing counted differently: a disagreement, not one fact
        twins = self.by_article.get(item.claim.article_id, [])
        return all(_jaccard(item.tokens, m.tokens, weight) >= SAME_ARTICLE for m in twins)

    def add(self, item: _Item, item_weight: float, measured: list[str]) -> None:
        self.members.append(item)
        self.by_article.setdefault(item.claim.article_id, []).append(item)
        self.kinds.add(item.claim.kind)
        for key, values in item.figures.items():
            self.figures[key] = self.figures.get(key, frozenset()) | values
        self.measured.update(measured)
        self.counts.update(item.tokens)
        self.weight += item_weight


def _cluster(items: list[_Item]) -> list[list[_Item]]:
    """Put each claim, in order, with the most similar cluster so far, or start a new one.

    Comparing a claim with clusters rather than with every claim keeps the work near linear even when
    hundreds of articles tell the same fact. Candidates come from inverted indexes probed with the claim's
    rarest words only (a prefix filter: a cluster sharing none of them cannot reach the threshold): one
    index per kind at SAME_FACT, and one across kinds at the stricter SAME_FACT_ACROSS_KINDS.
    """
    weight = _idf(items)
    clusters: list[_Cluster] = []
    index: dict[tuple[str, str], list[int]] = defaultdict(list)  # (kind or "", word or figure) -> clusters
    for item in items:
        kind, total = item.claim.kind, sum(weight[t] for t in item.tokens)
        measured = [f"={topic}={value:g}" for topic, _, value in item.measures]
        keys = [(kind, t) for t in _prefix(item.tokens, weight, total, SAME_FACT)]
        keys += [("", t) for t in _prefix(item.tokens, weight, total, SAME_FACT_ACROSS_KINDS)]
        keys += [("", key) for key in measured]
        best, best_similarity = len(clusters), 0.0
        for number in sorted({c for key in keys for c in index.get(key, ())}):
            cluster = clusters[number]
            needed = SAME_FACT if kind in cluster.kinds else SAME_FACT_ACROSS_KINDS
            # The same figure for the same measure ("50 villages captured") is one fact, however worded.
            if not cluster.measured.isdisjoint(measured):
                similarity = 1.0
            else:
                similarity = cluster.similarity(item, total, weight)
            if needed <= similarity > best_similarity and cluster.fits(item, weight):
                best, best_similarity = number, similarity
        if best == len(clusters):
            clusters.append(_Cluster())
        cluster = clusters[best]
        new_kind = kind not in cluster.kinds
        for token in item.tokens:
            if token not in cluster.counts:
                index["", token].append(best)
            if new_kind or token not in cluster.counts:
                index[kind, token].append(best)
        for key in measured:
            if key not in cluster.measured:
                index["", key].append(best)
        cluster.add(item, total, measured)
    return [c.members for c in clusters]


def _jaccard(a: frozenset[str], b: frozenset[str], weight: dict[str, float]) -> float:
    return sum(weight[t] for t in a & b) / (sum(weight[t] for t in a | b) or 1.0)


def _prefix(tokens: frozenset[str], weight: dict[str, float], total: float, threshold: float) -> list[str]:
    """The rarest words, up to where less than `threshold` of the claim's weight is left."""
    out, left = [], total
    for token in sorted(tokens, key=lambda t: (-weight[t], t)):
        if left < threshold * total:
            break
        out.append(token)
        left -= weight[token]
    return out


def _idf(items: list[_Item]) -> dict[str, float]:
    df = Counter(token for item in items for token in item.tokens)
    n = len(items)
    return {t: math.log(1 + n / count) * _EMPHASIS.get(t[0], 1.0) for t, count in df.items()}


# Figures name a fact more surely than words do; a shared day is only a hint (much happens on one day).
_EMPHASIS = {"#": 1.5, "~": 0.5}


def _group(members: list[_Item], home: dict[str, str]) -> ClaimGroup:
    sources = sorted({m.claim.article_id for m in members}, key=_natural)
    kinds = Counter(m.claim.kind for m in members)
    kind = max(kinds, key=lambda k: (kinds[k], KIND_WEIGHT[k], -CLAIM_KINDS.index(k)))
    dates = Counter(m.claim.date for m in members if m.claim.date)
    date = min(dates, key=lambda d: (-dates[d], d)) if dates else None
    shared = Counter(t for m in members for t in m.tokens)

    def clarity(m: _Item) -> tuple[bool, int, int]:
        words = len(m.claim.statement.split())
        covered = sum(1 for t in m.tokens if shared[t] > 1)
        return m.claim.attribution is not None, covered - abs(words - 18) // 6, -m.index

    representative = max(members, key=clarity)
    independent = len({home.get(s, s) for s in sources})
    has_figures = any(t.startswith("#") for m in members for t in m.tokens)
    score = independent + 2 * KIND_WEIGHT[kind] + 0.5 * has_figures + 0.25 * (representative.claim.attribution is not None)
    return ClaimGroup(
        id="",
        kind=kind,
        statement=representative.claim.statement,
        claims=[m.claim.id for m in members],
        sources=sources,
        independent_sources=independent,
        date=date,
        score=round(score, 3),
    )


def _rank(groups: list[ClaimGroup]) -> list[ClaimGroup]:
    """Best first: more independent sources, weightier kinds, figures; ties keep the claims' order."""
    ranked = sorted(groups, key=lambda g: (-g.score, -g.independent_sources, _natural(g.claims[0])))
    return [g.model_copy(update={"id": f"g{n}"}) for n, g in enumerate(ranked, 1)]


# ---- disagreements and timeline --------------------------------------------------------------------------


def _disagreements(items: list[_Item]) -> list[Disagreement]:
    """The same measure ("death toll") given different values by the sources."""
    values: dict[str, dict[float, list[_Item]]] = defaultdict(lambda: defaultdict(list))
    kinds: dict[str, ClaimKind] = {}
    for item in items:
        for topic, kind, value in item.measures:
            if item not in values[topic][value]:
                values[topic][value].append(item)
            kinds[topic] = kind
    out = []
    for topic in sorted(values, key=lambda t: (-KIND_WEIGHT[kinds[t]], t)):
        by_value = values[topic]
        sources = {i.claim.article_id for found in by_value.values() for i in found}
        if len(by_value) < 2 or len(sources) < 2:
            continue
        entries = [_value(value, by_value[value]) for value in sorted(by_value)]
        out.append(Disagreement(topic=topic, kind=kinds[topic], values=entries, explained_by_time=_rising(entries)))
    return out


def _value(value: float, items: list[_Item]) -> DisagreementValue:
    said_by = Counter(i.claim.attribution for i in items if i.claim.attribution)
    dates = [i.as_of for i in items if i.as_of]
    return DisagreementValue(
        value=str(int(value)) if value.is_integer() else f"{value:g}",
        sources=sorted({i.claim.article_id for i in items}, key=_natural),
        attribution=min(said_by, key=lambda a: (-said_by[a], a)) if said_by else None,
        as_of=min(dates) if dates else None,
        claims=sorted((i.claim.id for i in items), key=_natural),
    )


def _rising(values: list[DisagreementValue]) -> bool:
    """True when every value is dated, the dates differ, and no later report gives a lower figure."""
    if any(v.as_of is None for v in values) or len({v.as_of for v in values}) < 2:
        return False
    ordered = sorted(values, key=lambda v: (v.as_of or dt.date.min, float(v.value)))
    return all(float(a.value) <= float(b.value) for a, b in zip(ordered, ordered[1:], strict=False))


def _timeline(groups: list[ClaimGroup]) -> list[TimelineEntry]:
    """Dated groups in date order; on one day the better-ranked group comes first."""
    dated = [(g.date, rank, g) for rank, g in enumerate(groups) if g.date is not None]
    return [
        TimelineEntry(date=date, statement=g.statement, group=g.id, sources=g.sources)
        for date, _, g in sorted(dated, key=lambda x: (x[0], x[1]))
    ]
