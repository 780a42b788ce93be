"""A synthetic news day for benchmarks: many stories, several outlets each, invented names.

Stories of one kind (fires, strikes, rulings, ...) share their sentence templates and differ only in
names, places and figures, which is harder for grouping than real news, where outlets also differ in
what they report.
"""

from __future__ import annotations

import datetime as dt
import random

from summarizer.ingest.files import parse_article
from summarizer.schemas import Article

_KINDS: dict[str, tuple[list[str], list[str]]] = {
    "fire": (
        ["Fire at {org} plant in {place} kills {n1}", "{place} factory blaze: {n1} dead", "Blaze guts {org} site"],
        [
            "A fire at a {org} plant in {place} killed {n1} workers on {weekday}, firefighters said.",
            "The blaze started in a storage hall and spread to the main building within an hour.",
            "{person}, the {place} fire chief, said {n2} crews fought the fire through the night.",
            "{org} said it would cooperate fully with investigators from {place}.",
            "Residents near the {org} site in {place} were told to keep their windows closed.",
            "It was the deadliest industrial fire in {place} in a decade, according to {person}.",
        ],
    ),
    "strike": (
        ["{org} workers strike in {place}", "{place} walkout halts {org}", "Strike at {org} enters day two"],
        [
            "Workers at {org} in {place} walked out on {weekday} demanding a {n1} percent raise.",
            "Union leader {person} said the strike would last {n2} days unless {org} improved its offer.",
            "{org} called the walkout in {place} irresponsible and urged the union to return to talks.",
            "Thousands of customers in {place} were affected by the stoppage, {person} said.",
            "Talks between {org} and the union are due to resume next week.",
        ],
    ),
    "ruling": (
        ["{place} court strikes down {org} law", "Judges void {org} rules in {place}", "{person} ruling upends law"],
        [
            "The high court of {place} struck down the {org} act on {weekday} by {n1} votes to {n2}.",
            "Chief Justice {person} wrote that the {org} act breached the constitution of {place}.",
            "The government of {place} said it would draft a narrower version of the {org} act.",
            "Campaigners in {place} welcomed the ruling by {person} as a victory for citizens.",
            "The {org} act had been in force in {place} for {n2} years.",
        ],
    ),
    "recall": (
        ["{org} recalls {n1},000 devices", "{org} pulls products in {place} over fire risk", "{org} shares slide"],
        [
            "{org}, based in {place}, is recalling {n1},000 devices after {n2} reports of overheating.",
            "Chief executive {person} said no one had been hurt but the risk was unacceptable.",
            "{org} shares fell {n2} percent in {place} after the recall was announced.",
            "Customers can check serial numbers on the {org} website, {person} said.",
            "Regulators in {place} opened an inquiry into the {org} devices last month.",
        ],
    ),
    "election": (
        ["{person} elected leader of {place}", "{place} parliament backs {person}", "{person} wins vote in {place}"],
        [
            "Lawmakers in {place} elected {person} as prime minister on {weekday} by {n1} votes to {n2}.",
            "{person} leads the {org} party, which formed a coalition after last month's election in {place}.",
            "{person} promised to cut taxes and build new housing across {place}.",
            "The outgoing government of {place} congratulated {person} and the {org} party.",
            "The {org} party will hold {n2} seats in the new cabinet of {place}.",
        ],
    ),
    "crash": (
        ["{n1} killed as bus crashes near {place}", "{place} bus crash kills {n1}", "Ice blamed for {place} crash"],
        [
            "A bus run by {org} crashed near {place} on {weekday}, killing {n1} people and injuring {n2}.",
            "Police chief {person} said the bus skidded on ice and fell into a ravine outside {place}.",
            "{org} suspended its routes around {place} after the crash.",
            "The injured were taken to hospitals in {place}, {person} said.",
            "Residents said the road near {place} had not been gritted for days.",
        ],
    ),
    "sport": (
        ["{org} win title in {place}", "{person} scores winner for {org}", "{place} celebrates {org} title"],
        [
            "The {org} won the championship in {place} on {weekday}, beating their rivals {n1}-{n2}.",
            "Captain {person} scored the winning goal for the {org} late in the game.",
            "It is the first title for the {org} in {n1} years, fans in {place} said.",
            "{place} will hold a parade for the {org} on Sunday, the mayor's office said.",
        ],
    ),
    "science": (
        ["{place} astronomers find icy comet", "{person} team spots comet fragment", "Comet surprises {org}"],
        [
            "Astronomers at the {org} observatory in {place} have found an icy comet fragment {n1}0 metres wide.",
            "Lead astronomer {person} said the fragment held more water ice than any measured before.",
            "The fragment will pass closest to the Sun in {n2} months, the {org} team said.",
            "Amateurs near {place} should see it with binoculars, {person} said.",
        ],
    ),
}
_FILLER = [
    "Officials said more details would be released later.",
    "The news was widely shared on social media.",
    "Reporters at the scene described a tense atmosphere.",
]
_OUTLETS = [
    f"{name} {kind}"
    for name in ("Harbor", "Meridian", "Northfield", "Coastline", "Civic", "Brightwater")
    for kind in ("Gazette", "Times", "Post", "Courier", "Ledger")
]
_SYLLABLES = "ka ri to mel var den sa lo ben tris qua na fel dor mi zen ul pra hos vin cor ta le gri".split()
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _name(rng: random.Random, parts: int = 3) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def synthetic_day(
    stories: int, per_story: int = 10, *, day: dt.date = dt.date(2026, 11, 21), seed: int = 7
) -> list[Article]:
    """`stories` invented events with `per_story` articles each (ids "<story>-<n>"), shuffled."""
    rng = random.Random(seed)
    kinds = sorted(_KINDS)
    articles = []
    for s in range(stories):
        kind = kinds[s % len(kinds)]
        titles, templates = _KINDS[kind]
        slots = {
            "place": _name(rng, 4),
            "org": _name(rng) + " " + _name(rng),
            "person": f"{_name(rng, 2)} {_name(rng)}",
            "n1": str(rng.randint(3, 95)),
            "n2": str(rng.randint(2, 40)),
            "weekday": rng.choice(_WEEKDAYS),
        }
        for a in range(per_story):
            chosen = rng.sample(templates, k=min(len(templates), rng.randint(3, 5)))
            body = [t.format(**slots) for t in chosen] + rng.sample(_FILLER, k=1)
            text = "\n\n".join(body)
            article = parse_article(
                text,
                id=f"s{s:04d}-{a:02d}",
                meta={
                    "title": rng.choice(titles).format(**slots),
                    "outlet": _OUTLETS[(s + a) % len(_OUTLETS)],
                    "published": (day - dt.timedelta(days=rng.choice([0, 0, 0, 1]))).isoformat(),
                },
            )
            articles.append(article)
    rng.shuffle(articles)
    return articles
