"""`summarizer daily --email`: the daily as text and HTML in one message, through a local SMTP server."""

from __future__ import annotations

import email
import email.policy
import logging
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli import EXIT_FAILURE, EXIT_OK, app
from summarizer.daily.mail import Smtp
from summarizer.errors import ConfigError
from summarizer.testing import FakeServer

aiosmtpd = pytest.importorskip("aiosmtpd.controller", reason="the dev extra is not installed")

DAILY = Path(__file__).parent / "fixtures" / "daily" / "articles"


class Inbox:
    """An aiosmtpd handler that keeps what it is sent."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def inbox(caplog: pytest.LogCaptureFixture) -> Iterator[tuple[Inbox, int]]:
    caplog.set_level(logging.WARNING, logger="mail.log")  # aiosmtpd's line per connection
    handler, port = Inbox(), free_port()
    controller = aiosmtpd.Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def env_for(server: FakeServer, tmp_path: Path, **smtp: str) -> dict[str, str]:
    return {
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": "test-key",
        "SUMMARIZER_MODEL": "fake-model",
        "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
        **{f"SUMMARIZER_SMTP_{name.upper()}": value for name, value in smtp.items()},
    }


def daily(env: dict[str, str], tmp_path: Path, *args: str) -> tuple[int, str]:
    sources = [str(p) for p in sorted(DAILY.glob("ferry*"))]
    out = tmp_path / "today.md"
    result = CliRunner().invoke(app, ["daily", *sources, "--date", "2026-11-21", "-o", str(out), *args], env=env)
    return result.exit_code, result.stderr


def test_the_daily_is_mailed_as_text_and_html(server: FakeServer, tmp_path: Path, inbox: tuple[Inbox, int]) -> None:
    handler, port = inbox
    env = env_for(server, tmp_path, host="127.0.0.1", port=str(port), **{"from": "news@example.org"})
    code, stderr = daily(env, tmp_path, "--email", "ana@example.org", "--email", "bo@example.org")
    assert code == EXIT_OK, stderr
    assert f"sent to ana@example.org, bo@example.org through 127.0.0.1:{port}" in stderr
    [envelope] = handler.envelopes
    assert envelope.mail_from == "news@example.org"
    assert envelope.rcpt_tos == ["ana@example.org", "bo@example.org"]
    message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"] == "Daily briefing: 21 November 2026" and message["Message-ID"]
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    written = (tmp_path / "today.md").read_text()
    assert text.startswith("# Daily briefing: 21 November 2026\n") and "## Sources" in text
    assert "<a id=" not in text and "<a id=" in written  # the page anchors are for the web page only
    assert "<h1>Daily briefing: 21 November 2026</h1>" in html and "<h2>Sources</h2>" in html


def test_missing_smtp_settings_are_said_before_any_model_call(server: FakeServer, tmp_path: Path) -> None:
    code, stderr = daily(env_for(server, tmp_path, **{"from": "news@example.org"}), tmp_path, "--email", "a@b.org")
    assert code == EXIT_FAILURE
    assert "--email needs SUMMARIZER_SMTP_HOST" in stderr and server.calls == 0


def test_a_server_that_is_not_there_fails_the_run_but_the_output_is_written(server: FakeServer, tmp_path: Path) -> None:
    port = free_port()
    env = env_for(server, tmp_path, host="127.0.0.1", port=str(port), **{"from": "news@example.org"})
    code, stderr = daily(env, tmp_path, "--email", "a@b.org")
    assert code == EXIT_FAILURE
    assert f"could not send the daily through 127.0.0.1:{port}" in stderr and "Traceback" not in stderr
    assert (tmp_path / "today.md").read_text().startswith("# Daily briefing")


def test_a_password_is_never_sent_unencrypted_to_another_machine() -> None:
    settings = {"SUMMARIZER_SMTP_HOST": "smtp.example.org", "SUMMARIZER_SMTP_FROM": "n@example.org",
                "SUMMARIZER_SMTP_USER": "n", "SUMMARIZER_SMTP_PASSWORD": "secret"}  # fmt: skip
    with pytest.raises(ConfigError, match="SUMMARIZER_SMTP_STARTTLS=1"):
        Smtp.from_env(settings)
    assert Smtp.from_env({**settings, "SUMMARIZER_SMTP_STARTTLS": "1"}).port == 587
    assert Smtp.from_env({**settings, "SUMMARIZER_SMTP_PORT": "465"}).encrypted
    with pytest.raises(ConfigError, match="not a port number"):
        Smtp.from_env({**settings, "SUMMARIZER_SMTP_STARTTLS": "1", "SUMMARIZER_SMTP_PORT": "smtp"})
