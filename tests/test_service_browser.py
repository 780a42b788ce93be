"""The reading page in a real browser: headless Chromium (Debian's package) loads a briefing, a reader
clicks a citation, and the cited source sentence appears; the page shows the agency-copy note and each
source's outlet, and an unfinished job reads as a page that reloads itself until the briefing is there.
Skipped with the reason when Chromium is missing.
"""

from __future__ import annotations

import json
import struct
import time
from pathlib import Path

import pytest

pytest.importorskip("websockets", reason="the service extra is not installed")
pytest.importorskip("fastapi", reason="the service extra is not installed")

from summarizer import load_articles
from summarizer.compose.briefing import source_of
from summarizer.config import Settings
from summarizer.service import ServiceConfig, create_app
from summarizer.service.testing import ApiThread, Chromium, call, missing, wait_for

from .conftest import SEEDS

pytestmark = pytest.mark.skipif(bool(missing("chromium")), reason=missing("chromium") or "")

VISIBLE_EVIDENCE = "[...document.querySelectorAll('.evidence')].filter(e => !e.hidden)"


def _words(text: str) -> str:
    return " ".join(text.split())


def _png_size(path: Path) -> tuple[int, int]:
    """A PNG's width and height, from its header; fails on anything that is not a PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_a_citation_opens_the_cited_source_sentence(settings: Settings, tmp_path: Path) -> None:
    seeds = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    body = {"articles": [{"id": name, "text": text} for name, text in seeds.items()]}
    with ApiThread(create_app(ServiceConfig(database=tmp_path / "jobs.db"), settings)) as api:
        job_id = json.loads(call("POST", f"{api.base_url}/v1/briefings", body)[2])["id"]
        wait_for(lambda: json.loads(call("GET", f"{api.base_url}/v1/jobs/{job_id}")[2])["status"] == "done", 60, "job")
        with Chromium() as browser:
            started = time.monotonic()
            browser.open(f"{api.base_url}/")
            browser.click(f'a[href="/read/{job_id}"]')  # from the list of briefings to the briefing
            wait_for(lambda: browser.evaluate("location.pathname") == f"/read/{job_id}", 30, "the briefing page")
            wait_for(lambda: browser.evaluate("document.readyState") == "complete", 30, "the page to load")
            assert browser.evaluate(f"{VISIBLE_EVIDENCE}.length") == 0  # sources closed until asked for

            browser.click("button.cite")
            wait_for(lambda: browser.evaluate(f"{VISIBLE_EVIDENCE}.length") == 1, 10, "the cited sentence")
            number = browser.evaluate("document.querySelector('button.cite').dataset.source")
            shown = browser.evaluate(f"{VISIBLE_EVIDENCE}[0].querySelector('.source-sentence .text').innerText")
            expanded = browser.evaluate("document.querySelector('button.cite').getAttribute('aria-expanded')")
            source_title = browser.evaluate(f"document.querySelector('ol.sources li[value=\"{number}\"]').innerText")
            browser.screenshot(tmp_path / "citation.png")

            browser.click("button.cite")  # a second click closes it again
            wait_for(lambda: browser.evaluate(f"{VISIBLE_EVIDENCE}.length") == 0, 10, "the sentence to close")
            seconds = time.monotonic() - started
    assert expanded == "true"
    cited = [name for name, text in seeds.items() if _words(shown) in _words(text)]
    assert cited, f"{shown!r} is not a sentence of any source"
    # the source listed under the number is one whose text says it ("date 2024-11-28 Battle for Aleppo: ..." is
    # read as a date and a title, so the title is compared as the pipeline read it, not as the file's line)
    titles = {a.id: source_of(a).title for a in load_articles(SEEDS)}  # an untitled one: its first words
    assert any(titles[name] and titles[name] in source_title for name in cited), (source_title, cited)
    print(f"\nbrowser: loaded, clicked and checked in {seconds:.1f} s")


OUTLETS = ["Daily Sabah", "Reuters", "Anadolu Agency", "The Guardian", "Al Jazeera"]


def test_the_page_shows_the_agency_note_and_outlets_and_a_job_still_working(settings: Settings, tmp_path: Path) -> None:
    seeds = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    articles = [{"id": name, "text": text, "outlet": outlet, "published": f"2024-11-{26 + n:02d}",
                 "url": f"https://news.example/{name}"}
                for n, ((name, text), outlet) in enumerate(zip(seeds.items(), OUTLETS, strict=True))]  # fmt: skip
    with ApiThread(create_app(ServiceConfig(database=tmp_path / "jobs.db"), settings)) as api:
        job_id = json.loads(call("POST", f"{api.base_url}/v1/briefings", {"articles": articles})[2])["id"]
        wait_for(lambda: json.loads(call("GET", f"{api.base_url}/v1/jobs/{job_id}")[2])["status"] == "done", 60, "job")
        result = json.loads(call("GET", f"{api.base_url}/v1/jobs/{job_id}/result")[2])
        number = {source["id"]: n for n, source in enumerate(result["sources"], 1)}
        shared = [sorted(group) for group in result["syndication"]]
        jobs = api.service.jobs
        waiting = jobs.create("briefing", {})  # in the store only: no runner takes it, so it stays unfinished
        jobs.set_progress(waiting.id, {"stage": "extract", "done": 2, "total": 5})

        with Chromium() as browser:
            browser.open(f"{api.base_url}/read/{job_id}")
            text = browser.evaluate("document.body.innerText")
            view = browser.evaluate("[innerWidth * devicePixelRatio, innerHeight * devicePixelRatio]")
            browser.evaluate("document.querySelector('.agency').scrollIntoView()")
            browser.screenshot(tmp_path / "briefing.png")

            browser.open(f"{api.base_url}/read/{waiting.id}")
            working = browser.evaluate("document.body.innerText")
            refresh = browser.evaluate("document.querySelector('meta[http-equiv=refresh]').content")
            browser.screenshot(tmp_path / "working.png")
            # Once the job is done, the page it reloads into is the briefing.
            found = jobs.result(job_id)
            assert found is not None
            jobs.finish(waiting.id, result=found[0], evidence=found[1], title=result["title"])
            wait_for(lambda: browser.evaluate("document.querySelector('h1')?.innerText") == result["title"],
                     15, "the page to reload into the briefing")  # fmt: skip

    assert [[i[:3] for i in group] for group in shared] == [["000", "002"]]  # they share agency paragraphs
    marks = " and ".join(f"[{number[i]}]" for i in shared[0])
    assert f"Shared agency text: {marks} carry the same paragraphs and count as one source." in text
    for outlet in OUTLETS:
        assert f" — {outlet} — " in text
    assert "Click a citation number such as [1] to open the sentences" in text
    assert "26 Nov 2024" in text and "news.example" in text
    assert "Still working on this briefing" in working and "2 of 5 done" in working and refresh == "5"
    assert '"error"' not in working
    for picture in ("briefing.png", "working.png"):  # the window as the reader saw it
        assert (tmp_path / picture).stat().st_size > 1000 and list(_png_size(tmp_path / picture)) == view
