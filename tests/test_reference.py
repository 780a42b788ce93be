"""A sentence that points back is resolved from the sentence before it only where a reader would not hesitate."""

from __future__ import annotations

import pytest

from summarizer.claims.extract import sentence_claims
from summarizer.language.reference import resolved, subject_name
from summarizer.schemas import Article


@pytest.mark.parametrize(
    ("sentence", "before", "expected"),
    [
        ("This escalation follows weeks of violence.", None, "The escalation follows weeks of violence."),
        ("These claims have not been verified.", "x", "The claims have not been verified."),
        ("This marks the first advance since 2020.", "x", None),  # "marks" is the verb: what is "this"?
        ("This comes a day after the storm.", "x", None),
        ("That compares with 2 degrees on Tuesday.", "x", None),
        ("Those in charge of the offensive say so.", "x", None),
        ("This Snow White can hold her own in a duel.", "x", None),  # a name, not a noun
        (
            "It also said it suspended its catalog on Jan. 16.",
            "Xhibit Corp XBTC.PK, SkyMall's parent, on Friday said it hoped to sell its assets.",
            "Xhibit Corp also said it suspended its catalog on Jan. 16.",
        ),
        (
            "It says it reaches 650 million air travelers a year.",
            "Founded in 1989, SkyMall said it sold more than 30,000 products.",
            "SkyMall says it reaches 650 million air travelers a year.",
        ),
        (
            "Its reserves fell to $616bn.",
            "Saudi Arabia has deep pockets.",
            "Saudi Arabia's reserves fell to $616bn.",
        ),
        ("It will not go to the IMF.", "The kingdom has deep pockets.", None),  # no name to give
        ("It will not go to the IMF.", "According to the ministry, the kingdom is rich.", None),
        ("It will not go to the IMF.", None, None),  # the first sentence has nothing before it
        ("It's not the first time.", "Saudi Arabia has deep pockets.", None),  # "it is", not the kingdom
        ("He said the deal was done.", "Mr. Wiley replaced Kevin Weiss last year.", None),  # people: not resolved
        # "this" within a sentence before a noun that names a thing, outside a quotation
        ("Having this data could help governments.", None, "Having the data could help governments."),
        (
            'Named "Deterrence of Aggression," this military campaign was a retaliation.',
            None,
            'Named "Deterrence of Aggression," the military campaign was a retaliation.',
        ),
        ("The lawyers couldn't be reached for comment on this story.", None, None),  # a shell noun: left out
        ("Finding a job in this economy is hard.", None, None),  # where the writer stands, not a thing told
        ('The judge said "this case is closed" on Monday.', None, None),  # a quotation stays as it was said
    ],
)
def test_only_certain_references_are_resolved(sentence: str, before: str | None, expected: str | None) -> None:
    found = resolved(sentence, before)
    assert (found.text if found else None) == expected


def test_the_subject_is_the_name_a_sentence_opens_with() -> None:
    assert subject_name("Hayat Tahrir al-Sham, listed as a terrorist group, has long been targeted.") == (
        "Hayat Tahrir al-Sham"
    )
    assert subject_name("The group, listed as a terrorist group, was targeted by Russia.") is None
    assert subject_name("Russian jets bombed Idlib.") is None  # a name as an adjective is not the subject


def test_a_resolved_sentence_is_offered_with_the_sentence_that_names_its_subject_as_evidence() -> None:
    sentences = [
        "Founded in 1989, SkyMall said it sold more than 30,000 products.",
        "It says it reaches 650 million air travelers a year.",
        "They contend that the sale breaches an agreement.",
    ]
    article = Article(id="a1", text=" ".join(sentences), sentences=sentences)
    offered = {c.statement: c.evidence for c in sentence_claims(article, cited=set())}
    assert offered == {sentences[0]: [1], "SkyMall says it reaches 650 million air travelers a year.": [1, 2]}


def test_a_word_that_only_describes_may_stand_between_the_demonstrative_and_its_noun() -> None:
    found = resolved("This new discovery is the third new genus since 2012.", "x")
    assert found is not None and found.text == "The new discovery is the third new genus since 2012."
    assert resolved("This new marks the spot.", "x") is None


def test_a_noun_that_only_says_what_kind_of_thing_came_before_is_not_resolved() -> None:
    assert resolved("That amount weighs about 11 times as much as the Great Pyramid.", "x") is None
    assert resolved("This kind of eruption was last seen a century ago.", "x") is None


def test_an_essays_lines_are_not_offered_as_facts() -> None:
    lines = [f"I remember the catalog I read on the plane in {1990 + n}; my father bought the gnome." for n in range(4)]
    lines.append("The possibilities in life were limitless and the gnome stood in the garden.")
    essay = Article(id="e1", text=" ".join(lines), sentences=lines)
    assert sentence_claims(essay, cited=set()) == []  # no line of it reports a figure


def test_a_sentence_that_trails_off_does_not_stand_alone() -> None:
    from summarizer.language.voice import stands_alone

    assert not stands_alone("As adapted by Joe Penhall, 'The Road' turns out to be...")
    assert not stands_alone("The council voted on the plan and then …")
    assert stands_alone("The council voted on the plan on Monday.")


def test_a_person_named_by_surname_alone_is_named_as_the_article_first_did() -> None:
    from summarizer.language.reference import introduced

    before = ["Tesla CEO Elon Musk wrote on the blog.", "Scott Amey, general counsel of POGO, testified."]
    text = " ".join(before)
    assert introduced("Amey also raised a concern about contractors.", before, text) == (
        "Scott Amey also raised a concern about contractors.",
        "Scott Amey",
    )
    assert introduced("Mr. Musk says it is proof of the car's safety.", before, text) == (
        "Elon Musk says it is proof of the car's safety.",
        "Elon Musk",
    )
    assert introduced("Police said the road was closed.", ["Copenhagen Police said."], "the police said") is None
    two = ["Anne Love spoke.", "Lauri Love spoke."]  # two people by that name: which one?
    assert introduced("Love, 32, has won his appeal.", two, " ".join(two)) is None
    assert introduced("Amey also raised a concern.", [], "Amey also raised a concern.") is None  # never named
