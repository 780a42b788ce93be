"""Render the daily document as Markdown (one numbered source list for all stories) or JSON."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from summarizer.daily.run import Daily, DailyStory
from summarizer.render import footer, md_code, md_text, sentence_line, source_line

__all__ = ["daily_html", "daily_json", "daily_markdown", "daily_text", "left_out_items"]

# The few tags the Markdown writes itself (section anchors, the small print, the mark that keeps a folder's
# reader off it): dropped before rendering, since every other `<` in it is article text and stays text.
_OWN_TAGS = re.compile(r'^<a id="[^"<>]*"></a>$|^<!-- written by summarizer[^<>]*-->$|^<sub>|</sub>$')


def daily_json(daily: Daily) -> str:
    return daily.model_dump_json(indent=2) + "\n"


def daily_markdown(daily: Daily, *, at: Path | None = None) -> str:
    """A dated title, the top stories linking to their sections, a cited section per story, the sources.

    `at` is the file the document is written to: an earlier daily recorded as a file is linked relative to
    its folder, so the link holds from wherever it is read (absolute when `at` is None or on another drive).
    """
    number = {source.id: i for i, source in enumerate([*daily.sources, *daily.earlier_sources], 1)}
    lines = [f"# {md_text(daily.title)}", "", _byline(daily), ""]
    if daily.digest:
        lines += _in_brief(daily, number)
    elif daily.stories:
        lines += ["## Top stories", ""]
        lines += [f"{s.rank}. {_mark(s)}[{md_text(s.title)}](#{s.id}) ({_voices(s)})" for s in daily.stories]
        lines.append("")
    for story in daily.stories:
        lines += _story(story, number, at)
    lines += ["## How the stories were ranked", "", daily.ranked_by, ""]
    if daily.sources:
        copies: dict[str, list[str]] = {}
        for story in daily.stories:
            for copy in story.duplicates:
                copies.setdefault(copy.of, []).append(md_text(copy.outlet or copy.title or copy.id))
        lines += ["## Sources", ""]
        for i, source in enumerate(daily.sources, 1):
            also = (
                f" (also carried, near-identically, by {', '.join(copies[source.id])})" if source.id in copies else ""
            )
            lines.append(f"{i}. {source_line(source)}{also}")
        lines.append("")
    if daily.earlier_sources:
        lines += ["### Briefed on earlier days", ""]
        first = len(daily.sources) + 1
        lines += [f"{i}. {source_line(source)}" for i, source in enumerate(daily.earlier_sources, first)]
        lines.append("")
    lines += _left_out(daily)
    budget = f" of a {daily.max_tokens:,}-token budget" if daily.max_tokens else ""
    lines.append(footer(daily.meta, budget=budget))
    return "\n".join(lines) + "\n"


def daily_text(daily: Daily) -> str:
    """The Markdown document without the tags it writes for a web page: the plain text of an e-mail."""
    return "\n".join(_OWN_TAGS.sub("", line) for line in daily_markdown(daily).splitlines()) + "\n"


def daily_html(daily: Daily) -> str:
    """The Markdown document as an HTML fragment, for a feed entry or an e-mail: HTML in article text is
    escaped, never passed through, and only web links become links."""
    from markdown_it import MarkdownIt

    html: str = MarkdownIt("commonmark", {"html": False}).render(daily_text(daily))
    return html


def _in_brief(daily: Daily, number: dict[str, int]) -> list[str]:
    """The digest: each story's headline, linked to its full briefing below, and its few most telling
    sentences, cited; a story past the day's word budget keeps its headline and link."""
    stories = {s.id: s for s in daily.stories}
    words = sum(len(s.text.split()) for entry in daily.digest for s in entry.sentences)
    lines = ["## In brief", "", f"_{words} words; each story in full below._", ""]
    for entry in daily.digest:
        story = stories[entry.story]
        said = " ".join(sentence_line(s, number, {}) for s in entry.sentences)
        head = f"{story.rank}. {_mark(story)}**[{md_text(story.title)}](#{story.id})** ({_voices(story)})"
        lines += [f"{head}  ", f"   {said}", ""] if said else [head, ""]
    return lines


def _byline(daily: Daily) -> str:
    articles = sum(s.score.articles for s in daily.stories)
    count = len(daily.stories)
    return (
        f"_{count} stor{'ies' if count != 1 else 'y'} from {articles} article{'s' * (articles != 1)}, most important "
        "first. Every sentence cites its sources, numbered in the list at the end._"
    )


def _voices(story: DailyStory) -> str:
    n = story.score.independent_sources
    return f"{n} independent source{'s' * (n != 1)}" + "".join(
        f"; {md_text(s.split(':')[0])}" for s in story.score.signals
    )


def _story(story: DailyStory, number: dict[str, int], at: Path | None) -> list[str]:
    score = story.score
    why = f"{score.independent_sources} independent sources + recency {score.recency:g} + weight {score.weight:g}"
    if score.signals:
        why += f" ({md_text('; '.join(score.signals))})"
    lines = [f'<a id="{story.id}"></a>', "", f"## {story.rank}. {md_text(story.title)}", ""]
    lines += [f"_Score {score.score:g}: {why}._", ""]
    if continuity := _continuity(story, at):
        lines += [continuity, ""]
    independent = {g.id: g.independent_sources for g in story.groups}
    if story.lede:
        lines += [sentence_line(story.lede, number, independent), ""]
    for section in story.sections:
        lines += [f"### {md_text(section.heading)}", ""]
        lines += [f"- {sentence_line(s, number, independent)}" for s in section.sentences]
        lines.append("")
    for copy in story.duplicates:
        copied = f"[{number[copy.of]}]" if copy.of in number else md_text(copy.of)
        who, title = md_text(copy.outlet or copy.id), md_text(copy.title or "")
        lines += [f'_{who}: "{title}" is a near-identical copy of {copied}, listed once._', ""]
    return lines


def _mark(story: DailyStory) -> str:
    """**New** or **Continuing**, when the day has a memory."""
    if story.continuity is None:
        return ""
    return "**New:** " if story.continuity.status == "new" else "**Continuing:** "


def _continuity(story: DailyStory, at: Path | None) -> str | None:
    """New today, or continuing: when it was last briefed, linked back to that briefing."""
    was = story.continuity
    if was is None:
        return None
    if was.status == "new" or was.last_briefed is None:
        return "_New today._"
    when = f"{was.last_briefed.day} {was.last_briefed:%b %Y}"
    title = md_text(was.previous_title or was.previous_id or "the earlier briefing")
    where = _seen_from(was.link, at) if was.link else None
    target = f"{where or ''}#{was.previous_id}" if was.previous_id else where
    previously = f"[{title}]({_destination(target)})" if target and where else f"“{title}”"
    return f"_Continuing, last briefed {when}. Previously: {previously}. Only what is new since is told here._"


def _seen_from(link: str, at: Path | None) -> str:
    """Where an earlier daily is, seen from the document written `at`: a file (recorded as a file: URI, so
    that it names one file whatever the folder the run started in) as a path from the document's folder, or
    absolute; any other link (a reading page of the service) as it is."""
    if not link.startswith("file:"):
        return link
    path = Path(url2pathname(urlparse(link).path))
    if at is None:
        return str(path)
    try:
        return Path(os.path.relpath(path, Path(at).resolve().parent)).as_posix()
    except ValueError:  # on another drive: no relative path leads there
        return str(path)


def _destination(target: str) -> str:
    """Where an earlier daily was written (a file path, a reading page) as a link destination: spaces,
    brackets and line breaks in a path must not end the link or start markup."""
    return "<" + re.sub(r"[\x00-\x20<>\x7f]", lambda m: f"%{ord(m[0]):02X}", target) + ">"


def _left_out(daily: Daily) -> list[str]:
    items = left_out_items(daily, text=md_text, code=md_code)
    return ["## Left out", "", *[f"- {item}" for item in items], ""] if items else []


def left_out_items(
    daily: Daily,
    *,
    text: Callable[[str], str] = str,
    code: Callable[[str], str] = str,
    since: Callable[[dt.datetime], str] = dt.datetime.isoformat,
    on: Callable[[dt.date], str] = dt.date.isoformat,
) -> list[str]:
    """What the day does not cover, and why, one item each: `text` and `code` escape article text and ids for
    the document (Markdown here, nothing for a template that escapes), `since` and `on` write its window."""
    left = daily.left_out
    items = []
    if n := len(left.outside_window):
        window = f"since {since(daily.since)}" if daily.since else f"on {on(daily.date)}"
        items.append(f"{n} article{'s' * (n != 1)} not published {window}: {text(', '.join(left.outside_window))}")
    if left.undated:
        items.append(f"kept, though undated: {text(', '.join(left.undated))}")
    if n := left.duplicates:
        items.append(f"{n} near-identical cop{'ies' if n != 1 else 'y'} merged into the article{'s' * (n != 1)} copied")
    items += [
        f"{text(s.headline)} ({s.articles} article{'s' * (s.articles != 1)}): {text(s.reason)}" for s in left.stories
    ]
    items += [text(f.error) for f in left.sources]
    items += [f"{code(f.item)}: {text(f.error)}" for f in daily.meta.failed]
    return items
