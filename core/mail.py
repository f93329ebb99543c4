"""Render emails from templates (text + HTML) and send them through the configured backend."""

from __future__ import annotations

import html
import smtplib
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from importlib.resources import files
from string import Template

from core.settings import get_settings


def render(template: str, to: str, **context: str) -> EmailMessage:
    """`<template>.txt` starts with a `Subject:` line; `<template>.html` is the HTML part.

    Templates may also use the settings' link lifetimes ($hours, $minutes)."""
    settings = get_settings()
    context = {
        "hours": str(settings.email_verification_ttl_hours),
        "minutes": str(settings.password_reset_ttl_minutes),
        **context,
    }
    folder = files("core").joinpath("templates", "email")
    subject_line, _, text = folder.joinpath(f"{template}.txt").read_text().partition("\n")
    subject = Template(subject_line.removeprefix("Subject:").strip()).substitute(context)
    safe = {k: html.escape(v) for k, v in context.items()}
    message = EmailMessage()
    message["From"] = settings.email_from
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="roost.local")
    plain = Template(text.lstrip("\n")).substitute(context)
    markup = Template(folder.joinpath(f"{template}.html").read_text()).substitute(safe)
    # Not quoted-printable (the default once a line passes 78 characters): it would fold the link
    # and turn `token=` into `token=3D`, so a token copied from the raw message would be wrong.
    message.set_content(plain, cte=_transfer_encoding(plain))
    message.add_alternative(markup, subtype="html", cte=_transfer_encoding(markup))
    return message


def _transfer_encoding(text: str) -> str:
    """7bit for ASCII, else 8bit (every SMTP server of this century speaks 8BITMIME); the links
    and tokens stay verbatim either way. Lines stay far under SMTP's 998-character limit."""
    return "7bit" if text.isascii() else "8bit"


def send(message: EmailMessage) -> None:
    settings = get_settings()
    if settings.email_backend == "file":
        settings.mail_dir.mkdir(parents=True, exist_ok=True)
        (settings.mail_dir / f"{uuid.uuid4().hex}.eml").write_bytes(message.as_bytes())
        return
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password or "")
        smtp.send_message(message)
