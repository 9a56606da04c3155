"""`zensical build` (Zensical from PyPI, a test dependency pinned in pyproject.toml) with
`mkdocs_tasks.extension`, against `mkdocs build` with the plugin on the same files."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from test_build import template_site

from conftest import copy_fixture, task_page, write_site

BIN = Path(sys.executable).parent
EXTENSIONS = ["admonition", "pymdownx.details", "pymdownx.tasklist", "mkdocs_tasks.extension"]
_PROBLEM = re.compile(r"(\S+:\d+: (?:error|warning) \[[a-z-]+\] .*)$", re.M)
_HEADER = re.compile(r'<div class="tasks-header".*?\n</div>', re.S)
_REF = re.compile(r'<a class="tasks-(?:ref|graph-node)[^"]*" data-task-id="[^"]+"'
                  r'(?: data-status="[^"]+")? href="([^"]+)"')


def _run(tool: str, root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore")
    return subprocess.run([str(BIN / tool), "build", *args], cwd=root, capture_output=True,
                          text=True, timeout=300, env=env)


def _builds(root: Path) -> tuple[Path, Path]:
    """The same files built by MkDocs with the plugin and by Zensical with the extension
    (one mkdocs.yml for both: the plugin leaves the extension out of MkDocs' own build)."""
    mk = _run("mkdocs", root, "--strict", "-d", "site-mkdocs")
    assert mk.returncode == 0, mk.stderr[-3000:]
    zs = _run("zensical", root, "--clean")
    assert zs.returncode == 0 and "Traceback" not in zs.stderr, zs.stderr[-3000:]
    shutil.move(root / "site", root / "site-zensical")
    return root / "site-mkdocs", root / "site-zensical"


def _target(site: Path, page: Path, href: str) -> Path:
    path = Path(os.path.normpath(page.parent / unquote(href.split("#")[0])))
    return path / "index.html" if path.is_dir() else path


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "html-urls"])
def test_zensical_pages_show_what_the_plugin_shows(tmp_path: Path, directory_urls: bool) -> None:
    files = template_site()
    files["tasks/security/PROJ-3-admonition.md"] = task_page("Checklist in an admonition", body=(
        "## Objective\nInside a note.\n\n## Requirements\n- One\n\n## Approach\nPlain.\n\n"
        "## Success Criteria\n!!! note \"Criteria\"\n    - [x] One inside\n    - [ ] Two inside\n\n"
        "## Dependencies\n- PROJ-2\n\n## Resources\n- None\n"))
    root = write_site(tmp_path / "z", files, theme="material", extensions=EXTENSIONS,
                      config={"use_directory_urls": directory_urls})
    mk_site, zs_site = _builds(root)
    name = "index.html" if directory_urls else None
    pages = sorted(p.relative_to(mk_site) for p in mk_site.rglob(name or "*.html")
                   if "tasks-header" in p.read_text())
    assert len(pages) == 5
    for rel in pages:  # the header of each task page, byte for byte (links included)
        mine, theirs = ((site / rel).read_text() for site in (zs_site, mk_site))
        assert _HEADER.findall(mine) == _HEADER.findall(theirs) and _HEADER.findall(mine), rel
        for href in _REF.findall(mine):  # every link of the plugin's leads to a page
            assert _target(zs_site, zs_site / rel, href).is_file(), (rel, href)
    admonition = next(p for p in pages if "PROJ-3" in str(p))
    assert 'data-progress="1/2"' in (zs_site / admonition).read_text()
    index = Path("tasks/index.html")
    rows = [re.findall(r'<tr data-task-id="([^"]+)">', (site / index).read_text())
            for site in (zs_site, mk_site)]
    assert rows[0] == rows[1] and len(rows[0]) == 5
    zs_index = (zs_site / index).read_text()
    for href in _REF.findall(zs_index):
        assert _target(zs_site, zs_site / index, href).is_file(), href
    assert '<figure class="tasks-graph"' in zs_index
    assert "<style>" in zs_index  # the stylesheet comes with the page


def test_zensical_prints_the_problems_mkdocs_reports(tmp_path: Path) -> None:
    root = copy_fixture("problems", tmp_path / "problems")
    config = root / "mkdocs.yml"
    text = config.read_text().replace("theme: mkdocs", "theme: material")  # Zensical draws Material
    config.write_text(text.replace("  - pymdownx.tasklist",
                                   "  - pymdownx.tasklist\n  - mkdocs_tasks.extension"))
    broken = root / "docs" / "tasks" / "security" / "PROJ-10-invalid-front-matter.md"
    # Zensical stops at a page whose front matter is not YAML, before any extension runs
    stopped = _run("zensical", root)
    assert stopped.returncode != 0 and "PROJ-10-invalid-front-matter.md" in stopped.stderr
    broken.unlink()
    mk = _run("mkdocs", root, "-d", "site-mkdocs")
    # --clean: Zensical renders again only the pages whose own file changed (its cache),
    # and an unchanged page logs nothing; --strict does not see an extension's warnings
    zs = _run("zensical", root, "--clean", "--strict")
    assert mk.returncode != 0  # MkDocs fails the build; Zensical gives an extension no way to
    assert zs.returncode == 0
    lines = _PROBLEM.findall(zs.stdout + zs.stderr)
    assert len(lines) >= 15 and sorted(lines) == sorted(_PROBLEM.findall(mk.stderr))
    # and each problem is on its page too
    page = root / "site" / "tasks" / "security" / "PROJ-13-self-dependency" / "index.html"
    assert 'class="tasks-problems"' in page.read_text() and "self-dependency" in page.read_text()


def test_zensical_knows_which_page_it_renders(tmp_path: Path) -> None:
    """Two pages with the same text are two tasks (their IDs from their file names); a page
    renamed between two builds shows its new ID, and the old one is gone."""
    same = task_page("Same words on two pages")
    files = {"tasks/security/PROJ-1.md": same, "tasks/security/PROJ-2.md": same,
             "index.md": "# Home\n\n<!-- tasks:index -->\n"}
    root = write_site(tmp_path / "s", files, theme="material", extensions=EXTENSIONS)
    assert _run("zensical", root, "--clean").returncode == 0

    def header(name: str) -> list[str]:
        page = root / "site" / "tasks" / "security" / name / "index.html"
        return re.findall(r'<div class="tasks-header" data-task-id="([^"]+)"', page.read_text())

    assert header("PROJ-1") == ["PROJ-1"] and header("PROJ-2") == ["PROJ-2"]
    folder = root / "docs" / "tasks" / "security"
    (folder / "PROJ-2.md").rename(folder / "PROJ-7.md")
    assert _run("zensical", root, "--clean").returncode == 0
    assert header("PROJ-7") == ["PROJ-7"] and header("PROJ-1") == ["PROJ-1"]
    index = (root / "site" / "index.html").read_text()
    assert re.findall(r'<tr data-task-id="([^"]+)">', index) == ["PROJ-1", "PROJ-7"]


def test_zensical_serve_follows_an_edit(tmp_path: Path) -> None:
    """Over HTTP on a loopback port: a ticked box shows on its page at once; a page that
    shows it too (a dependent's "Waiting on") follows when its own file is saved, since
    Zensical renders again only the pages whose file changed (the install guide says so)."""
    from test_serve import _free_port, _wait_for

    files = {"index.md": "# Home\n",
             "tasks/security/PROJ-1.md": task_page("First"),
             "tasks/security/PROJ-2.md": task_page("Second", deps="- PROJ-1")}
    root = write_site(tmp_path / "s", files, theme="material", extensions=EXTENSIONS)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([str(BIN / "zensical"), "serve", "-a", f"127.0.0.1:{port}"], cwd=root,
                                stdout=out, stderr=subprocess.STDOUT, text=True,
                                env=dict(os.environ, HOME=str(tmp_path)))
        try:
            docs = root / "docs" / "tasks" / "security"
            first = _wait_for(f"{base}/tasks/security/PROJ-1/", lambda h: "tasks-header" in h)
            assert 'data-progress="1/2"' in first
            second = _wait_for(f"{base}/tasks/security/PROJ-2/", lambda h: "tasks-header" in h)
            assert "Waiting on" in second
            p1 = docs / "PROJ-1.md"
            p1.write_text(p1.read_text().replace("- [ ] Second criterion", "- [x] Second criterion"))
            _wait_for(f"{base}/tasks/security/PROJ-1/", lambda h: 'data-progress="2/2"' in h)
            p2 = docs / "PROJ-2.md"
            p2.write_text(p2.read_text() + "\n")  # saved again, unchanged otherwise
            done = _wait_for(f"{base}/tasks/security/PROJ-2/", lambda h: "Waiting on" not in h)
            assert 'data-task-id="PROJ-1"' in done and proc.poll() is None, log.read_text()[-2000:]
        finally:
            proc.terminate()
            proc.wait(timeout=20)


_BOARD = re.compile(r'<div class="tasks-board" data-group="[^"]+">.*?\n</div>', re.S)
_TABLE = re.compile(r'<table class="tasks-index".*?</table>', re.S)
_TIMELINE = re.compile(r'<figure class="tasks-timeline".*?</figure>|<p class="tasks-timeline-undated".*?</p>',
                       re.S)


def test_zensical_draws_boards_and_filtered_views_at_their_markers(tmp_path: Path) -> None:
    """The views fixture (boards by status, owner, due and priority; indexes filtered,
    sorted, grouped and limited; timelines): each board, table and timeline Zensical draws
    equals MkDocs' own."""
    root = copy_fixture("views", tmp_path / "views")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - pymdownx.tasklist", "  - pymdownx.tasklist\n  - mkdocs_tasks.extension"))
    mk = _run("mkdocs", root, "-d", "site-mkdocs")  # (the fixture warns of an overdue task)
    assert mk.returncode == 0, mk.stderr[-3000:]
    zs = _run("zensical", root, "--clean")
    assert zs.returncode == 0 and "Traceback" not in zs.stderr, zs.stderr[-3000:]
    sites = (root / "site", root / "site-mkdocs")
    boards = [_BOARD.findall((site / "boards/index.html").read_text()) for site in sites]
    assert len(boards[1]) == 4 and boards[0] == boards[1]
    tables = [_TABLE.findall((site / "lists/index.html").read_text()) for site in sites]
    assert len(tables[1]) >= 6 and tables[0] == tables[1]
    assert '<p class="tasks-more">and 1 more</p>' in (root / "site/lists/index.html").read_text()
    timelines = [_TIMELINE.findall((site / "timeline/index.html").read_text()) for site in sites]
    assert len(timelines[1]) == 5 and timelines[0] == timelines[1]  # (two drawn, three counts)
