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


def _modules() -> list[tuple[Path, object]]:
    import ast

    return [(p, ast.parse(p.read_text())) for p in sorted((ROOT / "mkdocs_tasks").rglob("*.py"))]


def test_the_package_keeps_its_shape() -> None:
    """The shape docs/guide/contributing.md describes: no function over 80 lines, no module
    reaching into another's private names, a plugin class that only wires (few attributes,
    a short module), and only the adapters importing MkDocs."""
    import ast

    long, private, mkdocs = [], [], set()
    for path, tree in _modules():
        rel = path.relative_to(ROOT / "mkdocs_tasks").as_posix()
        for node in ast.walk(tree):  # type: ignore[arg-type]
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if node.end_lineno - node.lineno + 1 > 80:  # type: ignore[operator]
                    long.append(f"{rel}:{node.lineno} {node.name}")
            elif isinstance(node, ast.ImportFrom):
                if node.level and any(a.name.startswith("_") for a in node.names):
                    private.append(f"{rel}:{node.lineno}")
                if (node.module or "").split(".")[0] in ("mkdocs", "jinja2"):
                    mkdocs.add(rel)
            elif isinstance(node, ast.Import) and any(a.name.split(".")[0] == "mkdocs" for a in node.names):
                mkdocs.add(rel)
    assert long == [] and private == []
    assert mkdocs <= {"config.py", "plugin.py", "dirty.py", "pages.py", "report.py", "project.py"}, mkdocs
    plugin = (ROOT / "mkdocs_tasks" / "plugin.py").read_text()
    assert len(plugin.splitlines()) <= 250
    from mkdocs_tasks.plugin import TasksPlugin

    instance = TasksPlugin()
    own = set(vars(instance)) - {"config", "config_scheme"}
    assert len(own) <= 8, own


def test_the_contributors_page_names_every_module() -> None:
    """docs/contributing.md gives each module its job: every module of the package is
    there, and nothing that is not."""
    import re

    page = (ROOT / "docs" / "contributing.md").read_text()
    named = set()
    for cell in re.findall(r"^\| (`[^|]+) \|", page, re.M):
        named.update(re.findall(r"`([a-z_]+(?:\.py|/))`", cell))
    package = ROOT / "mkdocs_tasks"
    modules = {p.name for p in package.glob("*.py") if p.name != "__init__.py"}
    modules |= {f"{p.name}/" for p in package.iterdir() if (p / "__init__.py").is_file()}
    assert named == modules
