"""`mkdocs serve` for real: a subprocess on a free loopback port, files changed on disk."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import MKDOCS, task_page, tree_digest, write_site


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


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    root = write_site(tmp_path / "s", {
        "index.md": "# Home\n",
        "tasks/security/PROJ-1.md": task_page("First"),
        "tasks/security/PROJ-2.md": task_page("Second", deps="- PROJ-1"),
    })
    port = _free_port()
    proc = subprocess.Popen([*MKDOCS, "serve", "-a", f"127.0.0.1:{port}"],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base + "/", lambda html: "Home" in html)
        yield root, base, proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_serve_shows_problems_on_the_page_and_keeps_running(
    served: tuple[Path, str, subprocess.Popen[str]],
) -> None:
    root, base, proc = served
    before = tree_digest(root / "docs")
    page = _wait_for(base + "/tasks/security/PROJ-1/", lambda h: "tasks-header" in h)
    assert 'data-progress="1/2"' in page and "tasks-problems" not in page

    # tick a checkbox: the badge, the index and tasks.json follow
    p1 = root / "docs" / "tasks" / "security" / "PROJ-1.md"
    p1.write_text(p1.read_text().replace("- [ ] Second criterion", "- [x] Second criterion"))
    _wait_for(base + "/tasks/security/PROJ-1/", lambda h: 'data-progress="2/2"' in h)
    _wait_for(base + "/tasks/", lambda h: 'data-status="done"' not in h and "2/2" in h)
    data = json.loads(_wait_for(base + "/tasks.json", lambda t: '"done": 2' in t))
    assert {t["id"]: t["status"] for t in data["tasks"]} == {"PROJ-1": "done", "PROJ-2": "in-progress"}

    # a malformed task: problems on its page, and the server still serves
    (root / "docs" / "tasks" / "security" / "PROJ-3.md").write_text("## Objective\nOnly this.\n")
    bad = _wait_for(base + "/tasks/security/PROJ-3/", lambda h: "tasks-problems" in h)
    assert "missing-title" in bad and "missing-section" in bad
    assert proc.poll() is None

    # a deleted task disappears from the index and from tasks.json
    p1.unlink()
    gone = _wait_for(base + "/tasks.json",
                     lambda t: "PROJ-1" not in [x["id"] for x in json.loads(t)["tasks"]])
    assert [x["id"] for x in json.loads(gone)["tasks"]] == ["PROJ-2", "PROJ-3"]
    index = _wait_for(base + "/tasks/", lambda h: 'data-task-id="PROJ-1"' not in h)
    assert 'tr data-task-id="PROJ-2"' in index
    assert proc.poll() is None
    assert tree_digest(root / "docs") != before  # only our own edits changed it
    assert not any(p.name == "tasks.json" for p in (root / "docs").rglob("*"))
