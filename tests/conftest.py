"""Real builds of small real sites: MkDocs, Material and pymdown-extensions, no mocks."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# "Today" for every build and command of the suite, as a reproducible build fixes it:
# 2026-12-01 (UTC). Tests of due dates count from it (conftest.TODAY).
os.environ["SOURCE_DATE_EPOCH"] = "1796083200"

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = "2026-12-01"  # the date of SOURCE_DATE_EPOCH above
MKDOCS = [sys.executable, "-m", "mkdocs"]

TASK_BODY = """\
## Objective
Do the thing.

## Requirements
- One requirement

## Approach
Plain approach.

## Success Criteria
- [x] First criterion
- [ ] Second criterion

## Dependencies
{deps}

## Resources
- Some link
"""

SPIKE_BODY = """\
## Objective
Find out.

## Time-Box
2 days

## Questions to Answer
1. Which one?

## Deliverables
- [ ] Comparison matrix
- [x] Recommendation

## Out of Scope
- Migration
"""


def task_page(title: str | None = "A task", deps: str = "None", front: dict[str, Any] | None = None,
              body: str | None = None) -> str:
    text = ""
    if front:
        text += "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n"
    if title is not None:
        text += f"# {title}\n\n"
    return text + (body if body is not None else TASK_BODY.format(deps=deps))


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class Built:
    root: Path
    site: Path
    ok: bool
    records: list[logging.LogRecord] = field(default_factory=list)

    @property
    def messages(self) -> list[str]:
        return [r.getMessage() for r in self.records]

    def problems(self) -> list[str]:
        """The problem lines the plugin logged, without MkDocs' level or the plugin prefix."""
        out = []
        for m in self.messages:
            hit = re.search(r"(\S+:\d+: (?:error|warning) \[[a-z-]+\] .*)$", m)
            if hit:
                out.append(hit.group(1))
        return out

    def html(self, page: str) -> str:
        return (self.site / page).read_text(encoding="utf-8")

    def warnings(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= logging.WARNING]


def git(root: Path, *args: str, date: str | None = None) -> str:
    """git in `root` as a test's author, its output; `date`: the commit's date (committer
    and author), as a dated history needs."""
    env = dict(os.environ)
    if date is not None:
        env.update(GIT_COMMITTER_DATE=date, GIT_AUTHOR_DATE=date)
    return subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.com",
                           "-c", "init.defaultBranch=main", *args], cwd=root, check=True,
                          capture_output=True, text=True, env=env).stdout.strip()


def write_site(root: Path, files: dict[str, str | bytes], config: dict[str, Any] | None = None,
               theme: str = "mkdocs", plugin: dict[str, Any] | None = None,
               extensions: list[Any] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    cfg: dict[str, Any] = {
        "site_name": "Test site",
        "theme": {"name": theme},
        "plugins": [{"tasks": plugin} if plugin else "tasks"],
        "markdown_extensions": extensions if extensions is not None else ["pymdownx.tasklist"],
    }
    cfg.update(config or {})
    (root / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    for rel, content in files.items():
        path = root / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root


def build_site(root: Path, strict: bool = False) -> Built:
    """`mkdocs build` in this process: build(load_config()), the way mkdocs-section-index tests."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError

    handler = _Records()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    ok = True
    try:
        cfg = load_config(str(root / "mkdocs.yml"), strict=strict)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    except (Abort, BuildError, ConfigurationError):
        ok = False
    finally:
        logger.removeHandler(handler)
    return Built(root, root / "site", ok, handler.records)


def run_mkdocs(root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore")
    return subprocess.run([*MKDOCS, *args], cwd=root, capture_output=True, text=True,
                          timeout=timeout, env=env)


def tree_digest(path: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(path.rglob("*")):
        h.update(str(p.relative_to(path)).encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def copy_fixture(name: str, dest: Path) -> Path:
    shutil.copytree(FIXTURES / name, dest)
    return dest


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "site-root"


@pytest.fixture(autouse=True, scope="session")
def _sources_never_written() -> Iterator[None]:
    """No test, build or serve session may change the project's docs or the fixture sites."""
    roots = [Path(__file__).resolve().parent.parent / "docs", FIXTURES]
    before = {r: tree_digest(r) for r in roots}
    yield
    for r in roots:
        assert tree_digest(r) == before[r], f"{r} was modified by the test session"


def graph_files(n: int) -> dict[str, str]:
    """n tasks over three categories; each depends on up to three earlier ones (fixed
    pseudo-random), one on an ID outside the site, every seventh blocked, every fifth done."""
    import random
    rng = random.Random(n)
    files = {"index.md": "# Home\n", "tasks/index.md": "# Roadmap\n\n<!-- tasks:graph -->\n"}
    categories = ["infrastructure", "security", "performance"]
    for i in range(1, n + 1):
        picks = range(rng.randint(0, 3)) if i > 1 else range(0)
        deps = sorted({rng.randint(max(1, i - 30), i - 1) for _ in picks})
        lines = [f"- PROJ-{d}" for d in deps] + (["- EXT-9"] if i == 4 else [])
        front: dict[str, Any] = {"id": f"PROJ-{i}"}
        if i % 7 == 0:
            front["status"] = "blocked"
        text = task_page(f"Task {i}: {'a long title that the box cuts short ' * (i % 3)}<{i}>",
                         deps="\n".join(lines) or "None", front=front)
        if i % 5 == 0:
            text = text.replace("- [ ] Second", "- [x] Second")
        files[f"tasks/{categories[i % 3]}/PROJ-{i}.md"] = text
    return files
