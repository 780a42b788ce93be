"""Claim groups -> briefing: the pipeline picks and orders the content, the model only words it.

A 1.5B model given a list walks it from the top and stops early (docs/design.md), so the choice of facts,
their order, their sections and the coverage of every source are decided here, within a word budget
(`selection`). The model writes one sentence per fact, and every sentence it writes is checked against
the facts it cites and the article sentences they rest on (`writer`); what it does not say, or says
unsupported, is published in the facts' own wording (`wording`). Disagreements and a timeline are
written by the pipeline itself (`parts`). `compose` puts them together into a `Briefing`.
"""

from summarizer.compose.briefing import StoryInput, compose
from summarizer.compose.selection import Fact, default_words
from summarizer.compose.writer import ModelWriter, OwnWording, Scheduler, Writer, Written

__all__ = [
    "Fact",
    "ModelWriter",
    "OwnWording",
    "Scheduler",
    "StoryInput",
    "Writer",
    "Written",
    "compose",
    "default_words",
]
