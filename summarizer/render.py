"""Render a briefing as Markdown (numbered source footnotes) or JSON.

Everything an article or a model supplied (titles, outlets, addresses, ids, sentences, error text) is
untrusted: it goes into the Markdown through `md_text`, `md_code` or `md_address`, so it shows as written
and cannot open an HTML tag, a link or an image, nor make a link of a `javascript:` or `data:` address.
"""

from __future__ import annotations

import re

from summarizer.schemas import OUTPUT_MARK, Briefing, BriefSentence, Meta, Source

__all__ = ["footer", "md_address", "md_code", "md_text", "sentence_line", "source_line", "to_json", "to_markdown"]

_LINE_BREAKS = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MARKDOWN = re.compile(r"[\\`*_\[\]<]")  # what could start a tag, link, image, code span or emphasis
_LT = "&lt;"  # understood by every Markdown renderer, unlike a backslash before "<"
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_WEB = ("http", "https")


def _one_line(value: str) -> str:
    return _CONTROLS.sub("", _LINE_BREAKS.sub(" ", value))


def md_text(value: str) -> str:
    """Untrusted text as Markdown that shows it as written, on one line: no tag, link, image or emphasis."""
    return _MARKDOWN.sub(lambda match: _LT if match[0] == "<" else "\\" + match[0], _one_line(value))


def md_code(value: str) -> str:
    """Untrusted text as a code span (a file name, say): shown verbatim, whatever backticks it holds."""
    value = _one_line(value)
    fence = "`" * (max(map(len, re.findall("`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def md_address(url: str) -> str:
    """A source's address: a link when it is a web address (http, https), a relative one as code, and any
    other scheme (javascript:, data:, vbscript:, file:, ...) named but never written out or linked."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", url)  # browsers drop spaces, tabs and line breaks in a URL
    scheme = _SCHEME.match(cleaned)
    if scheme is None:
        return md_code(url)
    if scheme[1].lower() in _WEB:
        return "<" + re.sub(r"[\x00-\x20<>\x7f]", lambda m: f"%{ord(m[0]):02X}", url.strip()) + ">"
    return f"_(a {md_text(scheme[1].lower())}: address, not linked)_"


def to_json(briefing: Briefing) -> str:
    return briefing.model_dump_json(indent=2) + "\n"


def to_markdown(briefing: Briefing) -> str:
    """Markdown a reader can skim: lede, sections of cited bullets, disagreements, timeline, sources."""
    number = {source.id: i for i, source in enumerate(briefing.sources, 1)}
    independent = {g.id: g.independent_sources for g in briefing.groups}
    lines = [f"# {md_text(briefing.title)}", ""]
    lines += [_byline(briefing), ""]
    if briefing.lede:
        lines += [sentence_line(briefing.lede, number, independent), ""]
    for section in briefing.sections:
        lines += [f"## {md_text(section.heading)}", ""]
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
        lines += [f"- {md_code(f.item)}: {md_text(f.error)}" for f in briefing.meta.failed]
        lines.append("")
    lines.append(footer(briefing.meta))
    return "\n".join(lines) + "\n"


def footer(meta: Meta, *, budget: str = "") -> str:
    """How the document was made (model, calls, tokens and prompt hashes, in small print), and the mark that
    keeps a folder's reader from taking the document for an article."""
    usage = meta.usage
    return (
        f"<sub>Model {md_text(meta.model)} ({meta.mode}); {usage.calls} model calls, {usage.cache_hits} cached; "
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
    text = ""
    for piece, cited in sentence.parts():
        piece = md_text(piece)
        if text.endswith("]") and piece.startswith("("):  # "[2](javascript:...)" would be a link
            piece = "\\" + piece
        text += piece + "".join(_ref(source, number) for source in cited)
    confirmed = max((independent.get(g, 1) for g in sentence.claims), default=1)
    if confirmed > 1:
        text += f" _({confirmed} independent sources)_"
    return text


def _ref(source: str, number: dict[str, int]) -> str:
    return f"[{number[source]}]" if source in number else f"\\[{md_text(source)}\\]"


def source_line(source: Source) -> str:
    parts = [f"**{md_text(source.title or source.id)}**"]
    if source.outlet:
        parts.append(md_text(source.outlet))
    if source.published:
        parts.append(source.published.isoformat())
    if source.url:
        parts.append(md_address(source.url))
    elif source.path:
        parts.append(md_code(source.path))
    return " — ".join(parts)
