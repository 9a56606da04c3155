"""`mkdocs serve --dirty` for real: each edit writes exactly the pages whose output it
changes, and what is served then equals a cold build of the same files, page by page."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_serve import Server, _strip_livereload

from conftest import build_site, git, task_page, write_site

_REBUILT = "Reloading browsers"  # (livereload's; MkDocs' own "Documentation built in" line
# is dropped when it repeats the figure of the rebuild before)
_SITE_DIR = re.compile(r"Config value 'site_dir' = '([^']+)'")


class DirtyServer(Server):
    """`mkdocs serve --dirty -v`, and which pages each rebuild wrote into its site folder."""

    dirty = True

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.builds = 0
        self.written: dict[str, int] = {}
        self.page("/", lambda h: True)  # (the first build is done)
        found = _SITE_DIR.search(self.log.read_text())
        assert found, "serve -v logs its site_dir"
        self.site = Path(found.group(1))
        self.written = self._stamps()

    def _stamps(self) -> dict[str, int]:
        return {str(p.relative_to(self.site)): p.stat().st_mtime_ns
                for p in self.site.rglob("*.html") if p.name != "404.html"}

    def rebuilt(self, timeout: float = 60) -> set[str]:
        """Waits for the next rebuild to end: the source of each page it wrote."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log.read_text()[-3000:]
            if self.log.read_text().count(_REBUILT) > self.builds:
                self.builds += 1
                now = self._stamps()
                out = {_source(rel) for rel, t in now.items() if self.written.get(rel) != t}
                self.written = now
                return out
            time.sleep(0.05)
        raise AssertionError(f"no rebuild in {timeout}s: {self.log.read_text()[-3000:]}")


def _source(html: str) -> str:
    """The page an output file is written for (use_directory_urls)."""
    if html == "index.html":
        return "index.md"
    if html.endswith("/index.html") and html[:-11].rsplit("/", 1)[-1] != "tasks":
        return html[:-11] + ".md"
    return html[:-5] + ".md"


def _body(title: str, boxes: tuple[bool, bool] = (True, False), deps: str = "None") -> str:
    text = task_page(title, deps=deps)
    text = text.replace("- [x] First", f"- [{'x' if boxes[0] else ' '}] First")
    return text.replace("- [ ] Second", f"- [{'x' if boxes[1] else ' '}] Second")


@pytest.fixture
def dirty(tmp_path: Path) -> Iterator[DirtyServer]:
    root = write_site(tmp_path / "s", {
        "index.md": "# Home\n",
        "notes.md": "# Notes\n\nNot a task.\n",
        "tasks/index.md": "# All tasks\n\n<!-- tasks:index -->\n\n<!-- tasks:graph -->\n",
        "board.md": '# Security board\n\n<!-- tasks:index category="Security" -->\n',
        "tasks/security/PROJ-1.md": _body("First"),
        "tasks/security/PROJ-2.md": _body("Second", deps="- PROJ-1"),
        "tasks/performance/PROJ-3.md": _body("Third"),
        "tasks/performance/PROJ-4.md": _body("Fourth"),
        "tasks/performance/PROJ-5.md": _body("Fifth", deps="- PROJ-4"),
    # (titles in nav: MkDocs' --dirty takes a nav title from pages it reads, else shows None)
    }, config={"nav": [{"Home": "index.md"}, {"All tasks": "tasks/index.md"},
                       {"Security board": "board.md"}]})
    srv = DirtyServer(root)
    try:
        yield srv
    finally:
        srv.stop()


def _normal(html: str) -> str:
    """A page without what differs from one build to the next anyway: serve's livereload
    script and canonical URL, the build date."""
    return re.sub(r"Build Date UTC : [^\n]*", "", _strip_livereload(html))


def _same_as_cold_build(server: DirtyServer) -> None:
    """Every page of a cold build of the same files, and tasks.json, as served."""
    cold = build_site(server.root)
    assert cold.ok
    pages = sorted(p.relative_to(cold.site) for p in cold.site.rglob("*.html") if p.name != "404.html")
    assert len(pages) >= 8
    for rel in pages:
        url = "/" + str(rel.parent).replace(".", "").strip("/") + "/"
        served = server.page(url.replace("//", "/"), lambda h: True)
        assert _normal(served) == _normal(cold.html(str(rel))), rel
    served_json = json.loads(server.page("/tasks.json", lambda t: True))
    assert served_json == json.loads((cold.site / "tasks.json").read_text())


TASKS = "tasks/index.md"
BOARD = "board.md"
SEC, PERF = "tasks/security/", "tasks/performance/"


def test_each_edit_writes_what_it_changes_and_equals_a_cold_build(dirty: DirtyServer) -> None:
    docs = dirty.root / "docs"

    def edit(rel: str, change: Callable[[str], str]) -> set[str]:
        path = docs / rel
        time.sleep(0.05)
        path.write_text(change(path.read_text()))
        return dirty.rebuilt()

    # progress only (1/2 -> 2/2 is also a status: done; PROJ-3 has no dependents)
    assert edit(PERF + "PROJ-3.md", lambda t: t.replace("- [ ] Second", "- [x] Second")) == {
        PERF + "PROJ-3.md", TASKS}
    _same_as_cold_build(dirty)

    # PROJ-2 depends on PROJ-1: 1/2 -> 0/2 keeps it waiting (in-progress -> todo) ...
    assert edit(SEC + "PROJ-1.md", lambda t: t.replace("- [x] First", "- [ ] First")) == {
        SEC + "PROJ-1.md", TASKS, BOARD}
    _same_as_cold_build(dirty)
    # ... and completing PROJ-1 ends the wait: PROJ-2's header changes too
    assert edit(SEC + "PROJ-1.md", lambda t: t.replace("- [ ] ", "- [x] ")) == {
        SEC + "PROJ-1.md", SEC + "PROJ-2.md", TASKS, BOARD}
    second = dirty.page("/tasks/security/PROJ-2/", lambda h: True)
    assert "tasks-waiting" not in second
    index = dirty.page("/tasks/", lambda h: True)
    assert re.search(r'<tr data-task-id="PROJ-1">.*?2/2', index)
    _same_as_cold_build(dirty)

    # a title: the page and the indexes that list it (the board lists Security only)
    assert edit(PERF + "PROJ-5.md", lambda t: t.replace("# Fifth", "# Fifth, renamed")) == {
        PERF + "PROJ-5.md", TASKS}
    _same_as_cold_build(dirty)

    # a new dependency: PROJ-4 now blocks PROJ-3 too
    assert edit(PERF + "PROJ-3.md", lambda t: t.replace(
        "## Dependencies\nNone", "## Dependencies\n- PROJ-4")) == {
        PERF + "PROJ-3.md", PERF + "PROJ-4.md", TASKS}
    _same_as_cold_build(dirty)

    # a category: the indexes that show it before or after
    assert edit(PERF + "PROJ-5.md", lambda t: "---\ncategory: Security\n---\n" + t) == {
        PERF + "PROJ-5.md", TASKS, BOARD}
    _same_as_cold_build(dirty)

    # a status that keeps its dependents waiting (in-progress -> blocked)
    assert edit(PERF + "PROJ-4.md", lambda t: "---\nstatus: blocked\n---\n" + t) == {
        PERF + "PROJ-4.md", TASKS}
    _same_as_cold_build(dirty)

    # an ID: who named the old one now has an unknown dependency; every index links anew
    assert edit(PERF + "PROJ-4.md", lambda t: t.replace("status: blocked", "id: PROJ-40")) == {
        PERF + "PROJ-4.md", PERF + "PROJ-3.md", PERF + "PROJ-5.md", TASKS, BOARD}
    assert "unknown-dependency" in dirty.page("/tasks/performance/PROJ-5/", lambda h: True)
    _same_as_cold_build(dirty)

    # a new task, a renamed one, a deleted one: PROJ-1 blocks it, every index lists it
    time.sleep(0.05)
    (docs / SEC / "PROJ-6.md").write_text(_body("Sixth", deps="- PROJ-1"))
    assert dirty.rebuilt() == {SEC + "PROJ-6.md", SEC + "PROJ-1.md", TASKS, BOARD}
    _same_as_cold_build(dirty)
    time.sleep(0.05)
    (docs / SEC / "PROJ-6.md").rename(docs / SEC / "PROJ-6-new.md")
    assert dirty.rebuilt() == {SEC + "PROJ-6-new.md", SEC + "PROJ-1.md", TASKS, BOARD}
    _same_as_cold_build(dirty)
    time.sleep(0.05)
    (docs / SEC / "PROJ-6-new.md").unlink()
    assert dirty.rebuilt() == {SEC + "PROJ-1.md", TASKS, BOARD}
    _same_as_cold_build(dirty)

    # a page that is no task: that page alone, as without the plugin
    assert edit("notes.md", lambda t: t + "\nMore.\n") == {"notes.md"}
    _same_as_cold_build(dirty)

    # mkdocs.yml: every task and marker page (what MkDocs itself rebuilds under --dirty: none)
    cfg = dirty.root / "mkdocs.yml"
    time.sleep(0.05)
    cfg.write_text(cfg.read_text().replace(
        "- tasks\n", "- tasks:\n    external_url: https://tracker.example.com/{id}\n"))
    assert dirty.rebuilt() == {SEC + "PROJ-1.md", SEC + "PROJ-2.md", PERF + "PROJ-3.md",
                               PERF + "PROJ-4.md", PERF + "PROJ-5.md", TASKS, BOARD}
    assert "https://tracker.example.com/PROJ-4" in dirty.page("/tasks/performance/PROJ-5/", lambda h: True)
    _same_as_cold_build(dirty)


def _edit(server: DirtyServer, rel: str, old: str, new: str) -> set[str]:
    """Replaces `old` (which must be there) by `new` in a page, and waits for the rebuild:
    the pages it wrote."""
    path = server.root / "docs" / rel
    time.sleep(0.05)
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    return server.rebuilt()


def test_owner_due_and_priority_edits_rewrite_the_boards_and_indexes_that_show_them(
        tmp_path: Path) -> None:
    """Today is 2026-12-01 (SOURCE_DATE_EPOCH, as conftest sets it for every process)."""
    people, ann, soon = "people.md", "ann.md", "soon.md"
    root = write_site(tmp_path / "v", {
        "index.md": "# Home\n",
        TASKS: "# All tasks\n\n<!-- tasks:index -->\n",
        people: '# People\n\n<!-- tasks:board group="owner" -->\n',
        ann: '# Ann\n\n<!-- tasks:index owner="ann" -->\n',
        soon: '# Soon\n\n<!-- tasks:index due="7d" -->\n',
        SEC + "PROJ-1.md": task_page("First", front={"owner": "ann", "due": "2026-12-20"}),
        SEC + "PROJ-2.md": task_page("Second", deps="- PROJ-1", front={"owner": "bo"}),
        PERF + "PROJ-3.md": task_page("Third"),
    }, config={"nav": [{"Home": "index.md"}, {"All tasks": TASKS}, {"People": people},
                       {"Ann": ann}, {"Soon": soon}]})
    dirty = DirtyServer(root)
    try:
        # an owner: the task's header, the full index's Owner column, the board's columns,
        # and Ann's index, which no longer lists it; not the tasks due soon
        assert _edit(dirty, SEC + "PROJ-1.md", "owner: ann", "owner: bo") == {
            SEC + "PROJ-1.md", TASKS, people, ann}
        _same_as_cold_build(dirty)
        # a due date three days ahead: now among the tasks due within 7 days
        assert _edit(dirty, PERF + "PROJ-3.md", "# Third", "---\ndue: 2026-12-04\n---\n# Third") == {
            PERF + "PROJ-3.md", TASKS, people, soon}
        _same_as_cold_build(dirty)
        # a priority: shown on the header and on the card, in no index column
        assert _edit(dirty, SEC + "PROJ-2.md", "owner: bo", "owner: bo\npriority: high") == {
            SEC + "PROJ-2.md", people}
        _same_as_cold_build(dirty)
    finally:
        dirty.stop()


def test_the_timeline_and_the_history_follow_an_edit(tmp_path: Path) -> None:
    """A site in git: ticking a box rewrites the timeline that shows its status and the
    history, whose last point is now the working tree's; an edit neither shows leaves both
    alone. Each time the same as a cold build."""
    when, progress = "when.md", "progress.md"
    root = write_site(tmp_path / "t", {
        "index.md": "# Home\n",
        TASKS: "# All tasks\n\n<!-- tasks:index -->\n",
        when: "# When\n\n<!-- tasks:timeline -->\n",
        progress: "# Progress\n\n<!-- tasks:history -->\n",
        SEC + "PROJ-1.md": task_page("First", front={"due": "2026-12-04"}),
        SEC + "PROJ-2.md": task_page("Second", deps="- PROJ-1", front={"due": "2026-12-20"}),
        PERF + "PROJ-3.md": task_page("Third"),
        PERF + "PROJ-4.md": task_page("Fourth"),
    }, config={"nav": [{"Home": "index.md"}, {"All tasks": TASKS}, {"When": when},
                       {"Progress": progress}]})
    (root / ".gitignore").write_text("site/\n.cache/\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "four tasks", date="2026-11-20T10:00:00Z")
    dirty = DirtyServer(root)
    try:
        assert '<tr data-date="2026-11-20"' in dirty.page("/progress/", lambda h: True)
        assert 'data-commit=""' not in dirty.page("/progress/", lambda h: True)
        # PROJ-1 done: its bar's status, the index, PROJ-2's header (no longer waiting), and
        # the history's point of the working tree
        assert _edit(dirty, SEC + "PROJ-1.md", "- [ ] Second", "- [x] Second") == {
            SEC + "PROJ-1.md", SEC + "PROJ-2.md", TASKS, when, progress}
        served = dirty.page("/progress/", lambda h: True)
        assert re.search(r'<tr data-date="2026-12-01" data-commit=""><td>[^<]*</td><td>1</td><td>4</td>'
                         r"<td>5</td><td>8</td></tr>", served), served[-3000:]
        _same_as_cold_build(dirty)
        # words neither chart shows: neither is written again
        assert _edit(dirty, PERF + "PROJ-3.md", "Plain approach.", "A plainer approach.") == {
            PERF + "PROJ-3.md"}
        _same_as_cold_build(dirty)
        # unticked again: the working tree is HEAD's once more, its point goes
        assert _edit(dirty, SEC + "PROJ-1.md", "- [x] Second", "- [ ] Second") == {
            SEC + "PROJ-1.md", SEC + "PROJ-2.md", TASKS, when, progress}
        _same_as_cold_build(dirty)
    finally:
        dirty.stop()
