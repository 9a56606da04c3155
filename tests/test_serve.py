"""`mkdocs serve` for real: a subprocess on a free loopback port, files changed on disk."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import MKDOCS, build_site, task_page, write_site


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return str(r.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, check: Callable[[str], bool], timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = _get(url)
        if last is not None and check(last):
            return last
        time.sleep(0.2)
    raise AssertionError(f"{url} did not change as expected in {timeout}s; last: {(last or '')[:500]}")


class Server:
    dirty = False  # `mkdocs serve --dirty`
    command = MKDOCS  # or ProperDocs'

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = root.parent / "serve.log"
        self._out = open(self.log, "w")
        self.proc = subprocess.Popen(
            [*self.command, "serve", "-v", *(["--dirty"] if self.dirty else []), "-a",
             f"127.0.0.1:{self.port}"], cwd=root, stdout=self._out, stderr=subprocess.STDOUT, text=True,
            env={"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": os.environ["SOURCE_DATE_EPOCH"],
                 "PATH": "/usr/bin:/bin", "HOME": str(root.parent)})

    def page(self, path: str, check: Callable[[str], bool]) -> str:
        assert self.proc.poll() is None, self.log.read_text()[-3000:]
        return _wait_for(self.base + path, check)

    def tasks(self, check: Callable[[dict[str, dict[str, object]]], bool]) -> dict[str, dict[str, object]]:
        def by_id(text: str) -> dict[str, dict[str, object]]:
            return {str(t["id"]): t for t in json.loads(text)["tasks"]}
        return by_id(self.page("/tasks.json", lambda t: check(by_id(t))))

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)
        self._out.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    root = write_site(tmp_path / "s", {
        "index.md": "# Home\n",
        "tasks/security/PROJ-1.md": task_page("First"),
        "tasks/security/PROJ-2.md": task_page("Second", deps="- PROJ-1"),
    })
    srv = Server(root)
    try:
        srv.page("/", lambda html: "Home" in html)
        yield srv
    finally:
        srv.stop()


def _strip_livereload(html: str) -> str:
    """What serve adds to a page: the livereload script and a canonical URL on its address."""
    html = re.sub(r"<script>\s*var livereload.*?</script>", "", html, flags=re.S)
    html = re.sub(r'<link rel="canonical" href="[^"]*">', "", html)
    return re.sub(r"\s+", " ", html)


def test_serve_follows_every_kind_of_change_and_never_stops(server: Server) -> None:
    root, docs = server.root, server.root / "docs"
    p1, p2 = docs / "tasks" / "security" / "PROJ-1.md", docs / "tasks" / "security" / "PROJ-2.md"
    page = server.page("/tasks/security/PROJ-1/", lambda h: "tasks-header" in h)
    assert 'data-progress="1/2"' in page and "tasks-problems" not in page

    # tick a checkbox: the badge, the index and tasks.json follow, read from the rendered pages
    p1.write_text(p1.read_text().replace("- [ ] Second criterion", "- [x] Second criterion"))
    server.page("/tasks/security/PROJ-1/", lambda h: 'data-progress="2/2"' in h)
    server.page("/tasks/", lambda h: re.search(r'<tr data-task-id="PROJ-1">.*?2/2', h) is not None)
    server.tasks(lambda t: t["PROJ-1"]["status"] == "done")
    assert "mkdocs_tasks: 2 task pages: 2 read from their rendering" in server.log.read_text()

    # rename: the old URL goes, the new one has the header, links and tasks.json follow
    p2_new = p2.with_name("PROJ-2-renamed.md")
    p2.rename(p2_new)
    server.page("/tasks/security/PROJ-2-renamed/", lambda h: 'data-task-id="PROJ-2"' in h)
    server.tasks(lambda t: t["PROJ-2"]["src"] == "tasks/security/PROJ-2-renamed.md")
    assert _get(server.base + "/tasks/security/PROJ-2/") is None
    server.page("/tasks/security/PROJ-1/",
                lambda h: 'class="tasks-ref" data-task-id="PROJ-2" href="../PROJ-2-renamed/"' in h)

    # category and ID changes through front matter
    p1.write_text("---\ncategory: Performance\nid: PROJ-9\n---\n" + p1.read_text())
    data = server.tasks(lambda t: "PROJ-9" in t)
    assert "PROJ-1" not in data and data["PROJ-9"]["category"] == "Performance"
    server.page("/tasks/", lambda h: re.search(
        r'<table class="tasks-index" data-group="category" data-value="Performance" '
        r'data-category="Performance">'
        r'.*?data-task-id="PROJ-9"', h, re.S)
        is not None)
    second = server.page("/tasks/security/PROJ-2-renamed/", lambda h: "unknown-dependency" in h)
    assert "tasks-problems" in second

    # a malformed task: problems on its page, the server still serves
    (docs / "tasks" / "security" / "PROJ-3.md").write_text("## Objective\nOnly this.\n")
    bad = server.page("/tasks/security/PROJ-3/", lambda h: "tasks-problems" in h)
    assert "missing-title" in bad and "missing-section" in bad

    # mkdocs.yml changes apply on the next rebuild
    cfg = (root / "mkdocs.yml").read_text().replace(
        "- tasks\n", "- tasks:\n    external_url: https://tracker.example.com/{id}\n")
    (root / "mkdocs.yml").write_text(cfg)
    second = server.page("/tasks/security/PROJ-2-renamed/",
                         lambda h: 'href="https://tracker.example.com/PROJ-1"' in h)
    assert "unknown-dependency" not in second

    # a deleted task disappears from every index and from tasks.json
    (docs / "tasks" / "security" / "PROJ-3.md").unlink()
    server.tasks(lambda t: sorted(t) == ["PROJ-2", "PROJ-9"])
    index = server.page("/tasks/", lambda h: 'data-task-id="PROJ-3"' not in h)
    assert 'tr data-task-id="PROJ-9"' in index
    assert server.proc.poll() is None

    # what the server shows is what a cold build of the same files gives
    served = {path: _strip_livereload(server.page(path, lambda h: True))
              for path in ("/tasks/", "/tasks/security/PROJ-2-renamed/", "/tasks/security/PROJ-1/")}
    served_json = json.loads(server.page("/tasks.json", lambda t: True))
    server.stop()
    cold = build_site(root)
    assert json.loads((cold.site / "tasks.json").read_text()) == served_json
    for path, html in served.items():
        assert _strip_livereload((cold.site / path.strip("/") / "index.html").read_text()) == html, path
    assert sorted(p.name for p in docs.rglob("*")) == sorted(
        ["index.md", "tasks", "security", "PROJ-1.md", "PROJ-2-renamed.md"])
