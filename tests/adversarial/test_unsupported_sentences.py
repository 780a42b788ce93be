"""A sentence stands on its evidence only when its names, numbers, negations and words are there.

`check_sentence` is the written tier (a sentence may fuse its sources), `check_claim` the strict one (a model's
claim is a near-copy of one sentence); both say what is wrong, one line a problem.
"""

from __future__ import annotations

import pytest

from summarizer.claims.alignment import check_claim, check_sentence

COUNCIL = [
    "The city council approved the budget on Tuesday by 7 votes to 2.",
    "Mayor Ana Ruiz said the new bus depot would open in 2026.",
]
ALEPPO = [
    "Armed groups seized at least 50 villages and towns in Aleppo and Idlib, the Syrian Observatory said Friday.",
    "The U.N. said more than 14,000 people have been displaced by the violence.",
    "The fighting has killed at least 242 people, according to a Syrian war monitor.",
]


@pytest.mark.parametrize(
    "sentence",
    [
        "The city council approved the budget on Tuesday by 7 votes to 2.",  # copied
        "The council approved the budget by 7 votes to 2.",  # shortened
        "Ruiz said the bus depot would open in 2026.",  # a name already given
        "Armed groups captured at least 50 villages in Aleppo and Idlib.",  # an everyday paraphrase
        "More than 14,000 people were displaced, the UN said.",  # U.N. / UN, another form of a word
        "Syria's war monitor said at least 242 people were killed in the fighting.",  # Syrian / Syria's
        "The violence has displaced more than 14,000 people, and the fighting killed at least 242.",  # two sources
    ],
)
def test_sentences_that_stand_on_their_evidence(sentence: str) -> None:
    assert check_sentence(sentence, COUNCIL + ALEPPO if "council" in sentence.lower() else ALEPPO + COUNCIL) == []


def test_an_invented_sentence_with_no_digits_is_not_supported() -> None:
    # the writer answer that passed the digits-only validator, cited to three real articles
    problems = check_sentence("The president resigned, officials confirmed.", COUNCIL)
    assert problems == ["nothing in its evidence states “The president resigned, officials confirmed”"]


def test_a_claim_sharing_one_word_in_three_is_not_supported() -> None:
    evidence = ["The scandal grew after the council vote."]
    assert check_sentence("The president resigned after the scandal", evidence) == [
        "uses president, resigned, which its evidence does not"
    ]
    assert check_claim("The president resigned after the scandal", evidence)


def test_injected_text_is_not_supported_by_the_real_sentences() -> None:
    assert check_sentence("X resigned and the project was cancelled.", COUNCIL)
    assert check_claim("X resigned and the project was cancelled.", COUNCIL)


@pytest.mark.parametrize(
    ("sentence", "problem"),
    [
        ("Putin ordered the council to approve the budget.", "names Putin, which its evidence does not"),
        ("The council approved the budget by 9 votes to 2.", "states 9, which its evidence does not"),
        ("Armed groups seized at least 500 villages in Aleppo.", "states 500, which its evidence does not"),
        ("The council did not approve the budget.", "says not where its evidence does not"),
        ("The council never approved the budget.", "says never where its evidence does not"),
        ("Three councillors approved the budget.", "states Three, which its evidence does not"),
        ("The council rejected the budget.", "says rejected where its evidence says approved"),
        (
            "The council approved the budget by 2 votes to 7.",
            "reverses 2 and 7: its evidence has them the other way round",
        ),
        (
            "The council approved the budget, according to the regional government.",
            "attributes it to regional government, which its evidence does not",
        ),
    ],
)
def test_one_wrong_name_number_negation_word_or_speaker_is_enough(sentence: str, problem: str) -> None:
    assert problem in check_sentence(sentence, COUNCIL)
    assert check_claim(sentence, COUNCIL)


def test_number_words_and_digits_are_the_same_number() -> None:
    assert check_sentence("Three people were killed in the blast.", ["3 people were killed in the blast."]) == []
    assert check_claim("3 people were killed in the blast.", ["Three people were killed in the blast."]) == []


def test_no_evidence_supports_nothing_and_no_word_is_added_unseen() -> None:
    assert check_sentence("The council approved the budget.", []) == ["cites no evidence"]
    assert check_claim("The council approved the budget.", []) == ["cites no evidence"]
    sentence = "The council quietly approved the budget."  # one of four content words is new
    assert (
        check_sentence(sentence, COUNCIL)
        == check_claim(sentence, COUNCIL)
        == ["uses quietly, which its evidence does not"]
    )


def test_a_claim_may_leave_out_a_negated_clause_but_not_flip_it() -> None:
    sentence = (
        "Officials say they aren't expecting a possible explosive eruption to be life-threatening "
        "as long as people stay out of the park."
    )
    flipped = "The eruption is expected to be life-threatening as long as people stay out of the park."
    assert check_claim(flipped, [sentence]) == ["states expected where its evidence says not"]
    other = "The lava destroyed 36 homes, and no one was hurt."
    assert check_claim("The lava destroyed 36 homes.", [other]) == []
    assert check_claim("No one was hurt when the lava destroyed 36 homes.", [other]) == []
