"""Check sentences against their sources after the fact: pairs from a JSONL file, or a published briefing.

`read_pairs` reads lines of `{"id": ..., "claim": "...", "evidence": ["...", ...]}` (evidence may be whole
articles) and `check_pairs` reads each claim against its evidence with `claims.alignment.verify`.
`recheck_briefing` reads every sentence of a briefing (the JSON of `summarizer brief --format json`) against
the articles it cites, read again from the paths or URLs the briefing lists; a source that cannot be read
is named in the result of each sentence that cites it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.claims.alignment import verify
from summarizer.errors import InputError
from summarizer.ingest import load_articles
from summarizer.language.reading import read
from summarizer.schemas import Article, Briefing, BriefSentence, Source

__all__ = ["Checked", "Pair", "check_pairs", "read_pairs", "recheck_briefing"]


@dataclass(frozen=True)
class Pair:
    """A claim and the texts it should rest on."""

    id: Any
    claim: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Checked:
    """One checked sentence: `supported` is None when none of its sources could be read."""

    id: Any
    supported: bool | None
    problems: tuple[str, ...]
    text: str = ""
    citations: tuple[str, ...] = ()
    unread: tuple[str, ...] = field(default=())  # why a cited source could not be read, one line each

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "supported": self.supported, "problems": list(self.problems)}
        if self.text:
            out |= {"text": self.text, "citations": list(self.citations)}
        if self.unread:
            out["unread"] = list(self.unread)
        return out


def read_pairs(lines: Iterable[str], *, name: str = "pairs") -> list[Pair]:
    """Parse JSONL pairs; a bad line raises an InputError naming it ("pairs.jsonl line 3: ...")."""
    pairs = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{where}: not JSON ({error.msg})", source=name) from None
        if not isinstance(record, dict):
            raise InputError(f"{where}: expected an object with id, claim and evidence", source=name)
        claim, evidence = record.get("claim"), record.get("evidence")
        if not isinstance(claim, str) or not claim.strip():
            raise InputError(f'{where}: "claim" must be a non-empty string', source=name)
        if isinstance(evidence, str):
            evidence = [evidence]
        if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
            raise InputError(f'{where}: "evidence" must be a list of strings', source=name)
        pairs.append(Pair(record.get("id", number), claim, tuple(evidence)))
    return pairs


def check_pairs(pairs: Iterable[Pair], *, strict: bool = False) -> Iterator[Checked]:
    """Each claim read against its evidence (`strict`: as a model's claim, one evidence sentence)."""
    for pair in pairs:
        verdict = verify(pair.claim, pair.evidence, strict=strict)
        yield Checked(pair.id, verdict.supported, verdict.problems)


def recheck_briefing(
    briefing: Briefing, *, base: Path | None = None, articles: Sequence[Article] = ()
) -> list[Checked]:
    """Every sentence of `briefing` read against the articles it cites.

    The articles are read again from the sources' paths (relative ones from the working folder, else from
    `base`, the briefing's folder) or URLs; `articles` already at hand are used as they are.
    """
    texts, unread = _source_texts(briefing.sources, base, articles)
    checked = []
    numbered = [("lede", briefing.lede)] if briefing.lede else []
    numbered += [
        (f"{i}.{j}", sentence)
        for i, section in enumerate(briefing.sections, 1)
        for j, sentence in enumerate(section.sentences, 1)
    ]
    for where, sentence in numbered:
        checked.append(_recheck(where, sentence, texts, unread))
    return checked


def _recheck(where: str, sentence: BriefSentence, texts: dict[str, str], unread: dict[str, str]) -> Checked:
    cited = list(dict.fromkeys(sentence.citations))
    missing = tuple(f"{c}: {unread.get(c, 'not among the briefing sources')}" for c in cited if c not in texts)
    evidence = [texts[c] for c in cited if c in texts]
    if not cited:
        return Checked(where, False, ("cites no source",), sentence.text)
    if not evidence:
        return Checked(where, None, (), sentence.text, tuple(cited), missing)
    if sentence.spans and not sentence.claims:
        problems = _figures_problems(sentence, texts)  # a list of disagreeing figures, each cited to its sources
    else:
        problems = verify(_DATE_LABEL.sub("", sentence.text), evidence).problems
    return Checked(where, not problems, tuple(problems), sentence.text, tuple(cited), missing)


# A timeline entry opens with the date the pipeline resolved ("27 Nov 2024: ..."): metadata, not the source's words.
_DATE_LABEL = re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}: ")
_DATE = re.compile(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}\b")


def _figures_problems(sentence: BriefSentence, texts: dict[str, str]) -> tuple[str, ...]:
    """The pipeline's own line of disagreeing figures: each figure must be in the sources cited after it."""
    problems = []
    for piece, citations in sentence.parts():
        given = " ".join(texts.get(c, "") for c in citations)
        found = {n.value for n in read(given).numbers}
        problems += [
            f"states {n.text}, which the sources cited for it do not"
            for n in read(_DATE.sub("", piece)).numbers
            if not n.ordinal and n.value not in found
        ]
    return tuple(problems)


def _source_texts(
    sources: Sequence[Source], base: Path | None, known: Sequence[Article]
) -> tuple[dict[str, str], dict[str, str]]:
    """Each source's text by article id, and why the others could not be read."""
    texts = {a.id: a.text for a in known}
    unread: dict[str, str] = {}
    for source in sources:
        if source.id in texts:
            continue
        if source.path:
            found = _local(source.path, base)
            if found is None:
                unread[source.id] = f"cannot read {source.path}: no such file"
                continue
            reason = _read_file(found, source.id, texts)
        elif source.url:
            reason = _read_url(source.url, source.id, texts)
        else:
            reason = "the briefing gives no path or URL for it"
        if reason:
            unread[source.id] = reason
    return texts, unread


def _local(path: str, base: Path | None) -> Path | None:
    for candidate in (Path(path), (base / path) if base else None):
        if candidate is not None and candidate.is_file():
            return candidate
    return None


def _read_file(path: Path, article_id: str, texts: dict[str, str]) -> str | None:
    errors: list[InputError] = []
    articles = load_articles([path], errors=errors)
    match = next((a for a in articles if a.id == article_id), articles[0] if len(articles) == 1 else None)
    if match is None:
        return f"cannot read {path}: " + (str(errors[0]) if errors else f"no article {article_id} in it")
    texts[article_id] = match.text
    return None


def _read_url(url: str, article_id: str, texts: dict[str, str]) -> str | None:
    from summarizer.ingest.fetch import load_sources  # the web client loads only when a URL is read

    articles, errors = load_sources([url])
    if not articles:
        return f"cannot read {url}: {errors[0] if errors else 'no article there'}"
    texts[article_id] = articles[0].text
    return None
