"""The daily by e-mail: one message, the document as plain text and as HTML, sent through an SMTP server.

    SUMMARIZER_SMTP_HOST=smtp.example.org SUMMARIZER_SMTP_FROM=news@example.org SUMMARIZER_SMTP_STARTTLS=1 \\
    SUMMARIZER_SMTP_USER=news SUMMARIZER_SMTP_PASSWORD=... summarizer daily feeds.txt --email me@example.org

Encryption is STARTTLS (`SUMMARIZER_SMTP_STARTTLS=1`, port 587 unless given) or TLS from the first byte
(`SUMMARIZER_SMTP_TLS=1`, port 465 unless given; port 465 alone means it too). The server's certificate is
checked against the system's CAs, or those in the file named by OpenSSL's `SSL_CERT_FILE` (a private CA).
"""

from __future__ import annotations

import contextlib
import html
import ipaddress
import os
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from summarizer.daily.render import daily_html, daily_text
from summarizer.daily.run import Daily
from summarizer.errors import ConfigError

_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body style="font: 16px/1.5 Georgia, serif; max-width: 46rem; margin: 1rem auto; padding: 0 1rem; color: #1d1d1f">
{body}</body></html>
"""


@dataclass(frozen=True)
class Smtp:
    """Where and how to send: from SUMMARIZER_SMTP_* (HOST and FROM required)."""

    host: str
    sender: str
    port: int = 25
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    tls: bool = False  # TLS from the first byte ("SMTPS"), rather than upgraded by STARTTLS

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Smtp:
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            return env.get(f"SUMMARIZER_SMTP_{name}", "").strip() or None

        host, sender = get("HOST"), get("FROM")
        if not host or not sender:
            missing = " and ".join(f"SUMMARIZER_SMTP_{n}" for n, v in (("HOST", host), ("FROM", sender)) if not v)
            raise ConfigError(f"--email needs {missing}: the SMTP server to send through, and the sender's address")
        starttls, tls = _on(get("STARTTLS")), _on(get("TLS"))
        if starttls and tls:
            raise ConfigError(
                "SUMMARIZER_SMTP_STARTTLS and SUMMARIZER_SMTP_TLS are both on: a server speaks TLS from the first "
                "byte (TLS, usually port 465) or upgrades a plain connection (STARTTLS, usually 587); set one"
            )
        port_text = get("PORT") or ("465" if tls else "587" if starttls else "25")
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ConfigError(f"SUMMARIZER_SMTP_PORT={port_text!r} is not a port number")
        port = int(port_text)
        tls = tls or (port == 465 and not starttls)
        smtp = cls(host, sender, port, get("USER"), get("PASSWORD"), starttls, tls)
        if smtp.password and not smtp.encrypted and not _loopback(host):
            raise ConfigError(
                f"refusing to send SUMMARIZER_SMTP_PASSWORD to {host} unencrypted: set SUMMARIZER_SMTP_STARTTLS=1, "
                "or SUMMARIZER_SMTP_TLS=1 (or SUMMARIZER_SMTP_PORT=465) for a TLS connection"
            )
        return smtp

    @property
    def encrypted(self) -> bool:
        return self.starttls or self.tls


def _on(value: str | None) -> bool:
    return (value or "").lower() in {"1", "true", "yes", "on"}


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def daily_message(day: Daily, sender: str, to: Sequence[str]) -> EmailMessage:
    """The daily as multipart/alternative: its Markdown as the text part, the same rendered as the HTML part."""
    message = EmailMessage()
    message["Subject"] = day.title
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(daily_text(day))
    message.add_alternative(_HTML.format(title=html.escape(day.title), body=daily_html(day)), subtype="html")
    return message


def send_daily(day: Daily, to: Sequence[str], smtp: Smtp, *, timeout: float = 30.0) -> None:
    """Send the daily to `to`. A refusal, an unreachable server, TLS that cannot be set up or a login refused is
    a ConfigError naming the server and what to check; nothing is sent in the clear when TLS was asked for."""
    message = daily_message(day, smtp.sender, to)
    where = f"{smtp.host}:{smtp.port}"
    try:
        client = (
            smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=timeout, context=ssl.create_default_context())
            if smtp.tls
            else smtplib.SMTP(smtp.host, smtp.port, timeout=timeout)
        )
        try:
            if smtp.starttls:
                _starttls(client, where)
            if smtp.user:
                _login(client, smtp, where)
            refused = client.send_message(message)
            with contextlib.suppress(smtplib.SMTPException, OSError):  # sent: a goodbye that fails changes nothing
                client.quit()
        finally:
            client.close()
    except ssl.SSLCertVerificationError as exc:
        raise ConfigError(
            f"{where}'s TLS certificate was not accepted ({exc.verify_message}): check SUMMARIZER_SMTP_HOST is the "
            "name the certificate was made for; a certificate signed by a private CA is trusted with that CA's "
            "certificate in the file SSL_CERT_FILE names"
        ) from None
    except ssl.SSLError as exc:
        raise ConfigError(
            f"could not set up TLS with {where} ({exc.reason or exc}): check that the server speaks TLS from the "
            "first byte (SUMMARIZER_SMTP_TLS=1, usually port 465) or upgrades with STARTTLS "
            "(SUMMARIZER_SMTP_STARTTLS=1, usually port 587)"
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise ConfigError(f"{where} refused every recipient: {', '.join(exc.recipients)}") from None
    except (smtplib.SMTPException, OSError) as exc:
        hint = "; the server asks for TLS first: set SUMMARIZER_SMTP_STARTTLS=1" if _code(exc) == 530 else ""
        raise ConfigError(f"could not send the daily through {where}: {_reply(exc)}{hint}") from None
    if refused:
        raise ConfigError(f"{where} refused {', '.join(refused)}; the others were sent the daily")


def _starttls(client: smtplib.SMTP, where: str) -> None:
    try:
        client.starttls(context=ssl.create_default_context())
    except smtplib.SMTPNotSupportedError:
        raise ConfigError(
            f"{where} does not offer STARTTLS, which SUMMARIZER_SMTP_STARTTLS=1 asks for: nothing was sent. Check "
            "SUMMARIZER_SMTP_HOST and SUMMARIZER_SMTP_PORT (STARTTLS is usually on port 587; a server speaking TLS "
            "from the first byte, usually on 465, wants SUMMARIZER_SMTP_TLS=1 instead)"
        ) from None


def _login(client: smtplib.SMTP, smtp: Smtp, where: str) -> None:
    try:
        client.login(smtp.user or "", smtp.password or "")
    except smtplib.SMTPAuthenticationError as exc:
        raise ConfigError(
            f"{where} refused the login of {smtp.user!r}: {_reply(exc)}; "
            "check SUMMARIZER_SMTP_USER and SUMMARIZER_SMTP_PASSWORD"
        ) from None
    except smtplib.SMTPNotSupportedError:
        if smtp.encrypted:
            raise ConfigError(f"{where} offers no login; if it needs none, leave SUMMARIZER_SMTP_USER unset") from None
        raise ConfigError(
            f"{where} offers no login on this connection, which is not encrypted: servers offer one only over TLS, "
            "so set SUMMARIZER_SMTP_STARTTLS=1 (or SUMMARIZER_SMTP_TLS=1)"
        ) from None


def _code(exc: BaseException) -> int | None:
    return exc.smtp_code if isinstance(exc, smtplib.SMTPResponseException) else None


def _reply(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {text}"
    return str(exc) or type(exc).__name__
