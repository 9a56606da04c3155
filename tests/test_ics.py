"""`ics: true`: tasks.ics, the tasks with a due date as a calendar, read back with the
icalendar package and held to tasks.json; escaping and folding of RFC 5545; the same bytes
for the same day; a clear message when icalendar is not installed."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import icalendar

from conftest import build_site, copy_fixture, task_page, write_site

DATED = task_page("A", front={"due": "2026-12-24"})


def _with_ics(root: Path, site_url: str | None = "https://docs.example.com/team/") -> None:
    config = root / "mkdocs.yml"
    text = config.read_text().replace("  - tasks:\n", "  - tasks:\n      ics: true\n", 1)
    if site_url:
        text = f"site_url: {site_url}\n" + text
    config.write_text(text)


def test_one_event_per_task_with_a_due_date(tmp_path: Path) -> None:
    root = copy_fixture("views", tmp_path / "v")
    _with_ics(root)
    built = build_site(root)
    assert built.ok, built.messages
    records = {r["id"]: r for r in json.loads((built.site / "tasks.json").read_text())["tasks"]}
    raw = (built.site / "tasks.ics").read_bytes()
    cal = icalendar.Calendar.from_ical(raw)
    events = {str(e["uid"]).split("@")[0]: e for e in cal.walk("VEVENT")}
    dated = {tid: r for tid, r in records.items() if r["due"]}
    assert len(dated) >= 5 and sorted(events) == sorted(dated)
    assert len(cal.walk("VEVENT")) == len(dated)
    for tid, r in dated.items():
        e = events[tid]
        due = dt.date.fromisoformat(r["due"])
        assert e.decoded("dtstart") == due and e.decoded("dtend") == due + dt.timedelta(days=1)
        assert str(e["summary"]) == f"{tid}: {r['title']}"
        assert str(e["url"]) == "https://docs.example.com/team/" + r["url"]
        assert f"Status: {r['status']}" in str(e["description"])
        assert f"Progress: {r['progress']['done']}/{r['progress']['total']}" in str(e["description"])
        assert str(e["status"]) == ("CANCELLED" if r["status"] == "cancelled" else "CONFIRMED")
        assert str(e["uid"]) == f"{tid}@docs.example.com"
    # the same day, the same bytes (no clock time: DTSTAMP is today, from SOURCE_DATE_EPOCH)
    again = build_site(root)
    assert (again.site / "tasks.ics").read_bytes() == raw


def test_text_is_escaped_and_folded(tmp_path: Path) -> None:
    title = "Ünïcode; commas, a back\\slash and a title long enough to be folded over two lines or more"
    root = write_site(tmp_path / "s", {
        "tasks/security/PROJ-1.md": task_page(title, front={"due": "2026-12-24", "owner": ["lee", "sam"]}),
        "tasks/security/PROJ-2.md": task_page("No date"),
    }, plugin={"ics": True})
    built = build_site(root)
    assert built.ok, built.messages
    raw = (built.site / "tasks.ics").read_bytes()
    lines = raw.split(b"\r\n")
    assert raw.endswith(b"\r\n") and all(len(line) <= 75 for line in lines)
    assert b"commas\\, a back\\\\slash" in raw.replace(b"\r\n ", b"")  # RFC 5545's escapes
    (event,) = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert str(event["summary"]) == f"PROJ-1: {title}"
    assert "Owner: lee, sam" in str(event["description"])
    assert "url" not in event  # (no site_url: the page's relative URL in the description only)
    assert "tasks/security/PROJ-1/" in str(event["description"])
    # off by default
    plain = write_site(tmp_path / "p", {"tasks/security/PROJ-1.md": DATED})
    assert build_site(plain).ok and not (plain / "site" / "tasks.ics").exists()


def test_without_icalendar_the_build_says_what_to_install(tmp_path: Path) -> None:
    root = write_site(tmp_path / "s", {"tasks/security/PROJ-1.md": DATED}, plugin={"ics": True})
    blocker = tmp_path / "blocked" / "icalendar"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('not installed')\n")
    env = dict(os.environ, PYTHONPATH=str(blocker.parent), NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode != 0
    assert "pip install 'mkdocs-tasks[ics]'" in done.stderr and "Traceback" not in done.stderr
