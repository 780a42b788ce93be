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
    articles = {a: Article(id=a, text=" ".join(s), sentences=s) for a, s in texts.items()}
    claims, groups = {}, []
    for a, sentences in texts.items():
        for n, sentence in enumerate(sentences, 1):
            claim = Claim(id=f"{a}:c{n}", article_id=a, statement=sentence, evidence=[n])
            claims[claim.id] = claim
            groups.append(ClaimGroup(id=f"g-{a}-{n}", kind="event", statement=sentence, claims=[claim.id],
                                     sources=[a], independent_sources=1))  # fmt: skip
    chosen = [f.text for f in select_facts(Reconciliation(groups=groups), claims, articles, words=400)]
    assert len(chosen) == 3 and (BLOGGER in chosen) != (SIGNED in chosen)
