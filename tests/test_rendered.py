"""What the build counts is what the page renders: Material sites whose checklists sit in
admonitions, details, tabs, blocks, snippets, md_in_html, macros, includes and generated
pages, built for real, with the command line's report of the same sites beside them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, build_site, copy_fixture, dedent, run_mkdocs, write_site
from test_cli import _as_set, _build_set, run

HEADER = re.compile(r'<div class="tasks-header" data-task-id="([^"]+)" data-status="([^"]+)" '
                    r'data-progress="(\d+)/(\d+)">')
BOX = re.compile(r'<input type="checkbox"[^>]*>')

# What each page of the fixture draws in its Success Criteria: (checked, total). Counted
# by hand from the sources, so that a reader that saw nothing on both sides cannot pass.
CONTAINERS = {
    "CONT-1": (2, 3),  # admonition, one nested item
    "CONT-2": (1, 2),  # details, closed
    "CONT-3": (2, 2),  # details, open
    "CONT-4": (1, 3),  # content tabs
    "CONT-5": (1, 2),  # /// admonition
    "CONT-6": (2, 3),  # /// details
    "CONT-7": (2, 3),  # a snippet
    "CONT-8": (1, 2),  # md_in_html
    "CONT-9": (1, 2),  # an admonition nested in a list item
    "CONT-10": (3, 5),  # a macros loop
    "CONT-11": (2, 3),  # include-markdown
    "CONT-12": (2, 4),  # a page made by gen-files
}


def _section(html: str, heading_id: str) -> str:
    """A top-level section of a built page: from its H2 to the next one (or the article's end)."""
    m = re.search(rf'<h2 id="{heading_id}"[^>]*>(.*?)(?=<h2 id=|</article>|<footer|$)', html, re.S)
    assert m, f"no {heading_id} section"
    return m.group(1)


def test_material_containers_count_what_the_page_draws(tmp_path: Path) -> None:
    root = copy_fixture("containers", tmp_path / "containers")
    built = build_site(root, strict=True)
    assert built.ok, built.messages
    assert built.problems() == [] and built.warnings() == []
    seen = {}
    for page in built.site.rglob("tasks/*/*/index.html"):
        html = page.read_text(encoding="utf-8")
        header = HEADER.search(html)
        assert header, page
        tid, done, total = header.group(1), int(header.group(3)), int(header.group(4))
        criteria = _section(html, "success-criteria")
        drawn = BOX.findall(criteria)
        assert (done, total) == (sum(" checked" in b for b in drawn), len(drawn)), tid
        seen[tid] = (done, total)
        assert "tasks-problems" not in html, tid
    assert seen == CONTAINERS
    data = json.loads((built.site / "tasks.json").read_text())
    assert {t["id"]: (t["progress"]["done"], t["progress"]["total"]) for t in data["tasks"]} == CONTAINERS
    # the generated page is a task like any other: linked, with its reverse edge
    cont1 = (built.site / "tasks/infrastructure/CONT-1-admonition/index.html").read_text()
    blocks = cont1[cont1.index('class="tasks-blocks"'):]
    assert 'data-task-id="CONT-12"' in blocks[:blocks.index("</div>")]
    # a dependency written inside a details body and as a link still links
    cont2 = (built.site / "tasks/infrastructure/CONT-2-details-closed/index.html").read_text()
    deps = _section(cont2, "dependencies")
    assert re.search(r'<a class="tasks-ref" data-task-id="CONT-1" href="[^"]*CONT-1-admonition/">'
                     r"CONT-1</a>", deps)


def test_check_and_list_agree_with_the_build_on_the_material_site(tmp_path: Path) -> None:
    root = copy_fixture("containers", tmp_path / "containers")
    built = build_site(root)
    proc = run(root, "check", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["problems"] == [] and built.problems() == []
    # one line, once, for the pages whose Markdown another plugin rewrites
    notes = [line for line in proc.stderr.splitlines() if "judged by `mkdocs build`" in line]
    assert len(notes) == 1 and "docs/tasks/documentation/CONT-10-macros.md and 1 more" in notes[0]
    listed = json.loads(run(root, "list", "--format", "json").stdout)["tasks"]
    built_tasks = {t["id"]: t for t in json.loads((built.site / "tasks.json").read_text())["tasks"]}
    # the command line sees every page in docs/ (not the generated one); it cannot expand
    # macros or includes (those two it says the build judges): all others agree
    judged_by_build = {"CONT-10", "CONT-11"}
    assert {t["id"] for t in listed} == set(CONTAINERS) - {"CONT-12"}
    for t in listed:
        if t["id"] not in judged_by_build:
            expected = dict(built_tasks[t["id"]])
            expected["blocks"] = [b for b in expected["blocks"] if b != "CONT-12"]  # generated
            assert t == expected, t["id"]


BAD_CONFIG = {
    "theme": {"name": "material"},
    "markdown_extensions": [
        "admonition", "md_in_html", "pymdownx.details", "pymdownx.superfences",
        {"pymdownx.tabbed": {"alternate_style": True}},
        {"pymdownx.snippets": {"base_path": ["snippets"]}},
        {"pymdownx.tasklist": {"custom_checkbox": True}},
    ],
}
OPENING = "# {title}\n\n## Objective\nX.\n\n## Requirements\n- R\n\n"
CLOSING = "\n## Dependencies\nNone\n\n## Resources\n- R\n"
BAD_PAGES = {
    # the progress section's only list sits in a tab and has no checkbox
    "tasks/security/BAD-1-tab.md": OPENING.format(title="Tab without checkboxes") + dedent("""
        ## Approach
        A.

        ## Success Criteria
        === "Plan"

            - Plain item, no checkbox
        """) + CLOSING,
    # a look-alike inside an admonition, after a real checkbox
    "tasks/security/BAD-2-admonition.md": OPENING.format(title="Look-alike in an admonition") + dedent("""
        ## Approach
        A.

        ## Success Criteria
        !!! note
            - [x] Done one
            - [] Not a checkbox
        """) + CLOSING,
    # a required section missing, the criteria in details
    "tasks/security/BAD-3-missing.md": OPENING.format(title="No approach") + dedent("""
        ## Success Criteria
        ??? note "Checks"
            - [ ] One
        """) + CLOSING,
    # a look-alike that comes from a snippet has no line of its own: its section's heading
    "tasks/security/BAD-4-snippet.md": OPENING.format(title="Snippet look-alike") + dedent("""
        ## Approach
        A.

        ## Success Criteria
        - [x] Written here

        --8<-- "bad.md"
        """) + CLOSING,
}


def test_problems_inside_containers_have_their_source_lines(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_site(tmp_path / "bad", BAD_PAGES, config=BAD_CONFIG,
                      extensions=BAD_CONFIG["markdown_extensions"])
    (root / "snippets").mkdir()
    (root / "snippets" / "bad.md").write_text("- [ x] From the snippet\n")
    monkeypatch.chdir(root)  # snippets' base_path is relative to where mkdocs runs
    proc = run(root, "check", "--format", "json")
    built = build_site(root)
    assert not built.ok
    lines = [re.sub(r" \[.*", "", p) + " " + re.search(r"\[([a-z-]+)\]", p).group(1)  # type: ignore[union-attr]
             for p in built.problems()]
    assert lines == [
        "docs/tasks/security/BAD-1-tab.md:12: error no-criteria",
        "docs/tasks/security/BAD-2-admonition.md:15: warning malformed-checkbox",
        "docs/tasks/security/BAD-3-missing.md:9: error missing-section",
        "docs/tasks/security/BAD-4-snippet.md:12: warning malformed-checkbox",
    ]
    assert any('BAD-3: required section "Approach" is missing' in p for p in built.problems())
    assert any('"[ x]" is no checkbox' in p for p in built.problems())
    assert _as_set(json.loads(proc.stdout)["problems"]) == _build_set(built.problems())


def _headers(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): HEADER.search(p.read_text(encoding="utf-8")).group(0)  # type: ignore[union-attr]
            for p in site.rglob("tasks/*/*/index.html")}


def test_a_dirty_build_in_a_new_process_equals_a_clean_build(tmp_path: Path) -> None:
    """A dirty build has no model of the task pages it would not render (macros, includes
    and snippets among them): it renders them, and the site equals a clean build."""
    root = copy_fixture("containers", tmp_path / "containers")
    # without gen-files: its page is new to every build, which makes MkDocs render them all
    cfg = root / "mkdocs.yml"
    cfg.write_text(re.sub(r"  - gen-files:\n(    .*\n)+", "", cfg.read_text()))
    assert run_mkdocs(root, "build", "--strict").returncode == 0
    clean_json = (root / "site" / "tasks.json").read_text()
    clean = _headers(root / "site")
    index = root / "docs" / "index.md"
    index.write_text(index.read_text() + "\nAn edit of a page that is no task.\n")
    proc = run_mkdocs(root, "build", "--dirty")
    assert proc.returncode == 0, proc.stderr
    assert (root / "site" / "tasks.json").read_text() == clean_json
    assert _headers(root / "site") == clean
    # and a checkbox ticked on one page shows there and nowhere else it should not
    page = root / "docs" / "tasks" / "infrastructure" / "CONT-4-tabs.md"
    page.write_text(page.read_text().replace("- [ ] Frontend criterion", "- [x] Frontend criterion"))
    assert run_mkdocs(root, "build", "--dirty").returncode == 0
    data = {t["id"]: t["progress"] for t in json.loads((root / "site" / "tasks.json").read_text())["tasks"]}
    assert data["CONT-4"] == {"done": 2, "total": 3} and data["CONT-10"] == {"done": 3, "total": 5}


def test_the_install_guide_s_material_config_counts_checklists_in_blocks(tmp_path: Path) -> None:
    """The ready mkdocs.yml of the install guide, as printed there: checklists in an
    admonition, a collapsible block and content tabs are drawn and counted."""
    guide = (Path(__file__).parent.parent / "docs" / "guide" / "install.md").read_text()
    config = next(block for block in re.findall(r"```yaml\n(.*?)```", guide, re.S)
                  if "pymdownx.tabbed" in block and "site_name" in block)
    root = tmp_path / "guide"
    pages = root / "docs" / "tasks" / "infrastructure"
    pages.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(config)
    fixture = FIXTURES / "containers" / "docs" / "tasks" / "infrastructure"
    for name in ("CONT-1-admonition.md", "CONT-2-details-closed.md", "CONT-4-tabs.md"):
        (pages / name).write_text((fixture / name).read_text())
    built = build_site(root, strict=True)
    assert built.ok and built.problems() == [], built.messages
    data = json.loads((built.site / "tasks.json").read_text())
    progress = {t["id"]: (t["progress"]["done"], t["progress"]["total"]) for t in data["tasks"]}
    assert progress == {k: CONTAINERS[k] for k in ("CONT-1", "CONT-2", "CONT-4")}
    assert all(total > 0 for _, total in progress.values())
