"""The two pages the account emails link to, for a server without a frontend (FRONTEND_URL unset).

GET /verify-email?token=... verifies the address at once. GET /reset-password?token=... shows a
form for the new password; POST /reset-password sets it. Both call the same resolvers as the
verifyEmail and resetPassword mutations, so the rules (single use, expiry, password policy) hold,
and the form's strings meet the same character and length rules as GraphQL input
(schema/input_limits.py) before anything runs.

HEAD (what mail scanners and link previews send) answers 200 and does nothing: it neither spends
a token nor looks one up.
"""

from __future__ import annotations

import html
from importlib.resources import files
from string import Template

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from core.errors import DomainError, ErrorCode
from resolvers import accounts
from schema.input_limits import name_cap, string_problem

# The token is in the URL: keep it out of Referer headers, caches and other sites' frames.
HEADERS = {
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "content-security-policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
    ),
}
INVALID = "This link is invalid or has expired."


def page(title: str, body: str, status: int = 200) -> HTMLResponse:
    """`body` is HTML: escape whatever came from outside before passing it."""
    layout = Template(files("core").joinpath("templates", "pages", "page.html").read_text())
    return HTMLResponse(layout.substitute(title=html.escape(title), body=body), status, headers=HEADERS)


def _error(title: str, message: str) -> HTMLResponse:
    return page(title, f'<p class="error">{html.escape(message)}</p>', 400)


def _head(title: str) -> HTMLResponse:
    """The answer to HEAD: no lookup, no side effect, the same whatever the token."""
    return page(title, "")


def _token(value: object) -> str:
    """The token as given, or "" when it is not one a link could carry (no lookup is made then)."""
    if not isinstance(value, str) or string_problem(value, name_cap("token")) is not None:
        return ""
    return value


async def verify_email(request: Request) -> HTMLResponse:
    if request.method == "HEAD":
        return _head("Verify your email")
    token = _token(request.query_params.get("token", ""))
    try:
        user = await accounts.verify_email(token=token) if token else None
    except DomainError as exc:
        if exc.code is ErrorCode.ALREADY_VERIFIED:
            return page("Email verified", f"<p>{html.escape(exc.message)} You can close this page.</p>")
        return _error("Email not verified", exc.message)
    if user is None:
        return _error("Email not verified", INVALID)
    return page(
        "Email verified", f"<p>Thank you: {html.escape(user.email)} is verified. You can close this page.</p>"
    )


def _reset_form(token: str, message: str = "") -> HTMLResponse:
    error = f'<p class="error">{html.escape(message)}</p>' if message else ""
    form = f"""{error}<form method="post" action="/reset-password">
<input type="hidden" name="token" value="{html.escape(token)}">
<label for="new_password">New password</label>
<input id="new_password" name="new_password" type="password" autocomplete="new-password" required autofocus>
<button type="submit">Set my new password</button>
</form>"""
    return page("Choose a new password", form, 400 if message else 200)


async def reset_password(request: Request) -> HTMLResponse:
    if request.method == "HEAD":
        return _head("Choose a new password")
    if request.method == "GET":
        token = _token(request.query_params.get("token", ""))
        return _reset_form(token) if token else _error("Password not changed", INVALID)
    form = await request.form()
    token, new_password = _token(form.get("token")), form.get("new_password")
    if not token:
        return _error("Password not changed", INVALID)
    if not isinstance(new_password, str):  # a file part, or missing
        return _reset_form(token, "Enter a new password.")
    if problem := string_problem(new_password, name_cap("newPassword")):
        return _reset_form(token, f"The new password {problem}")
    try:
        await accounts.reset_password(token=token, new_password=new_password)
    except DomainError as exc:
        if exc.field == "token":
            return _error("Password not changed", exc.message)
        return _reset_form(token, exc.message)  # a weak password: the token is still unused
    return page(
        "Password changed", "<p>Your password is changed and every session signed out. Sign in with it.</p>"
    )


routes = [
    Route("/verify-email", verify_email, methods=["GET"]),
    Route("/reset-password", reset_password, methods=["GET", "POST"]),
]
