"""Read articles (txt, md, json, jsonl, html, stdin) and number their sentences."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import io
import json
import logging
import os
import re
import stat
import sys
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import IO, Any

import yaml

from summarizer.config import Settings
from summarizer.errors import InputError
from summarizer.ingest.debris import drop_debris
from summarizer.ingest.injection import addressed_to_machine, drop_instructions, machine_lines
from summarizer.language.dates import MONTH, MONTHS
from summarizer.language.vocabulary import MONTH_ABBREVIATIONS
from summarizer.schemas import OUTPUT_MARK, Article

__all__ = ["ReadLimits", "load_articles", "parse_article", "split_sentences"]

_log = logging.getLogger(__name__)
FORMATS = {".txt": "txt", ".md": "md", ".json": "json", ".jsonl": "jsonl", ".html": "html", ".htm": "html"}
_KNOWN = ", ".join(FORMATS)
_STDIN = "<stdin>"
_KEYS = {  # the names JSON records and front matter use for each field
    "text": ("text", "body", "content"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "site", "sitename", "publisher"),
    "published": ("published", "date", "published_at", "publishedAt", "pubDate"),
    "url": ("url", "link"),
    "id": ("id",),
}
Block = tuple[str, str]  # (line, kind): kind is "text", "heading" (markdown) or "item" (a list item)

# ---- dates ----------------------------------------------------------------------------------------------

_DATE = re.compile(
    rf"(?P<y1>\d{{4}})-(?P<m1>\d{{1,2}})-(?P<d1>\d{{1,2}})"
    rf"|(?P<m2>{MONTH})\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    rf"|(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m3>{MONTH}),?\s+(?P<y3>\d{{4}})",
    re.I,
)
_DATE_LABEL = re.compile(r"(?:(?:first |last )?(?:published|posted|updated|modified)(?: on| at)?|dated?)\b[:\s]*", re.I)
_TIME = r"(?:(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5}\b)?)"
_BESIDE_DATE = re.compile(rf"[\s,|·—–-]*(?:{_TIME})?[\s,|·—–-]*")  # a time and separators around a date


def _parse_date(value: Any) -> dt.date | None:
    """Read a date from metadata ("2024-11-29", "Nov. 29, 2024", "29 November 2024", a date object)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.search(value) if isinstance(value, str) else None
    return _date_of(match) if match else None


def _date_of(match: re.Match[str]) -> dt.date | None:
    year, month, day = (
        match["y1"] or match["y2"] or match["y3"],
        match["m1"] or match["m2"] or match["m3"],
        match["d1"] or match["d2"] or match["d3"],
    )
    try:
        return dt.date(int(year), int(month) if month.isdigit() else MONTHS[month[:3].lower()], int(day))
    except ValueError:  # 2024-02-31: not a date, so not a date line either
        return None


def _date_line(line: str, *, first: bool) -> tuple[str, dt.date, str] | None:
    """Read "Published 18:04 IST, November 29th 2024" as ("published" | "updated" | "", date, text after)."""
    labelled = _DATE_LABEL.match(line)
    label = labelled[0].lower() if labelled else ""
    start = _BESIDE_DATE.match(line, labelled.end() if labelled else 0)
    match = _DATE.match(line, start.end()) if start else None
    if not match or (date := _date_of(match)) is None:
        return None
    tail = _BESIDE_DATE.sub("", line[match.end() :], count=1).strip()
    # Only a labelled first line may go on after its date (" date 2024-11-28 Battle for Aleppo: ..."):
    # elsewhere a line that starts with a date is a sentence.
    if tail and not (first and label):
        return None
    return "" if not label else "updated" if "updat" in label or "modif" in label else "published", date, tail


# ---- sentences ------------------------------------------------------------------------------------------

_ENDS_SENTENCE = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_ENDS_PERIOD = re.compile(r"[.:;][\"'”’)\]]*$")  # a headline may end with "?" or "!", not with "."
_GLUED = re.compile(r"(?<=[a-z]{2}[.!?])([\"”’]?)(?=[A-Z][a-z])")  # "western Aleppo.Named ..." lacks a space
_DOUBLED_STOP = re.compile(r"(?<=[A-Za-z])\.(?=\.$)")  # "p.m.." and "by the way.." end once
_DOUBLED_INSIDE = re.compile(r"(?<=[A-Za-z])\.(?=\.\s+[a-z])")  # "pepperoni, etc.. just standard stuff"
_BREAK = re.compile(r"[.!?…]+[\"'”’)\]]*\s+")
_CURLY_QUOTE, _STRAIGHT_QUOTE = re.compile(r"“[^“”]*”"), re.compile(r'"[^"]*"')
_TITLES = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "cmdr",
    "sgt",
    "cpl",
    "pvt",
    "det",
    "insp",
    "supt",
    "atty",
    "adm",
    "rep",
    "sen",
    "gov",
    "pres",
    "st",
    "mt",
    "ft",
    "jr",
    "sr",
    "rev",
    "hon",
    "vs",
}
_COMPANY = {"inc", "corp", "co", "ltd", "llc", "plc"}  # "Amazon.com Inc." is seldom the end of a sentence
# "Nov. 29", "No. 10": short forms of a month (and "May") or of a number
_BEFORE_NUMBER = {"no", "nos", "vol", "art", "fig", "may", *(m.lower() for m in MONTH_ABBREVIATIONS)}
_OPENERS = {
    "the",
    "a",
    "an",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "this",
    "that",
    "these",
    "those",
    "there",
    "his",
    "her",
    "their",
    "in",
    "on",
    "at",
    "but",
    "and",
    "after",
    "before",
    "when",
    "while",
    "meanwhile",
    "however",
    "earlier",
    "later",
    "according",
    "since",
    "as",
    "if",
}


def split_sentences(text: str) -> list[str]:
    """Split text into sentences; a paragraph or line break always ends one."""
    return [sentence for line, _ in _blocks(text, markdown=False) for sentence in _split_paragraph(line)]


def _split_paragraph(paragraph: str) -> list[str]:
    paragraph = _DOUBLED_INSIDE.sub("", _GLUED.sub(r"\1 ", " ".join(paragraph.split())))
    # An odd number of straight quotes means one is unpaired, and pairing them would mark the wrong text.
    patterns = [_CURLY_QUOTE] + ([_STRAIGHT_QUOTE] if paragraph.count('"') % 2 == 0 else [])
    quoted = [[m.span() for m in pattern.finditer(paragraph) if len(m[0]) <= 600] for pattern in patterns]
    sentences, start = [], 0
    for match in _BREAK.finditer(paragraph):
        if _is_break(paragraph, match, quoted):
            sentences.append(_DOUBLED_STOP.sub("", paragraph[start : match.end()].strip()))
            start = match.end()
    sentences.append(_DOUBLED_STOP.sub("", paragraph[start:].strip()))
    return [sentence for sentence in sentences if sentence]


def _is_break(paragraph: str, match: re.Match[str], quoted: list[list[tuple[int, int]]]) -> bool:
    following = paragraph[match.end() : match.end() + 40].lstrip("\"'“‘([")
    if not following or not (following[0].isupper() or following[0].isdigit()):
        return False
    for spans in quoted:  # a quotation of several sentences stays with its "..., he said"
        last = bisect_left(spans, (match.start(),)) - 1  # the last quotation that opens before this break
        if last >= 0 and match.end() < spans[last][1]:
            return False
    if paragraph[match.start()] != "." or (match[0].startswith("..") and not match[0].startswith("...")):
        return True  # "?", "!", or a stop doubled after an abbreviation's: "... at 9:32 p.m.. Kristian rode ..."
    words = paragraph[max(0, match.start() - 40) : match.start()].split()  # bounded: long texts stay linear
    word = words[-1].lstrip("\"'“‘([").lower() if words else ""
    next_word = following.split(None, 1)[0].strip(",;:").lower()
    if word in _TITLES or (len(word) == 1 and word.isalpha()):  # "Gen. Smith", "George W. Bush"
        return False
    if word in _BEFORE_NUMBER and next_word[:1].isdigit():
        return False
    if re.fullmatch(r"(?:[a-z]\.)+[a-z]", word) or word in _COMPANY:
        # "U.N. Office" and "Amazon.com Inc. AMZN, -1.29% and" go on; "in the U.S. The" ends
        return next_word in _OPENERS
    return True


# ---- layout: paragraphs, title, date lines, captions, subheadings ---------------------------------------

_CAPTION = re.compile(
    r"(?:\([^()]*\b(?:photo|photograph|image|picture|getty)\b[^()]*\)"  # "(AFP Photo)"
    r"|\[[^\[\]]*(?:/|\b(?:photo|image|getty)\b)[^\[\]]*\])\s*$"  # "[Name/AFP]"
    r"|^(?:photo|image|picture|credit)s?\s*:",
    re.I,
)
# A list item's mark, also glued to its first word as scrapers leave it: "-Poor planning and oversight by ...",
# "•Higher ground clearance to ...". Briefed, the mark reads as clutter.
_BULLET = re.compile(r"(?:[-*+•]|\d{1,3}[.)])\s+|[-•](?=[A-Z][a-z])")
_MD_RULE = re.compile(r"(?:-{3,}|\*{3,}|_{3,})")
_MD_HEADING = re.compile(r"#{1,6}\s+(.*?)[\s#]*")
_MD_INLINE = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\*\*|__|`"), ""),
    (re.compile(r"(?<![\w*])\*(\S[^*]*?)\*(?![\w*])"), r"\1"),
)


def _blocks(text: str, *, markdown: bool) -> list[Block]:
    """Cut text into paragraphs, joining the lines of hard-wrapped text back together."""
    lines = [" ".join(line.replace("\u200b", "").split()) for line in text.splitlines()]
    wrapped = _looks_wrapped(lines)
    blocks: list[Block] = []
    joinable = False  # whether a wrapped line continues the last block
    for raw in lines:
        line, kind = _markdown_line(raw) if markdown else (raw, "text")
        if kind == "text" and _BULLET.match(line):
            line, kind = _BULLET.sub("", line, count=1), "item"
        if wrapped and joinable and line and kind == "text":
            blocks[-1] = (f"{blocks[-1][0]} {line}", blocks[-1][1])
        elif line:
            blocks.append((line, kind))
        joinable = bool(line) and kind != "heading"
    return blocks


def _looks_wrapped(lines: list[str]) -> bool:
    # Text wrapped at a fixed width has lines that run on mid-sentence; scraped articles come one paragraph a
    # line (long lines), and a title or date line is short, so neither counts as running on.
    if not lines or max(map(len, lines)) > 100:
        return False
    inner = [line for line, after in pairwise(lines) if line and after]
    return sum(len(line) >= 40 and not _ENDS_SENTENCE.search(line) for line in inner) >= max(2, len(inner) / 2)


def _markdown_line(line: str) -> Block:
    if _MD_RULE.fullmatch(line):
        return "", "text"
    heading = _MD_HEADING.fullmatch(line)
    line = heading[1] if heading else line.removeprefix(">").strip()
    for pattern, replacement in _MD_INLINE:
        line = pattern.sub(replacement, line)
    return line.strip(), "heading" if heading else "text"


def _is_heading(line: str, kind: str, *, limit: int = 120, ends: re.Pattern[str] = _ENDS_SENTENCE) -> bool:
    return kind == "heading" or (kind == "text" and len(line) <= limit and not ends.search(line))


# A headline opens with a capital, a figure or a quotation mark: a forum post's first line "laszlo" is its
# writer's user name.
_HEADLINE = re.compile(r"[\"“‘'(]?[A-Z0-9À-Þ]")


def _same(a: str, b: str) -> bool:
    return " ".join(a.lower().split()).rstrip(".") == " ".join(b.lower().split()).rstrip(".")


def _layout(blocks: list[Block], title: str | None) -> tuple[str | None, dt.date | None, list[Block], Counter[str]]:
    """Set the title, date lines, photo captions and subheadings apart from the body paragraphs."""
    found_title, published = None, None
    body: list[Block] = []
    dropped: Counter[str] = Counter()
    for line, kind in blocks:
        top = not body and found_title is None
        stamp = _date_line(line, first=top) if kind != "item" else None
        if stamp:
            label, date, line = stamp
            if published is None and (label == "published" or (top and not label)):
                published = date
            if not line:
                dropped["date line"] += 1
                continue
        if kind != "item" and _CAPTION.search(line):
            dropped["photo caption"] += 1
        elif top and title is None and _is_heading(line, kind, limit=200, ends=_ENDS_PERIOD) and _HEADLINE.match(line):
            found_title = line
        elif body or title is None or not _same(line, title):  # drop the title when the text repeats it
            body.append((line, kind))
    if found_title and not body:  # a lone short line is the text, not a title
        body, found_title = [(found_title, "text")], None
    kept = [block for block in body if not _is_heading(*block)] or body
    dropped["subheading"] += len(body) - len(kept)
    return found_title, published, kept, dropped


# ---- one article ----------------------------------------------------------------------------------------


def _field(meta: Mapping[str, Any], name: str) -> Any:
    for key in _KEYS[name]:
        value = meta.get(key)
        if isinstance(value, Mapping):  # {"source": {"id": null, "name": "Reuters"}}, as news APIs send it
            value = value.get("name")
        if value not in (None, "", []):
            return value
    return None


def _text_field(meta: Mapping[str, Any], name: str) -> str | None:
    value = _field(meta, name)
    if not isinstance(value, str | int | float):
        return None
    return " ".join(str(value).split()) or None


def _front_matter(text: str, source: str | None) -> tuple[str, dict[str, Any]]:
    match = re.match(r"---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", text, re.S)
    if not match:
        return text, {}
    try:
        data = yaml.safe_load(match[1])
    except RecursionError:
        raise InputError(f"its front matter is {_TOO_DEEP.removeprefix('is ')}; fix the lines between the ---",
                         source=source) from None  # fmt: skip
    except yaml.YAMLError as error:
        raise InputError(
            f"its front matter is not valid YAML ({error}); fix the lines between the ---", source=source
        ) from error
    if not isinstance(data, dict):
        raise InputError("its front matter should be 'key: value' lines (title, outlet, published, url)", source=source)
    return text[match.end() :], data


def _html_text(html: str, source: str | None) -> tuple[str, dict[str, Any]]:
    try:
        import trafilatura  # imported here: it takes a third of a second and only HTML needs it
    except ImportError as exc:  # an old pip does not resolve lxml[html_clean]: lxml_html_clean is missing
        raise InputError(
            f"cannot be read as HTML: {exc}. Install the missing package (pip install lxml_html_clean)",
            source=source,
        ) from None

    # extensive_search off: the date must come from the page's metadata, never from a date in the body.
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None or isinstance(doc, dict):
        return "", {}
    meta = {"title": doc.title, "outlet": doc.sitename, "published": doc.date, "url": doc.url}
    return doc.text or "", {key: value for key, value in meta.items() if value}


def _fit(paragraphs: list[list[str]], max_chars: int) -> list[list[str]]:
    """Keep whole sentences while the text stays within max_chars."""
    kept: list[list[str]] = []
    size = 0
    for paragraph in paragraphs:
        row: list[str] = []
        for sentence in paragraph:
            grown = size + len(sentence) + (1 if row else 2 if kept else 0)
            if grown > max_chars:
                kept += [row] if row else []
                return kept or [[sentence[:max_chars].rsplit(" ", 1)[0]]]  # one sentence is too long alone
            size = grown
            row.append(sentence)
        kept.append(row)
    return kept


def _joined(paragraphs: list[list[str]]) -> str:
    return "\n\n".join(" ".join(paragraph) for paragraph in paragraphs)


_ONLY_MACHINE = "has only sentences addressed to a machine (instructions, chat markers), no reporting"


# Characters U+0080-U+009F are control codes no text means; a page saved as Windows-1252 and read as Latin-1
# turns its dashes and curly quotes into them ("\x97 UPDATE: 905 a.m." for "— UPDATE"). Each is read as the
# Windows-1252 character it stood for; the five that encoding leaves undefined are dropped.
_C1_AS_WINDOWS = {code: bytes([code]).decode("cp1252", errors="ignore") or None for code in range(0x80, 0xA0)}


def parse_article(
    text: str,
    *,
    id: str | None = None,
    source: str | None = None,
    fmt: str = "txt",
    meta: Mapping[str, Any] | None = None,
    max_chars: int = 12000,
) -> Article:
    """Turn one article's text (txt, md or html) into an Article with numbered sentences."""
    if fmt not in ("txt", "md", "html") or max_chars < 1:
        raise ValueError(f"fmt must be 'txt', 'md' or 'html' (not {fmt!r}) and max_chars positive")
    text = text.translate(_C1_AS_WINDOWS)
    body_text, found = _html_text(text, source) if fmt == "html" else _front_matter(text, source)
    meta = {**found, **(meta or {})}  # what the caller says beats what the file says
    title = _text_field(meta, "title")
    blocks = _blocks(body_text, markdown=fmt == "md")
    lines = [_split_paragraph(line) for line, _ in blocks]
    gone = machine_lines(lines)  # before the layout takes an injected line for a heading or the title
    kept_blocks = [block for block, out in zip(blocks, gone, strict=True) if not out]
    kept_blocks, debris = drop_debris(kept_blocks)  # before the layout takes a credit line for the title
    found_title, published, body, dropped = _layout(kept_blocks, title)
    if not body and any(gone):
        raise InputError(_ONLY_MACHINE, source=source)
    if not body:
        raise InputError("has no article text; give it at least one paragraph", source=source)
    notes = []
    if (given := _field(meta, "published")) is not None:  # metadata beats a date line in the text
        if (stated := _parse_date(given)) is None:
            notes.append(f"could not read the publication date {given!r}")
        published = stated or published
    if left_out := [f"{n} {name}{'s' if n > 1 else ''}" for name, n in dropped.items() if n]:
        notes.append("left out of the sentences: " + ", ".join(left_out))
    if debris:
        notes.append(debris.note())
    paragraphs, machine = drop_instructions(_split_paragraph(line) for line, _ in body)
    machine += sum(len(sentences) for sentences, out in zip(lines, gone, strict=True) if out)
    if not paragraphs:
        raise InputError(_ONLY_MACHINE, source=source)
    if machine:
        notes.append(f"left out {machine} sentence{'s' if machine > 1 else ''} addressed to a machine, not reporting")
    title = title or found_title
    if title and addressed_to_machine(title):
        notes.append("left out its title: it is addressed to a machine, not reporting")
        title = None
    full, kept = _joined(paragraphs), _fit(paragraphs, max_chars)
    if truncated := _joined(kept) != full:
        notes.append(f"truncated from {len(full):,} to {len(_joined(kept)):,} characters to fit the model's context")
    return Article(
        id=id or _text_field(meta, "id") or hashlib.sha256(text.encode()).hexdigest()[:12],
        title=title,
        outlet=_text_field(meta, "outlet"),
        published=published,
        source=source,
        url=_text_field(meta, "url"),
        text=_joined(kept),
        sentences=[s for row in kept for s in row],
        truncated=truncated,
        notes=notes,
    )


# ---- files, folders, stdin ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadLimits:
    """How many bytes one input may hold. An input over its limit is skipped and named, and never read whole.

    A .jsonl file is read a line at a time, so its lines (records) are bounded, not the file as a whole.
    """

    file_bytes: int = 10_000_000  # one article file or .json document (SUMMARIZER_MAX_FILE_BYTES)
    stdin_bytes: int = 10_000_000  # standard input (SUMMARIZER_MAX_STDIN_BYTES)
    record_bytes: int = 1_000_000  # one JSONL line, or one record of a .json document (SUMMARIZER_MAX_RECORD_BYTES)

    @staticmethod
    def of(settings: Settings) -> ReadLimits:
        return ReadLimits(settings.max_file_bytes, settings.max_stdin_bytes, settings.max_record_bytes)


def _over(limit: int, what: str, setting: str, size: int | None = None) -> str:
    stated = f"is {size:,} bytes, over" if size is not None else "is over"
    return f"{stated} the {limit:,}-byte limit for {what}, so it was not read (raise {setting} to read it)"


Report = Callable[[InputError], None]


def _files(item: str | Path, report: Report) -> list[Path | str]:
    """List the inputs behind one argument: "-" (stdin), a file, or a folder's articles, sorted.

    What a folder holds but cannot be read (a subfolder without permission, a link to a folder, which is not
    followed so that a link loop cannot trap the walk) is reported, never silently left out.
    """
    path = Path(item)
    if str(item) == "-":
        return [_STDIN]
    if path.is_dir():
        found: list[Path | str] = []

        def unreadable(error: OSError) -> None:
            report(InputError(f"folder cannot be read ({error.strerror or error}); its articles are left out",
                              source=str(error.filename or path)))  # fmt: skip

        for root, dirs, names in os.walk(path, onerror=unreadable):
            for name in [d for d in dirs if not d.startswith(".") and Path(root, d).is_symlink()]:
                report(InputError("is a link to a folder, which is not followed; name its target instead",
                                  source=str(Path(root, name))))  # fmt: skip
            dirs[:] = [d for d in dirs if not d.startswith(".") and not Path(root, d).is_symlink()]
            found += [
                Path(root, name) for name in names if not name.startswith(".") and Path(name).suffix.lower() in FORMATS
            ]
        if not found:
            raise InputError(f"folder has no articles ({_KNOWN} files); check the path", source=str(path))
        return sorted(found, key=lambda file: Path(file).parts)
    if path.is_symlink() and not path.exists():
        raise InputError(_LINK_PROBLEM, source=str(path))
    if not path.exists():
        raise InputError("no such file or folder; check the path", source=str(path))
    return [path]


_LINK_PROBLEM = "cannot be read: it is a broken or looping symbolic link; check where it points"
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[\s\u3000。，、]")


def _open_file(file: Path, limit: int | None) -> IO[bytes]:
    """A regular file, opened; a pipe, device, socket or broken link is refused before it can block a read, and
    a file over `limit` bytes before any of it is read."""
    name = str(file)
    try:
        info = file.stat()
    except (OSError, RuntimeError) as error:
        if file.is_symlink():
            raise InputError(_LINK_PROBLEM, source=name) from None
        reason = getattr(error, "strerror", None) or error
        raise InputError(f"cannot be read ({reason}); check that it exists and is readable", source=name) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError("is not a regular file (a pipe, device or socket); give an article file", source=name)
    if limit is not None and info.st_size > limit:
        raise InputError(_over(limit, "one file", "SUMMARIZER_MAX_FILE_BYTES", info.st_size), source=name)
    try:
        return file.open("rb")
    except OSError as error:
        raise _unreadable(error, name) from error


def _unreadable(error: OSError, name: str) -> InputError:
    return InputError(f"cannot be read ({error.strerror or error}); check that it exists and is readable", source=name)


def read_file_bytes(file: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (one that grew past it while read is refused too)."""
    with _open_file(file, limit) as stream:
        try:
            data = stream.read(limit + 1)
        except OSError as error:
            raise _unreadable(error, str(file)) from error
    if len(data) > limit:
        raise InputError(_over(limit, "one file", "SUMMARIZER_MAX_FILE_BYTES"), source=str(file))
    return data


_EMPTY = "is empty; give it the article's text"
_BINARY = (
    f"looks like a binary file (it has NUL bytes); give a text article ({_KNOWN}), as UTF-8 "
    "(or UTF-16 with a byte order mark)"
)


def _decode(data: bytes, source: str) -> str:
    if not data.strip():
        raise InputError(_EMPTY, source=source)
    if (wide := _wide_text(data)) is not None:
        return wide
    if b"\x00" in data:
        raise InputError(_BINARY, source=source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"is not UTF-8 text (byte {data[error.start]:#04x} at offset {error.start}); save it as UTF-8",
            source=source,
        ) from error


def _wide_text(data: bytes) -> str | None:
    """UTF-16 or UTF-32 text announced by a byte order mark, as Windows tools save "Unicode" text; else None.

    Binary data can start with the same two bytes, so the decoded text must read like text: no control
    characters, and spaces or line breaks now and then.
    """
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if _CONTROLS.search(text) or len(_SPACES.findall(text)) * 200 < len(text) or not _SPACES.search(text):
        return None
    return text


def _read_stdin(limit: int) -> bytes:
    """At most `limit` bytes of stdin; more is refused without reading on (`- < /dev/zero` ends at once)."""
    if sys.stdin is None:
        raise InputError("there is no standard input; pipe an article in or name a file", source=_STDIN)
    # Bytes when there are some, so that stdin gets the same checks (NUL bytes, UTF-8) as files.
    stream = sys.stdin
    data = stream.buffer.read(limit + 1) if hasattr(stream, "buffer") else stream.read(limit + 1).encode()
    if len(data) > limit:
        raise InputError(_over(limit, "standard input", "SUMMARIZER_MAX_STDIN_BYTES"), source=_STDIN)
    return data


def _read(
    file: Path | str, max_chars: int, limits: ReadLimits, *, in_folder: bool = False
) -> Iterator[Article | InputError]:
    """Yield the articles of one input, and an error for each JSON record that cannot be used.

    A file found in a folder that summarizer itself wrote (a briefing saved next to its articles) is passed
    over: briefing the folder again should brief the articles, not the last briefing of them.
    """
    if isinstance(file, str):  # stdin
        text = _decode(_read_stdin(limits.stdin_bytes), _STDIN)
        if not _JSON_START.match(text):
            yield parse_article(text, source=_STDIN, max_chars=max_chars)
        elif _JSONL.match(text):  # JSON or JSONL piped in: records, as from a .json/.jsonl file
            lines = _jsonl_records(io.BytesIO(text.encode()), "stdin", limits.record_bytes)
            yield from _record_articles(lines, _STDIN, max_chars)
        else:
            yield from _record_articles(_json_records(text, Path("stdin.json"), limits.record_bytes), _STDIN, max_chars)
        return
    name, fmt = str(file), FORMATS.get(file.suffix.lower())
    if fmt is None:
        kind = repr(file.suffix) if file.suffix else "(no extension)"
        raise InputError(f"unsupported file type {kind}; use one of {_KNOWN}", source=name)
    if fmt == "jsonl":  # records, streamed one by one; the own-output mark is on briefings (Markdown, JSON)
        yield from _record_articles(_jsonl_file(file, limits), name, max_chars)
        return
    text = _decode(read_file_bytes(file, limits.file_bytes), name)
    if in_folder and _written_by_summarizer(text, fmt):
        _log.info("%s: passed over, summarizer wrote it (name it to read it as an article)", name)
        return
    if fmt != "json":
        yield parse_article(text, id=file.stem, source=name, fmt=fmt, max_chars=max_chars)
        return
    yield from _record_articles(_json_records(text, file, limits.record_bytes), name, max_chars)


def _written_by_summarizer(text: str, fmt: str) -> bool:
    if fmt == "json":
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            return False
        return isinstance(value, dict) and {"schema_version", "meta"} <= value.keys()
    return OUTPUT_MARK in text


_TOO_DEEP = "is nested too deeply to read"
_JSON_START = re.compile(r"\s*[{\[]")
_JSONL = re.compile(r"\s*\{[^\n]*\}\s*\n\s*\{")  # two objects on two lines


def _record_articles(records: Iterable[tuple[str, Any]], name: str, max_chars: int) -> Iterator[Article | InputError]:
    """The articles of JSON or JSONL records, and an error for each record that cannot be used."""
    for record_id, record in records:
        body = _field(record, "text") if isinstance(record, Mapping) else None
        body = "\n\n".join(map(str, body)) if isinstance(body, list) else body
        try:
            if isinstance(record, InputError):
                raise record
            if not isinstance(record, Mapping):
                raise InputError('is not a JSON object; write it as {"text": ...}')
            if not isinstance(body, str) or not body.strip():
                raise InputError("has no text; give it a 'text', 'body' or 'content' field")
            yield parse_article(
                body, id=_text_field(record, "id") or record_id, source=name, meta=record, max_chars=max_chars
            )
        except InputError as error:
            yield InputError(f"record {record_id} {str(error).removeprefix(name + ': ')}", source=name)


def _jsonl_file(file: Path, limits: ReadLimits) -> Iterator[tuple[str, Any]]:
    """The records of a .jsonl file, read a line at a time, so that one huge line cannot hold the others."""
    name = str(file)
    with _open_file(file, None) as stream:
        try:
            head = stream.read(4096)
            stream.seek(0)
            lines: IO[bytes] = stream
            if any(head.startswith(bom) for bom, _ in _BOMS):  # UTF-16 or UTF-32: read whole, as other files
                lines = io.BytesIO(_decode(read_file_bytes(file, limits.file_bytes), name).encode())
            elif b"\x00" in head:
                raise InputError(_BINARY, source=name)
            found = False
            for record in _jsonl_records(lines, file.stem, limits.record_bytes):
                found = True
                yield record
        except OSError as error:
            raise _unreadable(error, name) from error
    if not found:
        raise InputError(_EMPTY, source=name)


def _jsonl_lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Each line of `stream` with its number; None for a line over `limit` bytes, which is read past, not kept."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 16)) and not rest.endswith(b"\n"):
                pass
            yield number, None
        else:
            yield number, line


def _jsonl_records(stream: IO[bytes], stem: str, limit: int) -> Iterator[tuple[str, Any]]:
    """Pair each record of a JSONL stream with its default id ("<stem>-<n>"); an unusable one is an InputError."""
    n = 0
    for number, line in _jsonl_lines(stream, limit):
        if line is not None and not line.strip():
            continue
        n += 1
        if line is None:
            yield f"{stem}-{n}", InputError(f"(line {number}) {_over(limit, 'one record', _RECORD_SETTING)}")
            continue
        try:
            yield f"{stem}-{n}", json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError as error:
            problem = f"is not UTF-8 text (byte {line[error.start]:#04x} at offset {error.start}); save it as UTF-8"
            yield f"{stem}-{n}", InputError(f"(line {number}) {problem}")
        except RecursionError:
            yield f"{stem}-{n}", InputError(f"(line {number}) {_TOO_DEEP}; fix or remove it")
        except json.JSONDecodeError as error:
            problem = f"is not valid JSON ({error.msg}, column {error.colno}); fix or remove it"
            yield f"{stem}-{n}", InputError(f"(line {number}) {problem}")


_RECORD_SETTING = "SUMMARIZER_MAX_RECORD_BYTES"


def _json_records(text: str, path: Path, limit: int) -> list[tuple[str, Any]]:
    """Pair each record of a .json document with its default id ("<stem>-<n>", or the stem alone).

    A record over `limit` bytes (as JSON text) is an InputError, as an over-long JSONL line is.
    """
    try:
        value = json.loads(text)
    except RecursionError:
        raise InputError(f"{_TOO_DEEP}; an article is a flat object with a 'text' field", source=str(path)) from None
    except json.JSONDecodeError as error:
        raise InputError(
            f"is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno}); "
            "fix it, or rename it to .txt if it is plain text",
            source=str(path),
        ) from error
    records = [(f"{path.stem}-{n}", item) for n, item in enumerate(value, 1)] if isinstance(value, list) else []
    if not isinstance(value, list):
        records = [(path.stem, value)]
    for i, (record_id, record) in enumerate(records):
        if (size := len(json.dumps(record, ensure_ascii=False).encode())) > limit:
            records[i] = (record_id, InputError(_over(limit, "one record", _RECORD_SETTING, size)))
    return records


def _report(error: InputError, errors: list[InputError] | None) -> None:
    if errors is None:
        raise error
    errors.append(error)


def load_articles(
    paths: str | Path | Iterable[str | Path],
    *,
    errors: list[InputError] | None = None,
    max_chars: int = 12000,
    exclude: Iterable[str | Path] = (),
    limits: ReadLimits | None = None,
) -> list[Article]:
    """Read articles from files, folders or "-" (stdin); bad inputs go to `errors`, else the first raises.

    Files in `exclude` (the run's own output, say) are never read, even inside a folder that is. An input
    over its `limits` (bytes in a file, on stdin, in one JSON record) is a bad input, named, and not read.
    """
    limits = limits or ReadLimits()
    articles: list[Article] = []
    seen: set[Path | str] = {_key(Path(path)) for path in exclude}

    def report(error: InputError) -> None:
        _report(error, errors)

    for item in [paths] if isinstance(paths, str | Path) else paths:
        try:
            files = _files(item, report)
        except InputError as error:
            report(error)
            continue
        in_folder = str(item) != "-" and Path(item).is_dir()
        for file in files:
            if (key := file if isinstance(file, str) else _key(file)) in seen:
                continue  # a file named and also inside a named folder is read once
            seen.add(key)
            try:
                for result in _read(file, max_chars, limits, in_folder=in_folder):
                    if isinstance(result, InputError):
                        report(result)
                    else:
                        articles.append(result)
            except InputError as error:
                report(error)
    return _unique_ids(articles)


def _key(path: Path) -> Path:
    """The file a path names, for telling two names of one file apart; a link loop stays its own name."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _unique_ids(articles: list[Article]) -> list[Article]:
    """Give same-named files (a/x.txt, b/x.txt) distinct ids: claims cite articles by id."""
    taken, used = Counter(article.id for article in articles), set()
    for article in articles:
        if taken[article.id] > 1 and article.id in used:
            n = 2
            while f"{article.id}-{n}" in taken or f"{article.id}-{n}" in used:
                n += 1
            article.notes.append(f"renamed from {article.id!r}: another input has that id")
            article.id = f"{article.id}-{n}"
        used.add(article.id)
    return articles
