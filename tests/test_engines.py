"""The plugin under ProperDocs (the maintained fork of MkDocs 1.6): the `properdocs` command
in a subprocess gives what `mkdocs` gives."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from test_serve import Server

from conftest import copy_fixture, task_page, write_site

BIN = Path(sys.executable).parent
_PROBLEM = re.compile(r"(\S+:\d+: (?:error|warning) \[[a-z-]+\] .*)$", re.M)
_HEADER = re.compile(r'<div class="tasks-header".*?\n</div>', re.S)


def _build(tool: str, root: Path, *args: str, config: str | None = "mkdocs.yml",
           ) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore")
    where = ["-f", config] if config else []
    return subprocess.run([str(BIN / tool), "build", *where, "-d", f"site-{tool}", *args],
                          cwd=root, capture_output=True, text=True, timeout=300, env=env)


def test_properdocs_builds_what_mkdocs_builds(tmp_path: Path) -> None:
    root = copy_fixture("containers", tmp_path / "containers")  # Material, macros, includes...
    pd = _build("properdocs", root, "--strict")
    mk = _build("mkdocs", root, "--strict")
    assert pd.returncode == mk.returncode == 0, pd.stderr[-2000:]
    pd_site, mk_site = root / "site-properdocs", root / "site-mkdocs"
    assert (pd_site / "tasks.json").read_bytes() == (mk_site / "tasks.json").read_bytes()
    pages = sorted(p.relative_to(mk_site) for p in mk_site.rglob("index.html")
                   if "tasks-header" in p.read_text())
    assert len(pages) >= 10
    for rel in pages:  # each task page's header, as the reader sees it
        headers = [_HEADER.findall((site / rel).read_text()) for site in (pd_site, mk_site)]
        assert headers[0] == headers[1] and headers[0], rel


def test_properdocs_fails_on_the_same_problem_lines(tmp_path: Path) -> None:
    root = copy_fixture("problems", tmp_path / "problems")
    pd, mk = _build("properdocs", root), _build("mkdocs", root)
    assert pd.returncode != 0 and mk.returncode != 0
    assert "Traceback" not in pd.stderr
    lines = _PROBLEM.findall(pd.stderr)
    assert len(lines) >= 10 and lines == _PROBLEM.findall(mk.stderr)


def test_properdocs_strict_fails_on_the_plugin_s_warnings(tmp_path: Path) -> None:
    root = write_site(tmp_path / "w", {"tasks/security/PROJ-1.md": task_page("One", deps="- PROJ-404")},
                      theme="mkdocs")  # (the plain theme: properdocs-theme-mkdocs)
    (root / "mkdocs.yml").rename(root / "properdocs.yml")  # ProperDocs' own name for it
    assert _build("properdocs", root, config=None).returncode == 0
    strict = _build("properdocs", root, "--strict", config=None)
    assert strict.returncode != 0 and "[unknown-dependency]" in strict.stderr


def test_registered_for_properdocs_too() -> None:
    from importlib.metadata import entry_points

    from mkdocs_tasks.plugin import TasksPlugin

    for group in ("mkdocs.plugins", "properdocs.plugins"):
        (ep,) = [e for e in entry_points(group=group) if e.name == "tasks"]
        assert ep.load() is TasksPlugin


class _ProperDocsServer(Server):
    command = [sys.executable, "-m", "properdocs"]


def test_properdocs_serve_follows_an_edit(tmp_path: Path) -> None:
    root = write_site(tmp_path / "s", {
        "index.md": "# Home\n",
        "tasks/security/PROJ-1.md": task_page("First"),
        "tasks/security/PROJ-2.md": task_page("Second", deps="- PROJ-1"),
    })
    (root / "mkdocs.yml").rename(root / "properdocs.yml")
    server = _ProperDocsServer(root)
    try:
        page = server.page("/tasks/security/PROJ-1/", lambda h: "tasks-header" in h)
        assert 'data-progress="1/2"' in page
        p1 = root / "docs" / "tasks" / "security" / "PROJ-1.md"
        p1.write_text(p1.read_text().replace("- [ ] Second", "- [x] Second"))
        server.page("/tasks/security/PROJ-1/", lambda h: 'data-progress="2/2"' in h)
        second = server.page("/tasks/security/PROJ-2/", lambda h: "tasks-waiting" not in h)
        assert 'data-task-id="PROJ-1"' in second
        assert server.tasks(lambda t: t["PROJ-1"]["status"] == "done")["PROJ-2"]["depends_on"] == ["PROJ-1"]
    finally:
        server.stop()
