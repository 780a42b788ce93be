"""Grouping a day's articles into stories, merging near-identical copies, ranking: no model involved."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import defaultdict
from pathlib import Path

import pytest

from summarizer import load_articles
from summarizer.daily.stories import RANKING, find_stories, group_articles, merge_copies, score_story
from summarizer.ingest.debris import strip_debris
from summarizer.ingest.files import parse_article
from summarizer.schemas import Article

DAILY = Path(__file__).parent / "fixtures" / "daily" / "articles"
# Six real events, each told by 3-4 outlets in their own words (multinews-dev, as in evals/datasets/).
GROUPING = Path(__file__).parent / "fixtures" / "grouping"
SEEDS = Path(__file__).parents[1] / "examples" / "seeds"
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


@pytest.fixture(scope="module")
def real() -> list[Article]:
    return load_articles([GROUPING, SEEDS])


def real_event(article: Article) -> str:
    return Path(article.source or "").parent.name


def test_the_five_seed_articles_are_one_story() -> None:
    [story] = find_stories(load_articles(SEEDS))
    assert len(story.articles) + len(story.duplicates) == 5
    assert "Aleppo" in story.headline


def test_real_coverage_groups_exactly_by_event(real: list[Article]) -> None:
    truth: dict[str, set[str]] = defaultdict(set)
    for article in real:
        truth[real_event(article)].add(article.id)
    groups = [{a.id for a in group} for group in group_articles(real)]
    assert sorted(map(sorted, groups)) == sorted(map(sorted, truth.values()))
    assert len(groups) == 7  # six dev events and the seeds


def test_real_grouping_does_not_depend_on_input_order(real: list[Article]) -> None:
    stories = find_stories(real, day=DAY)
    for seed in range(3):
        shuffled = list(real)
        random.Random(seed).shuffle(shuffled)
        again = find_stories(shuffled, day=DAY)
        assert [(s.id, [a.id for a in s.articles]) for s in again] == [
            (s.id, [a.id for a in s.articles]) for s in stories
        ]


def test_a_headline_is_a_real_title_or_lede_never_furniture(real: list[Article]) -> None:
    for story in find_stories(real, day=DAY):
        assert not strip_debris(story.headline)[1] and len(re.findall(r"[A-Za-z]{2,}", story.headline)) >= 4
    lede = "BANGKOK (AP) — A ferry carrying 80 people capsized on the Chao Phraya river on Friday, police said."
    untitled = [
        make("a", "19:29", lede),
        make("b", "Photo", "A ferry with 80 people on board capsized on the Chao Phraya river in Bangkok on Friday."),
        make("c", "Dear Dylan,", "Hello. The Chao Phraya ferry capsized on Friday with 80 people on board."),
    ]
    [story] = find_stories(untitled, day=DAY)
    ledes = {lede.removeprefix("BANGKOK (AP) — "), untitled[1].sentences[0], untitled[2].sentences[1]}
    assert story.headline in ledes  # not a time, a credit, a salutation, "Hello." or a dateline


def test_a_headline_is_no_transcript_line_no_aside_to_the_reader_and_no_pronoun() -> None:
    """Titles of a transcript ("TRUMP: Well you see, ...") or addressing the reader ("You've probably never heard
    of ...") and ledes that lean on a sentence before ("He spent most of his life ...") do not head a story."""
    lede = "Marty Martin, a Houston oilman and former fundraiser, is accused of bribing Jordanian officials."
    transcript = "TRUMP: Well you see, I don't know that, you know"
    aside = "You've probably never heard of Marty Martin."
    untitled = [
        make("a", transcript, "Marty Martin denied bribing Jordanian officials."),
        make("b", aside, "He spent most of his life as an anonymous operative."),
        make("c", "", lede),
    ]
    [story] = find_stories(untitled, day=DAY)
    assert story.headline in {lede, untitled[0].sentences[0]}


def test_of_ledes_sharing_no_words_the_one_the_whole_story_repeats_heads_it() -> None:
    """Pieces whose openings share no word (row140): the lede whose words the rest of the story repeats heads
    it, not the shortest."""
    central = "A member of Jordan's royal family is accusing an American oilman of bribing the government."
    untitled = [
        make("a", "", "Jihan Nassar, a homemaker in Corona, is listed as a $500 donor to a campaign. She gave in "
             "May. Court papers tie the gift to the oilman accused of bribing Jordan's government."),
        make("b", "", f"{central} Lawyers filed the case in Florida. The oilman denies bribing Jordan's government."),
        make("c", "", "Marty Martin ran the CIA's bin Laden unit. Few knew his name. He later managed the oilman's "
             "firm in Jordan, accused of bribing its government."),
    ]  # fmt: skip
    stories = find_stories(untitled, day=DAY)
    assert len(stories) == 1 and stories[0].headline.startswith("A member of Jordan's royal family is accusing")


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
    big, small = fire("Tarnow", "Ilse Brandt", "Korvane", 12), fire("Lindholm", "Cal Morrow", "Dresk Steel", 4)[:5]
    groups = group_articles(big + small)
    assert sorted(len(g) for g in groups) == [5, 60]
    assert all(len({a.id.split("-")[0] for a in g}) == 1 for g in groups)


def test_a_story_longer_than_a_neighbour_list_stays_whole_among_stories_of_its_kind() -> None:
    big = fire("Tarnow", "Ilse Brandt", "Korvane", 12, count=45)
    towns = [("Lindholm", "Cal Morrow", "Dresk Steel"), ("Osterby", "Mira Vance", "Halden Chemicals")]
    towns += [(f"Town{k}", f"Chief{k} Person{k}", f"Firm{k} Works") for k in range(12)]
    small = [a for town, chief, firm in towns for a in fire(town, chief, firm, 3, count=3)]
    groups = group_articles(big + small)
    assert sorted(len(g) for g in groups) == [3] * len(towns) + [45]
    assert all(len({a.id.split("-")[0] for a in g}) == 1 for g in groups)


def test_three_wire_versions_each_carried_more_times_than_a_neighbour_list_are_one_story() -> None:
    versions = [
        "A fire at the Korvane plant in Tarnow killed 12 workers on Friday, fire chief Ilse Brandt said.",
        "Twelve workers died when fire swept through the Korvane works in Tarnow, fire chief Ilse Brandt said.",
        "Fire chief Ilse Brandt said the Korvane fire in Tarnow began in a storage hall and killed 12.",
    ]
    # 22 copies each: every copy's nearest 20 are copies of its own version, so no neighbour pair links them
    day = [make(f"v{v}-{i:02d}", "Fire in Tarnow", text) for v, text in enumerate(versions) for i in range(22)]
    assert [len(g) for g in group_articles(day)] == [66]


def test_a_year_and_a_round_number_do_not_make_one_story_of_a_small_day() -> None:
    day = [
        make("hack-a", "Hackers post stolen passwords", "In 2012 hackers stole 30 million passwords from Lindwell, "
             "which said on Tuesday that the passwords from 2012 were posted online."),
        make("hack-b", "Lindwell passwords leaked", "Lindwell told users to change passwords stolen in 2012 after "
             "30 million of them appeared on a forum."),
        make("waste-a", "E-waste piles up", "In 2012 the world threw away 30 million tonnes of old phones and "
             "computers, a United Nations study of electronic waste found."),
        make("waste-b", "Old phones pile up", "Electronic waste reached 30 million tonnes in 2012, says the study, "
             "and most of it was not recycled."),
    ]  # fmt: skip
    assert [[a.id for a in g] for g in group_articles(day)] == [["hack-a", "hack-b"], ["waste-a", "waste-b"]]


def test_a_story_named_only_deep_in_a_long_article_is_not_what_it_is_about() -> None:
    story = [
        make("plan-a", "Kessmark unveils Varnholt plan", "Prince Aldric unveiled the Varnholt plan to wean Kessmark "
             "off oil. The plan sells shares in Dravco, the state oil firm."),
        make("plan-b", "Aldric's Varnholt plan", "Kessmark approved the Varnholt plan of Prince Aldric on Monday. "
             "Dravco shares will be sold and oil revenue replaced."),
        make("plan-c", "Kessmark looks beyond oil", "The Varnholt plan of Prince Aldric puts Dravco shares on sale "
             "as Kessmark's oil income falls."),
    ]  # fmt: skip
    asides = [f"Asked about the Zorvex{k} accord, he said the Quillan{k} tariffs and Morrow{k} bases would change."
              for k in range(12)]  # fmt: skip  # 12 topics, 168 words
    deep = "Would he stop buying Kessmark oil? He said Prince Aldric and the Varnholt plan of Dravco were weak."

    def interview(sentences: list[str]) -> Article:
        return make("interview", "A long interview", " ".join(sentences))

    groups = [[a.id for a in g] for g in group_articles([*story, interview([*asides, deep])])]
    assert sorted(groups) == [["interview"], ["plan-a", "plan-b", "plan-c"]]
    # the same words in its opening are what it is about: then it joins
    groups = [[a.id for a in g] for g in group_articles([*story, interview([deep, *asides])])]
    assert groups == [["interview", "plan-a", "plan-b", "plan-c"]]


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


def fire(town: str, chief: str, firm: str, n: int, *, count: int = 60) -> list[Article]:
    """`count` articles on one fire, each two of three sentences, so that most are near-copies."""
    lines = [
        f"A fire at the {firm} plant in {town} killed {n} workers on Friday, fire chief {chief} said.",
        f"The blaze in {town} started in a storage hall and spread within an hour.",
        f"{firm} said it would cooperate with investigators, and {chief} praised the crews.",
    ]
    return [
        make(f"{town}-{i}", f"Fire at {firm} plant in {town}", " ".join(random.Random(i).sample(lines, 2)))
        for i in range(count)
    ]


def test_a_second_copy_of_every_article_keeps_the_story_whole() -> None:
    """Two copies of one article are each other's closest by far; grouped before merging, beside that tie the
    seeds' other articles looked unrelated and the one event became four stories of one article each."""
    seeds = load_articles(SEEDS)
    copies = [a.model_copy(update={"id": f"copy-{a.id}"}) for a in seeds]
    [story] = find_stories([*seeds, *copies], day=DAY)
    assert len(story.articles) == len(seeds) and len(story.duplicates) == len(seeds)
    assert {d.of for d in story.duplicates} <= {a.id for a in story.articles}


@pytest.mark.parametrize(
    ("sentence", "headline"),
    [
        (  # who said it goes
            "A fourth death in central Illinois has been connected to synthetic cannabinoid use, the Illinois "
            "Department of Public Health said.",
            "A fourth death in central Illinois has been connected to synthetic cannabinoid use",
        ),
        (  # ended at its last clause, not mid-phrase
            "A man in Thailand upset with his wife hanged their 11-month-old daughter on Facebook Live and then "
            "killed himself, police said on Tuesday after the video spread.",
            "A man in Thailand upset with his wife hanged their 11-month-old daughter on Facebook Live and then "
            "killed himself",
        ),
        (  # the opening phrase goes, the main clause stays, and its "also" (what else, the phrase told) with it
            "In addition to the threat of explosive eruptions at Kilauea's summit, new vents and the wrath of lava, "
            "Hawaii island residents also have acid rain to worry about.",
            "Hawaii island residents have acid rain to worry about.",
        ),
        (  # never cut inside a quotation: at a word, with an ellipsis
            "“Let it be an arms race … we will outmatch them at every pass and outlast them all,” President-elect "
            "Donald Trump told a television host on Friday.",
            "“Let it be an arms race … we will outmatch them at every pass and outlast them all,” President-elect "
            "Donald Trump told…",
        ),
        (  # at the writer's comma rather than at a later "as" that only joins a verb to its words
            "Water from the Mt. Tabor Reservoir system tested clean of urine-related toxins Thursday, news that came "
            "as no surprise to Water Bureau administrators.",
            "Water from the Mt. Tabor Reservoir system tested clean of urine-related toxins Thursday",
        ),
        ("Canadian Sniper Hit A Target More Than 2 Miles Away, Military Confirms", None),  # short: as it is
        (  # not cut where only who is said, before what they did
            "LSU Museum of Natural Science Curator of Mammals Jake Esselstyn and his international collaborators "
            "have discovered a new genus and species on a remote, mountainous island in Indonesia.",
            "LSU Museum of Natural Science Curator of Mammals Jake Esselstyn and his international collaborators "
            "have discovered a…",
        ),
        (  # a clause word inside another word ("has") is no clause
            "A Danish inventor charged over the death of Swedish journalist Kim Wall has said she died in an "
            "accident on his submarine in the Baltic.",
            "A Danish inventor charged over the death of Swedish journalist Kim Wall has said she died in an accident "
            "on his…",
        ),
    ],
)
def test_a_sentence_becomes_a_headline_at_a_clause(sentence: str, headline: str | None) -> None:
    from summarizer.language.headline import HEADLINE_CHARS, shortened

    assert shortened(sentence) == (headline or sentence)
    assert len(shortened(sentence)) <= HEADLINE_CHARS
