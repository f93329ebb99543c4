"""The links in account emails: where they point, that they survive a copy from the raw message,
and the two pages the server serves for them when there is no frontend."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest

from tests.conftest import LOGIN, PASSWORD, create_user

RAW_LINK = re.compile(rb"(https?://[^\s\"<>]+)\?token=([A-Za-z0-9_\-]+)")


@pytest.fixture
def outbox(monkeypatch, tmp_path) -> Callable[[str], bytes]:
    """The file outbox of a newcomer, in this test's own folder (the session's Celery worker, sending
    registration emails through SMTP, stays out of it): `outbox(address)` is the one raw message
    to that address, as bytes, with no MIME decoding."""
    from core.settings import get_settings

    monkeypatch.setattr(get_settings(), "email_backend", "file")
    monkeypatch.setattr(get_settings(), "var_dir", tmp_path)

    def message_to(address: str) -> bytes:
        found = [eml.read_bytes() for eml in (tmp_path / "mail").iterdir()]
        [raw] = [m for m in found if f"To: {address}".encode() in m]
        return raw

    return message_to


def link_in(raw: bytes, path: str) -> tuple[str, str]:
    """(base URL, token) of the one link to `path`, in both the text and the HTML part."""
    links = RAW_LINK.findall(raw)
    assert len(links) == 2 and links[0] == links[1], links
    base, token = links[0]
    assert base.decode().endswith(f"/{path}")
    return base.decode().removesuffix(f"/{path}"), token.decode()


async def test_a_token_copied_from_the_raw_email_works(client, outbox):
    from core.settings import get_settings
    from models.users import User
    from tasks.accounts import _verification

    # A name that is not ASCII, and a link longer than a quoted-printable line (78 characters).
    user = await create_user("zoe@example.com", first_name="Zoë")
    assert await _verification(str(user.id))
    raw = outbox("zoe@example.com")
    assert b"quoted-printable" not in raw.lower() and b"=3D" not in raw
    assert "Hi Zoë,".encode() in raw
    base, token = link_in(raw, "verify-email")
    assert base == get_settings().public_url
    page = await client.get("/verify-email", params={"token": token})
    assert page.status_code == 200 and "zoe@example.com is verified" in page.text
    assert page.headers["referrer-policy"] == "no-referrer" and page.headers["cache-control"] == "no-store"
    assert (await User.get(id=user.id)).email_verified_at is not None
    again = await client.get("/verify-email", params={"token": token})
    assert again.status_code == 400 and "invalid or has expired" in again.text
    assert (await client.get("/verify-email")).status_code == 400


async def test_reset_password_page_sets_the_new_password(client, gql, outbox):
    from tasks.accounts import _password_reset

    user = await create_user("reset-page@example.com")
    assert await _password_reset(str(user.id))
    _, token = link_in(outbox("reset-page@example.com"), "reset-password")
    form = await client.get("/reset-password", params={"token": token})
    assert form.status_code == 200 and 'name="new_password"' in form.text and token in form.text
    weak = await client.post("/reset-password", data={"token": token, "new_password": "short"})
    assert weak.status_code == 400 and 'name="new_password"' in weak.text  # the form again, token unspent
    new = "a brand new passphrase"
    done = await client.post("/reset-password", data={"token": token, "new_password": new})
    assert done.status_code == 200 and "Password changed" in done.text
    login = await gql(LOGIN, {"input": {"email": "reset-page@example.com", "password": new}})
    assert login["data"]["login"]["errors"] == []
    old = await gql(LOGIN, {"input": {"email": "reset-page@example.com", "password": PASSWORD}})
    assert old["data"]["login"]["errors"]
    replay = await client.post(
        "/reset-password", data={"token": token, "new_password": "another passphrase!"}
    )
    assert replay.status_code == 400 and "invalid or has expired" in replay.text


async def test_smtp_sends_the_text_part_as_written(mailbox):
    """Through a real SMTP conversation too, the text part is 7bit/8bit: the link as sent is the link."""
    from core import mail

    link = "http://127.0.0.1:8000/verify-email?token=" + "T0k3n_-" * 8
    mail.send(mail.render("verify_email", "smtp-raw@example.com", name="Zoë", link=link))
    [message] = mailbox.wait_for("smtp-raw@example.com")
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    assert part["Content-Transfer-Encoding"] == "8bit"
    assert link in part.get_payload()  # the payload as transferred, not decoded


@pytest.mark.parametrize(
    ("template", "path"), [("verify_email", "verify-email"), ("password_reset", "reset-password")]
)
async def test_links_point_at_the_frontend_when_there_is_one(monkeypatch, outbox, template, path):
    from app import create_app
    from core.settings import Settings, get_settings
    from tasks.accounts import _password_reset, _verification

    monkeypatch.setattr(get_settings(), "frontend_url", "https://app.example.com/")
    user = await create_user(f"front-{path}@example.com")
    assert await (_verification if template == "verify_email" else _password_reset)(str(user.id))
    base, _ = link_in(outbox(f"front-{path}@example.com"), path)
    assert base == "https://app.example.com"
    # ... and this server does not answer those paths: the frontend does.
    app = create_app(Settings(frontend_url="https://app.example.com"), lifespan_services=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as other:
        assert (await other.get(f"/{path}", params={"token": "x"})).status_code == 404
