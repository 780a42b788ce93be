"""The digest that opens a daily: each story's most telling sentences, within the day's word budget."""

from __future__ import annotations

from summarizer.daily.digest import DAY_WORDS, TOP_WORDS, budgets, digest
from summarizer.schemas import Briefing, BriefSentence, Meta, Section


def _sentence(text: str, source: str = "a1") -> BriefSentence:
    return BriefSentence(text=text, citations=[source])


def _briefing(sections: dict[str, list[str]], lede: str | None = "The council closed the bridge.") -> Briefing:
    return Briefing(
        title="The bridge",
        lede=_sentence(lede) if lede else None,
        sections=[Section(heading=h, sentences=[_sentence(t) for t in ts]) for h, ts in sections.items()],
        sources=[],
        meta=Meta(model="m", mode="json_schema", seconds=0.0),
    )


def test_the_days_words_go_to_the_top_story_first_then_in_equal_shares() -> None:
    assert budgets(10) == [TOP_WORDS, *[60] * 7, 0, 0]  # past the budget: a headline only
    assert sum(budgets(10)) <= DAY_WORDS
    assert budgets(3) == [TOP_WORDS, 100, 100]  # a small day: each other story its most
    assert budgets(2, words=100) == [100, 0]
    assert budgets(0) == [] and budgets(4, words=0) == [0, 0, 0, 0]


def test_a_digest_takes_the_lede_then_each_sections_first_sentences_within_its_words() -> None:
    briefing = _briefing(
        {
            "What happened": ["Engineers found cracks in two piers last week.", "Traffic was sent south."],
            "Figures": ["Repairs will cost $4 million, the council said.", "About 20,000 cars cross it daily."],
            "Timeline": ["12 Nov 2026: The cracks were found."],
        }
    )
    said = [s.text for s in digest(briefing, words=22)]
    assert said == [
        "The council closed the bridge.",
        "Engineers found cracks in two piers last week.",
        "Repairs will cost $4 million, the council said.",
    ]
    assert not any("12 Nov" in s.text for s in digest(briefing, words=500))  # the timeline is the full briefing's
    assert [s.text for s in digest(briefing, words=3)] == ["The council closed the bridge."]  # one stands
    assert digest(briefing, words=0) == []


def test_a_continuing_storys_digest_opens_with_what_changed() -> None:
    briefing = _briefing(
        {
            "What changed since 28 Nov 2024": ["The toll rose from 57 to 242."],
            "What happened": ["Fighting reached the city's outskirts."],
        }
    )
    assert digest(briefing, words=100)[0].text == "The toll rose from 57 to 242."


def test_a_digest_does_not_tell_the_news_twice() -> None:
    """A sentence whose words the digest's earlier sentences mostly say, with no figure of its own, gives way
    (the Lauri Love digest said the appeal was won four ways); one with a figure of its own does not."""
    briefing = _briefing(
        {
            "What happened": [
                "The council closed the bridge over the river to all traffic.",
                "Engineers found cracks in two piers last week.",
            ],
            "Figures": ["The council closed the bridge to 20,000 cars a day."],
        },
        lede="The council closed the bridge over the river.",
    )
    said = [s.text for s in digest(briefing, words=100)]
    assert said == [
        "The council closed the bridge over the river.",
        "The council closed the bridge to 20,000 cars a day.",
        "Engineers found cracks in two piers last week.",
    ]
