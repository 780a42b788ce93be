"""A fake model that lies the way a small model slips: false edits of true sentences, at both of its stages.

At extraction it rewords facts of the article it is shown, and some of them are false edits of a sentence (an
opposite, two numbers swapped, a negation dropped or added, an invented clause, an invented source), citing
the sentence they distort. At the writer stage it words each numbered fact, and writes the facts it can
distort in their false form. Everything else it answers faithfully, so whatever false the pipeline lets
through is in the output: the tests pass only when none of it is published and the faithful content is.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from summarizer.testing import Reply

COUNCIL = """Council approves budget for the bridge

The city council approved the budget on Tuesday by 7 votes to 2, clearing the way for repairs to the old bridge.

Mayor Anna Berg welcomed the vote at a meeting in the town hall.

She said the repairs would begin in the spring and take about a year.

Two councillors voted against, saying the cost of 4 million dollars was too high for a town of its size.

The council did not choose a contractor and will meet again next month.
"""

FERRY = """Ferry service to resume on Monday

The harbour authority said the ferry between Port Alder and Sil Island will resume on Monday after storm repairs.

Tickets bought for cancelled crossings will be honoured until the end of the month, the authority said.

The ferry carries about 900 passengers a day in summer, according to the operator.

The operator is not planning to raise fares this year.
"""


@dataclass(frozen=True)
class Lie:
    """A false edit: `true` is the sentence it distorts (or a part of it), `false` what the model says instead,
    `telltale` a phrase in the output that only the lie could have put there."""

    kind: str
    true: str
    false: str
    telltale: str


# False claims at extraction, each a reworded fact citing the sentence it distorts.
CLAIM_LIES = [
    Lie(
        "antonym", "The city council approved the budget", "The city council rejected the budget on Tuesday.", "reject"
    ),
    Lie(
        "swapped numbers",
        "by 7 votes to 2",
        "The council approved the budget on Tuesday by 2 votes to 7.",
        "2 votes to 7",
    ),
    Lie(
        "negation dropped",
        "The council did not choose a contractor",
        "The council chose a contractor and will meet again next month.",
        "chose a contractor",
    ),
    Lie(
        "appended clause",
        "Mayor Anna Berg welcomed the vote",
        "Mayor Anna Berg welcomed the vote, and the mayor was arrested for fraud.",
        "arrest",
    ),
    Lie(
        "invented attribution",
        "The ferry carries about 900 passengers",
        "The ferry carries about 900 passengers a day in summer, according to regional government.",
        "regional government",
    ),
    Lie(
        "negation dropped",
        "The operator is not planning to raise fares",
        "The operator is planning to raise fares this year.",
        "is planning to raise",
    ),
    Lie(
        "negation added",
        "Tickets bought for cancelled crossings will be honoured",
        "Tickets bought for cancelled crossings will not be honoured this month.",
        "will not be honoured",
    ),
]
# Faithful rewordings at extraction: a name from the sentence before ("She" is Anna Berg), shortened sentences.
# As many as the lies in each article (at most eight claims in all), so that the answer is taken rather than
# re-asked as mostly unsupported.
CLAIM_TRUTHS = {
    "She said the repairs would begin": "Anna Berg said the repairs would begin in the spring.",
    "The city council approved": "The council approved the budget by 7 votes to 2.",
    "Mayor Anna Berg welcomed": "Berg welcomed the vote at a meeting in the town hall.",
    "Two councillors voted against": "Two councillors voted against, saying the cost of 4 million dollars was high.",
    "Tickets bought for cancelled": "Tickets for cancelled crossings will be honoured until the end of the month.",
    "The harbour authority said the ferry": "The ferry between Port Alder and Sil Island will resume on Monday.",
    "The ferry carries about 900": "The ferry carries about 900 passengers a day in summer, the operator said.",
}

# False sentences at the writer stage: each fact the model is shown is written with these edits, when it can.
WRITER_EDITS = [
    Lie("antonym", "approved the budget", "rejected the budget", "reject"),
    Lie("swapped numbers", "7 votes to 2", "2 votes to 7", "2 votes to 7"),
    Lie("negation dropped", "did not choose a contractor", "chose a contractor", "chose a contractor"),
    Lie("negation dropped", "is not planning to raise", "is planning to raise", "is planning to raise"),
    Lie("negation added", "will be honoured", "will not be honoured", "will not be honoured"),
    Lie("appended clause", "welcomed the vote", "welcomed the vote, and the mayor was arrested for fraud", "arrest"),
    Lie(
        "invented attribution",
        "voted against",
        "voted against, according to regional government",
        "regional government",
    ),
]
# A faithful rewording the writer makes, which must be published in its words.
WRITER_TRUTH = (
    "The ferry carries about 900",
    "In summer the ferry carries about 900 passengers a day, the operator said.",
)

TELLTALES = sorted({lie.telltale for lie in [*CLAIM_LIES, *WRITER_EDITS]} | {"fraud"})
LIE_TITLE = "Council rejects bridge budget as mayor is arrested"

_NUMBERED = re.compile(r"^\[(\d+)\] (.*)$", re.MULTILINE)


def liar(request: dict[str, Any], *, claims: bool = True, writer: bool = True) -> Reply:
    """Answer an extraction or a writer request, lying at the stages asked for and faithful elsewhere."""
    user = request["messages"][1]["content"]
    numbered = [(int(n), text) for n, text in _NUMBERED.findall(user)]
    if "<article>" in user:
        return Reply(json.dumps(_extraction(numbered, lie=claims)))
    return Reply(json.dumps(_written(numbered, lie=writer)))


def _extraction(numbered: list[tuple[int, str]], *, lie: bool) -> dict[str, Any]:
    reworded = []
    for n, text in numbered:
        reworded += [{"s": n, "fact": fact} for start, fact in CLAIM_TRUTHS.items() if text.startswith(start)]
        if lie:
            reworded += [{"s": n, "fact": x.false} for x in CLAIM_LIES if x.true in text]
    # Every sentence by number too: the faithful copies outnumber the lies, so the answer is not re-asked.
    return {"s": [n for n, _ in numbered], "claims": reworded}


def _written(numbered: list[tuple[int, str]], *, lie: bool) -> dict[str, Any]:
    sentences = []
    for n, fact in numbered:
        text = fact
        if text.startswith(WRITER_TRUTH[0]):
            text = WRITER_TRUTH[1]
        elif lie:
            for edit in WRITER_EDITS:
                text = text.replace(edit.true, edit.false)
        sentences.append({"f": [n], "text": text})
    lede, rest = (sentences[0], sentences[1:]) if sentences else ({"f": [1], "text": "Nothing to report."}, [])
    return {"title": LIE_TITLE if lie else "Council budget and ferry news", "lede": lede, "sentences": rest or [lede]}
