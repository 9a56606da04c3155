"""The installed `mkdocs-tasks` command in a subprocess, against real builds of the same sites."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build_site, copy_fixture, task_page, tree_digest, write_site
from mkdocs_tasks import project as project_mod
from mkdocs_tasks.project import PARALLEL_FROM
from mkdocs_tasks.rules import CODES
from test_robustness import BROKEN

EXE = str(Path(sys.executable).parent / "mkdocs-tasks")


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """As a user's shell has it: output to a pipe is block-buffered, so what the command
    does not flush before it leaves is lost (PYTHONUNBUFFERED would hide that)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return {**env, **(extra or {})}


def run(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], cwd=root, capture_output=True, text=True, timeout=120,
                          env=_env(env))


def _as_set(problems: list[dict[str, object]]) -> set[tuple[object, ...]]:
    return {(p["file"], p["line"], p["code"], p["severity"]) for p in problems}


def _build_set(built_problems: list[str]) -> set[tuple[object, ...]]:
    out = set()
    for line in built_problems:
        m = re.match(r"(\S+):(\d+): (error|warning) \[([a-z-]+)\]", line)
        assert m, line
        out.add((m.group(1), int(m.group(2)), m.group(4), m.group(3)))
    return out


@pytest.mark.parametrize("name", ["problems", "tricky", "broken"])
def test_check_json_equals_build(tmp_path: Path, name: str) -> None:
    if name == "broken":
        root = write_site(tmp_path / name, BROKEN)
    else:
        root = copy_fixture(name, tmp_path / name)
    proc = run(root, "check", "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    data = json.loads(proc.stdout)
    built = build_site(root)
    assert _as_set(data["problems"]) == _build_set(built.problems())
    assert data["summary"]["errors"] == sum(p["severity"] == "error" for p in data["problems"])
    assert (proc.returncode == 1) == (data["summary"]["errors"] > 0)
    if name == "problems":
        assert {p["code"] for p in data["problems"]} == set(CODES)
        assert [p["line"] for p in data["problems"]][:3] == [9, 9, 21]


def _big_site(root: Path) -> Path:
    """Enough task pages for `check` to read them in two processes, with problems of
    several kinds in each half and some across the halves."""
    n = 2 * PARALLEL_FROM
    files: dict[str, str | bytes] = {}
    for i in range(1, n + 1):
        cat = ("security", "performance", "documentation")[i % 3]
        deps = f"- PROJ-{i - 1}: before" if i > 1 else "None"
        if i in (7, n - 7):
            deps = "- PROJ-9999: nowhere"  # unknown-dependency, both halves
        if i == 5:
            deps = f"- PROJ-{n - 5}: the other half"  # a cycle across the halves
        if i == n - 5:
            deps = "- PROJ-5: back"
        files[f"tasks/{cat}/PROJ-{i}.md"] = task_page(f"Task {i}", deps=deps)
    files[f"tasks/security/PROJ-{n - 3}.md"] = task_page("Glued").replace(
        "Do the thing.\n", "Do the thing.\n- [ ] glued\n")
    files[f"tasks/security/PROJ-{n - 2}.md"] = "---\ntitle: [unclosed\n---\n# Broken\n"
    files["tasks/security/PROJ-3.md"] = task_page("Dup", front={"id": f"PROJ-{n - 1}"})
    files[f"tasks/performance/PROJ-{n + 1}.md"] = b"# Latin-1 \xe9\n"
    return write_site(root, files)


def test_check_in_two_processes_reports_what_one_and_a_build_report(tmp_path: Path) -> None:
    root = _big_site(tmp_path / "big")
    proj = project_mod.load(root / "mkdocs.yml")
    sources = proj.pages()
    if len(os.sched_getaffinity(0)) > 1:  # (on one core there is only one way)
        assert project_mod._split(proj, sources) is not None
    two = run(root, "check", "--format", "json")
    one = run(root, "check", "--format", "json", env={project_mod.JOBS_VARIABLE: "1"})
    assert two.returncode == one.returncode == 1
    assert two.stdout == one.stdout  # the same problems in the same order
    data = json.loads(two.stdout)
    codes = {p["code"] for p in data["problems"]}
    assert {"unknown-dependency", "dependency-cycle", "malformed-checkbox",
            "invalid-front-matter", "duplicate-id", None} <= codes
    (root / f"docs/tasks/performance/PROJ-{2 * PARALLEL_FROM + 1}.md").unlink()
    built = build_site(root)  # (which stops at a page that is not UTF-8)
    assert _as_set([p for p in data["problems"] if p["code"]]) == _build_set(built.problems())
    pages = len(list((root / "docs/tasks").rglob("*.md")))  # the unreadable one is gone
    assert data["summary"]["tasks"] == pages > 2 * PARALLEL_FROM


def test_check_reads_everything_itself_when_the_other_process_fails(tmp_path: Path) -> None:
    root = _big_site(tmp_path / "big")
    script = (
        "import json, os, pickle, sys\n"
        "from mkdocs_tasks import project\n"
        "def broken(*a, **k):\n"
        "    raise RuntimeError('no pickling today')\n"
        "def no_fork():\n"
        "    raise BlockingIOError(11, 'Resource temporarily unavailable')\n"
        "if sys.argv[1] == 'fail':\n"
        "    pickle.dumps = broken\n"
        "if sys.argv[1] == 'no-fork':\n"
        "    os.fork = no_fork\n"
        "r = project.check(project.load('mkdocs.yml'))\n"
        "print(json.dumps([(p.path, p.line, p.code) for p in r.problems]))\n"
        "print(len(r.graph.tasks), len(r.collection.unreadable))\n"
    )
    failed = subprocess.run([sys.executable, "-c", script, "fail"], cwd=root, capture_output=True,
                            text=True, timeout=120)
    fine = subprocess.run([sys.executable, "-c", script, "ok"], cwd=root, capture_output=True,
                          text=True, timeout=120)
    unforked = subprocess.run([sys.executable, "-c", script, "no-fork"], cwd=root,
                              capture_output=True, text=True, timeout=120)
    assert failed.returncode == fine.returncode == unforked.returncode == 0, failed.stderr
    assert failed.stdout == fine.stdout == unforked.stdout
    pages = len(list((root / "docs/tasks").rglob("*.md")))
    assert fine.stdout.splitlines()[1] == f"{pages - 1} 1"  # one page is not UTF-8


def test_check_text_matches_build_lines_and_exit_codes(tmp_path: Path) -> None:
    root = copy_fixture("problems", tmp_path / "p")
    proc = run(root, "check")
    assert proc.returncode == 1
    built = build_site(root)
    assert proc.stdout.splitlines() == built.problems()
    assert "14 errors, 10 warnings in 21 task pages" in proc.stderr
    assert "\x1b[" not in proc.stdout  # not a terminal: no colour

    ok = write_site(tmp_path / "ok", {"tasks/security/PROJ-1.md": task_page("Fine")})
    assert run(ok, "check").returncode == 0
    warn = write_site(tmp_path / "warn", {"tasks/security/PROJ-1.md": task_page("W", deps="- PROJ-9: x")})
    proc = run(warn, "check")
    assert proc.returncode == 0 and "warning [unknown-dependency]" in proc.stdout


def test_check_paths_limit_the_report(tmp_path: Path) -> None:
    root = copy_fixture("problems", tmp_path / "p")
    proc = run(root, "check", "--format", "json", "docs/tasks/security/PROJ-14-cycle-a.md",
               "docs/tasks/research-spike")
    files = {p["file"] for p in json.loads(proc.stdout)["problems"]}
    assert files == {"docs/tasks/security/PROJ-14-cycle-a.md",
                     "docs/tasks/research-spike/PROJ-16-invalid-time-box.md"}
    assert proc.returncode == 1  # the cycle is an error


def test_github_annotations(tmp_path: Path) -> None:
    root = write_site(tmp_path / "g", {
        "tasks/security/PROJ-1, a.md": task_page(None, front={"category": "Security"}),
    })
    proc = run(root, "check", "--format", "github")
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "::error file=docs/tasks/security/PROJ-1%2C a.md,line=1,title=missing-title::PROJ-1: the page "
        'has no title; add a first line "# Title" or "title:" in the front matter'
    ]


def test_usage_and_config_errors_exit_2(tmp_path: Path) -> None:
    root = write_site(tmp_path / "c", {"index.md": "# Home\n"}, plugin={"fail_on": "sometimes"})
    proc = run(root, "check")
    assert proc.returncode == 2
    assert "Plugin 'tasks' option 'fail_on'" in proc.stderr and "Traceback" not in proc.stderr
    assert run(root, "check", "--format", "xml").returncode == 2
    assert run(root, "check", "-f", "missing.yml").returncode == 2
    (root / "broken.yml").write_text("site_name: [\n")
    proc = run(root, "check", "-f", "broken.yml")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_config_with_python_tags_and_inherit(tmp_path: Path) -> None:
    root = write_site(tmp_path / "t", {"tasks/security/PROJ-1.md": task_page("One")})
    (root / "base.yml").write_text("plugins:\n  - tasks:\n      rules:\n        missing-title: off\n")
    (root / "mkdocs.yml").write_text(
        "INHERIT: base.yml\nsite_name: T\nmarkdown_extensions:\n  - pymdownx.superfences:\n"
        "      custom_fences:\n        - name: mermaid\n          class: mermaid\n"
        "          format: !!python/name:pymdownx.superfences.fence_code_format\n")
    (root / "docs" / "tasks" / "security" / "PROJ-2.md").write_text(task_page(None))
    proc = run(root, "check")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_new_then_check_reports_only_placeholders_until_filled(tmp_path: Path) -> None:
    root = write_site(tmp_path / "n", {
        "tasks/security/PROJ-7-old.md": task_page("Old"),
        "tasks/security/PROJ-12-newer.md": task_page("Newer"),
    })
    before = tree_digest(root / "docs")
    proc = run(root, "new", "Rotate the API keys", "--category", "security")
    assert proc.returncode == 0, proc.stderr
    path = root / proc.stdout.strip()
    assert path == root / "docs" / "tasks" / "security" / "PROJ-13-rotate-the-api-keys.md"
    assert tree_digest(root / "docs") != before

    data = json.loads(run(root, "check", "--format", "json").stdout)
    assert {p["code"] for p in data["problems"]} == {"template-placeholder"}
    assert all(p["file"].endswith("PROJ-13-rotate-the-api-keys.md") for p in data["problems"])
    assert data["summary"]["errors"] == 0

    # fill every placeholder: nothing left to report
    text = path.read_text()
    for old, new in [("[What needs to be accomplished and why]", "Keys older than 90 days go."),
                     ("Requirement 1", "No downtime"), ("Requirement 2", "Audit log"),
                     ("Requirement 3", "Runbook"),
                     ("[Proposed solution or implementation strategy]", "Dual keys, then cut over."),
                     ("Deliverable 1 completed", "New keys issued"),
                     ("Deliverable 2 completed", "Old keys revoked"),
                     ("Validation performed", "Validation performed by security"),
                     ("[Other issues, external factors, or prerequisites]", "- PROJ-12"),
                     ("[Documentation links, API references, design files]", "- The vault docs")]:
        assert old in text
        text = text.replace(old, new)
    path.write_text(text)
    proc = run(root, "check", "--format", "json")
    assert json.loads(proc.stdout)["problems"] == [] and proc.returncode == 0
    built = build_site(root, strict=True)
    assert built.ok and built.problems() == []

    again = run(root, "new", "Rotate the API keys", "--category", "security", "--id", "PROJ-13")
    assert again.returncode == 1 and "already used" in again.stderr


def test_new_spike_and_refusing_to_overwrite(tmp_path: Path) -> None:
    root = write_site(tmp_path / "s", {"index.md": "# Home\n"})
    proc = run(root, "new", "Evaluate queues", "--spike")
    assert proc.returncode == 0, proc.stderr
    path = root / proc.stdout.strip()
    assert path.relative_to(root).as_posix() == "docs/tasks/research-spike/TASK-1-evaluate-queues.md"
    data = json.loads(run(root, "check", "--format", "json").stdout)
    assert {p["code"] for p in data["problems"]} == {"template-placeholder"}
    data = json.loads(run(root, "check", "--format", "json").stdout)
    flagged = sorted(p["line"] for p in data["problems"])
    lines = path.read_text().splitlines()
    assert [lines[n - 1] for n in flagged] == [
        "[What needs to be accomplished and why]", "[Maximum 2 days of investigation]",
        "1. Question 1", "2. Question 2", "- [ ] Deliverable 1 completed",
        "- [ ] Deliverable 2 completed", "[What this investigation will not cover]"]
    task = json.loads(run(root, "list", "--format", "json").stdout)["tasks"][0]
    assert (task["id"], task["type"], task["category"]) == ("TASK-1", "spike", "Research/Spike")
    # a page already at the target path (its own ID elsewhere) is never overwritten
    mine = path.with_name("TASK-7-evaluate-queues.md")
    mine.write_text("---\nid: OTHER-1\n---\n# mine\n")
    proc = run(root, "new", "Evaluate queues", "--spike", "--id", "TASK-7")
    assert proc.returncode == 1 and "not overwriting" in proc.stderr
    assert mine.read_text() == "---\nid: OTHER-1\n---\n# mine\n"
    proc = run(root, "new", "Evaluate queues", "--spike", "--id", "TASK-1")
    assert proc.returncode == 1 and "already used" in proc.stderr


def test_new_outside_include_writes_type_and_id(tmp_path: Path) -> None:
    root = write_site(tmp_path / "o", {"tasks/security/OPS-4.md": task_page("Ops")})
    proc = run(root, "new", "Elsewhere", "--dir", "docs/guide", "--category", "Security")
    assert proc.returncode == 0, proc.stderr
    text = (root / proc.stdout.strip()).read_text()
    assert text.startswith('---\ncategory: "Security"\ntype: "task"\n---\n# Elsewhere\n')
    ids = [t["id"] for t in json.loads(run(root, "list", "--format", "json").stdout)["tasks"]]
    assert ids == ["OPS-4", "OPS-5"]


def test_list_json_matches_tasks_json_and_table_is_aligned(tmp_path: Path) -> None:
    root = copy_fixture("tricky", tmp_path / "t")
    built = build_site(root)
    site_json = json.loads((built.site / "tasks.json").read_text())
    listed = json.loads(run(root, "list", "--format", "json").stdout)
    assert listed == site_json
    table = run(root, "list", "--category", "performance").stdout.splitlines()
    assert table[0].split() == ["ID", "TITLE", "CATEGORY", "STATUS", "PROGRESS"]
    assert [line.split()[0] for line in table[1:]] == ["PERF-1", "PERF-2", "PERF-3", "PERF-4", "PERF-5"]
    col = table[0].index("STATUS")
    assert all(line[col - 2:col] == "  " for line in table)
    done = run(root, "list", "--status", "To Do").stdout.splitlines()
    assert [line.split()[0] for line in done[1:]] == ["PERF-4"]


def test_output_is_complete_in_a_pipe_and_a_closed_pipe_is_no_error(tmp_path: Path) -> None:
    """The command leaves without Python's clean-up at exit: what it printed must still
    all arrive, and a reader that stops early (`| head`) is no failure."""
    root = _big_site(tmp_path / "big")
    full = run(root, "list", "--format", "json")
    assert full.returncode == 0, full.stderr
    assert len(json.loads(full.stdout)["tasks"]) > 2 * PARALLEL_FROM
    assert len(full.stdout) > 100_000  # more than a pipe holds (64 KiB): the writes wait
    proc = subprocess.Popen([EXE, "list", "--format", "json"], cwd=root, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=_env())
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # `| head -1`
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 0
    assert first.startswith(b'{"version": 1')
    assert b"Traceback" not in err and b"Error" not in err

    # a reader gone before anything was written: the output, still buffered, meets the
    # closed pipe only when the command flushes it on the way out
    small = copy_fixture("problems", tmp_path / "p")
    proc = subprocess.Popen([EXE, "check"], cwd=small, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=_env())
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 1, err  # the errors it found, not a crash
    assert b"Traceback" not in err and b"BrokenPipe" not in err


def test_colour_only_on_a_terminal_and_not_with_no_color(tmp_path: Path) -> None:
    root = copy_fixture("problems", tmp_path / "p")

    def on_tty(env: dict[str, str]) -> bytes:
        main, child = pty.openpty()
        proc = subprocess.Popen([EXE, "check"], cwd=root, stdin=child, stdout=child, stderr=child,
                                env=env)
        os.close(child)
        out = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        proc.wait(timeout=60)
        os.close(main)
        return out

    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    assert b"\x1b[" in on_tty(env)
    assert b"\x1b[" not in on_tty(dict(env, NO_COLOR="1"))


def test_check_never_writes(tmp_path: Path) -> None:
    root = copy_fixture("problems", tmp_path / "p")
    before = tree_digest(root)
    run(root, "check")
    run(root, "list")
    assert tree_digest(root) == before
    assert shutil.which(EXE)


def test_schema_accepts_good_front_matter_and_rejects_wrong_types(tmp_path: Path) -> None:
    import datetime

    import jsonschema
    import yaml

    proc = run(tmp_path, "schema")
    schema = json.loads(proc.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())

    def front(text: str) -> object:
        data = yaml.safe_load(text.split("---\n")[1])
        # editors see YAML dates as the text they are written as
        return {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in data.items()}

    good = front(task_page("x", front={"id": "PROJ-1", "title": "T", "type": "task", "category": "Security",
                                        "status": "blocked", "owner": "a", "due": datetime.date(2026, 12, 15),
                                        "tags": ["a", 1]}))
    assert list(validator.iter_errors(good)) == []
    bad = front(BROKEN["tasks/security/PROJ-9-wrong-types.md"])
    wrong = {e.path[0] for e in validator.iter_errors(bad)}
    assert wrong == {"id", "title", "category", "type", "status", "owner", "due", "tags"}


def test_check_paths_that_do_not_exist_or_are_no_task_pages(tmp_path: Path) -> None:
    root = copy_fixture("problems", tmp_path / "p")
    # a misspelt path in CI or a pre-commit hook is no pass: exit 2, naming it
    gone = run(root, "check", "docs/tasks/nonexistent.md", "docs/tasks/security/PROJ-13-self-dependency.md")
    assert gone.returncode == 2 and gone.stdout == ""
    assert gone.stderr.strip() == "mkdocs-tasks: docs/tasks/nonexistent.md: no such file or folder"
    assert run(root, "check", "--fix", "nowhere/").returncode == 2
    assert run(root, "check", "--diff", "nowhere/").returncode == 2
    # a page that is no task: said in one line and skipped; the count is of what was checked
    (root / "docs" / "guide.md").write_text("# Guide\n")
    skipped = run(root, "check", "docs/guide.md", "docs/index.md",
                  "docs/tasks/security/PROJ-13-self-dependency.md")
    assert skipped.returncode == 1  # the self-dependency is an error
    notes = [line for line in skipped.stderr.splitlines() if "skipped" in line]
    assert notes == [
        f"mkdocs-tasks: {p} is no task page (tasks are the pages that match include, tasks/**/*.md, "
        "or say type: task in their front matter); skipped" for p in ("docs/guide.md", "docs/index.md")]
    assert skipped.stdout.count("[self-dependency]") == 1 and len(skipped.stdout.splitlines()) == 1
    assert skipped.stderr.splitlines()[-1] == (
        "1 error, 0 warnings in 1 task page (of 21, all read for their dependencies)")
    alone = run(root, "check", "--format", "json", "docs/guide.md")
    assert alone.returncode == 0 and json.loads(alone.stdout)["summary"]["tasks"] == 0
    folder = run(root, "check", "docs/tasks/misc")
    assert "2 task pages (of 21" in folder.stderr.splitlines()[-1]


def test_list_filters_that_can_match_nothing_exit_2(tmp_path: Path) -> None:
    root = copy_fixture("tricky", tmp_path / "t")
    status = run(root, "list", "--status", "nonsense")
    assert status.returncode == 2 and status.stdout == ""
    assert status.stderr.strip() == ("mkdocs-tasks: unknown status 'nonsense'; use one of: todo, "
                                     "in-progress, done, blocked, cancelled")
    category = run(root, "list", "--category", "Marketing")
    assert category.returncode == 2 and "use one of: Infrastructure, Configuration" in category.stderr
    # values that are configured but held by no task are a fine, empty answer
    blocked = run(root, "list", "--status", "Blocked", "--category", "security")
    assert blocked.returncode == 0 and blocked.stdout.splitlines()[1:] == []


def test_new_keeps_the_title_s_letters_and_shows_it_as_typed(tmp_path: Path) -> None:
    root = write_site(tmp_path / "n", {"tasks/security/PROJ-4-base.md": task_page("Base")},
                      extensions=["pymdownx.tasklist", "attr_list", "toc"])
    accents = run(root, "new", "Überprüfung der Zugänge", "--category", "security")
    assert accents.returncode == 0, accents.stderr
    assert accents.stdout.strip() == "docs/tasks/security/PROJ-5-uberprufung-der-zugange.md"
    title = "Fix <b>bold</b> & co: *not* `code` [x] {#id} #"
    markup = run(root, "new", title, "--category", "security")
    assert markup.returncode == 0, markup.stderr
    assert markup.stdout.strip() == "docs/tasks/security/PROJ-6-fix-b-bold-b-co-not-code-x-id.md"
    listed = {t["id"]: t["title"] for t in json.loads(run(root, "list", "--format", "json").stdout)["tasks"]}
    assert listed["PROJ-5"] == "Überprüfung der Zugänge" and listed["PROJ-6"] == title
    built = build_site(root)
    html = (built.site / "tasks/security/PROJ-6-fix-b-bold-b-co-not-code-x-id/index.html").read_text()
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert h1 is not None and "<b>" not in h1.group(1) and "<em>" not in h1.group(1)
    assert re.sub(r"<[^>]+>", "", h1.group(1)).replace("&lt;", "<").replace("&gt;", ">").replace(
        "&amp;", "&").strip() == title
    assert json.loads((built.site / "tasks.json").read_text())["tasks"][-1]["title"] == title
    # the same title again: most likely the same command twice
    again = run(root, "new", "überprüfung der  zugänge", "--category", "security")
    assert again.returncode == 1 and again.stdout == ""
    assert again.stderr.strip() == (
        "mkdocs-tasks: PROJ-5 (docs/tasks/security/PROJ-5-uberprufung-der-zugange.md) already has "
        "the title 'überprüfung der  zugänge'; give the new task a title of its own")


def test_diff_alone_previews_and_writes_nothing(tmp_path: Path) -> None:
    root = write_site(tmp_path / "d", {
        "tasks/security/PROJ-1.md": task_page("Typo").replace("## Approach", "## Aproach")})
    before = tree_digest(root / "docs")
    preview = run(root, "check", "--diff")
    assert preview.returncode == 1 and tree_digest(root / "docs") == before
    assert "-## Aproach\n+## Approach\n" in preview.stdout
    helped = run(root, "check", "--help").stdout
    assert "with or without --fix" in " ".join(helped.split())
