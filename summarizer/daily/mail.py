"""The daily by e-mail: one message, the document as plain text and as HTML, sent through an SMTP server.

    SUMMARIZER_SMTP_HOST=smtp.example.org SUMMARIZER_SMTP_FROM=news@example.org SUMMARIZER_SMTP_STARTTLS=1 \\
    SUMMARIZER_SMTP_USER=news SUMMARIZER_SMTP_PASSWORD=... summarizer daily feeds.txt --email me@example.org
"""

from __future__ import annotations

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

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Smtp:
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            return env.get(f"SUMMARIZER_SMTP_{name}", "").strip() or None

        host, sender = get("HOST"), get("FROM")
        if not host or not sender:
            missing = " and ".join(f"SUMMARIZER_SMTP_{n}" for n, v in (("HOST", host), ("FROM", sender)) if not v)
            raise ConfigError(f"--email needs {missing}: the SMTP server to send through, and the sender's address")
        starttls = (get("STARTTLS") or "").lower() in {"1", "true", "yes", "on"}
        port_text = get("PORT") or ("587" if starttls else "25")
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ConfigError(f"SUMMARIZER_SMTP_PORT={port_text!r} is not a port number")
        smtp = cls(host, sender, int(port_text), get("USER"), get("PASSWORD"), starttls)
        if smtp.password and not smtp.encrypted and not _loopback(host):
            raise ConfigError(
                f"refusing to send SUMMARIZER_SMTP_PASSWORD to {host} unencrypted: set SUMMARIZER_SMTP_STARTTLS=1, "
                "or SUMMARIZER_SMTP_PORT=465 for a TLS connection"
            )
        return smtp

    @property
    def encrypted(self) -> bool:
        return self.starttls or self.port == 465


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
    """Send the daily to `to`; a refusal or an unreachable server is a ConfigError naming the server."""
    message = daily_message(day, smtp.sender, to)
    where = f"{smtp.host}:{smtp.port}"
    try:
        client: smtplib.SMTP
        if smtp.port == 465:
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=timeout, context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=timeout)
        with client:
            if smtp.starttls:
                client.starttls(context=ssl.create_default_context())
            if smtp.user:
                client.login(smtp.user, smtp.password or "")
            refused = client.send_message(message)
    except smtplib.SMTPAuthenticationError as exc:
        raise ConfigError(f"{where} refused SUMMARIZER_SMTP_USER's login: {_reply(exc)}") from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise ConfigError(f"{where} refused every recipient: {', '.join(exc.recipients)}") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise ConfigError(f"could not send the daily through {where}: {_reply(exc)}") from None
    if refused:
        raise ConfigError(f"{where} refused {', '.join(refused)}; the others were sent the daily")


def _reply(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {text}"
    return str(exc) or type(exc).__name__
