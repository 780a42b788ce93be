"""One story's briefing from its reconciled claims: the one entry point of composition."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from summarizer.compose.parts import disagreement_sentences, timeline_sentences
from summarizer.compose.selection import default_words, select_facts, story_name
from summarizer.compose.writer import Writer
from summarizer.language.voice import CAPTION
from summarizer.schemas import (
    Article,
    Briefing,
    Claim,
    Extraction,
    Failure,
    Meta,
    Reconciliation,
    Section,
    Source,
    Usage,
)

MIN_PROSE_WORDS = 40  # the facts keep at least this many words, however long the disagreements part is

# What a run records about itself (model, prompts, time), given what the briefing cost and what to warn of.
Stamp = Callable[[Usage, list[str]], Meta]


@dataclass(frozen=True)
class StoryInput:
    """What one story's briefing is made from: its articles, their extractions, the articles that failed,
    and its headline when the caller knows one (a daily story's); else one is chosen from the articles."""

    articles: Sequence[Article]
    extractions: list[Extraction]
    failed: list[Failure] = field(default_factory=list)
    headline: str | None = None
    known: tuple[str, ...] = ()

    def kept(self) -> list[Article]:
        """The articles whose claims were extracted, in their order."""
        extracted = {e.article_id for e in self.extractions}
        return [a for a in self.articles if a.id in extracted]

    def claims(self) -> list[Claim]:
        return [c for e in self.extractions for c in e.claims]

    def usage(self) -> Usage:
        """What extracting the story cost, failed articles included."""
        usage = Usage()
        for spent in [*(e.usage for e in self.extractions), *(f.usage for f in self.failed)]:
            usage.add(spent)
        return usage

    def warnings(self) -> list[str]:
        """What the reader should know about the articles: notes from reading them, claims left out, fallbacks."""
        warnings = [f"{a.id}: {note}" for a in self.articles for note in a.notes]
        warnings += [
            f"{e.article_id}: {e.dropped} claim(s) left out: no sentence of the article supports them"
            for e in self.extractions
            if e.dropped
        ]
        warnings += [
            f"{e.article_id}: its sentences stand in for its claims ({e.fallback})"
            for e in self.extractions
            if e.fallback
        ]
        return warnings


async def compose(
    story: StoryInput, reconciliation: Reconciliation, writer: Writer, *, words: int | None, stamp: Stamp
) -> tuple[Briefing, Usage]:
    """The story's briefing and what its writer cost.

    The facts are chosen within `words` (default: by the number of articles), less what the disagreements
    part takes; `writer` words them; the disagreements and a timeline follow; `stamp` makes the meta.
    """
    kept = story.kept()
    disputes = disagreement_sentences(reconciliation.disagreements)
    budget = (words or default_words(len(kept))) - sum(len(s.text.split()) for s in disputes)
    facts = select_facts(
        reconciliation,
        {c.id: c for c in story.claims()},
        {a.id: a for a in kept},
        words=max(budget, MIN_PROSE_WORDS),
        known=story.known,
    )
    headline = story.headline or story_name(kept, facts)
    written = await writer.write(facts, headline, kept)
    usage = story.usage()
    usage.add(written.usage)
    sections = list(written.sections)
    if disputes:
        sections.append(Section(heading="Where sources disagree", sentences=disputes))
    said = ([written.lede] if written.lede else []) + [s for section in sections for s in section.sentences]
    stated = {group for s in said for group in s.claims}
    if timeline := timeline_sentences(reconciliation, stated, known=(*story.known, *(s.text for s in said))):
        sections.append(Section(heading="Timeline", sentences=timeline))
    briefing = Briefing(
        title=written.title or headline,
        lede=written.lede,
        sections=sections,
        sources=[source_of(a) for a in kept],
        disagreements=reconciliation.disagreements,
        syndication=reconciliation.syndication,
        timeline=reconciliation.timeline,
        groups=reconciliation.groups,
        meta=stamp(usage, story.warnings() + written.warnings),
    )
    return briefing, written.usage


def headline_of(article: Article, words: int = 14) -> str | None:
    """A title for an article that has none: its first sentence, cut to a headline's length; a page that opens
    with a photo's caption ("A photo of the teen who went missing on April 14, Kristian Perez.") is titled by the
    sentence under it."""
    if not article.sentences:
        return None
    opening = next((s for s in article.sentences if not CAPTION.match(s.lstrip())), article.sentences[0])
    first = opening.split()
    return " ".join(first[:words]).rstrip(",;:") + ("…" if len(first) > words else "")


def source_of(article: Article) -> Source:
    return Source(
        id=article.id,
        title=article.title or headline_of(article),
        outlet=article.outlet,
        published=article.published,
        path=article.source if article.url is None else None,
        url=article.url,
    )
