"""The README's example session, run as written against a real server.

The blocks of the "An example session" section are taken from README.md in order: each GraphQL
operation is sent as it stands (a `# Authorization: Bearer <...>` comment sets the header for the
operations after it in its block), each shell block is run by bash, and every `<placeholder>` is
filled from an earlier answer or from the email the step names. Every answer must carry no error.
If the README's dates have passed, they move forward by whole years, the one liberty taken.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import OperationDefinitionNode, parse, validate

from tests.conftest import ROOT, _spawn, _stop, _wait_healthy, free_port
from tests.unit.test_readme import shift_past_dates

SECTION = "### An example session"
PLACEHOLDER = re.compile(r"<([^<>\n]+)>")
AUTH_COMMENT = re.compile(r"^\s*# Authorization: (Bearer <[^<>]+>)\s*$", re.M)
EMAIL_TOKEN = re.compile(r"token from (\w+)'s email")
LINK_TOKEN = re.compile(r"token=([A-Za-z0-9_\-]+)")
DATE = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
README_URL = "http://127.0.0.1:8000"
# The mutations whose new object later steps name: field -> (payload field, placeholder).
CREATES = {
    "createListing": ("listing", "listing id"),
    "createBooking": ("booking", "booking id"),
    "addPaymentMethod": ("paymentMethod", "payment method id"),
}


def example_blocks() -> list[tuple[str, str]]:
    """(language, text) of each fenced block in the example session, in order."""
    text = (ROOT / "README.md").read_text()
    assert SECTION in text, "the README has an example session"
    section = text.split(SECTION, 1)[1]
    section = re.split(r"^## ", section, maxsplit=1, flags=re.M)[0]
    return re.findall(r"^```(\w+)\n(.*?)^```", section, flags=re.M | re.S)


def operations(block: str) -> list[tuple[str | None, str, str]]:
    """(authorization header or None, operation kind, operation text) for each operation of a block."""
    document = parse(block)
    auths = [(m.start(), m.group(1)) for m in AUTH_COMMENT.finditer(block)]
    found = []
    for definition in document.definitions:
        assert isinstance(definition, OperationDefinitionNode)
        start, end = definition.loc.start, definition.loc.end  # type: ignore[union-attr]
        auth = next((a for pos, a in reversed(auths) if pos < start), None)
        found.append((auth, definition.operation.value, block[start:end]))
    return found


class Session:
    """Runs the example against one server, remembering what later steps refer to."""

    def __init__(self, url: str, mailbox: Any, workdir: Path) -> None:
        self.url = url
        self.mailbox = mailbox
        self.workdir = workdir
        self.values: dict[str, str] = {}
        self.answers: dict[str, Any] = {}
        self.first_message = len(mailbox.messages)  # earlier tests may have mailed the same people

    def fill(self, text: str) -> str:
        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in self.values and (email := EMAIL_TOKEN.fullmatch(name)):
                self.values[name] = self.emailed_token(f"{email.group(1).lower()}@example.com")
            assert name in self.values, f"the README refers to <{name}> before any step gives it"
            return self.values[name]

        return PLACEHOLDER.sub(value, text)

    def emailed_token(self, address: str) -> str:
        """The token of the first email this session caused to be sent to that address."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for message in self.mailbox.messages[self.first_message :]:
                if message["To"] == address:
                    plain = next(p for p in message.walk() if p.get_content_type() == "text/plain")
                    return LINK_TOKEN.search(plain.get_payload(decode=True).decode()).group(1)  # type: ignore[union-attr]
            time.sleep(0.05)
        raise AssertionError(f"no email for {address}")

    def remember(self, operation: str, data: dict[str, Any]) -> None:
        for field, answer in data.items():
            self.answers[field] = answer
            if field == "login":
                name = re.search(r'email: "(\w+)@', operation).group(1).capitalize()  # type: ignore[union-attr]
                self.values[f"{name}'s access token"] = answer["accessToken"]
            if field in CREATES:
                key, placeholder = CREATES[field]
                self.values[placeholder] = answer[key]["id"]

    def graphql(self, auth: str | None, operation: str) -> dict[str, Any]:
        headers = {"authorization": self.fill(auth)} if auth else {}
        deadline = time.monotonic() + 60
        while True:
            response = httpx.post(
                f"{self.url}/graphql", json={"query": self.fill(operation)}, headers=headers, timeout=30
            )
            assert response.status_code == 200, response.text
            body = response.json()
            assert "errors" not in body, (operation, body["errors"])
            # A step that shows work in progress (a photo still PROCESSING) is asked again, as a
            # reader would refresh, until the work is done.
            if "PROCESSING" not in json.dumps(body["data"]) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        for answer in body["data"].values():
            if isinstance(answer, dict) and "errors" in answer:
                assert answer["errors"] == [], (operation, answer["errors"])
        self.remember(operation, body["data"])
        return body["data"]

    def shell(self, script: str) -> None:
        filled = self.fill(script).replace(README_URL, self.url)
        result = subprocess.run(
            ["bash", "-c", filled], cwd=self.workdir, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        body = json.loads(result.stdout)
        assert "errors" not in body, body
        for answer in body["data"].values():
            assert answer.get("errors", []) == [], answer


@pytest.fixture
def readme_server(celery_worker: Any, webhook_server: str) -> Iterator[str]:
    """The app as the README runs it: payments required, as in production."""
    port = free_port()
    env_before = os.environ.copy()
    os.environ["PAYMENTS_REQUIRED"] = "true"
    try:
        proc = _spawn(
            [sys.executable, "-m", "uvicorn", "app:app", "--port", str(port), "--log-level", "warning"]
        )
    finally:
        os.environ.clear()
        os.environ.update(env_before)
    try:
        _wait_healthy(port, proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(proc)


def a_photo(path: Path) -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (200, 120, 40)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())


def test_the_example_session_runs_as_written(readme_server: str, mailbox: Any) -> None:
    from schema import build_schema

    schema = build_schema()
    blocks = example_blocks()
    assert [kind for kind, _ in blocks].count("sh") >= 1 and len(blocks) >= 5
    with tempfile.TemporaryDirectory() as workdir:
        a_photo(Path(workdir) / "photo.jpg")
        session = Session(readme_server, mailbox, Path(workdir))
        for kind, text in blocks:
            text = shift_past_dates(text, date.today())
            if kind == "sh":
                session.shell(text)
                continue
            assert kind == "graphql", kind
            for auth, operation_kind, operation in operations(text):
                if operation_kind == "subscription":  # WebSocket: checked against the schema here
                    assert validate(schema._schema, parse(session.fill(operation))) == []
                    continue
                session.graphql(auth, operation)
    # The journey ended where the README says it does.
    answers = session.answers
    assert answers["publishListing"]["listing"]["status"] == "PUBLISHED"
    assert answers["payForBooking"]["payment"]["status"] in {"SUCCEEDED", "CAPTURED"}
    assert answers["booking"]["status"] == "CONFIRMED"
    assert answers["cancelBooking"]["booking"]["status"] == "CANCELLED"
    assert (
        answers["cancelBooking"]["refund"]["total"]["amount"]
        == answers["cancellationPreview"]["refund"]["total"]["amount"]
    )
