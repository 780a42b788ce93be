"""A sentence that tells again what another tells, in other words: left out of the selection, counted by the
reader check (`language.retelling`)."""

from __future__ import annotations

import pytest

from summarizer.compose.selection import select_facts
from summarizer.language.retelling import retells
from summarizer.schemas import Article, Claim, ClaimGroup, Reconciliation

BLOGGER = "Kate Gosselin is now a coupon blogger for the Web site CouponCabin.com."
SIGNED = "Kate has signed on to write for the website CouponCabin.com."
SANK = (
    "Danish police say Madsen deliberately sank the 18-meter (60-foot) submarine in the Bay of Koge, south of "
    "Copenhagen, shortly before his rescue on August 11."
)
SUNK = "Police believe the submarine was deliberately sunk by Mr Madsen, who was rescued before being arrested."


@pytest.mark.parametrize(
    ("a", "b", "retold"),
    [
        (BLOGGER, SIGNED, True),  # "blogger" / "write", "Web site" / "website": one job
        (SANK, SUNK, True),  # "sank" / "sunk", "rescue" / "rescued": the longer tells it with figures more
        # who reported it is no part of what it says: the department's name is in both, nothing else is
        (
            "The woman, whose name was not disclosed, was in her 30s, the Illinois Department of Public Health "
            "reported.",
            "In a series of press releases by the Illinois Department of Public Health, it appears that a "
            "dangerous synthetic cannabinoid product called K2 is on the market.",
            False,
        ),
        # a figure or a person of its own is news: a forecast beside a result, another priest
        (
            "The analysts predicted a drop to $61 billion in revenues by 2019.",
            "The mail-order industry generated $71.4 billion in revenues last year.",
            False,
        ),
        ("Before St. Patrick, Johnson served at St. Cecilia.", "Paredes served at St. Cecilia for 27 years.", False),
        ("Tarsem Singh is a director of fantasy filmmaking.", "Tarsem Singh started out directing videos.", False),
    ],
)
def test_a_retelling_in_other_words_is_seen(a: str, b: str, retold: bool) -> None:
    assert retells(a, b) is retold
    assert retells(b, a) is retold  # whichever comes first


def test_the_selection_tells_a_fact_once_in_whichever_words() -> None:
    texts = {"a1": [BLOGGER, "The first post will appear on November 22, two days before Thanksgiving."],
             "a2": [SIGNED, "Future topics include how to stretch a budget for a large family."]}  # fmt: skip
    chosen = _selected(texts, words=400)
    assert len(chosen) == 3 and (BLOGGER in chosen) != (SIGNED in chosen)


LAUNCHED = (
    "On November 27, 2024, Syrian opposition groups led by Hay'at Tahrir al-Sham (HTS) launched a significant "
    "offensive against regime forces in western Aleppo."
)
INITIATED = "Armed groups in Syria have initiated a significant offensive against regions held by government forces."


def test_a_place_told_as_its_people_is_the_same_place() -> None:
    # "Syria" / "Syrian", "government" / "regime": the seeds' second bullet told their lede again
    assert retells(INITIATED, LAUNCHED)
    assert not retells(INITIATED.replace("Syria", "Lebanon"), LAUNCHED)  # another country is news


def test_an_outlet_that_only_retold_the_lede_has_been_heard() -> None:
    # a2 tells the lede again and then something minor; a1's own second fact is chosen for what it says, not
    # passed over for a2's for bringing in a voice the briefing had already heard retell the lede
    rain = "Heavy rain fell across the northern region all week."  # low in its article: it weighs less
    texts = {"a1": [LAUNCHED, "Thousands of civilians fled the northern city on foot."],
             "a2": [INITIATED, "More came.", "More went.", "More came.", rain]}  # fmt: skip
    chosen = _selected(texts, words=35, outlets={LAUNCHED: 2})  # more outlets tell the lede
    assert chosen == [LAUNCHED, texts["a1"][1]]  # the rain outranked it only as a voice not yet heard


def _selected(texts: dict[str, list[str]], *, words: int, outlets: dict[str, int] | None = None) -> list[str]:
    """The facts chosen from articles of these sentences, each sentence a claim group of its own."""
    articles = {a: Article(id=a, text=" ".join(s), sentences=s) for a, s in texts.items()}
    claims, groups = {}, []
    for a, sentences in texts.items():
        for n, sentence in enumerate(sentences, 1):
            claim = Claim(id=f"{a}:c{n}", article_id=a, statement=sentence, evidence=[n])
            claims[claim.id] = claim
            independent = (outlets or {}).get(sentence, 1)
            groups.append(ClaimGroup(id=f"g-{a}-{n}", kind="event", statement=sentence, claims=[claim.id],
                                     sources=[a], independent_sources=independent))  # fmt: skip
    return [f.text for f in select_facts(Reconciliation(groups=groups), claims, articles, words=words)]
