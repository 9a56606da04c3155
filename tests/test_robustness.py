"""No input makes the plugin raise: broken YAML, binary-looking text, empty pages, huge pages."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import build_site, run_mkdocs, task_page, tree_digest, write_site
from mkdocs_tasks.defaults import default_settings
from mkdocs_tasks.source import parse, read

SETTINGS = default_settings()

BROKEN = {
    "tasks/security/PROJ-1-broken-yaml.md": "---\ntitle: [unclosed\nowner: {a: \n---\n# Broken\n",
    "tasks/security/PROJ-2-tabs-yaml.md": "---\n\ttitle: tab-indented\n---\n# Tabs\n",
    "tasks/security/PROJ-3-list-front.md": "---\n- just\n- a list\n---\n# List front matter\n",
    "tasks/security/PROJ-4-binaryish.md": "# Bin\x00ary \x01\x02\x7f\n\n## Objective\n\x00\x00\n"
                                           + "\u202e\ufffd" * 50 + "\n",
    "tasks/security/PROJ-5-empty.md": "",
    "tasks/security/PROJ-6-only-front.md": "---\ntitle: Only front matter\ncategory: Security\n---\n",
    "tasks/security/PROJ-7-only-front-no-newline.md": "---\ntitle: No final newline\n---",
    "tasks/security/PROJ-8-unclosed-front.md": "---\ntitle: never closed\n# Heading\n",
    "tasks/security/PROJ-9-wrong-types.md": (
        "---\nid: 12\ntitle: [a, b]\ncategory: {x: 1}\ntype: 3\nstatus: [done]\nowner: 5\n"
        "due: someday\ntags: cache\n---\n# Wrong types\n"),
    "tasks/security/PROJ-10-huge.md": task_page("Huge", body=(
        "## Objective\n" + "word " * 20000 + "\n\n## Success Criteria\n"
        + "".join(f"- [{'x' if i % 3 == 0 else ' '}] criterion {i}\n" for i in range(2500))
        + "\n```\n" + "- [ ] hidden\n" * 2500 + "```\n")),
    "tasks/security/PROJ-11-deep.md": "# Deep\n\n" + "".join(
        " " * (4 * i) + "- [ ] level\n" for i in range(200)),
    "tasks/security/PROJ-12-unbalanced.md": "# Unbalanced\n\n```\n## Success Criteria\n- [ ] x\n",
    "tasks/security/PROJ-13-comment.md": "# Comment\n\n<!--\n## Objective\n",
    "tasks/security/PROJ-14-html.md": "# Html\n\n<div>\n<div>\n## Objective\n",
}


def test_broken_pages_are_problems_not_tracebacks(tmp_path: Path) -> None:
    root = write_site(tmp_path / "b", BROKEN, theme="material")
    before = tree_digest(root / "docs")
    proc = run_mkdocs(root, "build")
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1
    assert "error [invalid-front-matter] PROJ-1:" in proc.stderr
    assert "PROJ-1-broken-yaml.md:2: error [invalid-front-matter]" in proc.stderr
    assert "PROJ-2-tabs-yaml.md:2: error [invalid-front-matter]" in proc.stderr
    assert "PROJ-3-list-front.md:2: error [invalid-front-matter]" in proc.stderr
    assert "PROJ-8-unclosed-front.md:1: error [invalid-front-matter]" in proc.stderr
    for key, line in [("id", 2), ("title", 3), ("category", 4), ("type", 5), ("status", 6),
                      ("owner", 7), ("due", 8), ("tags", 9)]:
        assert f"PROJ-9-wrong-types.md:{line}: error [invalid-front-matter]" in proc.stderr, key
    assert tree_digest(root / "docs") == before


def test_broken_pages_still_render_with_fail_on_never(tmp_path: Path) -> None:
    root = write_site(tmp_path / "b", BROKEN, theme="material", plugin={"fail_on": "never"})
    built = build_site(root)
    assert built.ok, built.messages
    data = json.loads((built.site / "tasks.json").read_text())
    assert len(data["tasks"]) == len(BROKEN)
    huge = next(t for t in data["tasks"] if t["id"] == "PROJ-10")
    assert huge["progress"] == {"done": 834, "total": 2500}
    only = next(t for t in data["tasks"] if t["id"] == "PROJ-6")
    assert only["title"] == "Only front matter"
    page = (built.site / "tasks" / "security" / "PROJ-6-only-front" / "index.html").read_text()
    assert "tasks-header" in page and "Only front matter</h1>" in page


def test_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    root = write_site(tmp_path / "u", {"tasks/security/PROJ-1.md": b"# Bad \xff\xfe\n"})
    proc = run_mkdocs(root, "build")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "docs/tasks/security/PROJ-1.md:1: error: the file is not UTF-8 text" in proc.stderr


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("#-*+[]xX `~<>!/\n\r\t :123abc\x00\ufeff=")), max_size=400))
def test_parse_never_raises_on_markdown_shaped_text(text: str) -> None:
    task = parse(text, "tasks/security/PROJ-1.md", SETTINGS)
    for p in task.problems:
        assert p.line >= 1
    _, task = read(text, "tasks/security/PROJ-1.md", SETTINGS)  # (the page's facts)
    for s in task.sections:
        assert all(c.line > s.line for c in s.checkboxes)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.dictionaries(
    st.sampled_from(["id", "title", "category", "type", "status", "owner", "due", "tags"]),
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20),
              st.lists(st.text(max_size=5), max_size=3), st.dates()),
))
def test_parse_never_raises_on_any_front_matter(front: dict[str, object]) -> None:
    import yaml

    text = "---\n" + yaml.safe_dump(front) + "---\n# T\n"
    task = parse(text, "tasks/security/PROJ-1.md", SETTINGS)
    assert task.id
