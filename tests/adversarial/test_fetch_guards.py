"""Fetching cannot be turned inward or held open: addresses are checked at every hop, deadlines are total."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli import EXIT_PARTIAL, app
from summarizer.ingest import web as web_module
from summarizer.ingest.fetch import FetchLimits, load_sources
from summarizer.ingest.web import address_problem
from summarizer.testing import FakeServer

from ..conftest import SEEDS

PAGE = "<html><head><title>{title}</title></head><body>{body}</body></html>"
STORY = "".join(f"<p>{p}</p>" for p in (SEEDS / "000_8a5342e15c562d73.txt").read_text().split("\n\n") if p.strip())
SECRET = "<html><body><p>The internal admin password is hunter2, said the metadata service.</p></body></html>"


class Site:
    """A web server on one loopback address; `routes` maps a path to (status, headers, body) or a handler."""

    def __init__(self, host: str, routes: dict[str, Any]) -> None:
        self.paths: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                site.paths.append(self.path)
                route = routes.get(self.path, (404, {}, b"missing"))
                if callable(route):
                    route(self)
                    return
                status, headers, body = route
                try:
                    self.send_response(status)
                    for name, value in {
                        "content-type": "text/html",
                        "content-length": str(len(body)),
                        **headers,
                    }.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()

    def url(self, path: str, host: str | None = None) -> str:
        address, port = self.httpd.server_address[:2]
        return f"http://{host or address}:{port}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def internal() -> Iterator[Site]:
    """What must stay out of reach: a service on loopback holding a secret."""
    site = Site("127.0.0.1", {"/secret": (200, {}, SECRET.encode())})
    yield site
    site.close()


@pytest.fixture
def public(monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, Any]], Site]:
    """A 'public' site: served on 127.0.0.2, which the guard is told to treat as a public address."""
    real = web_module.address_problem
    monkeypatch.setattr(web_module, "address_problem", lambda a: None if a == "127.0.0.2" else real(a))
    made: list[Site] = []

    def make(routes: dict[str, Any]) -> Site:
        made.append(Site("127.0.0.2", routes))
        return made[-1]

    yield make  # type: ignore[misc]
    for site in made:
        site.close()


@pytest.fixture
def names(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """A DNS of our own: a name maps to the addresses its next lookups return, one list per lookup."""
    table: dict[str, list[str]] = {}
    real = socket.getaddrinfo

    def lookup(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, str) and host in table:
            answers = table[host]
            address = answers.pop(0) if len(answers) > 1 else answers[0]
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    return table  # type: ignore[return-value]


def fetch(*sources: str, **limits: Any) -> tuple[list[str], dict[str, str]]:
    articles, errors = load_sources(list(sources), limits=FetchLimits(**{"timeout": 2.0, **limits}))
    return [" ".join(a.sentences) for a in articles], {str(e.source): str(e).split(": ", 1)[1] for e in errors}


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("172.16.0.9", "a private address"),
        ("192.168.1.1", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("224.0.0.251", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("240.0.0.1", "a reserved address"),
        ("100.64.0.1", "not a public address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("fd00::1", "a private address"),
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_which_addresses_are_inward(address: str, problem: str | None) -> None:
    assert address_problem(address) == problem


def test_loopback_is_refused_unless_opted_in(internal: Site) -> None:
    texts, errors = fetch(internal.url("/secret"))
    assert texts == [] and internal.paths == []
    assert errors[internal.url("/secret")].startswith("refused: 127.0.0.1 is a loopback address")
    assert "--allow-private-hosts" in errors[internal.url("/secret")]
    texts, errors = fetch(internal.url("/secret"), allow_private_hosts=True)
    assert errors == {} and "hunter2" in texts[0]


def test_a_redirect_inward_is_refused(internal: Site, public: Callable[[dict[str, Any]], Site]) -> None:
    site = public({"/story": (302, {"location": internal.url("/secret")}, b"")})
    texts, errors = fetch(site.url("/story"))
    assert texts == [] and internal.paths == [] and site.paths == ["/story"]
    assert "refused: 127.0.0.1 is a loopback address" in errors[site.url("/story")]


def test_a_feed_link_inward_is_refused(internal: Site, public: Callable[[dict[str, Any]], Site]) -> None:
    items = "".join(
        f"<item><title>{title}</title><link>{link}</link><description>Short.</description></item>"
        for title, link in [("Inside", internal.url("/secret")), ("Story", "/story")]
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{items}</channel></rss>'
    site = public(
        {
            "/feed.rss": (200, {"content-type": "application/rss+xml"}, feed.encode()),
            "/story": (200, {}, PAGE.format(title="Aleppo", body=STORY).encode()),
        }
    )
    texts, errors = fetch(site.url("/feed.rss"))
    assert len(texts) == 1 and "Aleppo" in texts[0] and "hunter2" not in texts[0]
    assert internal.paths == [] and errors[internal.url("/secret")].startswith("refused: 127.0.0.1")


def test_a_name_for_the_metadata_service_is_refused_before_connecting(names: dict[str, list[str]]) -> None:
    names["metadata.example"] = ["169.254.169.254"]
    started = time.monotonic()
    _texts, errors = fetch("http://metadata.example/latest/meta-data/")
    assert time.monotonic() - started < 1.5  # no connection was tried
    assert errors["http://metadata.example/latest/meta-data/"].startswith(
        "refused: metadata.example (169.254.169.254) is a link-local address"
    )


def test_the_address_checked_is_the_address_used(
    internal: Site, public: Callable[[dict[str, Any]], Site], names: dict[str, list[str]]
) -> None:
    # DNS rebinding: the name answers a public address when checked, then loopback
    site = public({"/story": (200, {}, PAGE.format(title="Aleppo", body=STORY).encode())})
    names["rebind.example"] = ["127.0.0.2", "127.0.0.1", "127.0.0.1"]
    port = site.httpd.server_address[1]
    texts, errors = fetch(f"http://rebind.example:{port}/story")
    assert errors == {} and "Aleppo" in texts[0] and internal.paths == []


def _drip(handler: BaseHTTPRequestHandler) -> None:
    """Headers one byte at a time: every read succeeds, so no per-read timeout ever fires."""
    head = b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\nx-padding: " + b"a" * 10_000 + b"\r\n\r\n"
    try:
        for byte in head:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(0.05)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _stall(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(5)
    handler.send_response(200)
    handler.end_headers()


def test_headers_sent_a_byte_at_a_time_are_cut_off_at_the_deadline() -> None:
    site = Site("127.0.0.1", {"/drip": _drip})
    try:
        started = time.monotonic()
        _texts, errors = fetch(site.url("/drip"), timeout=1.0, allow_private_hosts=True)
        assert time.monotonic() - started < 3
        assert errors == {site.url("/drip"): "no complete answer within 1 s"}
    finally:
        site.close()


def test_a_feed_of_slow_pages_takes_the_feed_deadline_not_one_per_page() -> None:
    routes: dict[str, Any] = {f"/slow/{n}": _stall for n in range(20)}
    items = "".join(f"<item><title>Page {n}</title><link>/slow/{n}</link></item>" for n in range(20))
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title>{items}</channel></rss>'
    routes["/feed.rss"] = (200, {"content-type": "application/rss+xml"}, feed.encode())
    site = Site("127.0.0.1", routes)
    try:
        started = time.monotonic()
        texts, errors = fetch(site.url("/feed.rss"), timeout=1.0, allow_private_hosts=True)
        assert time.monotonic() - started < 4  # 20 pages, 2 at a time, 1 s each would be 10 s
        assert texts == [] and len(errors) == 20
        assert all(message.startswith("not fetched within the 1 s of its feed") for message in errors.values())
    finally:
        site.close()


def test_the_run_budget_bounds_all_fetching() -> None:
    site = Site("127.0.0.1", {f"/slow/{n}": _stall for n in range(6)})
    try:
        started = time.monotonic()
        urls = [site.url(f"/slow/{n}") for n in range(6)]
        _texts, errors = fetch(*urls, timeout=30.0, budget=1.0, per_host=1, allow_private_hosts=True)
        assert time.monotonic() - started < 3
        assert len(errors) == 6 and all("fetch budget of 1 s was spent" in m for m in errors.values())
    finally:
        site.close()


def test_daily_names_a_refused_source_and_briefs_the_rest(internal: Site, server: FakeServer, tmp_path: Path) -> None:
    env = {"OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "k", "SUMMARIZER_MODEL": "fake-model",
           "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}  # fmt: skip
    article = str(SEEDS / "000_8a5342e15c562d73.txt")
    out = tmp_path / "day.md"
    result = CliRunner().invoke(app, ["daily", article, internal.url("/secret"), "-o", str(out)], env=env)
    assert result.exit_code == EXIT_PARTIAL, result.stderr
    assert "refused: 127.0.0.1 is a loopback address" in result.stderr and internal.paths == []
    assert "hunter2" not in out.read_text()
    result = CliRunner().invoke(
        app, ["daily", article, internal.url("/secret"), "-o", str(out), "--allow-private-hosts"], env=env
    )
    assert "refused:" not in result.stderr and internal.paths == ["/secret"]


def test_the_service_refusal_names_the_service_setting_not_the_cli_flag(internal: Site) -> None:
    from summarizer.service.config import ServiceConfig
    from summarizer.service.state import fetch_limits

    limits = fetch_limits(ServiceConfig())
    _, errors = fetch(internal.url("/secret"), private_hosts_hint=limits.private_hosts_hint)
    refused = errors[internal.url("/secret")]
    assert "allow_private_hosts: true in the service config" in refused
    assert "--allow-private-hosts" not in refused and "daily" not in refused  # a briefing job fetches too
