"""The parser agrees with the rendered page: what it counts is what pymdownx.tasklist draws."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import build_site, copy_fixture, tree_digest

CHECKBOX = re.compile(r'<input type="checkbox"')
HEADER = re.compile(r'<div class="tasks-header" data-task-id="([^"]+)" data-status="([^"]+)" '
                    r'data-progress="(\d+)/(\d+)">')


def _progress_section(html: str, heading_id: str) -> str:
    m = re.search(rf'<h2 id="{heading_id}"[^>]*>(.*?)(?=<h2[ >]|</article>|<footer|$)', html, re.S)
    assert m, f"no {heading_id} section"
    return m.group(1)


@pytest.mark.parametrize("fixture,plugin_yaml", [
    ("tricky", None),
    ("problems", "  - tasks:\n      fail_on: never\n"),
])
def test_progress_total_equals_checkboxes_drawn(
    tmp_path: Path, fixture: str, plugin_yaml: str | None
) -> None:
    root = copy_fixture(fixture, tmp_path / fixture)
    if plugin_yaml:
        cfg = (root / "mkdocs.yml").read_text().replace("  - tasks\n", plugin_yaml)
        (root / "mkdocs.yml").write_text(cfg)
    before = tree_digest(root / "docs")
    built = build_site(root)
    assert built.ok, built.messages
    assert tree_digest(root / "docs") == before
    pages = sorted((built.site / "tasks").rglob("index.html"))
    checked = 0
    for page in pages:
        if page.parent == built.site / "tasks":
            continue
        html = page.read_text(encoding="utf-8")
        header = HEADER.search(html)
        assert header, page
        done, total = int(header.group(3)), int(header.group(4))
        kind = "spike" if "tasks-kind--spike" in html[header.start():header.start() + 2000] else "task"
        section = _progress_section(html, "deliverables" if kind == "spike" else "success-criteria")
        drawn = CHECKBOX.findall(section)
        assert total == len(drawn), page
        assert done == len(re.findall(r'<input type="checkbox"[^>]*checked', section)), page
        checked += 1
    assert checked >= 6


def test_tricky_pages_expected_counts(tmp_path: Path) -> None:
    """Spot values, so a parser that counted nothing on both sides could not pass."""
    root = copy_fixture("tricky", tmp_path / "t")
    built = build_site(root)
    progress = {m.group(1): (m.group(3), m.group(4))
                for page in built.site.rglob("index.html")
                for m in [HEADER.search(page.read_text(encoding="utf-8"))] if m}
    assert progress == {
        "PERF-1": ("3", "6"),
        "PERF-2": ("2", "3"),
        "PERF-3": ("2", "3"),
        "PERF-4": ("0", "2"),
        "PERF-5": ("1", "1"),
        "SPIKE-1": ("1", "3"),
    }
    assert [p for p in built.problems() if "PERF-5" not in p] == []
    assert len([p for p in built.problems() if "[malformed-checkbox]" in p]) == 6
