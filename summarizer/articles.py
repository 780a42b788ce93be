"""Read articles (txt, md, json, jsonl, html, stdin) and number their sentences."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError
from .schemas import Article

__all__ = ["load_articles", "parse_article", "split_sentences"]

FORMATS = {".txt": "txt", ".md": "md", ".json": "json", ".jsonl": "jsonl", ".html": "html", ".htm": "html"}
_KNOWN = ", ".join(FORMATS)
_STDIN = "<stdin>"
_KEYS = {  # the names JSON records and front matter use for each field, most usual first
    "text": ("text", "body", "content"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "site", "sitename", "publisher"),
    "published": ("published", "date", "published_at", "publishedAt", "pubDate"),
    "url": ("url", "link"),
    "id": ("id",),
}

Block = tuple[str, str]  # (line, kind) with kind "text", "heading" (markdown) or "item" (a list item)

# ---- dates ----------------------------------------------------------------------------------------------

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATE = re.compile(
    rf"(?P<y1>\d{{4}})-(?P<m1>\d{{1,2}})-(?P<d1>\d{{1,2}})"
    rf"|(?P<m2>{_MONTH})\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    rf"|(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m3>{_MONTH}),?\s+(?P<y3>\d{{4}})",
    re.I,
)
_DATE_LABEL = re.compile(r"(?P<label>(?:first |last )?(?:published|posted|updated|modified)(?: on| at)?|dated?)"
                         r"\b[:\s]*", re.I)
_TIME = r"(?:(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5}\b)?)"
_AROUND_DATE = re.compile(rf"[\s,|·—–-]*(?:{_TIME})?[\s,|·—–-]*")  # what may stand beside a date on its line


def _parse_date(value: Any) -> dt.date | None:
    """Read a date from metadata or text ("2024-11-29", "Nov. 29, 2024", "29 November 2024")."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.search(value) if isinstance(value, str) else None
    return _date_of(match) if match else None


def _date_of(match: re.Match[str]) -> dt.date | None:
    year, month, day = (match["y1"] or match["y2"] or match["y3"], match["m1"] or match["m2"] or match["m3"],
                        match["d1"] or match["d2"] or match["d3"])
    number = int(month) if month.isdigit() else _MONTHS.index(month[:3].lower()) + 1
    try:
        return dt.date(int(year), number, int(day))
    except ValueError:  # 2024-02-31 and the like: not a date, so not a date line either
        return None


def _date_line(line: str, *, header: bool) -> tuple[str, dt.date, str] | None:
    """Recognise "Published 18:04 IST, November 29th 2024"; return ("published"/"updated"/"", date, rest)."""
    label_match = _DATE_LABEL.match(line)
    label = label_match["label"].lower() if label_match else ""
    rest = line[label_match.end():] if label_match else line
    match = _DATE.search(rest)
    if not match or _AROUND_DATE.fullmatch(rest[: match.start()]) is None:
        return None
    tail = _AROUND_DATE.sub("", rest[match.end():], count=1)
    # Only the first line may carry text after its date (" date 2024-11-28 Battle for Aleppo: ..."), and only
    # when labelled: elsewhere a sentence that starts with a date is body text.
    if tail and not (header and label):
        return None
    date = _date_of(match)
    if date is None:
        return None
    kind = "" if not label else "updated" if ("updat" in label or "modif" in label) else "published"
    return kind, date, tail.strip()


# ---- sentences ------------------------------------------------------------------------------------------

_ENDS_SENTENCE = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_ENDS_PERIOD = re.compile(r"[.:;][\"'”’)\]]*$")  # a headline may end with "?" or "!", never with "."
_GLUED = re.compile(r"(?<=[a-z]{2}[.!?])([\"”’]?)(?=[A-Z][a-z])")  # "western Aleppo.Named ..." (no space)
_BREAK = re.compile(r"[.!?…]+[\"'”’)\]]*\s+")
_CURLY_QUOTE, _STRAIGHT_QUOTE = re.compile(r"“[^“”]*”"), re.compile(r'"[^"]*"')
_TITLES = {"mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "adm", "cmdr",
           "rep", "sen", "gov", "pres", "st", "mt", "ft", "jr", "sr", "rev", "hon", "vs", "messrs", "gens"}
_BEFORE_NUMBER = {"no", "nos", "vol", "art", "fig", "p", "pp", *_MONTHS, "sept"}  # "Nov. 29", "No. 10"
_STARTERS = {"the", "a", "an", "it", "its", "he", "she", "they", "we", "i", "this", "that", "these", "those",
             "there", "his", "her", "their", "in", "on", "at", "but", "and", "after", "before", "when", "while",
             "meanwhile", "however", "earlier", "later", "according", "since", "as", "if", "officials"}


def split_sentences(text: str) -> list[str]:
    """Split text into sentences; a paragraph or line break always ends one."""
    return [sentence for line, _ in _blocks(text, markdown=False) for sentence in _split_paragraph(line)]


def _split_paragraph(paragraph: str) -> list[str]:
    paragraph = _GLUED.sub(r"\1 ", " ".join(paragraph.split()))
    quoted = _quoted(paragraph)
    sentences, start = [], 0
    for match in _BREAK.finditer(paragraph):
        if _is_break(paragraph, match, quoted):
            sentences.append(paragraph[start:match.end()].strip())
            start = match.end()
    sentences.append(paragraph[start:].strip())
    return [sentence for sentence in sentences if sentence]


def _quoted(paragraph: str) -> list[tuple[int, int]]:
    # An odd number of straight quotes means one is unpaired, and pairing them would mark the wrong text.
    patterns = [_CURLY_QUOTE] + ([_STRAIGHT_QUOTE] if paragraph.count('"') % 2 == 0 else [])
    return [m.span() for pattern in patterns for m in pattern.finditer(paragraph) if len(m[0]) <= 600]


def _is_break(paragraph: str, match: re.Match[str], quoted: list[tuple[int, int]]) -> bool:
    following = paragraph[match.end():].lstrip("\"'“‘([")
    if not following or not (following[0].isupper() or following[0].isdigit()):
        return False
    if any(start < match.start() and match.end() < end for start, end in quoted):
        return False  # a quotation of several sentences stays with its "... he said"
    if paragraph[match.start()] != ".":
        return True
    words = paragraph[: match.start()].split()
    word = words[-1].lstrip("\"'“‘([").lower() if words else ""
    next_word = following.split(None, 1)[0].strip(",;:").lower()
    if word in _TITLES or (len(word) == 1 and word.isalpha()):  # "Gen. Smith", "George W. Bush"
        return False
    if word in _BEFORE_NUMBER and next_word[:1].isdigit():
        return False
    if re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):  # "U.N.", "a.m.": ends a sentence only before a usual opener
        return next_word in _STARTERS
    return True


# ---- layout: title, dates, captions, headings -----------------------------------------------------------

_CAPTION = re.compile(
    r"(?:\([^()]*\b(?:photo|photograph|image|picture|getty)\b[^()]*\)"
    r"|\[[^\[\]]*(?:/|\b(?:photo|image|getty|afp|reuters|ap|epa)\b)[^\[\]]*\])\s*$"
    r"|^(?:photo|image|picture|credit)s?\s*:",
    re.I,
)
_MD_HEADING = re.compile(r"#{1,6}\s+(.*?)[\s#]*")
_MD_INLINE = ((re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""), (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
              (re.compile(r"\*\*|__|`"), ""), (re.compile(r"(?<![\w*])\*(\S[^*]*?)\*(?![\w*])"), r"\1"))
_BULLET = re.compile(r"(?:[-*+•]|\d{1,3}[.)])\s+")
_RULE = re.compile(r"(?:-{3,}|\*{3,}|_{3,})")


def _blocks(text: str, *, markdown: bool) -> list[Block]:
    """Cut text into paragraphs; hard-wrapped text is joined back into whole paragraphs."""
    lines = [" ".join(line.replace("\u200b", "").split()) for line in text.splitlines()]
    wrapped = _looks_wrapped(lines)
    blocks: list[Block] = []
    joinable = False  # whether the next line of a wrapped paragraph continues the last block
    for raw in lines:
        line, kind = _markdown_line(raw) if markdown else (raw, "text")
        if kind == "text" and _BULLET.match(line):
            line, kind = _BULLET.sub("", line, count=1), "item"
        if not line:
            joinable = False
        elif wrapped and joinable and kind == "text":
            blocks[-1] = (f"{blocks[-1][0]} {line}", blocks[-1][1])
        else:
            blocks.append((line, kind))
            joinable = kind != "heading"
    return blocks


def _looks_wrapped(lines: list[str]) -> bool:
    # Text wrapped at a fixed width has short lines that run on mid-sentence; one paragraph a line (as
    # scraped articles come) has long lines, and a title or date line above the text is short.
    if not lines or max(map(len, lines)) > 100:
        return False
    inner = [line for line, after in pairwise(lines) if line and after]
    runs_on = sum(len(line) >= 40 and not _ENDS_SENTENCE.search(line) for line in inner)
    return runs_on >= max(2, len(inner) / 2)


def _markdown_line(line: str) -> Block:
    if _RULE.fullmatch(line):
        return "", "text"
    heading = _MD_HEADING.fullmatch(line)
    line = heading[1] if heading else line.removeprefix(">").strip()
    for pattern, replacement in _MD_INLINE:
        line = pattern.sub(replacement, line)
    return line.strip(), "heading" if heading else "text"


def _is_headline(line: str, kind: str) -> bool:
    return kind == "heading" or (kind == "text" and len(line) <= 200 and not _ENDS_PERIOD.search(line))


def _is_subheading(line: str, kind: str) -> bool:
    return kind == "heading" or (kind == "text" and len(line) <= 120 and not _ENDS_SENTENCE.search(line))


def _same(a: str, b: str) -> bool:
    return " ".join(a.lower().split()).rstrip(".") == " ".join(b.lower().split()).rstrip(".")


def _layout(blocks: list[Block], title: str | None) -> tuple[str | None, dt.date | None, list[Block], Counter[str]]:
    """Separate the title, date lines, captions and subheadings from the body paragraphs."""
    found_title: str | None = None
    published: dt.date | None = None
    body: list[Block] = []
    dropped: Counter[str] = Counter()
    for line, kind in blocks:
        header = not body and found_title is None
        stamp = _date_line(line, header=header) if kind != "item" else None
        if stamp:
            label, date, line = stamp
            if published is None and (label == "published" or (header and not label)):
                published = date
            if not line:
                dropped["date line"] += 1
                continue
        if kind != "item" and _CAPTION.search(line):
            dropped["photo caption"] += 1
        elif header and title is None and _is_headline(line, kind):
            found_title = line
        elif not (not body and title is not None and _same(line, title)):  # skip the title repeated in the text
            body.append((line, kind))
    if found_title and not body:  # a lone short line is the text, not a title
        body, found_title = [(found_title, "text")], None
    kept = [block for block in body if not _is_subheading(*block)] or body
    dropped["subheading"] += len(body) - len(kept)
    return found_title, published, kept, dropped


# ---- one article ----------------------------------------------------------------------------------------


def _field(meta: Mapping[str, Any], name: str) -> Any:
    for key in _KEYS[name]:
        value = meta.get(key)
        if isinstance(value, Mapping):  # {"source": {"id": null, "name": "Reuters"}} as news APIs send it
            value = value.get("name")
        if value not in (None, "", []):
            return value
    return None


def _text_field(meta: Mapping[str, Any], name: str) -> str | None:
    value = _field(meta, name)
    if not isinstance(value, str | int | float):
        return None
    return " ".join(str(value).split()) or None


def _content_id(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _front_matter(text: str, source: str | None) -> tuple[dict[str, Any], str]:
    match = re.match(r"---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", text, re.S)
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match[1])
    except yaml.YAMLError as error:
        raise InputError(f"its front matter is not valid YAML ({error}); fix the block between the --- lines",
                         source=source) from error
    if not isinstance(data, dict):
        raise InputError("its front matter should be 'key: value' lines (title, outlet, published, url)",
                         source=source)
    return data, text[match.end():]


def _html_text(html: str) -> tuple[str, dict[str, Any]]:
    import trafilatura  # imported here: it takes a third of a second and only HTML needs it

    # extensive_search off: a date must come from the page's metadata, never from a date in the body.
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False,
                                      date_extraction_params={"extensive_search": False, "original_date": True})
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
                if row:
                    kept.append(row)
                return kept or [[sentence[:max_chars].rsplit(" ", 1)[0]]]  # one sentence is too long alone
            size, row = grown, [*row, sentence]
        kept.append(row)
    return kept


def _joined(paragraphs: list[list[str]]) -> str:
    return "\n\n".join(" ".join(paragraph) for paragraph in paragraphs)


def _plural(count: int, name: str) -> str:
    return f"{count} {name}{'' if count == 1 else 's'}"


def parse_article(text: str, *, id: str | None = None, source: str | None = None, fmt: str = "txt",
                  meta: Mapping[str, Any] | None = None, max_chars: int = 12000) -> Article:
    """Turn one article's text (txt, md or html) into an Article with numbered sentences."""
    if fmt not in ("txt", "md", "html"):
        raise ValueError(f"fmt must be 'txt', 'md' or 'html', not {fmt!r}")
    if max_chars < 1:
        raise ValueError(f"max_chars must be positive, not {max_chars}")
    found: dict[str, Any] = {}
    body_text = text
    if fmt == "html":
        body_text, found = _html_text(text)
    else:
        found, body_text = _front_matter(text, source)
    meta = {**found, **(meta or {})}  # what the caller says beats what the file says
    title = _text_field(meta, "title")
    blocks = _blocks(body_text, markdown=fmt == "md")
    found_title, found_date, body, dropped = _layout(blocks, title)
    paragraphs = [_split_paragraph(line) for line, _ in body]
    if not paragraphs:
        raise InputError("has no article text; give it at least one paragraph of prose", source=source)
    notes = []
    published = found_date
    if _field(meta, "published") is not None:
        published = _parse_date(_field(meta, "published"))
        if published is None:
            notes.append(f"could not read the publication date {_field(meta, 'published')!r}")
    left_out = [_plural(count, name) for name, count in dropped.items() if count]
    if left_out:
        notes.append("left out of the sentences: " + ", ".join(left_out))
    full = _joined(paragraphs)
    kept = _fit(paragraphs, max_chars)
    body_out = _joined(kept)
    if body_out != full:
        notes.append(f"truncated from {len(full):,} to {len(body_out):,} characters to fit the model's context")
    return Article(
        id=id or _text_field(meta, "id") or _content_id(text), title=title or found_title,
        outlet=_text_field(meta, "outlet"), published=published, source=source, url=_text_field(meta, "url"),
        text=body_out, sentences=[sentence for paragraph in kept for sentence in paragraph],
        truncated=body_out != full, notes=notes,
    )


# ---- files, folders, stdin ------------------------------------------------------------------------------


def _files(item: str | Path) -> list[Path | str]:
    if str(item) == "-":
        return [_STDIN]
    path = Path(item)
    if path.is_dir():
        found: list[Path | str] = []
        for root, dirs, names in os.walk(path):
            dirs[:] = [name for name in dirs if not name.startswith(".")]
            found += [Path(root, name) for name in names
                      if not name.startswith(".") and Path(name).suffix.lower() in FORMATS]
        if not found:
            raise InputError(f"folder has no articles ({_KNOWN} files); check the path", source=str(path))
        return sorted(found, key=lambda file: Path(file).parts)
    if not path.exists():
        raise InputError("no such file or folder; check the path", source=str(path))
    return [path]


def _decode(data: bytes, source: str) -> str:
    if not data.strip():
        raise InputError("is empty; give it the article's text", source=source)
    if b"\x00" in data:
        raise InputError(f"looks like a binary file (it has NUL bytes); give a text article ({_KNOWN})",
                         source=source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"is not UTF-8 text (byte {data[error.start]:#04x} at offset {error.start}); "
                         "save it as UTF-8", source=source) from error


def _read(file: Path | str, max_chars: int) -> Iterator[Article | InputError]:
    """Yield the articles of one file, and an error for each of its records that cannot be used."""
    if file == _STDIN:
        if sys.stdin is None:
            raise InputError("there is no standard input; pipe an article in or name a file", source=_STDIN)
        try:
            text = sys.stdin.read()
        except UnicodeDecodeError as error:
            raise InputError("is not UTF-8 text; pipe UTF-8 text in", source=_STDIN) from error
        yield parse_article(_decode(text.encode(), _STDIN), source=_STDIN, max_chars=max_chars)
        return
    path, name = Path(file), str(file)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"unsupported file type {path.suffix!r}; use one of {_KNOWN}", source=name)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror or error}); check that it exists and is readable",
                         source=name) from error
    text = _decode(data, name)
    if fmt in ("txt", "md", "html"):
        yield parse_article(text, id=path.stem, source=name, fmt=fmt, max_chars=max_chars)
        return
    for record_id, record in _records(text, path):
        if isinstance(record, InputError):
            yield record
            continue
        body = _field(record, "text")
        body = "\n\n".join(map(str, body)) if isinstance(body, list) else body
        if not isinstance(body, str) or not body.strip():
            yield InputError(f"record {record_id} has no text; give it a 'text', 'body' or 'content' field",
                             source=name)
            continue
        try:
            yield parse_article(body, id=_text_field(record, "id") or record_id, source=name, meta=record,
                                max_chars=max_chars)
        except InputError as error:
            yield InputError(f"record {record_id} {error.args[0].removeprefix(name + ': ')}", source=name)


def _records(text: str, path: Path) -> Iterator[tuple[str, Mapping[str, Any] | InputError]]:
    """Yield (default id, record) for a .json or .jsonl file."""
    name = str(path)
    if path.suffix.lower() == ".jsonl":
        lines = [(number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
        values: list[tuple[str, Any]] = []
        for n, (number, line) in enumerate(lines, 1):
            try:
                values.append((f"{path.stem}-{n}", json.loads(line)))
            except json.JSONDecodeError as error:
                values.append((f"{path.stem}-{n}", InputError(
                    f"line {number} is not valid JSON ({error.msg}, column {error.colno}); fix or remove it",
                    source=name)))
    else:
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(f"is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno}); "
                             "fix it, or rename it to .txt if it is plain text", source=name) from error
        many = isinstance(value, list)
        values = [(f"{path.stem}-{n}", item) for n, item in enumerate(value, 1)] if many else [(path.stem, value)]
    for record_id, record in values:
        if isinstance(record, InputError | Mapping):
            yield record_id, record
        else:
            yield record_id, InputError(f"record {record_id} is not a JSON object; use {{\"text\": ...}}",
                                        source=name)


def _report(error: InputError, errors: list[InputError] | None) -> None:
    if errors is None:
        raise error
    errors.append(error)


def load_articles(paths: str | Path | Iterable[str | Path], *, errors: list[InputError] | None = None,
                  max_chars: int = 12000) -> list[Article]:
    """Read articles from files, folders (recursively) or "-" for stdin.

    With an ``errors`` list, unusable inputs are appended to it and the rest still load; without one, the
    first unusable input raises its InputError.
    """
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    articles: list[Article] = []
    seen: set[Path | str] = set()
    for item in items:
        try:
            files = _files(item)
        except InputError as error:
            _report(error, errors)
            continue
        for file in files:
            key = file if file == _STDIN else Path(file).resolve()
            if key in seen:  # a file named and also inside a named folder is read once
                continue
            seen.add(key)
            try:
                for result in _read(file, max_chars):
                    if isinstance(result, InputError):
                        _report(result, errors)
                    else:
                        articles.append(result)
            except InputError as error:
                _report(error, errors)
    return _unique_ids(articles)


def _unique_ids(articles: list[Article]) -> list[Article]:
    """Give same-named files (a/x.txt, b/x.txt) distinct ids: claims cite articles by id."""
    taken = Counter(article.id for article in articles)
    used: set[str] = set()
    for article in articles:
        if taken[article.id] > 1 and article.id in used:
            n = 2
            while f"{article.id}-{n}" in taken or f"{article.id}-{n}" in used:
                n += 1
            article.notes.append(f"renamed from {article.id!r}: another input has that id")
            article.id = f"{article.id}-{n}"
        used.add(article.id)
    return articles
