"""`mkdocs_tasks.extension` in plain Python-Markdown: one page's header and problems, the
same as a build of that page gives."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import markdown
import pytest

from conftest import build_site, task_page, write_site

EXTENSIONS = ["mkdocs_tasks.extension", "pymdownx.tasklist"]


def test_a_page_gets_its_header_under_its_title() -> None:
    text = task_page("First", front={"id": "PROJ-7", "category": "Security", "owner": "Ann <b>"})
    html = markdown.markdown(text, extensions=EXTENSIONS)
    assert "category: Security" not in html and "---" not in html  # the front matter is no text
    header = re.search(r'<h1 id="first">First</h1>\n(<div class="tasks-header"[^>]*>)', html)
    assert header, html[:500]
    drawn = re.search(r'<h2 id="success-criteria">.*?</ul>', html, re.S)
    assert drawn is not None
    boxes, ticked = drawn.group(0).count('type="checkbox"'), drawn.group(0).count("checked")
    assert header.group(1) == (f'<div class="tasks-header" data-task-id="PROJ-7" '
                               f'data-status="in-progress" data-progress="{ticked}/{boxes}">')
    assert "Ann &lt;b&gt;" in html and "<b>" not in html
    assert "tasks-problems" not in html


def test_problems_are_the_build_s_logged_and_shown(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    page = task_page("Broken").replace("## Approach\nPlain approach.\n\n", "").replace(
        "- [ ] Second", "- [] Second")
    built = build_site(write_site(tmp_path / "s", {"tasks/security/PROJ-1.md": page}))
    assert not built.ok
    expected = sorted(built.problems())
    assert len(expected) == 2
    with caplog.at_level(logging.WARNING, logger="mkdocs_tasks"):
        where = {"mkdocs_tasks.extension": {"path": "docs/tasks/security/PROJ-1.md"}}
        md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=where)
        html = md.convert(page)
    assert sorted(r.getMessage() for r in caplog.records if r.name == "mkdocs_tasks") == expected
    box = re.search(r'<div class="tasks-problems".*?</div>', html, re.S)
    assert box and "2 problems in this task" in box.group(0)
    for line in expected:
        n, code = re.search(r":(\d+): \w+ \[([a-z-]+)\]", line).groups()  # type: ignore[union-attr]
        shown = box.group(0)
        assert f'line {n}</span> <span class="tasks-problem-severity">' in shown and code in shown
    # the same Markdown instance, another page: nothing carried over
    md.reset()
    assert "tasks-problems" not in md.convert(task_page("Fine"))
