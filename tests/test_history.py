"""Progress over time from git (`<!-- tasks:history -->`, `mkdocs-tasks history`), on real
git repositories made in the test with dated commits (GIT_COMMITTER_DATE): every point of
the chart's table and of `history --format json` equals counts made here from what each
commit holds; a shallow clone warns and draws; outside git the figure says why; the cache
reads no git object twice and never trusts a damaged file."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import TODAY, build_site, git, write_site
from mkdocs_tasks import history
from mkdocs_tasks.defaults import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, default_settings
from test_cli import run

# the states the test commits: day -> {task: (category, boxes ticked, boxes)} (None: deleted)
STEPS: list[tuple[str, dict[str, tuple[str, int, int] | None], str | None]] = [
    ("2026-10-01T09:00:00Z", {"P-1": ("security", 0, 3)}, None),
    ("2026-10-05T09:00:00Z", {"P-2": ("performance", 0, 2)}, None),
    ("2026-10-05T17:30:00Z", {"P-1": ("security", 1, 3)}, None),  # the same day, twice
    ("2026-10-05T18:00:00Z", {"P-1": ("security", 2, 3)}, None),
    ("2026-10-09T10:00:00Z", {}, "index.md"),  # a commit that changes no task page
    ("2026-10-20T10:00:00Z", {"P-3": ("security", 0, 1), "P-2": ("performance", 2, 2)}, None),
    ("2026-11-02T10:00:00Z", {"P-3": None}, None),  # a task deleted
    ("2026-11-15T10:00:00Z", {"P-1": ("security", 3, 3), "P-4": ("security", 1, 4)}, None),
]


def _page(tid: str, ticked: int, boxes: int) -> str:
    items = "\n".join(f"- [{'x' if i < ticked else ' '}] Criterion {i + 1}" for i in range(boxes))
    return (f"---\nid: {tid}\n---\n# Task {tid}\n\n## Objective\nDo it.\n\n## Requirements\n- One\n\n"
            f"## Approach\nPlainly.\n\n## Success Criteria\n{items}\n\n## Dependencies\nNone\n\n"
            "## Resources\n- None\n")


def _counts(state: dict[str, tuple[str, int, int]], category: str | None = None) -> tuple[int, ...]:
    kept = [s for s in state.values() if category is None or s[0] == category]
    return (sum(t == n for _, t, n in kept), len(kept), sum(t for _, t, _ in kept),
            sum(n for _, _, n in kept))


def _repo(tmp_path: Path) -> tuple[Path, list[tuple[str, str, dict[str, tuple[str, int, int]]]]]:
    """The repository after every step: each day's last commit with the tasks it holds."""
    root = write_site(tmp_path / "repo", {
        "index.md": "# Home\n\n<!-- tasks:history -->\n",
        "security.md": '# Security\n\n<!-- tasks:history category="Security" -->\n'})
    (root / ".gitignore").write_text("site/\n.cache/\n")
    git(root, "init", "-q")
    state: dict[str, tuple[str, int, int]] = {}
    days: list[tuple[str, str, dict[str, tuple[str, int, int]]]] = []
    for date, changes, other in STEPS:
        for tid, spec in changes.items():
            old = state.get(tid)
            if old is not None:
                (root / "docs" / "tasks" / old[0] / f"{tid}.md").unlink()
            if spec is None:
                del state[tid]
                continue
            path = root / "docs" / "tasks" / spec[0] / f"{tid}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_page(tid, spec[1], spec[2]))
            state[tid] = spec
        if other:
            (root / "docs" / other).write_text((root / "docs" / other).read_text() + "\nEdited.\n")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", date, date=date)
        sha = git(root, "rev-parse", "HEAD")
        day = date[:10]
        entry = (day, sha, dict(state))
        if days and days[-1][0] == day:
            days[-1] = entry  # (the day's last commit)
        elif other is None:  # (a day whose commits change no task page has no point)
            days.append(entry)
    return root, days


def _table(html: str) -> list[tuple[str, str, tuple[int, ...]]]:
    rows = re.findall(r'<tr data-date="([\d-]+)" data-commit="([0-9a-f]*)"><td>([\d-]+)</td>'
                      r"<td>(\d+)</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td></tr>", html)
    assert all(d == cell for d, _, cell, *_ in rows)  # (the date cell: the date, nothing else)
    return [(d, c, tuple(map(int, n))) for d, c, _, *n in rows]


def test_every_point_is_what_each_day_held(tmp_path: Path) -> None:
    root, days = _repo(tmp_path)
    expected = [(day, sha, _counts(state)) for day, sha, state in days]
    assert len(expected) == 5 and len(STEPS) == 8
    # an uncommitted tick: a last point dated today, from the working tree
    p4 = root / "docs" / "tasks" / "security" / "P-4.md"
    p4.write_text(_page("P-4", 2, 4))
    now = dict(days[-1][2], **{"P-4": ("security", 2, 4)})
    built = build_site(root)
    assert built.ok, built.messages
    html = built.html("index.html")
    assert _table(html) == [*expected, (TODAY, "", _counts(now))]
    assert html.count('class="tasks-history-line"') == 4
    for series in ("tasks-done", "tasks-total", "criteria-done", "criteria-total"):
        assert f'data-series="{series}"' in html
    # the filters hold at each point
    security = [(day, sha, _counts(state, "security")) for day, sha, state in days]
    assert _table(built.html("security/index.html")) == [*security, (TODAY, "", _counts(now, "security"))]
    # the command line says the same
    out = run(root, "history", "--format", "json")
    assert out.returncode == 0, out.stderr
    points = json.loads(out.stdout)["points"]
    assert [(p["date"], p["commit"] or "", (p["tasks"]["done"], p["tasks"]["total"], p["criteria"]["done"],
             p["criteria"]["total"])) for p in points] == _table(html)
    since = run(root, "history", "--format", "csv", "--since", "2026-10-20", "--category", "Security")
    assert since.stdout.splitlines()[1:] == [f"{d},{c},{','.join(map(str, n))}"
                                             for d, c, n in _table(built.html("security/index.html"))
                                             if d >= "2026-10-20"]
    # committed, the working tree is HEAD again: no point of its own
    git(root, "commit", "-qam", "tick", date="2026-11-20T10:00:00Z")
    again = _table(build_site(root).html("index.html"))
    assert again[-1][0] == "2026-11-20" and again[-1][1] and again[-1][2] == _counts(now)


def test_a_shallow_clone_warns_and_draws_what_it_holds(tmp_path: Path) -> None:
    root, days = _repo(tmp_path)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{root}", str(clone))
    built = build_site(clone)
    assert built.ok, built.messages
    warnings = [m for m in built.messages if "shallow" in m]
    assert warnings and "fetch-depth: 0" in warnings[0]
    rows = _table(built.html("index.html"))
    # the two commits it holds: the last day, whose state is the whole tree
    assert rows and rows[-1] == (days[-1][0], days[-1][1], _counts(days[-1][2]))
    assert len(rows) < len(days)


def test_outside_git_the_figure_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, _ = _repo(tmp_path)
    plain = tmp_path / "plain"
    shutil.copytree(root, plain, ignore=shutil.ignore_patterns(".git"))
    built = build_site(plain)
    assert built.ok, built.messages
    html = built.html("index.html")
    assert "is not in a git repository" in html and 'data-points="0"' in html
    assert any("not in a git repository" in m for m in built.messages)
    out = run(plain, "history")
    assert out.returncode == 2 and "not in a git repository" in out.stderr and "Traceback" not in out.stderr
    # without git on the PATH: said, not a traceback
    assert history.read(_site(root, None)).history is not None
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    missing = history.read(_site(root, None))
    assert missing.history is None and missing.note is not None and "install git" in missing.note


def _site(root: Path, cache: Path | None) -> history.Site:
    return history.Site(root / "docs", default_settings(), DEFAULT_INCLUDE, DEFAULT_EXCLUDE,
                        lambda src: src.endswith(".md"), cache)


def test_the_cache_reads_each_version_once_and_ignores_a_damaged_file(tmp_path: Path) -> None:
    root, days = _repo(tmp_path)
    cache = root / ".cache" / "plugin" / "tasks"
    first = history.read(_site(root, cache))
    assert first.history is not None
    # every version of every page (each task's states, the two marker pages' three), once
    versions = len(first.history.versions)
    states = sum(spec is not None for _, step, _ in STEPS for spec in step.values())
    assert first.read == versions == states + 3
    second = history.read(_site(root, cache))
    assert second.read == 0  # nothing read from git again
    assert second.history is not None and second.history.versions == first.history.versions
    # a new commit: only its versions are read
    p2 = root / "docs" / "tasks" / "performance" / "P-2.md"
    p2.write_text(_page("P-2", 1, 2))
    git(root, "commit", "-qam", "untick", date="2026-11-21T10:00:00Z")
    assert history.read(_site(root, cache)).read == 1
    # a damaged file, and one made under other settings: ignored, read again, rewritten
    for damage in ("{not json", json.dumps({"version": 2, "settings": "other", "versions": {}}),
                   json.dumps({"version": 2, "settings": _key(), "versions": {"x y": [1, 2]}})):
        (cache / "history.json").write_text(damage)
        again = history.read(_site(root, cache))
        assert again.read == versions + 1
        assert json.loads((cache / "history.json").read_text())["versions"]
    # and through a build: the cache beside mkdocs.yml, cache: false writes none
    shutil.rmtree(root / ".cache")
    assert build_site(root).ok and (cache / "history.json").is_file()
    shutil.rmtree(root / ".cache")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("- tasks\n", "- tasks:\n    cache: false\n"))
    assert "cache: false" in config.read_text()
    assert build_site(root).ok and not (root / ".cache").exists()


def _key() -> str:
    return history.fingerprint(default_settings(), (["tasks/**/*.md"], ["**/index.md"]))


@pytest.mark.parametrize("attrs", ['since="2026-13-01"', 'days="soon"', 'colour="red"'])
def test_marker_attributes_are_checked(tmp_path: Path, attrs: str) -> None:
    root = write_site(tmp_path / "s", {"index.md": f"# Home\n\n<!-- tasks:history {attrs} -->\n"})
    built = build_site(root)
    assert built.ok
    assert any("tasks:history" in m and "docs/index.md:3" in m for m in built.warnings()), built.messages


def test_zensical_draws_the_history_as_mkdocs_does(tmp_path: Path) -> None:
    """Zensical with the Markdown extension: the same points (the working tree's with an
    uncommitted tick), and the same chart."""
    from test_zensical import _run

    root, _ = _repo(tmp_path)
    config = root / "mkdocs.yml"
    text = config.read_text().replace("- pymdownx.tasklist", "- pymdownx.tasklist\n- mkdocs_tasks.extension")
    config.write_text(text.replace("name: mkdocs", "name: material"))  # (Zensical builds Material)
    p4 = root / "docs" / "tasks" / "security" / "P-4.md"
    p4.write_text(_page("P-4", 3, 4))
    mk = _run("mkdocs", root, "-d", "site-mkdocs")
    assert mk.returncode == 0, mk.stderr[-3000:]
    zs = _run("zensical", root, "--clean")
    assert zs.returncode == 0 and "Traceback" not in zs.stderr, zs.stderr[-3000:]
    for page in ("index.html", "security/index.html"):
        ours, theirs = ((root / site / page).read_text() for site in ("site-mkdocs", "site"))
        assert _table(ours) and _table(theirs) == _table(ours)
        chart = re.compile(r'<figure class="tasks-history".*?</figure>', re.S)
        assert chart.findall(theirs) == chart.findall(ours)
