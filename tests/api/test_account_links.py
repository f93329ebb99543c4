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
    assert again.status_code == 200 and "This address is already verified." in again.text
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


# ---- mail scanners, second clicks, and what the forms accept ------------------------------------------


async def _issued(email: str, purpose: str, ttl_hours: float = 1) -> tuple[object, str]:
    from datetime import timedelta

    from models.users import AccountToken, TokenPurpose

    user = await create_user(email)
    return user, await AccountToken.issue(user, TokenPurpose(purpose), timedelta(hours=ttl_hours))


async def test_a_head_request_leaves_the_verification_link_unspent(client):
    from models.users import AccountToken, User

    user, token = await _issued("scanned@example.com", "verify_email")
    for _ in range(2):  # a scanner, then a link preview
        head = await client.head("/verify-email", params={"token": token})
        assert head.status_code == 200 and head.headers["cache-control"] == "no-store"
    assert (await User.get(id=user.id)).email_verified_at is None
    assert not await AccountToken.filter(user_id=user.id, used_at__isnull=False).exists()
    assert (await client.head("/verify-email", params={"token": "no-such-token"})).status_code == 200

    opened = await client.get("/verify-email", params={"token": token})
    assert opened.status_code == 200 and "scanned@example.com is verified" in opened.text
    assert (await User.get(id=user.id)).email_verified_at is not None


async def test_a_used_or_expired_link_of_a_verified_address_says_so_and_a_made_up_one_does_not(client, gql):
    from models.users import User

    _, token = await _issued("twice@example.com", "verify_email")
    assert (await client.get("/verify-email", params={"token": token})).status_code == 200
    for _ in range(2):
        again = await client.get("/verify-email", params={"token": token})
        assert again.status_code == 200 and "This address is already verified." in again.text
    verify = "mutation($t: String!) { verifyEmail(input: {token: $t}) { user { id } errors { code field } } }"
    body = await gql(verify, {"t": token})
    assert body["data"]["verifyEmail"] == {
        "user": None,
        "errors": [{"code": "ALREADY_VERIFIED", "field": "token"}],
    }

    # An expired link of an address verified since (say, by a password reset): the same answer.
    old_user, old = await _issued("expired@example.com", "verify_email", ttl_hours=-1)
    expired = await client.get("/verify-email", params={"token": old})
    assert expired.status_code == 400 and "invalid or has expired" in expired.text
    await User.filter(id=old_user.id).update(email_verified_at=(await User.get(id=old_user.id)).created_at)
    expired = await client.get("/verify-email", params={"token": old})
    assert expired.status_code == 200 and "already verified" in expired.text

    # A token nobody issued tells nothing, whoever is verified.
    for made_up in ("no-such-token", token[:-1] + ("A" if token[-1] != "A" else "B"), "x\x00y"):
        page = await client.get("/verify-email", params={"token": made_up})
        assert page.status_code == 400 and "invalid or has expired" in page.text
        assert "verified" not in page.text.replace("not verified", "")


async def test_a_head_request_leaves_the_reset_link_unspent(client, gql):
    from models.users import AccountToken

    user, token = await _issued("reset-head@example.com", "reset_password")
    head = await client.head("/reset-password", params={"token": token})
    assert head.status_code == 200 and head.headers["referrer-policy"] == "no-referrer"
    assert (await client.head("/reset-password")).status_code == 200  # no token: still nothing done
    assert not await AccountToken.filter(user_id=user.id, used_at__isnull=False).exists()
    new = "a passphrase after a scanner"
    done = await client.post("/reset-password", data={"token": token, "new_password": new})
    assert done.status_code == 200 and "Password changed" in done.text


@pytest.mark.parametrize(
    ("new_password", "said"),
    [
        ("port\x00passphrase", "cannot contain control characters or unpaired surrogates (U+0000)"),
        ("bell\x07 in a passphrase", "(U+0007)"),
        ("a long passphrase " * 60, "is too long: at most 1024 characters"),
    ],
    ids=["nul", "bell", "over-1024"],
)
async def test_the_reset_form_refuses_what_graphql_refuses_and_changes_nothing(
    client, gql, new_password, said
):
    from models.users import AccountToken, User

    user, token = await _issued("reset-nul@example.com", "reset_password")
    before = (await User.get(id=user.id)).password_hash
    refused = await client.post("/reset-password", data={"token": token, "new_password": new_password})
    assert refused.status_code == 400 and said in refused.text
    assert 'name="new_password"' in refused.text and token in refused.text  # the form again, to retry
    assert (await User.get(id=user.id)).password_hash == before
    assert not await AccountToken.filter(user_id=user.id, used_at__isnull=False).exists()
    login = await gql(LOGIN, {"input": {"email": "reset-nul@example.com", "password": PASSWORD}})
    assert login["data"]["login"]["errors"] == []

    # GraphQL refuses the same string with the same words.
    reset = "mutation($i: ResetPasswordInput!) { resetPassword(input: $i) { ok } }"
    body = await gql(reset, {"i": {"token": token, "newPassword": new_password}})
    assert (
        body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT" and said in body["errors"][0]["message"]
    )
    done = await client.post("/reset-password", data={"token": token, "new_password": "a sound passphrase"})
    assert done.status_code == 200 and "Password changed" in done.text
