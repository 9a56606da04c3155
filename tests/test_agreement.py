"""The parser agrees with the rendered page: what it counts is what pymdownx.tasklist draws."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import build_site, copy_fixture, tree_digest
from mkdocs_tasks.frontmatter import split_lines
from mkdocs_tasks.scan import scan

_MD = markdown.Markdown(extensions=["pymdownx.tasklist", "pymdownx.superfences", "md_in_html"])

CHECKBOX = re.compile(r'<input type="checkbox"')
HEADER = re.compile(r'<div class="tasks-header" data-task-id="([^"]+)" data-status="([^"]+)" '
                    r'data-progress="(\d+)/(\d+)"(?: data-overdue="true")?>')


def _progress_section(html: str, heading_id: str) -> str:
    m = re.search(rf'<h2 id="{heading_id}"[^>]*>(.*?)(?=<h2[ >]|</article>|<footer|$)', html, re.S)
    assert m, f"no {heading_id} section"
    return m.group(1)


@pytest.mark.parametrize("fixture,plugin_yaml", [
    ("tricky", None),
    ("problems", "  - tasks:\n      fail_on: never\n      rules:\n"),
])
def test_progress_total_equals_checkboxes_drawn(
    tmp_path: Path, fixture: str, plugin_yaml: str | None
) -> None:
    root = copy_fixture(fixture, tmp_path / fixture)
    if plugin_yaml:
        cfg = (root / "mkdocs.yml").read_text().replace("  - tasks:\n      rules:\n", plugin_yaml)
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
        heading = "deliverables" if kind == "spike" else "success-criteria"
        if f'<h2 id="{heading}"' not in html:  # (the empty page: no section, nothing drawn)
            assert total == 0 and not CHECKBOX.findall(html), page
            continue
        section = _progress_section(html, heading)
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
    # five look-alikes; the checklist glued to its paragraph (two items) is said once
    assert len([p for p in built.problems() if "[malformed-checkbox]" in p]) == 5


# Realistic Markdown, block by block: lists, nested items, fences of every kind, comments,
# raw HTML, md_in_html, setext headings, glued lists, lookalikes. For any arrangement, the
# parser counts exactly the checkboxes that Python-Markdown with pymdownx draws.
BLOCKS = [
    "text line", "text line\nmore text", "- [ ] box\n- [x] done",
    "- [ ] box\n    - [x] nested\n    * [ ] star",
    "* [ ] a\n+ [X] b\n1. [ ] c", "- item\n- [ ] box", "- [] bad\n- [ x] bad", "- [ ]", "-[ ] glued",
    "Intro:\n- [ ] glued to paragraph", "```\n- [ ] in code\n## not heading\n```", "~~~~\n- [x] code\n~~~~",
    "````md\n```\n- [ ] nested fence\n```\n````", "    - [ ] indented code", "<!--\n- [ ] comment\n-->",
    "<!-- one line -->", "<div>\n- [ ] raw\n</div>", "<details>\n<summary>x</summary>\n- [ ] raw\n</details>",
    "<div markdown>\n- [ ] md in html\n</div>", "## Heading", "# Title", "Setext\n---", "Setext\n===",
    "- [ ] box\n\n    more of the item\n\n    - [ ] nested after blank", "1. [ ] one\n2. [x] two",
    "- [ ] box\n```\ncode in item\n```", "text <!-- inline --> text", "***", "- [x]no space",
    "- [ ] with `code` and [link](x.md)", "\t- [ ] tab indented", "  - [ ] two spaces",
    "- [ ] item\n---", "```\nunclosed fence\n- [ ] box", "<!--\nunclosed comment\n- [ ] box",
    "> - [ ] quoted\n> - [x] quoted", "> text\n- [ ] lazy in quote", "> > - [ ] nested quote",
    "> ```\n> - [ ] code in quote\n> ```", "Text\n> - [ ] quote glued",
]


@settings(max_examples=600, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(st.sampled_from(BLOCKS), max_size=8), st.sampled_from(["\n\n", "\n\n\n"]))
def test_checkboxes_counted_equal_checkboxes_drawn(blocks: list[str], sep: str) -> None:
    text = sep.join(blocks) + "\n"
    _MD.reset()
    drawn = len(CHECKBOX.findall(_MD.convert(text)))
    lines, fm = split_lines(text)
    assert len(scan(lines, fm.body_index).checkboxes) == drawn, blocks
