"""`summarizer daily --email`: the daily as text and HTML in one message, through a local SMTP server."""

from __future__ import annotations

import contextlib
import email
import email.policy
import logging
import socket
import ssl
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
        self.over_tls: list[bool] = []  # for each message, whether its connection was TLS when it came

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        self.over_tls.append(server.transport.get_extra_info("ssl_object") is not None)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def smtp_server(**options: Any) -> Iterator[tuple[Inbox, int]]:
    """aiosmtpd on a free loopback port with `options` (TLS, login), and what it was sent."""
    handler, port = Inbox(), free_port()
    controller = aiosmtpd.Controller(handler, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def _quiet_smtp_server(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="mail.log")  # aiosmtpd's line per connection


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    with smtp_server() as running:
        yield running


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
    assert handler.over_tls == [False]
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


# --- TLS and login, with a certificate made for 127.0.0.1 by a test CA (trustme) ---------------------------

PASSWORD = "correct horse battery staple"


class Logins:
    """aiosmtpd's authenticator: one user, and each mechanism a login came by."""

    def __init__(self) -> None:
        self.mechanisms: list[str] = []

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> Any:
        from aiosmtpd.smtp import AuthResult

        self.mechanisms.append(mechanism)
        ok = (auth_data.login, auth_data.password) == (b"news", PASSWORD.encode())
        return AuthResult(success=ok, handled=False)


@pytest.fixture(scope="module")
def ca() -> Any:
    trustme = pytest.importorskip("trustme", reason="the dev extra is not installed")
    return trustme.CA()


@pytest.fixture
def ca_file(ca: Any, tmp_path: Path) -> str:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


def server_tls(ca: Any) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    return context


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One answer cache for these tests: each makes the same daily, and only its sending differs."""
    return tmp_path_factory.mktemp("cache")


def login_env(server: FakeServer, tmp_path: Path, cache_dir: Path, port: int, **smtp: str) -> dict[str, str]:
    env = env_for(server, tmp_path, host="127.0.0.1", port=str(port), user="news", password=PASSWORD, **smtp)
    return {**env, "SUMMARIZER_SMTP_FROM": "news@example.org", "SUMMARIZER_CACHE_DIR": str(cache_dir)}


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
def test_the_daily_goes_through_starttls_and_a_login(
    server: FakeServer, tmp_path: Path, cache_dir: Path, ca: Any, ca_file: str, mechanism: str
) -> None:
    """The server takes mail only after STARTTLS and offers AUTH only over TLS; the client trusts the test CA
    through OpenSSL's SSL_CERT_FILE, as a user with a private CA would."""
    logins = Logins()
    other = {"PLAIN": "LOGIN", "LOGIN": "PLAIN"}[mechanism]
    with smtp_server(
        tls_context=server_tls(ca), require_starttls=True, authenticator=logins, auth_required=True,
        auth_require_tls=True, auth_exclude_mechanism=[other],
    ) as (handler, port):  # fmt: skip
        env = {**login_env(server, tmp_path, cache_dir, port, starttls="1"), "SSL_CERT_FILE": ca_file}
        code, stderr = daily(env, tmp_path, "--email", "ana@example.org")
    assert code == EXIT_OK, stderr
    assert f"sent to ana@example.org through 127.0.0.1:{port}" in stderr
    assert logins.mechanisms == [mechanism] and handler.over_tls == [True]
    [envelope] = handler.envelopes
    assert envelope.rcpt_tos == ["ana@example.org"]
    message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert message["Subject"] == "Daily briefing: 21 November 2026"


def test_the_daily_goes_through_tls_from_the_first_byte(
    server: FakeServer, tmp_path: Path, cache_dir: Path, ca: Any, ca_file: str
) -> None:
    logins = Logins()
    # aiosmtpd counts only STARTTLS as TLS for AUTH: on a connection that is TLS from the start, it is told not to
    with smtp_server(ssl_context=server_tls(ca), authenticator=logins, auth_require_tls=False) as (handler, port):
        env = {**login_env(server, tmp_path, cache_dir, port, tls="1"), "SSL_CERT_FILE": ca_file}
        code, stderr = daily(env, tmp_path, "--email", "ana@example.org")
    assert code == EXIT_OK, stderr
    assert logins.mechanisms == ["PLAIN"] and handler.over_tls == [True]


def test_a_wrong_password_names_the_server_and_what_to_check(
    server: FakeServer, tmp_path: Path, cache_dir: Path, ca: Any, ca_file: str
) -> None:
    tls_and_login = {"tls_context": server_tls(ca), "require_starttls": True, "authenticator": Logins()}
    with smtp_server(**tls_and_login, auth_required=True) as (handler, port):
        env = {**login_env(server, tmp_path, cache_dir, port, starttls="1"), "SSL_CERT_FILE": ca_file}
        code, stderr = daily({**env, "SUMMARIZER_SMTP_PASSWORD": "hunter2"}, tmp_path, "--email", "ana@example.org")
    assert code == EXIT_FAILURE and not handler.envelopes
    assert f"error: 127.0.0.1:{port} refused the login of 'news': 535 " in stderr
    assert "check SUMMARIZER_SMTP_USER and SUMMARIZER_SMTP_PASSWORD" in stderr
    assert "Traceback" not in stderr and "hunter2" not in stderr
    assert (tmp_path / "today.md").read_text().startswith("# Daily briefing")  # the output is kept


def test_starttls_asked_of_a_server_without_it_sends_nothing(
    server: FakeServer, tmp_path: Path, cache_dir: Path, ca_file: str
) -> None:
    with smtp_server() as (handler, port):
        env = {**login_env(server, tmp_path, cache_dir, port, starttls="1"), "SSL_CERT_FILE": ca_file}
        code, stderr = daily(env, tmp_path, "--email", "ana@example.org")
    assert code == EXIT_FAILURE and not handler.envelopes
    assert f"error: 127.0.0.1:{port} does not offer STARTTLS, which SUMMARIZER_SMTP_STARTTLS=1 asks for" in stderr
    assert "Traceback" not in stderr


def test_a_certificate_from_a_ca_not_trusted_is_a_clear_error(
    server: FakeServer, tmp_path: Path, cache_dir: Path, ca: Any
) -> None:
    with smtp_server(tls_context=server_tls(ca), require_starttls=True) as (handler, port):
        env = login_env(server, tmp_path, cache_dir, port, starttls="1")  # the system's CAs only
        code, stderr = daily(env, tmp_path, "--email", "ana@example.org")
    assert code == EXIT_FAILURE and not handler.envelopes
    assert f"error: 127.0.0.1:{port}'s TLS certificate was not accepted" in stderr and "SSL_CERT_FILE" in stderr


def test_a_login_on_a_plain_connection_to_a_server_that_wants_tls_says_to_turn_it_on(
    server: FakeServer, tmp_path: Path, cache_dir: Path, ca: Any
) -> None:
    with smtp_server(tls_context=server_tls(ca), authenticator=Logins(), auth_required=True) as (handler, port):
        code, stderr = daily(login_env(server, tmp_path, cache_dir, port), tmp_path, "--email", "ana@example.org")
    assert code == EXIT_FAILURE and not handler.envelopes
    assert f"127.0.0.1:{port} offers no login on this connection, which is not encrypted" in stderr
    assert "set SUMMARIZER_SMTP_STARTTLS=1" in stderr


def test_starttls_and_tls_together_are_refused() -> None:
    settings = {"SUMMARIZER_SMTP_HOST": "smtp.example.org", "SUMMARIZER_SMTP_FROM": "n@example.org"}
    with pytest.raises(ConfigError, match="set one"):
        Smtp.from_env({**settings, "SUMMARIZER_SMTP_STARTTLS": "1", "SUMMARIZER_SMTP_TLS": "1"})
    assert Smtp.from_env({**settings, "SUMMARIZER_SMTP_TLS": "1"}).port == 465
    assert Smtp.from_env({**settings, "SUMMARIZER_SMTP_PORT": "465"}).tls
