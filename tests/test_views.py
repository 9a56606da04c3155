"""Boards, owners, due dates and filters: a real build of the views fixture site (today is
2026-12-01, conftest's SOURCE_DATE_EPOCH), asserting the exact columns, cards, tables and
rows each marker draws, the header's due phrases, data-overdue, the overdue rule, the new
front matter keys, `fields:`, and `mkdocs-tasks list` with the same filters."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import TODAY, build_site, copy_fixture, task_page, write_site
from test_cli import run

STATUSES = ["todo", "in-progress", "blocked", "done", "cancelled"]


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_fixture("views", tmp_path_factory.mktemp("v") / "views")
    built = build_site(root)
    assert built.ok, built.messages
    (root / "problems.txt").write_text("\n".join(built.problems()))
    return root


def _html(root: Path, page: str) -> str:
    return (root / "site" / page).read_text(encoding="utf-8")


def _boards(html: str) -> list[tuple[str, list[tuple[str, int, list[str]]]]]:
    """Each board: its group, and per column its value, count and cards' IDs."""
    boards = []
    for group, body in re.findall(r'<div class="tasks-board" data-group="([^"]+)">(.*?)\n</div>', html, re.S):
        columns = re.findall(r'<section class="tasks-board-column" data-value="([^"]*)" data-count="(\d+)">'
                             r"(.*?)</section>", body, re.S)
        card = r'<article class="tasks-card" data-task-id="([^"]+)"'
        boards.append((group, [(v, int(n), re.findall(card, c)) for v, n, c in columns]))
    return boards


def _tables(html: str) -> list[tuple[str, str, list[str]]]:
    table = r'<table class="tasks-index" data-group="([^"]+)" data-value="([^"]*)"[^>]*>(.*?)</table>'
    return [(group, value, re.findall(r'<tr data-task-id="([^"]+)"', body))
            for group, value, body in re.findall(table, html, re.S)]


def test_boards_group_by_status_owner_due_and_priority(views: Path) -> None:
    by_status, by_owner, by_due, by_priority = _boards(_html(views, "boards/index.html"))
    assert by_status == ("status", [("todo", 1, ["VIEW-2"]), ("in-progress", 2, ["VIEW-1", "VIEW-4"]),
                                    ("blocked", 1, ["VIEW-5"]), ("done", 2, ["VIEW-3", "VIEW-7"]),
                                    ("cancelled", 1, ["VIEW-6"])])
    assert by_owner == ("owner", [("kim", 1, ["VIEW-5"]), ("lee", 3, ["VIEW-1", "VIEW-2", "VIEW-6"]),
                                  ("sam", 2, ["VIEW-2", "VIEW-3"]), ("", 2, ["VIEW-4", "VIEW-7"])])
    assert by_due == ("due", [("overdue", 1, ["VIEW-1"]), ("soon", 2, ["VIEW-2", "VIEW-3"]),
                              ("later", 1, ["VIEW-4"]), ("none", 1, ["VIEW-5"]),
                              ("past", 2, ["VIEW-6", "VIEW-7"])])
    # the open work, limit 1: a column's count is of all its tasks; an empty one is left out
    assert by_priority == ("priority", [("high", 2, ["VIEW-1"]), ("medium", 1, ["VIEW-2"]),
                                        ("", 1, ["VIEW-5"])])
    html = _html(views, "boards/index.html")
    headings = re.findall(r'<h3 class="tasks-board-heading">([^<]+) <span', html)
    assert headings[:5] == STATUSES and headings[-1] == "No priority"
    assert headings[5:9] == ["kim", "lee", "sam", "Unassigned"]
    assert headings[9:14] == ["Overdue", "Next 7 days", "Later", "No date", "Past"]
    assert '<p class="tasks-more">and 1 more</p>' in html


def test_a_card_shows_what_the_task_is(views: Path) -> None:
    html = _html(views, "boards/index.html")
    cards = re.findall(r'(<article class="tasks-card" data-task-id="VIEW-2".*?</article>)', html, re.S)
    card = cards[0]
    assert 'data-status="todo"' in card and "data-overdue" not in card
    assert re.search(r'<a class="tasks-ref" data-task-id="VIEW-2" href="[^"]+">VIEW-2</a>', card)
    assert '<span class="tasks-priority tasks-priority--medium">medium</span>' in card
    assert '<p class="tasks-card-title">Cache the session lookups</p>' in card
    assert 'aria-valuetext="0 of 2 criteria done"' in card
    assert ('<span class="tasks-person">lee</span>, <span class="tasks-person">sam</span>' in card)
    assert '<time datetime="2026-12-01">2026-12-01</time>' in card
    waiting = re.search(r'<div class="tasks-card-waiting">(.*?)</div>', card, re.S)
    assert waiting and re.findall(r'data-task-id="([^"]+)"', waiting.group(1)) == ["VIEW-1"]
    late = re.findall(r'<article class="tasks-card" data-task-id="VIEW-1"[^>]*>', html)
    assert late and all('data-overdue="true"' in a for a in late)


def test_indexes_filter_sort_limit_and_group(views: Path) -> None:
    tables = _tables(_html(views, "lists/index.html"))
    by_owner = [t for t in tables if t[0] == "owner"]
    assert by_owner == [("owner", "kim", ["VIEW-5"]), ("owner", "lee", ["VIEW-6", "VIEW-1", "VIEW-2"]),
                        ("owner", "sam", ["VIEW-2", "VIEW-3"]), ("owner", "", ["VIEW-7", "VIEW-4"])]
    urgent = [t for t in tables if t[0] == "category"]
    assert urgent == [("category", "Performance", ["VIEW-4"]), ("category", "Security", ["VIEW-1"]),
                      ("category", "Research/Spike", ["VIEW-5"])]
    assert [t for t in tables if t[0] == "due"] == [("due", "overdue", ["VIEW-1"])]
    assert [t for t in tables if t[0] == "tag"] == [
        ("tag", "cache", ["VIEW-2"]), ("tag", "redis", ["VIEW-2"]), ("tag", "security", ["VIEW-1", "VIEW-3"])]
    html = _html(views, "lists/index.html")
    assert html.count('<p class="tasks-more">and 1 more</p>') == 1  # Performance: VIEW-2 left out
    owners_table = re.search(r'<table class="tasks-index" data-group="owner" data-value="lee">(.*?)</table>',
                             html, re.S)
    assert owners_table is not None
    heads = re.findall(r'<th scope="col">([^<]+)</th>', owners_table.group(1))
    assert heads == ["ID", "Title", "Status", "Progress", "Owner", "Due", "Depends on", "Blocks"]
    assert re.search(r'<tr data-task-id="VIEW-1" data-overdue="true">', owners_table.group(1))
    assert 'data-category="Performance"' in html and 'data-value="Uncategorized"' not in html


def test_the_header_says_how_near_the_due_date_is(views: Path, tmp_path: Path) -> None:
    one = _html(views, "tasks/security/VIEW-1-rotate/index.html")
    header = re.search(r'<div class="tasks-header"[^>]*>', one)
    assert header and 'data-overdue="true"' in header.group(0)
    assert '<span class="tasks-due-note">overdue by 6 days</span>' in one
    assert ('<span class="tasks-priority tasks-priority--high"><span class="tasks-label">Priority</span> high'
            in one)
    two = _html(views, "tasks/performance/VIEW-2-cache/index.html")
    assert '<span class="tasks-due-note">due today</span>' in two and "data-overdue" not in two
    assert re.search(r'<span class="tasks-label">Owners</span> <span class="tasks-person">lee</span>', two)
    assert '<span class="tasks-label">Start</span> <time datetime="2026-11-20">' in two
    # depends_on in the front matter: a dependency like any other, with its reverse edge
    assert re.search(r'<div class="tasks-waiting">.*data-task-id="VIEW-1"', two)
    assert re.search(r'<div class="tasks-blocks">.*data-task-id="VIEW-2"', one)
    done = _html(views, "tasks/security/VIEW-3-audit/index.html")
    assert "tasks-due-note" not in done  # done: nothing is near any more
    cancelled = _html(views, "tasks/security/VIEW-6-legacy/index.html")
    assert "data-overdue" not in cancelled and "tasks-due-note" not in cancelled
    soon = write_site(tmp_path / "s", {
        "tasks/security/S-1.md": task_page("Soon", front={"due": "2026-12-05"}),
        "tasks/security/S-2.md": task_page("Far", front={"due": "2026-12-16"})})
    built = build_site(soon)
    near = (built.site / "tasks/security/S-1/index.html").read_text()
    assert '<span class="tasks-due-note">due in 4 days</span>' in near
    assert "tasks-due-note" not in (built.site / "tasks/security/S-2/index.html").read_text()  # 15 days


def test_overdue_rule_tasks_json_and_graph(views: Path) -> None:
    problems = (views / "problems.txt").read_text().splitlines()
    assert problems == [
        "docs/tasks/security/VIEW-1-rotate.md:3: warning [overdue] VIEW-1: due 2026-11-25 has passed "
        "(overdue by 6 days); finish the task, set a later due date, or set its status to cancelled"]
    data = json.loads(_html(views, "tasks.json"))
    assert data["today"] == TODAY
    two = next(t for t in data["tasks"] if t["id"] == "VIEW-2")
    assert (two["owner"], two["owners"], two["start"], two["due"], two["priority"], two["overdue"]) == (
        "lee", ["lee", "sam"], "2026-11-20", "2026-12-01", "medium", False)
    assert two["depends_on"] == ["VIEW-1"] and two["tags"] == ["cache", "redis"]
    assert [t["id"] for t in data["tasks"] if t["overdue"]] == ["VIEW-1"]
    graph = _html(views, "tasks/index.html")
    node = r'<a class="tasks-graph-node" data-task-id="([^"]+)" data-status="[^"]+"( data-overdue="true")?'
    nodes = re.findall(node, graph)
    assert [n for n, late in nodes if late] == ["VIEW-1"] and len(nodes) == 7


def test_list_takes_the_same_filters_sort_and_group(views: Path) -> None:
    open_lee = run(views, "list", "--status", "!done,cancelled", "--owner", "LEE", "--sort", "due")
    assert open_lee.returncode == 0, open_lee.stderr
    assert [line.split()[0] for line in open_lee.stdout.splitlines()[1:]] == ["VIEW-1", "VIEW-2"]
    grouped = run(views, "list", "--group", "owner", "--limit", "1", "--format", "json")
    data = json.loads(grouped.stdout)
    assert [(g["value"], g["count"], g["tasks"]) for g in data["groups"]] == [
        ("kim", 1, ["VIEW-5"]), ("lee", 3, ["VIEW-1"]), ("sam", 2, ["VIEW-2"]), ("", 2, ["VIEW-4"])]
    overdue = run(views, "list", "--due", "overdue", "--format", "json")
    assert [t["id"] for t in json.loads(overdue.stdout)["tasks"]] == ["VIEW-1"]
    week = run(views, "list", "--due", "7d", "--sort=-due")  # (a value that starts with - needs the =)
    assert [line.split()[0] for line in week.stdout.splitlines()[1:]] == ["VIEW-3", "VIEW-2", "VIEW-1"]
    table = run(views, "list", "--group", "due").stdout
    assert "Due: Overdue (1)" in table and "Due: Past (2)" in table
    for bad, said in ((["--priority", "urgent"], "unknown priority 'urgent'; use one of: high, medium, low"),
                      (["--sort", "size"], "--sort 'size' cannot be read"),
                      (["--group", "team"], "--group 'team' cannot be read")):
        proc = run(views, "list", *bad)
        assert proc.returncode == 2 and said in proc.stderr, proc.stderr


def test_marker_attributes_name_what_they_take(tmp_path: Path) -> None:
    root = write_site(tmp_path / "m", {
        "index.md": ('# Home\n\n<!-- tasks:board status="doing" -->\n\n'
                     '<!-- tasks:index sort="size" team="a" -->\n'),
        "tasks/security/PROJ-1.md": task_page("One"),
    })
    built = build_site(root)
    warnings = [w.split("mkdocs_tasks: ", 1)[1] for w in built.warnings() if "tasks:" in w]
    assert warnings == [
        "docs/index.md:3: <!-- tasks:board --> status=\"doing\" can match no task: 'doing' is no status "
        "of this site; use todo, in-progress, done, blocked, cancelled",
        "docs/index.md:5: <!-- tasks:index --> has an unknown attribute 'team'; use category, status, type, "
        "owner, tag, priority, due, sort, limit or group",
        "docs/index.md:5: <!-- tasks:index --> sort=\"size\" cannot be read; use id, due, start, priority, "
        "progress, status, title, owner (a - before it reverses)",
    ]
    html = (built.site / "index.html").read_text()
    assert 'class="tasks-board"' in html and 'class="tasks-index"' in html  # drawn all the same


def test_front_matter_keys_fields_and_their_problems(tmp_path: Path) -> None:
    fields = {"fields": {"assignee": "owner", "labels": "tags", "dependencies": "depends_on"},
              "fail_on": "never"}
    root = write_site(tmp_path / "f", {
        "tasks/security/PROJ-1.md": task_page("Mapped", front={
            "assignee": ["ann", "bo"], "labels": ["ops"], "dependencies": ["PROJ-2", "PROJ-404"],
            "priority": "HIGH"}),
        "tasks/security/PROJ-2.md": task_page("Target"),
        "tasks/security/PROJ-3.md": task_page("Wrong", front={"labels": "ops", "priority": "urgent",
                                                              "start": "2026-12-20", "due": "2026-12-10"}),
    }, plugin=fields)
    built = build_site(root)
    assert built.problems() == [
        'docs/tasks/security/PROJ-1.md:9: warning [unknown-dependency] PROJ-1: dependency "PROJ-404" '
        "names no task of this site; fix the ID, add the task, or set external_url in mkdocs.yml to link "
        "tracker IDs",
        "docs/tasks/security/PROJ-3.md:2: error [invalid-front-matter] PROJ-3: labels must be a list of "
        "words, e.g. labels: [cache, redis], not the text \"ops\"",
        'docs/tasks/security/PROJ-3.md:3: error [invalid-front-matter] PROJ-3: priority "urgent" is unknown; '
        "use one of: high, medium, low (or add it under priorities: in mkdocs.yml)",
        "docs/tasks/security/PROJ-3.md:4: error [invalid-front-matter] PROJ-3: start 2026-12-20 is after due "
        "2026-12-10; move one of them, so that the task starts before it is due",
    ]
    data = {t["id"]: t for t in json.loads((built.site / "tasks.json").read_text())["tasks"]}
    one = data["PROJ-1"]
    assert (one["owners"], one["tags"], one["depends_on"], one["priority"]) == (
        ["ann", "bo"], ["ops"], ["PROJ-2"], "high")
    assert one["external_dependencies"] == ["PROJ-404"] and data["PROJ-2"]["blocks"] == ["PROJ-1"]


def test_a_page_without_checkboxes_keeps_its_status(tmp_path: Path) -> None:
    body = "## Objective\nDone elsewhere.\n"
    root = write_site(tmp_path / "n", {
        "tasks/security/PROJ-1.md": task_page("No boxes", front={"status": "In Progress"}, body=body),
        "tasks/security/PROJ-2.md": task_page("Boxes", front={"status": "done"}),
    }, plugin={"rules": {"missing-section": "off"}})
    built = build_site(root)
    data = {t["id"]: t["status"] for t in json.loads((built.site / "tasks.json").read_text())["tasks"]}
    assert data == {"PROJ-1": "in-progress", "PROJ-2": "in-progress"}  # PROJ-2: 1 of 2 ticked
    assert [p.split("[")[1].split("]")[0] for p in built.problems()] == ["status-mismatch"]
