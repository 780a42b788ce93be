"""The facts in their own wording: how a chosen fact becomes a cited sentence, and sentences become sections.

What the writer leaves unsaid, writes unsupported, or never gets to word (not asked, or failed) is
published this way, so no chosen fact is lost and nothing unchecked is.
"""

from __future__ import annotations

from summarizer.compose.selection import Fact
from summarizer.schemas import BriefSentence, Section

HEADINGS = {"event": "What happened", "figure": "Figures", "statement": "What was said", "background": "Background"}


def unwritten(facts: list[Fact]) -> tuple[BriefSentence | None, list[Section]]:
    """The facts in their own wording, for when the writer was not asked or failed: the most salient leads."""
    if not facts:
        return None, []
    top = max(facts, key=lambda f: f.salience)
    return in_own_words(top), sectioned([(f, in_own_words(f)) for f in facts if f is not top])


def sectioned(items: list[tuple[Fact, BriefSentence]]) -> list[Section]:
    """Sentences under the heading of their fact's kind, in the order given."""
    sections: dict[str, list[BriefSentence]] = {}
    for fact, sentence in items:  # facts come in section order (see selection._in_sections)
        sections.setdefault(HEADINGS.get(fact.group.kind, "What happened"), []).append(sentence)
    return [Section(heading=heading, sentences=sentences) for heading, sentences in sections.items()]


def in_own_words(fact: Fact) -> BriefSentence:
    return cite(fact.text, [fact])


def cite(text: str, facts: list[Fact]) -> BriefSentence:
    """`text` as a sentence citing the facts' groups and every source behind them."""
    sources = sorted({s for f in facts for s in f.group.sources})
    return BriefSentence(text=as_sentence(text), citations=sources, claims=[f.group.id for f in facts])


def as_sentence(text: str) -> str:
    """The text as a published sentence: no trailing comma, no stray bracket, a closing stop."""
    text = text.rstrip(" ,;:")  # "... the M5 highway," was cut mid-sentence by its writer
    for opening, closing in ("[]", "()"):  # a bracket the page closed after the stop: "... will reassure buyers.]."
        if text.endswith(f".{closing}.") and text.count(closing) > text.count(opening):
            text = text[:-2]
    # A sentence in brackets, or the last or first sentence of a parenthesis, is shown without them:
    # "(The richer the country, the more e-waste it generates.)", "... the State Department.)"
    if text.startswith("(") and text.endswith(")") and text.count("(") == text.count(")") == 1:
        text = text[1:-1]
    elif text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1]
    elif text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:]
    text = text.rstrip()  # '... “Snow White and the Huntsman.” )' without its bracket ends at the quotation
    return text if text[-1:] in ".!?\"”'" else text + "."
