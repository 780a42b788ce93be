"""Grouping a day's articles into stories, merging near-identical copies, ranking: no model involved."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from pathlib import Path

import pytest

from summarizer import load_articles
from summarizer.daily.stories import RANKING, find_stories, group_articles, merge_copies, score_story
from summarizer.ingest.files import parse_article
from summarizer.schemas import Article

DAILY = Path(__file__).parent / "fixtures" / "daily" / "articles"
DAY = dt.date(2026, 11, 21)


def event(article_id: str) -> str:
    """The fixture's ground truth: files are named <event>--<outlet>.md."""
    return article_id.split("--")[0]


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return load_articles(DAILY)


def test_grouping_is_exactly_the_fixture_events(articles: list[Article]) -> None:
    truth: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        truth[event(article.id)].add(article.id)
    groups = [{a.id for a in group} for group in group_articles(articles)]
    assert sorted(map(sorted, groups)) == sorted(map(sorted, truth.values()))
    assert len(groups) == 10  # 9 events of the day and last week's festival


def test_grouping_does_not_depend_on_input_order(articles: list[Article]) -> None:
    shuffled = list(articles)
    random.Random(3).shuffle(shuffled)
    assert [[a.id for a in g] for g in group_articles(shuffled)] == [
        [a.id for a in g] for g in group_articles(articles)
    ]


def test_the_near_identical_copy_is_merged_and_noted(articles: list[Article]) -> None:
    ferry = next(s for s in find_stories(articles, day=DAY) if event(s.articles[0].id) == "ferry")
    pair = {"ferry--morvane-wire", "ferry--coastline-post"}
    kept = {a.id for a in ferry.articles}
    assert len(kept & pair) == 1 and len(ferry.articles) == 4
    [copy] = ferry.duplicates
    assert {copy.id, copy.of} == pair and copy.of in kept and copy.similarity >= 0.75
    assert ferry.score.independent_sources == 4  # the copy is not a fifth voice


def test_ranking_is_stable_and_explained(articles: list[Article]) -> None:
    stories = find_stories(articles, day=DAY)
    order = [event(s.articles[0].id) for s in stories]
    assert order == ["ferry", "bus", "court", "recall", "strike", "election", "water", "comet", "hockey", "festival"]
    shuffled = list(articles)
    random.Random(5).shuffle(shuffled)
    again = find_stories(shuffled, day=DAY)
    assert [s.id for s in again] == [s.id for s in stories]
    assert [s.score for s in again] == [s.score for s in stories]
    ferry, bus, festival = stories[0], stories[1], stories[-1]
    assert ferry.score.score == ferry.score.independent_sources + ferry.score.recency + ferry.score.weight
    assert ferry.score.signals == ["deaths: dead, deaths, died"]
    assert [s.split(":")[0] for s in bus.score.signals] == ["deaths", "injuries"]
    assert festival.score.recency == pytest.approx(1 / 8)  # a week old
    assert "independent sources" in RANKING and "recency" in RANKING and "deaths" in RANKING
    assert ferry.id.startswith("at-least-14-dead-as-ferry")


def test_one_outlets_aside_is_not_the_weight_of_a_story() -> None:
    said = [
        make("a", "Korvane recalls batteries", "Korvane recalled the KX-40 cells. No one was hurt, Korvane said."),
        make("b", "Korvane battery recall", "Korvane recalled KX-40 cells after fires in laptops."),
    ]
    score = score_story(said, DAY)
    assert [s.split(":")[0] for s in score.signals] == ["decision"]  # "hurt" is in one lead only


def test_same_outlet_and_shared_agency_text_count_once() -> None:
    wire = "The Varna dam was opened on Friday by engineers after a week of heavy rain in the upper valley of the Sel."
    articles = [
        make("a", "Dam opened", wire + " Farmers downstream were warned.", outlet="Wire"),
        make("b", "Dam opened on the Sel", wire + " Schools closed.", outlet="Gazette"),
        make("c", "Sel dam update", "Engineers opened the Varna dam. The river rose.", outlet="Gazette"),
        make("d", "Varna dam", "The Varna dam spilled water into the Sel.", outlet="Times"),
    ]
    assert score_story(articles, DAY).independent_sources == 2  # {a, b, c} share text or outlet; d is alone


def test_two_events_of_one_kind_stay_apart_and_a_big_story_stays_whole() -> None:
    def fire(town: str, chief: str, firm: str, n: int) -> list[Article]:
        lines = [
            f"A fire at the {firm} plant in {town} killed {n} workers on Friday, fire chief {chief} said.",
            f"The blaze in {town} started in a storage hall and spread within an hour.",
            f"{firm} said it would cooperate with investigators, and {chief} praised the crews.",
        ]
        return [
            make(f"{town}-{i}", f"Fire at {firm} plant in {town}", " ".join(random.Random(i).sample(lines, 2)))
            for i in range(60)
        ]

    big, small = fire("Tarnow", "Ilse Brandt", "Korvane", 12), fire("Lindholm", "Cal Morrow", "Dresk Steel", 4)[:5]
    groups = group_articles(big + small)
    assert sorted(len(g) for g in groups) == [5, 60]
    assert all(len({a.id.split("-")[0] for a in g}) == 1 for g in groups)


def test_merge_copies_keeps_the_earliest_then_the_fullest() -> None:
    text = "The ferry Saint Oriel capsized on Lake Morvane on Friday. Rescuers pulled 61 survivors from the water."
    original = make("orig", "Ferry capsizes", text, published="2026-11-20")
    copy = make("copy", "Ferry capsizes on lake", text + " Divers will search again.", published="2026-11-21")
    other = make("other", "Ferry", "A different account of the ferry that capsized in the storm on Friday evening.")
    kept, duplicates = merge_copies([copy, other, original])
    assert [a.id for a in kept] == ["orig", "other"]
    assert [(d.id, d.of) for d in duplicates] == [("copy", "orig")]


def make(
    article_id: str, title: str, text: str, *, outlet: str | None = None, published: str = "2026-11-21"
) -> Article:
    meta = {"title": title, "outlet": outlet or f"Outlet {article_id}", "published": published}
    return parse_article(text, id=article_id, meta=meta)
