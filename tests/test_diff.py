"""`mkdocs-tasks diff` in a subprocess, on a real git repository made in the test."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import build_site, git, task_page, tree_digest, write_site
from test_cli import run


def _commit(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD")


def _repo(tmp_path: Path) -> Path:
    root = write_site(tmp_path / "repo", {
        "index.md": "# Home\n",
        "tasks/security/PROJ-1.md": task_page("First | with a pipe"),
        "tasks/security/PROJ-2.md": task_page("Second", deps="- PROJ-1"),
        "tasks/performance/PROJ-3.md": task_page("Third"),
    })
    git(root, "init", "-q")
    return root


def test_diff_names_exactly_the_tasks_a_change_adds_removes_and_changes(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    base = _commit(root, "three tasks")
    docs = root / "docs" / "tasks"
    p1 = docs / "security" / "PROJ-1.md"
    p1.write_text(p1.read_text().replace("- [ ] Second", "- [x] Second"))  # 1/2 -> 2/2: done
    (docs / "performance" / "PROJ-3.md").unlink()
    (docs / "performance" / "PROJ-4.md").write_text(task_page("Fourth", deps="- PROJ-1"))
    (root / "docs" / "index.md").write_text("# Home, edited\n")  # no task: not in the diff
    head = _commit(root, "tick, delete, add")

    out = run(root, "diff", base, head, "--format", "json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert [r["id"] for r in result["added"]] == ["PROJ-4"]
    assert [r["id"] for r in result["removed"]] == ["PROJ-3"]
    assert [c["id"] for c in result["changed"]] == ["PROJ-1"]
    change = result["changed"][0]
    assert (change["before"]["status"], change["after"]["status"]) == ("in-progress", "done")
    assert change["before"]["progress"] == {"done": 1, "total": 2}
    # each side is the task's tasks.json record, as a build of that revision writes it
    built = {t["id"]: t for t in json.loads((build_site(root).site / "tasks.json").read_text())["tasks"]}
    assert change["after"] == built["PROJ-1"] and result["added"][0] == built["PROJ-4"]

    table = run(root, "diff", base, head)
    assert table.returncode == 0, table.stderr
    text = table.stdout
    assert text.startswith("**Tasks:** 1 added, 1 removed, 1 changed; completes PROJ-1.")
    assert "| PROJ-1 | changed | First \\| with a pipe | Security | in-progress → done | 1/2 → 2/2 |" in text
    assert "| PROJ-4 | added | Fourth |" in text and "| PROJ-3 | removed | Third |" in text

    # HEAD left out: the work tree, uncommitted edits included; nothing is checked out
    (docs / "security" / "PROJ-2.md").write_text(
        (docs / "security" / "PROJ-2.md").read_text().replace("# Second", "# Second, renamed"))
    before_tree = tree_digest(root)
    work = json.loads(run(root, "diff", head, "--format", "json").stdout)
    assert [c["id"] for c in work["changed"]] == ["PROJ-2"] and not work["added"] and not work["removed"]
    assert (work["changed"][0]["before"]["title"], work["changed"][0]["after"]["title"]) == (
        "Second", "Second, renamed")
    assert tree_digest(root) == before_tree
    assert git(root, "status", "--porcelain", "docs", "mkdocs.yml") == "M docs/tasks/security/PROJ-2.md"
    same = run(root, "diff", head, head)
    assert same.returncode == 0 and same.stdout == "**Tasks:** no task changed.\n"


def test_diff_refuses_what_it_cannot_compare_with_exit_2(tmp_path: Path) -> None:
    plain = write_site(tmp_path / "plain", {"index.md": "# Home\n"})
    out = run(plain, "diff", "HEAD")
    assert out.returncode == 2 and "is not in a git repository" in out.stderr and not out.stdout

    root = _repo(tmp_path)
    base = _commit(root, "one")
    out = run(root, "diff", "no-such-branch")
    assert out.returncode == 2 and "unknown revision 'no-such-branch'" in out.stderr

    cfg = root / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace("- tasks\n", "- tasks:\n    fail_on: never\n"))
    out = run(root, "diff", base)
    assert out.returncode == 2 and "mkdocs.yml differs between" in out.stderr
    assert "Traceback" not in out.stderr
