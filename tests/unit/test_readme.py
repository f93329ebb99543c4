"""The README against the code: every command and scheduled job is in it, the repository stands
alone, and the example session's dates move forward as they should."""

from __future__ import annotations

import re
import subprocess
from datetime import date, timedelta

import pytest

from tests.conftest import ROOT

DATE = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")


def shift_past_dates(text: str, today: date) -> str:
    """Move the README's stay dates forward by whole years while any is less than a month away."""
    found = [date(int(y), int(m), int(d)) for y, m, d in DATE.findall(text)]
    years = 0
    while found and min(d.replace(year=d.year + years) for d in found) <= today + timedelta(days=30):
        years += 1
    return DATE.sub(lambda m: f"{int(m.group(1)) + years}-{m.group(2)}-{m.group(3)}", text)


def test_shift_past_dates_keeps_future_dates_and_moves_past_ones() -> None:
    assert shift_past_dates('"2027-06-14"', date(2026, 12, 2)) == '"2027-06-14"'
    assert shift_past_dates('"2027-06-14" "2027-06-17"', date(2027, 6, 1)) == '"2028-06-14" "2028-06-17"'


def test_every_command_and_scheduled_job_is_in_the_readme(capsys: pytest.CaptureFixture[str]) -> None:
    import app
    from tasks.app import celery_app

    readme = (ROOT / "README.md").read_text()
    for job in celery_app.conf.beat_schedule.values():
        assert f"`{job['task']}`" in readme, job["task"]
    with pytest.raises(SystemExit):
        app.main(["--help"])
    commands = re.search(r"\{([a-z,]+)\}", capsys.readouterr().out).group(1).split(",")  # type: ignore[union-attr]
    assert "serve" in commands
    for name in commands:
        assert f"`roost {name}" in readme, name


def test_the_repository_stands_alone() -> None:
    """Nothing a newcomer gets points outside the repository."""
    OUTSIDE = "../" + "shared"  # spelled in two parts, so this file does not find itself
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    for name in tracked.stdout.split():
        path = ROOT / name
        if path.suffix in {".py", ".md", ".toml", ".txt", ".html", ".cfg"} and path.is_file():
            assert OUTSIDE not in path.read_text(errors="replace"), name
