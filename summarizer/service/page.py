"""The reading page: briefings and daily documents in HTML, each citation opening the source sentences.

Rendered on the server from the stored result and evidence, with a few lines of script to open and
close the citations. Article text is untrusted: everything goes through Jinja2's autoescaping, and
only http(s) links are made links.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from jinja2 import DictLoader, Environment, StrictUndefined

from summarizer.daily.render import left_out_items
from summarizer.daily.run import Daily, DailyStory
from summarizer.schemas import Briefing, BriefSentence, Source
from summarizer.service.jobs import Job
from summarizer.service.schemas import Progress


@dataclass
class Cite:
    """One citation mark on a sentence: the source's number and the sentences it was cited for."""

    uid: str
    number: int
    source: Source | None
    sentences: list[tuple[int, str]]


@dataclass
class Line:
    pieces: list[tuple[str, list[Cite]]]  # the text in parts, each with the citation marks after it
    independent: int = 1

    @property
    def cites(self) -> list[Cite]:
        return [c for _, cites in self.pieces for c in cites]


@dataclass
class Part:
    heading: str
    kind: str
    lines: list[Line]


@dataclass
class Story:
    anchor: str
    title: str
    byline: str
    lede: Line | None
    parts: list[Part]
    sources: list[tuple[int, Source]]
    notes: list[str] = field(default_factory=list)
    agency: str = ""  # which sources share agency text, so count as one
    ranking: str = ""  # a daily story's score and what it is made of
    voices: str = ""  # a daily story's independent sources and signals, for the list of top stories
    copies: list[str] = field(default_factory=list)  # near-identical copies, listed once
    brief: list[Line] = field(default_factory=list)  # a daily story's digest: its few most telling sentences


class _Citations:
    """Numbers sources across a document and finds the sentences behind each (sentence, source) pair."""

    def __init__(self, evidence: dict[str, Any]) -> None:
        self.claims: dict[str, Any] = evidence.get("claims", {})
        self.numbers: dict[str, int] = {}
        self.sources: dict[str, Source] = {}
        self._uid = 0

    def number(self, source: Source) -> int:
        if source.id not in self.numbers:
            self.numbers[source.id] = len(self.numbers) + 1
            self.sources[source.id] = source
        return self.numbers[source.id]

    def line(self, sentence: BriefSentence, briefing: Briefing) -> Line:
        groups = {g.id: g for g in briefing.groups}
        stated = [c for g in sentence.claims if g in groups for c in groups[g].claims]
        values = [v for d in briefing.disagreements for v in d.values]  # its sentence lists values, not groups

        def claims_in(text: str) -> list[str]:  # a value's marks open the sentences that give that value
            return stated + [
                c for v in values if re.search(rf"(?<![\w.]){re.escape(v.value)}(?!\w)", text) for c in v.claims
            ]

        pieces = [
            (text, [self._cite(source_id, claims_in(text)) for source_id in cited]) for text, cited in sentence.parts()
        ]
        confirmed = max((g.independent_sources for g in briefing.groups if g.id in sentence.claims), default=1)
        return Line(pieces, confirmed)

    def _cite(self, source_id: str, claim_ids: list[str]) -> Cite:
        self._uid += 1
        found: dict[int, str] = {}
        for claim_id in claim_ids:
            claim = self.claims.get(claim_id)
            if claim and claim["article"] == source_id:
                found.update({int(n): text for n, text in claim["sentences"]})
        return Cite(
            uid=f"c{self._uid}",
            number=self.numbers.get(source_id, 0),
            source=self.sources.get(source_id),
            sentences=sorted(found.items()),
        )


def day(date: dt.date) -> str:
    """A date as a reader writes it: 6 Dec 2026."""
    return f"{date.day} {date:%b %Y}"


def timestamp(when: str | dt.datetime) -> str:
    """A stored timestamp as a reader writes it, in UTC: 6 Dec 2026, 09:14 UTC."""
    try:
        parsed = dt.datetime.fromisoformat(when) if isinstance(when, str) else when
    except ValueError:
        return str(when)
    utc = (parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
    return f"{day(utc)}, {utc:%H:%M} UTC"


def link(url: str | None) -> str | None:
    """Only web links become links: a `javascript:` URL in an article's metadata must not."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def host(url: str | None) -> str | None:
    """The site a web link leads to, shown beside it so a reader sees where it goes."""
    web = link(url)
    try:
        return urllib.parse.urlsplit(web).hostname if web else None
    except ValueError:  # a malformed address (an unclosed IPv6 bracket, say)
        return None


def _byline(briefing: Briefing) -> str:
    dates = sorted(s.published for s in briefing.sources if s.published)
    count = len(briefing.sources)
    span = ""
    if dates:
        span = f", published {day(dates[0])}" + (f" to {day(dates[-1])}" if dates[-1] != dates[0] else "")
    return f"A briefing from {count} source{'s' * (count != 1)}{span}. Every sentence cites its sources."


def _agency(briefing: Briefing, citations: _Citations) -> str:
    """The Markdown's note on syndicated copies: those sources carry one agency's text, so count once."""
    if not briefing.syndication:
        return ""
    number = citations.numbers
    groups = "; ".join(
        " and ".join(f"[{number[i]}]" if i in number else f"[{i}]" for i in group) for group in briefing.syndication
    )
    return f"Shared agency text: {groups} carry the same paragraphs and count as one source."


def _story(briefing: Briefing, citations: _Citations, anchor: str, title: str) -> Story:
    for source in briefing.sources:
        citations.number(source)
    parts = [
        Part(
            heading=section.heading,
            kind={"Where sources disagree": "disagreements", "Timeline": "timeline"}.get(section.heading, "facts"),
            lines=[citations.line(s, briefing) for s in section.sentences],
        )
        for section in briefing.sections
    ]
    notes = [f"{f.item}: {f.error}" for f in briefing.meta.failed]
    return Story(
        anchor=anchor,
        title=title,
        byline=_byline(briefing),
        lede=citations.line(briefing.lede, briefing) if briefing.lede else None,
        parts=parts,
        sources=[(citations.numbers[s.id], s) for s in briefing.sources],
        notes=notes,
        agency=_agency(briefing, citations),
    )


def _daily_story(story: DailyStory, citations: _Citations) -> Story:
    """A story of the day: its briefing, why it ranks where it does, and the copies it stands for."""
    told = _story(story, citations, f"story-{story.rank}", _marked(story))
    told.notes = []  # the day lists its failures once, under "Left out", as the Markdown does
    score = story.score
    why = f"{score.independent_sources} independent sources + recency {score.recency:g} + weight {score.weight:g}"
    told.ranking = f"Score {score.score:g}: {why}" + (f" ({'; '.join(score.signals)})." if score.signals else ".")
    n = score.independent_sources
    told.voices = f"{n} independent source{'s' * (n != 1)}" + "".join(f"; {s.split(':')[0]}" for s in score.signals)
    for copy in story.duplicates:
        copied = f"[{citations.numbers[copy.of]}]" if copy.of in citations.numbers else copy.of
        told.copies.append(f'{copy.outlet or copy.id}: "{copy.title or ""}" is a near-identical copy of {copied}, '
                           "listed once.")  # fmt: skip
    return told


def _marked(story: DailyStory) -> str:
    """The story's headline, marked new or continuing when the day has a memory."""
    was = story.continuity
    if was is None:
        return story.headline
    if was.status == "new" or was.last_briefed is None:
        return f"New: {story.headline}"
    return f"Continuing (last briefed {day(was.last_briefed)}): {story.headline}"


def read_page(job: Job, document: dict[str, Any], evidence: dict[str, Any]) -> str:
    citations = _Citations(evidence)
    if "stories" in document:
        daily = Daily.model_validate(document)
        for source in [*daily.sources, *daily.earlier_sources]:  # numbered as in the Markdown, earlier days last
            citations.number(source)
        stories = [_daily_story(s, citations) for s in daily.stories]
        digests = {entry.story: entry.sentences for entry in daily.digest}
        for told, story in zip(stories, daily.stories, strict=True):
            told.brief = [citations.line(sentence, story) for sentence in digests.get(story.id, [])]
        count = len(daily.stories)
        title = daily.title
        subtitle = f"{count} stor{'ies' if count != 1 else 'y'} from {len(daily.sources)} sources, most important first"
        left_out, ranked_by = left_out_items(daily, since=timestamp, on=day), daily.ranked_by
    else:
        briefing = Briefing.model_validate(document)
        stories = [_story(briefing, citations, "story-1", briefing.title)]
        title, subtitle, left_out, ranked_by = briefing.title, stories[0].byline, [], ""
    return _env.get_template("read").render(
        job=job, title=title, subtitle=subtitle, stories=stories, daily="stories" in document, left_out=left_out,
        ranked_by=ranked_by, digest=any(s.brief for s in stories),
    )  # fmt: skip


def index_page(finished: list[Job], running: list[Job], live: dict[str, dict[str, Any]]) -> str:
    scheduled: dict[str, list[Job]] = {}
    for job in finished:
        if job.schedule:
            scheduled.setdefault(job.schedule, []).append(job)
    return _env.get_template("index").render(
        scheduled=scheduled, finished=[j for j in finished if not j.schedule], running=running, live=live
    )


STAGES = {
    "queued": "waiting to start",
    "fetch": "fetching the sources",
    "group": "grouping the articles into stories",
    "extract": "reading the articles for facts",
    "brief": "writing the briefing",
}
REFRESH_SECONDS = 5


def working_page(job: Job, progress: Progress) -> str:
    """An unfinished job's page: how far it got, reloading itself until the result is there; or a failed
    job's error."""
    what = "daily document" if job.kind == "daily" else "briefing"
    return _env.get_template("working").render(
        job=job, what=what, progress=progress, stage=STAGES.get(progress.stage, progress.stage),
        refresh=REFRESH_SECONDS if job.status != "failed" else None,
    )  # fmt: skip


def missing_page(job_id: str) -> str:
    return _env.get_template("missing").render(job_id=job_id)


def login_page(error: str = "", *, then: str = "/") -> str:
    """The sign-in form; `then` (a local path, see `security.local_path`) is where it leads afterwards."""
    return _env.get_template("login").render(error=error, then=then)


_STYLE = """
body { font: 17px/1.55 Georgia, serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.7rem; line-height: 1.25; } h2 { font-size: 1.25rem; margin-top: 2rem; }
.sub, .meta, .notes { color: #555; font-size: .9rem; } a { color: #0b5cad; }
.line { margin: .5rem 0; } .lede { font-size: 1.1rem; }
button.cite { font: inherit; font-size: .8rem; border: 0; background: none; color: #0b5cad; cursor: pointer;
  padding: 0 .1rem; vertical-align: super; }
button.cite[aria-expanded="true"] { background: #e8f0fb; border-radius: 3px; }
.evidence { border-left: 3px solid #0b5cad; background: #f6f8fb; margin: .4rem 0 .8rem; padding: .4rem .8rem;
  font-size: .92rem; }
.evidence .from { font-weight: bold; } .source-sentence { margin: .3rem 0; }
.source-sentence .n { color: #666; font-size: .8rem; margin-right: .4rem; }
.disagreements .line { background: #fff7e6; padding: .2rem .5rem; } .timeline .line { font-size: .95rem; }
.independent { color: #2a7a2a; font-size: .8rem; }
progress { width: 100%; height: 1rem; }
ol.sources { font-size: .9rem; } nav li { margin: .2rem 0; }
"""

_SCRIPT = """
document.addEventListener('click', function (event) {
  var button = event.target.closest('button.cite');
  if (!button) return;
  var panel = document.getElementById(button.getAttribute('aria-controls'));
  var open = panel.hidden;
  panel.hidden = !open;
  button.setAttribute('aria-expanded', open ? 'true' : 'false');
});
"""

_BASE = (
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{% endblock %}</title>{% block head %}{% endblock %}<style>"""
    + _STYLE
    + """</style></head>
<body>{% block body %}{% endblock %}<script>"""
    + _SCRIPT
    + """</script></body></html>
"""
)

_LINE = """{% macro line(l, cls) -%}
<p class="line {{ cls }}">
{%- for text, cites in l.pieces %}{{ text }}
{%- for c in cites %}<button class="cite" type="button" aria-expanded="false" aria-controls="ev-{{ c.uid }}"
 data-source="{{ c.number }}">[{{ c.number }}]</button>{% endfor %}{% endfor %}
{%- if l.independent > 1 %} <span class="independent">({{ l.independent }} independent sources)</span>{% endif %}</p>
{%- for c in l.cites %}
<div class="evidence" id="ev-{{ c.uid }}" hidden>
  <div class="from">[{{ c.number }}] {{ (c.source.title or c.source.id) if c.source else "source" }}
  {%- if c.source and c.source.outlet %} — {{ c.source.outlet }}{% endif %}
  {%- if c.source and c.source.published %} — {{ c.source.published | day }}{% endif %}</div>
  {%- for n, text in c.sentences %}
  <blockquote class="source-sentence" data-sentence="{{ n }}"><span class="n">S{{ n }}</span>
    <span class="text">{{ text }}</span></blockquote>
  {%- else %}
  <p class="meta">The source is cited for this sentence as a whole; no single sentence of it was recorded.</p>
  {%- endfor %}
</div>
{%- endfor %}
{%- endmacro %}"""

_TEMPLATES = {
    "base": _BASE,
    "line": _LINE,
    "read": """{% extends "base" %}{% from "line" import line %}
{% block title %}{{ title }}{% endblock %}
{% block body %}
<p class="meta"><a href="/">All briefings</a></p>
<h1>{{ title }}</h1>
<p class="sub">{{ subtitle }}</p>
<p class="meta how">Click a citation number such as [1] to open the sentences of that source the statement rests
on; the numbered sources are listed {{ "under each story" if daily else "at the end" }}.</p>
{% if daily %}<nav><h2>{{ "In brief" if digest else "Top stories" }}</h2><ol>{% for s in stories %}
<li><a href="#{{ s.anchor }}">{{ s.title }}</a> <span class="meta">({{ s.voices }})</span>
{%- for l in s.brief %}{{ line(l, "brief") }}{% endfor %}</li>
{% endfor %}</ol></nav>{% endif %}
{% for s in stories %}
<article id="{{ s.anchor }}">
{% if daily %}<h2>{{ loop.index }}. {{ s.title }}</h2><p class="sub">{{ s.byline }}</p>
<p class="meta ranking">{{ s.ranking }}</p>{% endif %}
{% if s.lede %}{{ line(s.lede, "lede") }}{% endif %}
{% for part in s.parts %}<section class="{{ part.kind }}"><h3>{{ part.heading }}</h3>
{% for l in part.lines %}{{ line(l, "") }}{% endfor %}</section>
{% endfor %}
{% if s.agency %}<p class="notes agency">{{ s.agency }}</p>{% endif %}
{% for c in s.copies %}<p class="notes copy">{{ c }}</p>{% endfor %}
<h3>Sources</h3><ol class="sources">{% for n, src in s.sources %}<li value="{{ n }}">
{%- if link(src.url) %}<a href="{{ link(src.url) }}" rel="noopener noreferrer nofollow">{{ src.title or src.id }}</a>
{%- else %}{{ src.title or src.id }}{% endif %}
{%- if src.outlet %} — <span class="outlet">{{ src.outlet }}</span>{% endif %}
{%- if src.published %} — <time datetime="{{ src.published.isoformat() }}">{{ src.published | day }}</time>{% endif %}
{%- if host(src.url) %} — <span class="address">{{ host(src.url) }}</span>
{%- elif src.path and not src.url %} — <code>{{ src.path }}</code>{% endif %}</li>
{% endfor %}</ol>
{% if s.notes %}<p class="notes">Not included: {{ s.notes | join("; ") }}</p>{% endif %}
</article>
{% endfor %}
{% if ranked_by %}<h2>How the stories were ranked</h2><p class="meta">{{ ranked_by }}</p>{% endif %}
{% if left_out %}<h2>Left out</h2><ul class="notes left-out">{% for n in left_out %}<li>{{ n }}</li>{% endfor %}
</ul>{% endif %}
<p class="meta">Job {{ job.id }} · <time datetime="{{ job.updated }}">{{ job.updated | timestamp }}</time> ·
<a href="/v1/jobs/{{ job.id }}/result">JSON</a> · <a href="/v1/jobs/{{ job.id }}/result?format=md">Markdown</a></p>
{% endblock %}""",
    "index": """{% extends "base" %}
{% block title %}Briefings{% endblock %}
{% block body %}
<h1>Briefings</h1>
{% if running %}<h2>In progress</h2><ul>{% for j in running %}{% set p = live.get(j.id, j.progress) %}
<li><a href="/read/{{ j.id }}">{{ j.kind }} {{ j.id[:8] }}</a>: {{ p.get("stage", "queued") }}
 {{ p.get("done", 0) }}/{{ p.get("total", 0) }}</li>
{% endfor %}</ul>{% endif %}
{% for name, jobs in scheduled.items() %}<h2>Daily: {{ name }}</h2><ul>
{% for j in jobs %}<li><a href="/read/{{ j.id }}">{{ j.title }}</a>
 <time class="meta" datetime="{{ j.created }}">{{ j.created | timestamp }}</time></li>
{% endfor %}</ul>{% endfor %}
<h2>Recent</h2>{% if not finished %}<p class="meta">Nothing briefed yet: POST /v1/briefings (see
<a href="/docs">the API docs</a>).</p>{% endif %}<ul>
{% for j in finished %}<li><a href="/read/{{ j.id }}">{{ j.title }}</a> <span class="meta">{{ j.kind }},
<time datetime="{{ j.created }}">{{ j.created | timestamp }}</time></span></li>{% endfor %}</ul>
{% endblock %}""",
    "working": """{% extends "base" %}
{% block title %}{{ "Failed" if job.status == "failed" else "Still working" }}: {{ job.title or what }}{% endblock %}
{% block head %}{% if refresh %}<meta http-equiv="refresh" content="{{ refresh }}">{% endif %}{% endblock %}
{% block body %}
<p class="meta"><a href="/">All briefings</a></p>
{% if job.status == "failed" %}
<h1>This {{ what }} failed</h1>
<p class="notes error">{{ job.error or "no reason was recorded" }}</p>
{% else %}
<h1>Still working on this {{ what }}</h1>
<p class="sub status">{{ job.status | capitalize }}: {{ stage }}
{%- if progress.total %}, {{ progress.done }} of {{ progress.total }} done{% endif %}
{%- if progress.eta is not none %}, about {{ progress.eta }} s left{% endif %}.</p>
{% if progress.total %}<progress max="{{ progress.total }}" value="{{ progress.done }}"></progress>{% endif %}
<p class="meta">This page reloads itself every {{ refresh }} seconds and shows the {{ what }} when it is ready.</p>
{% endif %}
<p class="meta">Job {{ job.id }} · <a href="/v1/jobs/{{ job.id }}">status as JSON</a></p>
{% endblock %}""",
    "missing": """{% extends "base" %}
{% block title %}Not found{% endblock %}
{% block body %}
<p class="meta"><a href="/">All briefings</a></p>
<h1>No such briefing</h1><p class="notes">There is no job {{ job_id }}: it may have been deleted.</p>
{% endblock %}""",
    "login": """{% extends "base" %}
{% block title %}Sign in{% endblock %}
{% block body %}
<h1>Sign in</h1>{% if error %}<p class="notes">{{ error }}</p>{% endif %}
<form method="post" action="/login"><input type="hidden" name="next" value="{{ then }}">
<label>API token <input type="password" name="token" autofocus></label>
<button type="submit">Read the briefings</button></form>
{% endblock %}""",
}

_env = Environment(
    loader=DictLoader(_TEMPLATES), autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True
)
_env.filters.update(day=day, timestamp=timestamp)
_env.globals.update(link=link, host=host)
