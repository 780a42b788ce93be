"""The reading page in a real browser: headless Chromium (Debian's package) loads a briefing, a reader
clicks a citation, and the cited source sentence appears. Skipped with the reason when Chromium is missing.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

pytest.importorskip("websockets", reason="the service extra is not installed")
pytest.importorskip("fastapi", reason="the service extra is not installed")

from summarizer.config import Settings
from summarizer.service import ServiceConfig, create_app
from summarizer.service.testing import ApiThread, Chromium, call, missing, wait_for

from .conftest import SEEDS

pytestmark = pytest.mark.skipif(bool(missing("chromium")), reason=missing("chromium") or "")

VISIBLE_EVIDENCE = "[...document.querySelectorAll('.evidence')].filter(e => !e.hidden)"


def _words(text: str) -> str:
    return " ".join(text.split())


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
    cited = [text for text in seeds.values() if _words(shown) in _words(text)]
    assert cited, f"{shown!r} is not a sentence of any source"
    assert any(line.strip() and line.strip() in source_title for line in cited[0].splitlines()[:3])
    print(f"\nbrowser: loaded, clicked and checked in {seconds:.1f} s")
