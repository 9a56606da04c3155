"""The repository itself: its docs dogfood the plugin, its code passes ruff and mypy."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_mkdocs, tree_digest

ROOT = Path(__file__).resolve().parent.parent


def test_project_docs_build_strict(tmp_path: Path) -> None:
    before = tree_digest(ROOT / "docs")
    proc = run_mkdocs(ROOT, "build", "--strict", "--site-dir", str(tmp_path / "site"))
    assert proc.returncode == 0, proc.stderr
    assert tree_digest(ROOT / "docs") == before
    data = json.loads((tmp_path / "site" / "tasks.json").read_text())
    ids = [t["id"] for t in data["tasks"]]
    assert "MT-1" in ids and len(ids) >= 5
    roadmap = (tmp_path / "site" / "tasks" / "index.html").read_text()
    assert roadmap.count('<table class="tasks-index"') >= 4


def test_project_docs_pass_the_command_line_check() -> None:
    exe = Path(sys.executable).parent / "mkdocs-tasks"
    proc = subprocess.run([str(exe), "check"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""
    pages = len([p for p in (ROOT / "docs" / "tasks").rglob("*.md") if p.name != "index.md"])
    assert pages >= 7 and f"0 errors, 0 warnings in {pages} task pages" in proc.stderr


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    blocks = readme.split("```")
    commands = [b.split("\n", 1)[1].strip() for b in blocks[1:4:2]]
    assert "mkdocs build" in commands[0] and "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text()
    assert commands[1] in ci


@pytest.mark.parametrize("tool", [["ruff", "check", "."], ["mypy"]])
def test_static_checks(tool: list[str]) -> None:
    exe = shutil.which(tool[0], path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip(f"{tool[0]} is not installed (pip install -e '.[test]')")
    proc = subprocess.run([exe, *tool[1:]], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
