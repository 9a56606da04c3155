"""The timeline of due dates (`<!-- tasks:timeline -->`): a real build of the views fixture
site (today is 2026-12-01, conftest's SOURCE_DATE_EPOCH). What each figure draws is held to
the fixture's front matter, read here with PyYAML: one bar per task with a due date, its
dates, its end in date order on the axis, the today line between the tasks due before and
after today, overdue ones marked, arrows between drawn dependencies, the count of tasks
without a due date, the table; filters, groups, sort and limit; escaping; the axis."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import TODAY as DAY
from conftest import build_site, copy_fixture, task_page, write_site
from mkdocs_tasks.timeline import MIN_TICK, ticks

TODAY = dt.date.fromisoformat(DAY)
_BLOCK = re.compile(r'<div class="tasks-timeline-block">.*?(?:</details>|</p>)\n</div>', re.S)
_BAR = re.compile(r'<a class="tasks-timeline-bar" ([^>]*)><title>[^<]*</title>'
                  r'(?:<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"|<path d="M([\d.]+) )')
_ATTR = re.compile(r'([\w-]+)="([^"]*)"')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_fixture("views", tmp_path_factory.mktemp("t") / "views")
    built = build_site(root)
    assert built.ok, built.messages
    return root


def _front(root: Path) -> dict[str, dict[str, Any]]:
    """Each task's front matter and dependencies, as the files say."""
    out = {}
    for path in sorted((root / "docs" / "tasks").rglob("VIEW-*.md")):
        text = path.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---\n")[1]) if text.startswith("---\n") else {}
        def section(name: str, text: str = text) -> str:
            return text.split(f"## {name}")[1].split("##")[0] if f"## {name}" in text else ""

        deps = re.findall(r"VIEW-\d+", section("Dependencies"))
        tid = path.name.split("-")[0] + "-" + path.name.split("-")[1]
        boxes = re.findall(r"^- \[([ x])\]", section("Success Criteria") + section("Deliverables"), re.M)
        ticked = boxes.count("x")
        derived = "done" if ticked == len(boxes) else "in-progress" if ticked else "todo"
        out[tid] = {**front, "status": front.get("status", derived),
                    "deps": {*deps, *front.get("depends_on", [])}, "path": path}
    return out


def _timelines(html: str) -> list[dict[str, Any]]:
    """Each timeline: its bars (attributes, and where the bar ends on the axis), groups,
    arrows, today line, the undated count and the table's IDs."""
    out = []
    for block in _BLOCK.findall(html):
        bars = []
        for attrs, x, width, mark in _BAR.findall(block):
            a = dict(_ATTR.findall(attrs))
            # a bar ends at its right edge (the due day included); a mark is centred on its day
            end = float(x) + float(width) if x else float(mark)
            bars.append({**a, "end": end})
        today = re.search(r'<line class="tasks-timeline-today" data-date="([\d-]+)" x1="([\d.]+)"', block)
        out.append({
            "bars": bars,
            "groups": re.findall(r'<text class="tasks-timeline-group"[^>]*><title>([^<]*)</title>', block),
            "more": re.findall(r'class="tasks-timeline-more"[^>]*>and (\d+) more<', block),
            "arrows": re.findall(r'class="tasks-timeline-arrow" data-from="([^"]+)" data-to="([^"]+)"',
                                 block),
            "today": (today.group(1), float(today.group(2))) if today else None,
            "undated": int(re.search(r'class="tasks-timeline-undated" data-count="(\d+)"', block).group(1)),
            "table": re.findall(r'<tr data-task-id="([^"]+)">', block),
            "empty": '<p class="tasks-empty">' in block,
        })
    return out


def test_one_bar_per_task_with_a_due_date_in_date_order(site: Path) -> None:
    front = _front(site)
    html = (site / "site" / "timeline" / "index.html").read_text(encoding="utf-8")
    whole, open_by_owner, undated_only = _timelines(html)
    dated = {tid: f for tid, f in front.items() if "due" in f}
    assert len(dated) >= 5 and len(front) > len(dated)
    bars = {b["data-task-id"]: b for b in whole["bars"]}
    assert len(whole["bars"]) == len(bars) == len(dated)  # one bar each, no other
    for tid, f in dated.items():
        b = bars[tid]
        assert b["data-due"] == str(f["due"])
        assert b.get("data-start") == (str(f["start"]) if "start" in f else None)
        overdue = f["due"] < TODAY and f["status"] not in ("done", "cancelled")
        assert (b.get("data-overdue") == "true") == overdue, tid
        # every bar links to its task's page, which the build wrote
        target = (site / "site" / "timeline" / b["href"]).resolve()
        assert (target / "index.html").is_file() and f["path"].stem in str(target)
    assert any(b.get("data-overdue") for b in bars.values())
    # the bars end in the order of their due dates; one day is one step whatever the row
    by_due = sorted(dated, key=lambda t: dated[t]["due"])
    ends = [bars[t]["end"] for t in by_due]
    assert ends == sorted(ends)
    dues = [dated[t]["due"] for t in by_due]
    assert all((dues[i] < dues[i + 1]) == (ends[i] < ends[i + 1]) for i in range(len(ends) - 1))
    # the today line between the tasks due before today and those due after it
    assert whole["today"] is not None and whole["today"][0] == TODAY.isoformat()
    x = whole["today"][1]
    assert max(bars[t]["end"] for t in dated if dated[t]["due"] < TODAY) < x
    assert x < min(bars[t]["end"] for t in dated if dated[t]["due"] > TODAY)
    # an arrow for each dependency between two drawn tasks, none to a task not drawn
    assert set(whole["arrows"]) == {(d, t) for t in dated for d in front[t]["deps"] if d in dated}
    assert whole["arrows"]
    assert whole["undated"] == len(front) - len(dated)
    assert sorted(whole["table"]) == sorted(dated)


def test_groups_filters_sort_and_limit(site: Path) -> None:
    front = _front(site)
    html = (site / "site" / "timeline" / "index.html").read_text(encoding="utf-8")
    whole, open_by_owner, undated_only = _timelines(html)
    # grouped like the index: categories in the index's order
    index = (site / "site" / "tasks" / "index.html").read_text(encoding="utf-8")
    order = re.findall(r'<table class="tasks-index" data-group="category" data-value="([^"]+)"', index)
    dated_categories = {str(f["path"].parent.name) for f in front.values() if "due" in f}
    assert whole["groups"] == [c for c in order if c.lower().replace(" ", "-") in dated_categories]
    # open work by owner, soonest first, one a group: the first of each owner's by due date
    open_dated = {t: f for t, f in front.items() if "due" in f and f["status"] not in ("done", "cancelled")}
    owners: dict[str, list[str]] = {}
    for t, f in open_dated.items():
        names = f.get("owner") or [""]
        for name in [names] if isinstance(names, str) else names:
            owners.setdefault(name, []).append(t)
    names = sorted(owners, key=lambda o: (not o, o))  # (alphabetically, the unassigned last)
    expected = [min(owners[o], key=lambda t: front[t]["due"]) for o in names]
    assert [b["data-task-id"] for b in open_by_owner["bars"]] == expected
    assert open_by_owner["groups"] == [o or "Unassigned" for o in names]
    assert open_by_owner["more"] == [str(len(owners[o]) - 1) for o in names if len(owners[o]) > 1]
    # what none of them has: nothing drawn, and how many are not
    assert undated_only["bars"] == [] and undated_only["empty"] and undated_only["today"] is None
    assert undated_only["undated"] == sum("due" not in f for f in front.values())


def test_titles_are_escaped_and_attributes_checked(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "tasks/security/PROJ-1.md": task_page('Fix `<b>` & "co"',
                                     front={"due": "2026-12-03", "start": "2026-11-30"}),
        "tasks/security/PROJ-2.md": task_page("Plain", front={"due": "2026-12-09"}, deps="- PROJ-1"),
        "when.md": '# When\n\n<!-- tasks:timeline zoom="2" group="colour" -->\n',
    })
    built = build_site(root)
    assert built.ok, built.messages
    html = built.html("when/index.html")
    figure = html[html.index('<figure class="tasks-timeline"'):html.index("</figure>")]
    assert "<b>" not in figure  # (the title's text, code span and all, is text in the drawing)
    assert "Fix &lt;b&gt; &amp; &quot;co&quot;" in figure
    warnings = [m for m in built.messages if "tasks:timeline" in m]
    assert any("unknown attribute 'zoom'" in w and "sort, limit or group" in w for w in warnings), warnings
    assert any('group="colour" cannot be read' in w and "category, status, owner" in w for w in warnings)
    assert {re.search(r"docs/when\.md:(\d+): ", w).group(1) for w in warnings} == {"3"}  # the marker's line
    drawn = _timelines(html)[0]
    assert [b["data-task-id"] for b in drawn["bars"]] == ["PROJ-1", "PROJ-2"]
    assert drawn["arrows"] == [("PROJ-1", "PROJ-2")]


@pytest.mark.parametrize(("days", "per_day", "unit"), [
    (6, 90.0, 1), (20, 30.0, 2), (70, 9.0, 7), (120, 5.0, 14), (300, 2.0, 31), (700, 0.8, 92),
    (1500, 0.4, 184), (8000, 0.07, 3 * 366)])
def test_the_axis_ticks_suit_the_span(days: int, per_day: float, unit: int) -> None:
    first = dt.date(2026, 11, 17)
    last = first + dt.timedelta(days=days)
    marks = ticks(first, last, per_day)
    assert marks and all(first <= d <= last for d, _ in marks)
    gaps = [(b - a).days for (a, _), (b, _) in zip(marks, marks[1:], strict=False)]
    assert all(g * per_day >= MIN_TICK for g in gaps)  # labels never overlap
    assert max(gaps, default=unit) <= unit  # and are not sparser than the unit
    if unit == 7:
        assert all(d.weekday() == 0 for d, _ in marks)  # weeks start on Mondays
    if unit >= 31:
        assert all(d.day == 1 for d, _ in marks)  # months, quarters, years on their first day
        assert all(str(d.year) in label for d, label in marks if d.month == 1)
