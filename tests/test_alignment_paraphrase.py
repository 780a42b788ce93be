"""The written-sentence tier's looser reading: other words for the same act, places, words fused from other facts.

A written sentence may restate its evidence in other words, name a country where its evidence names a city,
and fuse facts; a model's claim (the near-copy tier) may not. Each rule is tested on what it must let
through and on what it must still refuse.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from summarizer.claims.alignment import check_claim, check_sentence, verify
from summarizer.ingest import load_articles
from summarizer.language.wordnet import lies_in, restates

from .conftest import ROOT

PAINT = """Activists in London dumped gallons of yellow and blue paint in front of the Russian embassy on Thursday.
The protest comes on the eve of the anniversary of the invasion.
Four people were arrested in connection with the protest, police said."""

RECALL = """The automaker will voluntarily recall 19 pickups to address a specific electrical connection issue.
Robar said the problems have not resulted in any fires, like a battery issue earlier this month with a Ford pickup."""


@pytest.mark.parametrize(
    ("claimed", "given"),
    [
        ("plunged", "fell"),  # a kind of falling
        ("bolster", "support"),
        ("regarded", "deemed"),
        ("slumped", "fell"),
        ("sustain", "prop_up"),  # a phrase WordNet knows counts as one word
        ("investigate", "look_into"),
    ],
)
def test_a_looser_word_for_the_same_act_restates_it(claimed: str, given: str) -> None:
    assert restates(claimed, given)


@pytest.mark.parametrize(
    ("claimed", "given"),
    [
        ("injured", "killed"),  # siblings under one parent: another outcome
        ("green", "yellow"),
        ("sell", "support"),
        ("battery", "connection"),  # a noun of the same kind names another thing
        ("sister", "brother"),
        ("rejected", "approved"),  # an opposite, in any sense
        ("falling", "rising"),
        ("woman", "person"),  # more specific adds what was not said
    ],
)
def test_a_sibling_an_other_thing_or_an_opposite_does_not(claimed: str, given: str) -> None:
    assert not restates(claimed, given)


def test_a_place_lies_in_the_country_and_the_adjective_names_it() -> None:
    assert lies_in("uk", "london") and lies_in("england", "london")
    assert lies_in("uk", "british") and lies_in("uk", "britain")
    assert not lies_in("london", "uk")  # more specific: says where in it
    assert not lies_in("us", "london")


def test_a_written_sentence_may_paraphrase_but_a_claim_may_not() -> None:
    fact = "Officials executed a controlled burn of vinyl chloride."
    assert check_sentence("Officials carried out a controlled burn of vinyl chloride.", [fact]) == []
    assert check_claim("Officials carried out a controlled burn of vinyl chloride.", [fact]) != []
    refused = check_sentence("Officials cancelled a controlled burn of vinyl chloride.", [fact])
    assert refused and "cancelled" in " ".join(refused)


def test_a_country_is_stated_by_the_city_its_evidence_names() -> None:
    assert verify("U.K. activists dumped gallons of yellow and blue paint in front of the Russian embassy.", [PAINT])
    assert verify("British activists dumped yellow and blue paint in front of the Russian embassy.", [PAINT]).supported
    wrong = verify("U.S. activists dumped gallons of yellow and blue paint in front of the Russian embassy.", [PAINT])
    assert not wrong.supported and "U.S." in " ".join(wrong.problems)
    colour = verify("Activists in London dumped gallons of green and blue paint in front of the embassy.", [PAINT])
    assert not colour.supported and "green" in " ".join(colour.problems)


def test_a_word_that_stands_where_its_evidence_says_another_is_not_fused_from_elsewhere() -> None:
    # "battery" is in the article, but in the recall's sentence its place holds "electrical connection"
    swapped = verify("The automaker will voluntarily recall 19 pickups to address a specific battery issue.", [RECALL])
    assert not swapped.supported and "battery" in " ".join(swapped.problems)


def test_a_word_drawn_from_another_fact_comes_with_its_neighbours() -> None:
    facts = ["The gunman went on the run on Tuesday after executing seven people.", "Police killed the gunman."]
    assert check_sentence("Police killed the gunman, who went on the run on Tuesday.", facts) == []
    far = check_sentence("Police killed the gunman on Tuesday evening.", [*facts, "The bar was busy in the evening."])
    assert far and "evening" in " ".join(far)


def test_a_figure_drawn_from_another_fact_comes_with_its_neighbours_too() -> None:
    facts = ["Police killed the gunman on Wednesday.", "The gunman had killed seven people in a bar."]
    assert check_sentence("Police killed the gunman who had killed seven people in a bar.", facts) == []
    votes = ["The council approved the budget by 7 votes to 2.", "The bridge repairs will take 2 years."]
    assert check_sentence("The bridge repairs will take 7 years.", votes) == ["states 7, which its evidence does not"]


def test_a_passive_verb_of_saying_names_no_speaker() -> None:
    article = "In total, 870 people worldwide have been infected, and 457 deaths have been reported in 21 countries."
    assert verify("Since then, 457 deaths have been reported in 21 countries.", [article]).supported


def test_the_lexicon_is_read_only_when_a_check_runs() -> None:
    code = (
        "import summarizer.claims.alignment, summarizer.language.wordnet as lexicon;"
        "print(lexicon._lexicon.cache_info().currsize)"  # the private cache is what is under test here
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert loaded.stdout.strip() == "0"


def test_faithful_near_copies_from_every_labelled_set_pass_the_written_tier_too() -> None:
    """Each sentence of every labelled set as a written sentence against itself, and shortened at its last comma:
    a clause that only names who said something ("Witnesses said, however, ...") is not a fact left unstated."""
    checked = refused = 0
    for articles in sorted((ROOT / "evals" / "datasets").glob("*/articles")):
        for article in load_articles(articles):
            for i, sentence in enumerate(article.sentences):
                head = sentence.rsplit(", ", 1)[0].rstrip(".") + "."
                for text in {sentence, head} if len(head.split()) >= 6 else {sentence}:
                    checked += 1
                    refused += bool(check_sentence(text, [sentence], context=article.sentences[:i]))
    assert checked > 1000 and refused == 0
