"""Every problem code: a real `mkdocs build` of a fixture site with one malformed page per
code, asserting the exact lines (path, line, severity, code, message)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import build_site, copy_fixture, run_mkdocs, task_page, tree_digest, write_site
from mkdocs_tasks.rules import CODES

EXPECTED = """\
docs/tasks/infrastructure/PROJ-1-missing-section.md:9: error [missing-section] PROJ-1: required section "Approach" is missing (a task needs: Objective, Requirements, Approach, Success Criteria, Dependencies, Resources)
docs/tasks/infrastructure/PROJ-2-empty-section.md:9: error [empty-section] PROJ-2: section "Approach" is empty; write its content under the heading
docs/tasks/infrastructure/PROJ-3-duplicate-section.md:21: error [duplicate-section] PROJ-3: section "Objective" appears again (first at line 3); merge the two into one
docs/tasks/infrastructure/PROJ-4-section-order.md:9: warning [section-order] PROJ-4: section "Requirements" should come before "Approach" (a task's order: Objective, Requirements, Approach, Success Criteria, Dependencies, Resources)
docs/tasks/infrastructure/PROJ-5-no-criteria.md:12: error [no-criteria] PROJ-5: section "Success Criteria" has no checkbox, so progress cannot be counted; write each item as "- [ ] ..."
docs/tasks/infrastructure/PROJ-6-malformed-checkbox.md:14: warning [malformed-checkbox] PROJ-6: "[]" is no checkbox; write "[ ]" for open or "[x]" for done
docs/tasks/infrastructure/PROJ-6-malformed-checkbox.md:15: warning [malformed-checkbox] PROJ-6: "[-]" is no checkbox; write "[ ]" for open or "[x]" for done
docs/tasks/infrastructure/PROJ-7-missing-title.md:1: error [missing-title] PROJ-7: the page has no title; add a first line "# Title" or "title:" in the front matter
docs/tasks/misc/PROJ-8-missing-category.md:1: error [missing-category] PROJ-8: no category; add "category:" to the front matter, or put the page in a folder named after one of: Infrastructure, Configuration, Refactoring, Performance, Security, Documentation, Research/Spike
docs/tasks/misc/PROJ-9-unknown-category.md:2: error [unknown-category] PROJ-9: category "Marketing" is not configured; use one of: Infrastructure, Configuration, Refactoring, Performance, Security, Documentation, Research/Spike (or add it under categories: in mkdocs.yml)
docs/tasks/performance/PROJ-20-overdue.md:2: warning [overdue] PROJ-20: due 2026-11-24 has passed (overdue by 7 days); finish the task, set a later due date, or set its status to cancelled
docs/tasks/research-spike/PROJ-16-invalid-time-box.md:6: warning [invalid-time-box] PROJ-16: Time-Box states no duration; write one such as "2 days", "3d", "1 week" or "4h"
docs/tasks/security/PROJ-10-invalid-front-matter.md:3: error [invalid-front-matter] PROJ-10: front matter is not valid YAML (while parsing a flow sequence: did not find expected ',' or ']'); fix the YAML between the two "---" lines
docs/tasks/security/PROJ-11-a.md:2: error [duplicate-id] PROJ-11: ID "PROJ-11" is also used by docs/tasks/security/PROJ-11-b.md:2; give each task its own "id:"
docs/tasks/security/PROJ-11-b.md:2: error [duplicate-id] PROJ-11: ID "PROJ-11" is also used by docs/tasks/security/PROJ-11-a.md:2; give each task its own "id:"
docs/tasks/security/PROJ-12-unknown-dependency.md:16: warning [unknown-dependency] PROJ-12: dependency "PROJ-404" names no task of this site; fix the ID, add the task, or set external_url in mkdocs.yml to link tracker IDs
docs/tasks/security/PROJ-13-self-dependency.md:16: error [self-dependency] PROJ-13: depends on itself; remove "PROJ-13" from its Dependencies
docs/tasks/security/PROJ-14-cycle-a.md:16: error [dependency-cycle] PROJ-14: dependency cycle PROJ-14 -> PROJ-15 -> PROJ-14; remove one of these dependencies
docs/tasks/security/PROJ-15-cycle-b.md:16: error [dependency-cycle] PROJ-15: dependency cycle PROJ-14 -> PROJ-15 -> PROJ-14; remove one of these dependencies
docs/tasks/security/PROJ-17-status-mismatch.md:2: warning [status-mismatch] PROJ-17: status "done" contradicts the checkboxes (0/1 checked, so todo); remove "status:" or tick the checkboxes that are done
docs/tasks/security/PROJ-18-template-placeholder.md:4: warning [template-placeholder] PROJ-18: "[What needs to be accomplished and why]" is left from the template; replace it with this task's own text
docs/tasks/security/PROJ-18-template-placeholder.md:7: warning [template-placeholder] PROJ-18: "Requirement 1" is left from the template; replace it with this task's own text
docs/tasks/security/PROJ-18-template-placeholder.md:13: warning [template-placeholder] PROJ-18: "Deliverable 1 completed" is left from the template; replace it with this task's own text
docs/tasks/security/PROJ-19-empty-page.md:1: error [empty-page] PROJ-19: the page is empty; write the task into it (a title, then the sections Objective, Requirements, Approach, Success Criteria, Dependencies, Resources, as in the template), or delete the file
"""


@pytest.fixture(scope="module")
def problems_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_fixture("problems", tmp_path_factory.mktemp("p") / "problems")


def test_build_fails_and_lists_every_problem_in_file_order(problems_site: Path) -> None:
    before = tree_digest(problems_site / "docs")
    proc = run_mkdocs(problems_site, "build")
    assert proc.returncode == 1, proc.stderr
    lines = [line.split("mkdocs_tasks: ", 1)[1] for line in proc.stderr.splitlines()
             if "mkdocs_tasks: " in line]
    assert lines[:-1] == EXPECTED.splitlines()
    # then the count, through the problems' logger, saying how many pages were judged
    assert lines[-1] == "14 errors and 10 warnings in 21 task pages; the build fails on errors (fail_on: error)"
    assert "Traceback" not in proc.stderr
    assert tree_digest(problems_site / "docs") == before


def test_every_code_except_template_free_ones_has_a_fixture() -> None:
    seen = {line.split("[", 1)[1].split("]", 1)[0] for line in EXPECTED.splitlines()}
    assert seen == set(CODES)


def test_default_severities_reach_mkdocs_log_levels(problems_site: Path) -> None:
    built = build_site(problems_site)
    assert not built.ok
    by_level = {r.getMessage().split("mkdocs_tasks: ")[-1]: r.levelname for r in built.records
                if "[" in r.getMessage() and "mkdocs_tasks" in r.getMessage()}
    for line in EXPECTED.splitlines():
        assert by_level[line] == ("ERROR" if ": error [" in line else "WARNING")


def test_rules_override_and_fail_on_never(tmp_path: Path) -> None:
    root = copy_fixture("problems", tmp_path / "p")
    cfg = (root / "mkdocs.yml").read_text()
    cfg = cfg.replace("      rules:\n", "      fail_on: never\n      rules:\n"
                      "        missing-title: off\n        section-order: error\n")
    (root / "mkdocs.yml").write_text(cfg)
    proc = run_mkdocs(root, "build")
    assert proc.returncode == 0, proc.stderr
    assert "[missing-title]" not in proc.stderr
    assert "docs/tasks/infrastructure/PROJ-4-section-order.md:9: error [section-order]" in proc.stderr
    assert (root / "site" / "tasks.json").is_file()


def test_warnings_fail_strict_but_not_a_plain_build(tmp_path: Path) -> None:
    root = write_site(tmp_path / "w", {
        "tasks/security/PROJ-1.md": task_page("Warned", deps="- PROJ-404: elsewhere"),
    })
    plain = run_mkdocs(root, "build")
    assert plain.returncode == 0, plain.stderr
    assert "docs/tasks/security/PROJ-1.md:17: warning [unknown-dependency] PROJ-1:" in plain.stderr
    strict = run_mkdocs(root, "build", "--strict")
    assert strict.returncode == 1
    assert "warning [unknown-dependency]" in strict.stderr


def test_fail_on_warning_fails_a_build_with_only_warnings(tmp_path: Path) -> None:
    root = write_site(tmp_path / "w", {
        "tasks/security/PROJ-1.md": task_page("Warned", deps="- PROJ-404: elsewhere"),
    }, plugin={"fail_on": "warning"})
    proc = run_mkdocs(root, "build")
    assert proc.returncode == 1
    assert "mkdocs_tasks: 0 errors and 1 warning in 1 task page;" in proc.stderr


def test_paths_are_relative_to_the_project_root_with_a_custom_docs_dir(tmp_path: Path) -> None:
    root = write_site(tmp_path / "c", {}, config={"docs_dir": "content/pages"})
    page = root / "content" / "pages" / "tasks" / "security" / "PROJ-1.md"
    page.parent.mkdir(parents=True)
    page.write_text(task_page(None))
    shutil.rmtree(root / "docs", ignore_errors=True)
    built = build_site(root)
    assert built.problems() == [
        "content/pages/tasks/security/PROJ-1.md:1: error [missing-title] PROJ-1: the page has no "
        'title; add a first line "# Title" or "title:" in the front matter'
    ]


def test_a_near_miss_heading_is_named_where_it_stands(tmp_path: Path) -> None:
    page = task_page("Typos").replace("## Approach", "## Aproach").replace(
        "## Success Criteria", "## success-criteria:").replace("## Resources", "## Notes")
    built = build_site(write_site(tmp_path / "n", {"tasks/security/PROJ-1.md": page}))
    needs = "a task needs: Objective, Requirements, Approach, Success Criteria, Dependencies, Resources"
    assert built.problems() == [
        f'docs/tasks/security/PROJ-1.md:9: error [missing-section] PROJ-1: required section "Approach" '
        f'is missing: did you mean ## Approach? (this heading reads "Aproach"; {needs})',
        f'docs/tasks/security/PROJ-1.md:12: error [missing-section] PROJ-1: required section "Success '
        f'Criteria" is missing: did you mean ## Success Criteria? (this heading reads '
        f'"success-criteria:"; {needs})',
        # "Notes" is no near miss of "Resources": missing, at the last H2 as before
        f'docs/tasks/security/PROJ-1.md:19: error [missing-section] PROJ-1: required section '
        f'"Resources" is missing ({needs})',
    ]


def test_a_glued_checklist_is_one_problem_and_no_criteria_says_why(tmp_path: Path) -> None:
    glued = task_page("Glued").replace("## Success Criteria\n", "## Success Criteria\nWhen:\n")
    built = build_site(write_site(tmp_path / "g", {"tasks/security/PROJ-1.md": glued}))
    blank = "add a blank line before the list"
    assert built.problems() == [
        f'docs/tasks/security/PROJ-1.md:12: error [no-criteria] PROJ-1: section "Success Criteria" has '
        f"no checkbox, so progress cannot be counted; its checklist is glued to the line above, so it "
        f"renders as plain text; {blank}",
        f"docs/tasks/security/PROJ-1.md:14: warning [malformed-checkbox] PROJ-1: this checklist is "
        f"glued to the line above, so it renders as plain text; {blank}",
    ]
