"""Outgoing e-mail through the configured SMTP server (MAIL_SERVER); off when it is not set.

Plain text only: a message carries a subject, a few lines and a link. Delivery failures are
logged and reported as False, never raised, so the action that sends a message always completes.
"""
from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app


def mail_enabled() -> bool:
    """Return whether a mail server is configured."""
    return bool(current_app.config.get("MAIL_SERVER"))


def build_message(to: list[str], subject: str, text: str) -> EmailMessage:
    """Return a plain-text message from the configured sender."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=config["MAIL_DEFAULT_SENDER"].rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text, subtype="plain", charset="utf-8")
    return message


def send_mail(to: list[str], subject: str, text: str) -> bool:
    """Send one plain-text message; return False (and log) when mail is off or the server refuses it."""
    if not mail_enabled() or not to:
        return False
    config = current_app.config
    message = build_message(to, subject, text)
    host, port, timeout = config["MAIL_SERVER"], int(config["MAIL_PORT"]), float(config["MAIL_TIMEOUT"])
    try:
        if config["MAIL_USE_SSL"]:
            client: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout,
                                                    context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(host, port, timeout=timeout)
        with client:
            if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
                client.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                client.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            client.send_message(message)
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("mail %r to %d recipient(s) could not be sent", subject, len(to))
        return False
    return True
