"""`mkdocs-tasks check --fix` and `--diff` in a subprocess, and fix.mend held by properties."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from test_properties import PROPS

from conftest import task_page, tree_digest, write_site
from mkdocs_tasks.fix import mend
from mkdocs_tasks.source import parse
from test_cli import run
from test_robustness import SETTINGS

GOOD = task_page("Good")


def _site(tmp_path: Path) -> Path:
    crlf = ("\ufeff" + task_page("Windows").replace("- [ ] Second", "- [ x] Second")).replace("\n", "\r\n")
    return write_site(tmp_path / "s", {
        "index.md": "# Home\n",
        "tasks/security/PROJ-1.md": task_page("No approach").replace("## Approach\nPlain approach.\n\n", ""),
        "tasks/security/PROJ-2.md": task_page("Look-alikes").replace(
            "- [x] First criterion\n- [ ] Second criterion",
            "- [] First criterion\n- [ x] Second criterion\n- [X ] Third criterion"),
        "tasks/security/PROJ-3.md": task_page("Glued").replace(
            "## Success Criteria\n", "## Success Criteria\nWhen all of these hold:\n"),
        "tasks/security/PROJ-4.md": task_page("No space").replace("- [ ] Second", "-[ ] Second"),
        "tasks/security/PROJ-5.md": GOOD,
        "tasks/security/PROJ-8.md": task_page("Out of order").replace(
            "## Requirements\n- One requirement\n\n## Approach\nPlain approach.\n\n",
            "## Approach\nPlain approach.\n\n## Requirements\n- One requirement\n\n"),
        "tasks/security/PROJ-6.md": crlf,
        "tasks/security/PROJ-7.md": task_page("Same ID", front={"id": "PROJ-5"}).replace(
            "- [ ] Second", "- [v] Second"),  # neither is mended: a guess
    })


def _codes(out: str) -> list[tuple[str, str]]:
    return sorted((p["file"].rsplit("/", 1)[-1], p["code"]) for p in json.loads(out)["problems"])


def test_fix_mends_what_needs_no_guess_and_nothing_else(tmp_path: Path) -> None:
    root = _site(tmp_path)
    docs = root / "docs" / "tasks" / "security"
    good = (docs / "PROJ-5.md").read_bytes()
    before = _codes(run(root, "check", "--format", "json").stdout)
    assert {c for _, c in before} >= {"missing-section", "malformed-checkbox", "duplicate-id"}

    digest = tree_digest(root)
    shown = run(root, "check", "--fix", "--diff")
    assert shown.returncode == 1 and tree_digest(root) == digest  # --diff writes nothing
    assert "--- a/docs/tasks/security/PROJ-1.md\n+++ b/docs/tasks/security/PROJ-1.md\n" in shown.stdout
    assert "+## Approach\n+[Proposed solution or implementation strategy]\n" in shown.stdout

    fixed = run(root, "check", "--fix", "--format", "json")
    after = _codes(fixed.stdout)
    assert fixed.returncode == 1  # the duplicate ID is still an error
    assert ("PROJ-7.md", "duplicate-id") in after and ("PROJ-7.md", "malformed-checkbox") in after
    assert not [x for x in after if x[1] in ("missing-section", "malformed-checkbox", "section-order")
                and x[0] != "PROJ-7.md"]
    assert ("PROJ-8.md", "section-order") in before
    assert "## Requirements\n- One requirement\n\n## Approach\nPlain approach.\n" in (
        docs / "PROJ-8.md").read_text()
    assert ("PROJ-1.md", "template-placeholder") in after  # the inserted section says what to write
    assert ('docs/tasks/security/PROJ-2.md:13: fixed [malformed-checkbox] "[]" rewritten as "[ ]"'
            in fixed.stderr)
    assert (docs / "PROJ-5.md").read_bytes() == good
    text = (docs / "PROJ-2.md").read_text()
    assert "- [ ] First criterion\n- [x] Second criterion\n- [X] Third criterion" in text
    assert "When all of these hold:\n\n- [x] First" in (docs / "PROJ-3.md").read_text()
    assert "- [ ] Second" in (docs / "PROJ-4.md").read_text()
    raw = (docs / "PROJ-6.md").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"- [x] Second" in raw
    assert raw.count(b"\r\n") == raw.count(b"\n")  # every line end kept as it was
    lines = (docs / "PROJ-1.md").read_text().split("\n")
    assert lines.index("## Approach") == lines.index("## Success Criteria") - 3  # in the kind's order

    digest = tree_digest(root)
    again = run(root, "check", "--fix", "--format", "json")
    assert tree_digest(root) == digest and _codes(again.stdout) == after  # a second run: nothing
    assert "fixed" not in again.stderr
    assert run(root, "check", "--fix", "--diff").stdout == ""


MUTATIONS = st.lists(st.sampled_from([
    ("## Approach\nPlain approach.\n\n", ""),
    ("## Objective\nDo the thing.\n\n", ""),
    ("## Resources\n- Some link\n", ""),
    ("- [x] First", "- [ x] First"), ("- [x] First", "- [X ] First"), ("- [ ] Second", "- [] Second"),
    ("- [ ] Second", "-[ ] Second"), ("- [ ] Second", "-[] Second"), ("- [ ] Second", "- [v] Second"),
    ("- [ ] Second", "- [ ]"), ("## Success Criteria\n", "## Success Criteria\nAll of:\n"),
    ("## Success Criteria\n", "## Success Criteria\nAll of:\n- plain item\n"),
    ("## Requirements\n", "```\n- [] in code\n```\n## Requirements\n"),
    ("\n", "\r\n"),
    ("## Requirements\n- One requirement\n\n## Approach\nPlain approach.\n\n",
     "## Approach\nPlain approach.\n\n## Requirements\n- One requirement\n\n"),
    ("## Dependencies\nNone\n\n## Resources\n- Some link\n",
     "## Resources\n- Some link\n\n## Dependencies\nNone\n## Aside\nMine.\n"),
    ("## Objective\n", "## Notes\nKept where it is.\n\n## Objective\n"),
    ("## Approach\n", "## Aproach\n"), ("## Success Criteria\n", "## success-criteria:\n"),
    ("## Resources\n", "## Resource\n"),
]), max_size=5)


@settings(PROPS, max_examples=300)
@given(mutations=MUTATIONS)
def test_mend_keeps_every_line_creates_no_problem_and_is_done_once(mutations: list[tuple[str, str]]) -> None:
    text = GOOD
    for old, new in mutations:
        text = text.replace(old, new, 1)
    mended = mend(text, "tasks/security/x.md", SETTINGS)
    rewritten = {line for line, code, what in mended.done
                 if "rewritten" in what or "space put" in what or "renamed" in what}
    # every line of the original is still there (a mended checkbox line as mended), in
    # order unless sections were moved into the kind's order
    def lines(t: str) -> list[str]:  # (as the reader numbers them: CRLF, CR and LF end a line)
        return t.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    original, now = lines(text), lines(mended.text)
    kept = [line for n, line in enumerate(original, start=1) if n not in rewritten and line.strip()]
    assert not Counter(kept) - Counter(now)
    if not any(code == "section-order" for _, code, _ in mended.done):
        at = 0
        for line in kept:
            at = now.index(line, at) + 1
    assert mend(mended.text, "tasks/security/x.md", SETTINGS).text == mended.text  # idempotent

    def codes(t: str) -> set[str]:
        task = parse(t, "tasks/security/x.md", SETTINGS)  # (with its page's own problems)
        return {p.code for p in task.problems}

    assert codes(mended.text) - codes(text) <= {"template-placeholder"}
    assert "missing-section" not in codes(mended.text)
    if "duplicate-section" not in codes(text):  # (which of two is in its place: a guess)
        assert "section-order" not in codes(mended.text)


def test_fix_renames_a_near_miss_heading_and_inserts_nothing(tmp_path: Path) -> None:
    typo = task_page("Typo").replace("## Approach\nPlain approach.", "## Aproach\nOur real plan, kept.")
    setext = task_page("Setext").replace("## Success Criteria\n", "Success-Criteria\n----------------\n")
    empty = ""
    root = write_site(tmp_path / "n", {"tasks/security/PROJ-1.md": typo, "tasks/security/PROJ-2.md": setext,
                                       "tasks/security/PROJ-3.md": empty})
    docs = root / "docs" / "tasks" / "security"
    fixed = run(root, "check", "--fix")
    assert fixed.returncode == 1  # the empty page stays an error: to write or to delete is a guess
    assert (docs / "PROJ-1.md").read_text() == typo.replace("## Aproach", "## Approach")
    assert (docs / "PROJ-2.md").read_text() == setext.replace("Success-Criteria\n", "Success Criteria\n")
    assert (docs / "PROJ-3.md").read_text() == empty
    assert fixed.stderr.splitlines()[:2] == [
        'docs/tasks/security/PROJ-1.md:9: fixed [missing-section] heading "Aproach" renamed "Approach"',
        'docs/tasks/security/PROJ-2.md:12: fixed [missing-section] heading "Success-Criteria" renamed '
        '"Success Criteria"']
    assert [line.split(" [")[1].split("]")[0] for line in fixed.stdout.splitlines()] == ["empty-page"]
    assert "\n## Approach\n" not in typo and (docs / "PROJ-1.md").read_text().count("## Approach") == 1
