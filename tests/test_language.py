"""The English lexicon: the calendar spelled out once, times and sources read from words, and the word forms."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import summarizer
from summarizer._sets import jaccard, overlap
from summarizer.language.dates import FURNITURE_MONTH, MONTH, MONTHS, bare_years, calendar_spans, find_time
from summarizer.language.names import find_attribution, reported_on
from summarizer.language.vocabulary import FACT_STOP_WORDS, STOP_WORDS, STORY_STOP_WORDS
from summarizer.language.voice import speaker_dropped, stands_alone
from summarizer.language.words import common_form, content_words, stem, topic_words

FRIDAY = dt.date(2024, 11, 29)


@pytest.mark.parametrize(
    ("written", "number"), [("January", 1), ("Jan", 1), ("Sept", 9), ("Sep", 9), ("May", 5), ("December", 12)]
)
def test_every_way_a_month_is_written_names_its_number(written: str, number: int) -> None:
    assert re.fullmatch(MONTH, written) and re.fullmatch(MONTH, written + ".")
    assert MONTHS[written.lower()] == number


@pytest.mark.parametrize("word", ["Mayor", "Marching", "Junes", "Decade"])
def test_a_month_is_a_whole_word(word: str) -> None:
    assert re.match(MONTH, word) is None


def test_page_furniture_months_take_any_ending_but_not_every_short_form() -> None:
    assert re.fullmatch(FURNITURE_MONTH, "Sept.") and re.fullmatch(FURNITURE_MONTH, "December")
    assert re.fullmatch(FURNITURE_MONTH, "Mar") is None  # "Mar" begins too many other words ("Marine")


def test_months_and_weekdays_are_spelled_out_only_in_the_lexicon() -> None:
    package = Path(summarizer.__file__).parent
    alternation = re.compile(r"\b(?:Jan(?:uary)?|jan(?:uary)?|Monday|monday)(?:\||\(\?)")  # "Jan|", "jan(?:uary)?"
    spelled = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "language" not in path.parts and alternation.search(path.read_text(encoding="utf-8"))
    ]
    assert spelled == []


def test_a_time_resolves_against_the_day_of_publication_and_says_when_a_source_spoke() -> None:
    text = "The Syrian Observatory for Human Rights said on Wednesday that 242 people had been killed."
    time = find_time(text, FRIDAY)
    assert time is not None and (time.text, time.date) == ("on Wednesday", dt.date(2024, 11, 27))
    assert reported_on(text, FRIDAY) == dt.date(2024, 11, 27)
    assert find_attribution(text) == "Syrian Observatory for Human Rights"
    assert reported_on("Fighting began on Wednesday.", FRIDAY) is None  # no one said it: not a report's date


def test_a_year_inside_a_full_date_is_not_a_bare_year() -> None:
    text = "500,000 have died since 2011, the monitor said on Nov. 29, 2024."
    assert bare_years(text) == [2011]
    assert [text[a:b] for a, b in calendar_spans(text)] == ["on Nov. 29, 2024", "on Nov. 29"]


def test_content_words_and_topic_words_answer_different_questions() -> None:
    sentence = "The Observatory said 14,000 people fled on Wednesday."
    assert content_words(sentence) == {"observatory", "people", "fled", "wednesday"}  # what a fact states
    assert topic_words(sentence) == {"observatory", "14000", "fled"}  # what tells this story from others


def test_each_stop_list_does_its_own_job() -> None:
    assert "people" in STORY_STOP_WORDS and "people" not in STOP_WORDS  # every story has people; facts count them
    assert "whereupon" in STORY_STOP_WORDS  # read from the shipped list of English stop words
    assert "wednesday" in FACT_STOP_WORDS and "wednesday" not in STOP_WORDS


def test_forms_and_paraphrases_meet() -> None:
    assert common_form("seized") == common_form("captured") == "capture"
    assert common_form("launched") == "launch"
    assert stem("resigned") == stem("resignation") == "resign"


def test_a_quotation_without_its_speaker_is_told_apart_from_a_statement() -> None:
    sentence = '"We have been driving beyond the reach of our headlights," Co-Chairman Michael Thibault said.'
    assert speaker_dropped("We have been driving beyond the reach of our headlights", sentence)
    assert not speaker_dropped("Thibault said they had been driving beyond their headlights", sentence)


@pytest.mark.parametrize(
    ("a", "b"), [({"x", "y"}, {"y", "z"}), (set(), set()), ({"x"}, set()), ({"x", "y", "z"}, {"x", "y", "z"})]
)
def test_jaccard_with_even_weights_is_plain_jaccard(a: set[str], b: set[str]) -> None:
    even = dict.fromkeys(a | b, 1.0)
    assert jaccard(a, b) == jaccard(a, b, even) == jaccard(b, a, even)
    assert jaccard({"x", "y"}, {"y"}, {"x": 3.0, "y": 1.0}) == 0.25
    assert overlap({"x", "y"}, {"y"}) == 0.5 and overlap(set(), {"y"}) == 0.0


@pytest.mark.parametrize(
    "sentence",
    [
        "They contend that this offensive breaches a prior agreement aimed at de-escalating the conflict.",
        "Nor did he provide any photographic, video or documentary evidence of the attack.",
        "He says mass evacuation would be beyond county and state capabilities.",
        "In that year, the company's catalog reached 650 million air travelers.",
        "The state division just announced the first death in this cluster.",
        "Harry Sargeant's lawyers couldn't be reached for comment on this story.",
        "You may be wondering if this reporter found any during our time here.",  # and it speaks to the reader
        "You weren't really that concerned.",
        "Dallas Swonger wants the world to just know one thing.",  # it only announces what the next one says
    ],
)
def test_a_sentence_leaning_on_the_one_before_does_not_stand_alone(sentence: str) -> None:
    assert not stands_alone(sentence)


def test_those_who_and_a_name_opening_a_sentence_stand_alone() -> None:
    assert stands_alone("Those who live near the fissures were told to leave on Thursday.")
    assert stands_alone("Hershey's said it would buy the company for $1.6 billion.")


def test_this_before_a_time_or_inside_a_quotation_stands() -> None:
    assert stands_alone("Earlier this year, the company cut 2,000 jobs.")
    # its opening quotation mark is no reason to read the quotation as the writer's own words
    assert stands_alone("“I am sorry it has taken me a few weeks, but I own this truth,” Mira Sorvino writes.")
    assert stands_alone('"You\'re fired," Donald Trump told the contestant.')
