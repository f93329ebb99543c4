"""Celery jobs run by a real worker; email goes through a real SMTP conversation (aiosmtpd)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from tests.conftest import PASSWORD, REGISTER, sign_in

LINK = re.compile(r"token=([A-Za-z0-9_\-]+)")


def body(message, subtype: str = "plain") -> str:
    for part in message.walk():
        if part.get_content_type() == f"text/{subtype}":
            return part.get_payload(decode=True).decode()
    raise AssertionError(f"no text/{subtype} part")


async def test_registration_email_verifies_the_account(gql, mailbox, celery_worker):
    await gql.ok(
        REGISTER, {"input": {"email": "new@example.com", "password": PASSWORD, "firstName": "<b>Nina</b>"}}
    )
    [message] = mailbox.wait_for("new@example.com")
    assert message["Subject"] == "Confirm your email for Roost"
    assert "Hi <b>Nina</b>," in body(message)  # text part as written
    assert "Hi &lt;b&gt;Nina&lt;/b&gt;," in body(message, "html")  # HTML part escaped
    token = LINK.search(body(message)).group(1)
    data = await gql.ok(
        "mutation($t: String!) { verifyEmail(input: {token: $t}) { user { emailVerified } errors { code } } }",
        {"t": token},
    )
    assert data["verifyEmail"]["user"]["emailVerified"] is True


async def test_password_reset_email_carries_a_working_single_use_link(gql, mailbox, celery_worker):
    from tests.conftest import create_user

    await create_user("forgot@example.com")
    await gql.ok(
        'mutation { requestPasswordReset(input: {email: "forgot@example.com"}) { ok errors { code } } }'
    )
    [message] = mailbox.wait_for("forgot@example.com", count=2)[1:]  # after the verification email
    assert message["Subject"] == "Reset your Roost password"
    token = LINK.search(body(message)).group(1)
    reset = """
      mutation($t: String!) {
        resetPassword(input: {token: $t, newPassword: "a brand new passphrase"}) { ok errors { code } }
      }"""
    assert (await gql.ok(reset, {"t": token}))["resetPassword"]["ok"] is True
    again = await gql(reset, {"t": token})
    assert again["data"]["resetPassword"]["errors"][0]["code"] == "INVALID_TOKEN"
    await sign_in(gql, "forgot@example.com", "a brand new passphrase")


async def test_new_sign_in_sends_an_alert(gql, mailbox, celery_worker):
    from tests.conftest import create_user

    await create_user("alert@example.com")
    await sign_in(gql, "alert@example.com")
    alerts = [m for m in mailbox.wait_for("alert@example.com", count=2) if "sign-in" in m["Subject"]]
    assert len(alerts) == 1
    assert "203.0.113.7" in body(alerts[0])


async def test_dead_letter_is_recorded_when_a_task_fails_for_good():
    from core.cache import get_redis
    from tasks.app import DEAD_LETTERS, celery_app

    await get_redis().delete(DEAD_LETTERS)
    import tasks.accounts  # noqa: F401  (registers the jobs in this process)

    task = celery_app.tasks["tasks.accounts.purge_expired_tokens"]
    task.on_failure(RuntimeError("boom"), "task-1", [], {}, None)
    [raw] = await get_redis().lrange(DEAD_LETTERS, 0, -1)
    record = json.loads(raw)
    assert record["task"] == "tasks.accounts.purge_expired_tokens"
    assert record["id"] == "task-1" and "boom" in record["error"]
    await get_redis().delete(DEAD_LETTERS)


async def test_purge_removes_only_expired_tokens(celery_worker):
    import asyncio

    from core.security import token_digest
    from models.users import AccountToken, TokenPurpose
    from tasks.app import celery_app
    from tests.conftest import create_user

    user = await create_user("purge@example.com")
    live = await AccountToken.issue(user, TokenPurpose.VERIFY_EMAIL, timedelta(hours=1))
    await AccountToken.issue(user, TokenPurpose.VERIFY_EMAIL, timedelta(seconds=-1))
    expired = AccountToken.filter(user_id=user.id, expires_at__lt=datetime.now(UTC))
    assert await expired.count() == 1
    await asyncio.to_thread(celery_app.send_task, "tasks.accounts.purge_expired_tokens")
    for _ in range(300):
        if await expired.count() == 0:
            break
        await asyncio.sleep(0.05)
    assert await expired.count() == 0
    assert await AccountToken.exists(token_hash=token_digest(live))
