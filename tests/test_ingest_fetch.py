"""Feeds and pages as sources, served from fixtures on 127.0.0.1: never the internet."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from summarizer.ingest.fetch import FetchLimits, load_sources, url_id

WEB = Path(__file__).parent / "fixtures" / "daily" / "web"
LIMITS = FetchLimits(timeout=1.0, max_bytes=200_000, allow_private_hosts=True)  # the fixtures are on loopback


class WebServer:
    """Fixture feeds and pages on a free loopback port, plus /huge.html (too big) and /slow.html (too slow)."""

    def __init__(self, root: Path = WEB) -> None:
        self.paths: list[str] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.stop_slow = threading.Event()
        lock = threading.Lock()
        server = self

        class Handler(SimpleHTTPRequestHandler):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, directory=str(root), **kwargs)

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def guess_type(self, path: Any) -> str:
                suffix = Path(str(path)).suffix
                types = {".rss": "application/rss+xml", ".atom": "application/atom+xml"}
                return types.get(suffix) or super().guess_type(path)

            def do_GET(self) -> None:
                with lock:
                    server.paths.append(self.path)
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    if self.path.startswith("/huge"):
                        body = b"<html><body><p>" + b"word " * 100_000 + b"</p></body></html>"
                        self._send(body, length=self.path == "/huge.html")
                    elif self.path == "/slow.html":
                        server.stop_slow.wait(5)
                        self._send(b"<html><body><p>Too late.</p></body></html>")
                    elif self.path == "/image.png":
                        self._send(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png")
                    else:
                        time.sleep(0.02)  # long enough for requests to overlap, so the per-host limit shows
                        super().do_GET()
                finally:
                    with lock:
                        server.in_flight -= 1

            def _send(self, body: bytes, kind: str = "text/html", length: bool = True) -> None:
                try:
                    self.send_response(200)
                    self.send_header("content-type", kind)
                    if length:  # without it, the body runs until the connection closes
                        self.send_header("content-length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/{path.lstrip('/')}"

    def __enter__(self) -> WebServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_slow.set()
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def web() -> Iterator[WebServer]:
    with WebServer() as server:
        yield server


def test_rss_entries_become_articles_from_their_pages_or_full_content(web: WebServer) -> None:
    articles, errors = load_sources([web.url("world.rss")], limits=LIMITS)
    by_title = {a.title: a for a in articles}
    assert set(by_title) == {
        "Ferry Saint Oriel capsizes on Lake Morvane",
        "Veldria court voids phone records law",
        "Mariners take the Caldera Cup",
    }
    ferry = by_title["Ferry Saint Oriel capsizes on Lake Morvane"]
    assert ferry.outlet == "Lakeside Herald" and str(ferry.published) == "2026-11-21"
    assert ferry.url == web.url("pages/ferry-lakeside-herald.html")
    assert any("61 survivors" in s for s in ferry.sentences)
    assert not any("Copyright" in s or "Home" in s for s in ferry.sentences)  # page furniture is not text
    hockey = by_title["Mariners take the Caldera Cup"]  # full text in the feed: the page is not fetched
    assert any("Jonah Pike" in s for s in hockey.sentences) and "/pages/hockey-lakeside-herald.html" not in web.paths
    never, missing = sorted(str(e) for e in errors)
    assert never.startswith("file:") and never.endswith("/etc/hostname: only http and https URLs are fetched")
    assert missing == f"{web.url('pages/missing.html')}: HTTP 404 File not found"
    assert not any("hostname" in path for path in web.paths)


def test_atom_limits_and_an_article_in_two_feeds_read_once(web: WebServer) -> None:
    articles, errors = load_sources([web.url("world.rss"), web.url("science.atom")], limits=LIMITS)
    titles = [a.title for a in articles]
    assert titles.count("Ferry Saint Oriel capsizes on Lake Morvane") == 1
    assert "Quillon team finds icy comet fragment Tamsin" in titles
    assert web.paths.count("/pages/ferry-lakeside-herald.html") == 1
    messages = {str(e).split(": ", 1)[0]: str(e).split(": ", 1)[1] for e in errors}
    assert messages[web.url("huge.html")] == "is 500,033 bytes, over the 200,000-byte limit"
    # the slow page is an entry of science.atom: the feed's deadline, its pages included, cuts it off
    assert messages[web.url("slow.html")] == f"not fetched within the 1 s of its feed ({web.url('science.atom')})"
    assert web.max_in_flight <= LIMITS.per_host  # one host: at most two requests at once


def test_a_page_url_is_one_article_with_a_stable_id(web: WebServer) -> None:
    url = web.url("pages/comet-skywatch.html")
    articles, errors = load_sources([url], limits=LIMITS)
    assert not errors and len(articles) == 1
    comet = articles[0]
    assert comet.id == url_id(url) and comet.id.startswith("comet-skywatch-")
    assert comet.outlet == "Skywatch Weekly" and str(comet.published) == "2026-11-21"
    assert comet.title == "Quillon team finds icy comet fragment Tamsin"


def test_each_failed_source_is_one_line_and_the_rest_go_on(web: WebServer) -> None:
    closed = "http://127.0.0.1:9/feed.xml"  # the discard port: nothing listens there
    unsized = web.url("huge-no-length.html")  # no Content-Length: the limit is enforced while reading
    sources = [closed, web.url("image.png"), web.url("nothing-here.rss"), unsized, web.url("pages/comet-skywatch.html")]
    articles, errors = load_sources(sources, limits=LIMITS)
    assert [a.title for a in articles] == ["Quillon team finds icy comet fragment Tamsin"]
    lines = {str(e.source): str(e) for e in errors}
    assert len(lines) == 4 and all("\n" not in line for line in lines.values())
    assert lines[closed].startswith(f"{closed}: cannot be reached")
    assert lines[unsized] == f"{unsized}: is over the 200,000-byte limit"
    assert lines[web.url("image.png")].endswith(": is neither a feed nor an article page (image/png)")
    assert lines[web.url("nothing-here.rss")].endswith(": HTTP 404 File not found")


def test_files_folders_and_local_feeds_mix_with_urls(web: WebServer, tmp_path: Path) -> None:
    article = tmp_path / "note.md"
    article.write_text("---\ntitle: A note\npublished: 2026-11-21\n---\nThe council met on Friday.\n")
    feed = tmp_path / "saved.rss"
    feed.write_text((WEB / "world.rss").read_text())
    articles, errors = load_sources([str(article), str(feed), web.url("pages/comet-skywatch.html")], limits=LIMITS)
    titles = sorted(a.title or "" for a in articles)
    # The saved feed's relative links point into the file system, which is never read; its full entry is used.
    assert titles == ["A note", "Mariners take the Caldera Cup", "Quillon team finds icy comet fragment Tamsin"]
    assert all("only http and https" in str(e) for e in errors) and len(errors) == 4
