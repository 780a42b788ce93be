"""Render a briefing as Markdown (numbered source footnotes) or JSON."""

from __future__ import annotations

from summarizer.schemas import OUTPUT_MARK, Briefing, BriefSentence, Meta, Source


def to_json(briefing: Briefing) -> str:
    return briefing.model_dump_json(indent=2) + "\n"


def to_markdown(briefing: Briefing) -> str:
    """Markdown a reader can skim: lede, sections of cited bullets, disagreements, timeline, sources."""
    number = {source.id: i for i, source in enumerate(briefing.sources, 1)}
    independent = {g.id: g.independent_sources for g in briefing.groups}
    lines = [f"# {briefing.title}", ""]
    lines += [_byline(briefing), ""]
    if briefing.lede:
        lines += [sentence_line(briefing.lede, number, independent), ""]
    for section in briefing.sections:
        lines += [f"## {section.heading}", ""]
        lines += [f"- {sentence_line(s, number, independent)}" for s in section.sentences]
        lines.append("")
    if briefing.syndication:
        groups = "; ".join(" and ".join(_ref(i, number) for i in group) for group in briefing.syndication)
        lines += [f"_Shared agency text: {groups} carry the same paragraphs and count as one source._", ""]
    lines += ["## Sources", ""]
    lines += [f"{i}. {source_line(s)}" for i, s in enumerate(briefing.sources, 1)]
    lines.append("")
    if briefing.meta.failed:
        lines += ["## Not included", ""]
        lines += [f"- `{f.item}`: {f.error}" for f in briefing.meta.failed]
        lines.append("")
    lines.append(footer(briefing.meta))
    return "\n".join(lines) + "\n"


def footer(meta: Meta, *, budget: str = "") -> str:
    """How the document was made (model, calls, tokens and prompt hashes, in small print), and the mark that
    keeps a folder's reader from taking the document for an article."""
    usage = meta.usage
    return (
        f"<sub>Model {meta.model} ({meta.mode}); {usage.calls} model calls, {usage.cache_hits} cached; "
        f"{usage.prompt_tokens:,} prompt and {usage.completion_tokens:,} completion tokens{budget}; "
        f"prompts {', '.join(f'{k}:{v}' for k, v in meta.prompts.items())}.</sub>\n\n{OUTPUT_MARK}"
    )


def _byline(briefing: Briefing) -> str:
    dates = sorted(s.published for s in briefing.sources if s.published)
    span = ""
    if dates:
        span = f", published {dates[0]:%-d %b %Y}" + (f" to {dates[-1]:%-d %b %Y}" if dates[-1] != dates[0] else "")
    count = len(briefing.sources)
    return f"_A briefing from {count} source{'s' * (count != 1)}{span}. Every sentence cites its sources._"


def sentence_line(sentence: BriefSentence, number: dict[str, int], independent: dict[str, int]) -> str:
    text = "".join(piece + "".join(_ref(source, number) for source in cited) for piece, cited in sentence.parts())
    confirmed = max((independent.get(g, 1) for g in sentence.claims), default=1)
    if confirmed > 1:
        text += f" _({confirmed} independent sources)_"
    return text


def _ref(source: str, number: dict[str, int]) -> str:
    return f"[{number[source]}]" if source in number else f"[{source}]"


def source_line(source: Source) -> str:
    title = source.title or source.id
    parts = [f"**{title}**"]
    if source.outlet:
        parts.append(source.outlet)
    if source.published:
        parts.append(source.published.isoformat())
    where = source.url or source.path
    if where:
        parts.append(where if source.url else f"`{where}`")
    return " — ".join(parts)
