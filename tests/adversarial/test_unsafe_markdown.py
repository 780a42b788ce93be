"""What an article or a model supplies (a title, an outlet, an address, a file name) shows as written in the
Markdown: it never becomes HTML, a link of an unsafe scheme, or an image, as sentence text never does."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from summarizer import Summarizer
from summarizer.config import Settings
from summarizer.daily.render import daily_markdown
from summarizer.daily.run import brief_daily
from summarizer.ingest.files import parse_article
from summarizer.render import md_address, md_code, md_text, to_markdown
from summarizer.schemas import Briefing, BriefSentence, CitedSpan, Failure, Meta, Section, Source
from summarizer.service.jobs import JobStore
from summarizer.service.page import read_page
from summarizer.testing import FakeServer

SCRIPT_TITLE = "<script>alert(1)</script> Council [votes](javascript:alert(2))"
IMG_OUTLET = "<img src=x onerror=alert(3)> Gazette"
BAD_URL = "javascript:alert(document.cookie)"


def html_of(markdown: str) -> str:
    """The Markdown as a permissive renderer shows it: raw HTML passed through, any link scheme followed."""
    renderer = MarkdownIt("commonmark", {"html": True})
    renderer.validateLink = lambda url: True  # markdown-it refuses javascript: itself; other renderers do not
    return renderer.render(markdown)


def assert_inert(html: str) -> None:
    """No tag but the renderer's own, and no link but to a web address or an anchor."""
    tags = set(re.findall(r"<([a-z][a-z0-9]*)", html))
    assert tags <= {"h1", "h2", "h3", "p", "em", "strong", "ol", "ul", "li", "a", "code", "sub", "br"}, tags
    links = re.findall(r'<a href="([^"]*)"', html)
    assert all(link.startswith(("https://", "#")) for link in links), links
    assert "<img" not in html and "src=" not in html.replace("&lt;img src=", "").replace("&lt;iframe src=", "")


def evil_briefing() -> Briefing:
    sources = [
        Source(id="a1", title=SCRIPT_TITLE, outlet=IMG_OUTLET, url=BAD_URL),
        Source(id="a2", title="Fine", outlet="Post", url="https://news.example/a b<c>"),
        Source(
            id="a3", title="![x](data:text/html,<script>alert(4)</script>)", url="data:text/html;base64,PHNjcmlwdD4="
        ),
        Source(id="a4", title="Local", path="in/`<img src=x onerror=alert(5)>`.txt"),
    ]
    text = "The vote passed (javascript:alert(6)) and <b>nobody</b> [objected](javascript:alert(7))."
    spans = [CitedSpan(end=len("The vote passed"), citations=["a1"]), CitedSpan(end=len(text), citations=["a2"])]
    sentence = BriefSentence(text=text, citations=["a1", "a2"], spans=spans)
    failure = Failure(item="bad`<img src=x onerror=alert(8)>`.txt", error="<script>alert(9)</script> is empty")
    return Briefing(
        title=SCRIPT_TITLE,
        lede=sentence,
        sections=[Section(heading="<i>What</i> happened", sentences=[sentence])],
        sources=sources,
        meta=Meta(model="<b>m</b>", mode="json", failed=[failure]),
    )


def test_the_briefing_markdown_carries_no_html_and_no_unsafe_link() -> None:
    markdown = to_markdown(evil_briefing())
    html = html_of(markdown)
    assert_inert(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Council [votes](javascript:alert(2))" in html  # shown as written
    assert "&lt;img src=x onerror=alert(3)&gt; Gazette" in html
    assert "a javascript: address, not linked" in html and "a data: address, not linked" in html
    assert '<a href="https://news.example/a%20b%3Cc%3E">' in html  # a web address is still a link
    assert "<code>in/`&lt;img src=x onerror=alert(5)&gt;`.txt</code>" in html
    assert "The vote passed<a" not in html and "(javascript:alert(6))" in html


def test_the_page_shows_the_same_fields_escaped(tmp_path: Path) -> None:
    job = JobStore(tmp_path / "jobs.db").create("briefing", {})
    html = read_page(job, json.loads(evil_briefing().model_dump_json()), {"claims": {}})
    assert "<script>alert" not in html and "<img src" not in html and "<b>nobody" not in html
    assert "javascript:" not in html.replace("(javascript:alert(", "").replace("](javascript:alert(", "")
    assert 'href="data:' not in html and "&lt;img src=x onerror=alert(3)&gt; Gazette" in html


def test_the_daily_markdown_carries_no_html_and_no_unsafe_link(server: FakeServer, settings: Settings) -> None:
    day = dt.date(2026, 11, 21)
    meta = {"title": SCRIPT_TITLE, "outlet": IMG_OUTLET, "url": BAD_URL, "published": day.isoformat()}
    body = "The council met on Friday and voted 7 to 2 to approve the budget. The mayor called it a turning point."
    copy = {**meta, "outlet": "<svg onload=alert(10)>", "url": "vbscript:msgbox(1)"}
    articles = [
        parse_article(body, id="evil", meta=meta),
        parse_article(body + " ", id="copy", meta=copy),
        parse_article("A <b>storm</b> hit the coast on Friday, closing the port.", id="storm",
                      meta={"title": "<iframe src=javascript:alert(11)>", "published": "2026-10-01"}),
    ]  # fmt: skip
    with Summarizer(settings=settings) as summarizer:
        daily = brief_daily(summarizer, articles, date=day)
    markdown = daily_markdown(daily)
    assert_inert(html_of(markdown))
    assert "<svg" not in html_of(markdown) and "<iframe" not in html_of(markdown)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_of(markdown)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    ],
)
def test_an_address_of_any_other_scheme_than_http_is_never_linked(url: str) -> None:
    shown = md_address(url)
    assert shown.startswith("_(a ") and shown.endswith(": address, not linked)_")
    assert "alert" not in shown and "passwd" not in shown and "msgbox" not in shown


def test_web_and_relative_addresses() -> None:
    assert md_address("https://news.example/a_b?q=1") == "<https://news.example/a_b?q=1>"
    assert md_address("HTTP://news.example/x") == "<HTTP://news.example/x>"
    assert md_address("/news/a") == "`/news/a`"
    assert md_address("java&#115;cript:alert(1)") == "`java&#115;cript:alert(1)`"  # a code span is never a link


def test_text_and_code_spans_show_what_they_were_given() -> None:
    assert md_text("a <b> [c](d) *e* _f_ \\[g]\nh") == "a &lt;b> \\[c\\](d) \\*e\\* \\_f\\_ \\\\\\[g\\] h"
    assert md_code("x`y") == "``x`y``" and md_code("`x") == "`` `x ``"
    assert html_of(md_code("``<img src=x onerror=alert(1)>``")).count("<code>") == 1
