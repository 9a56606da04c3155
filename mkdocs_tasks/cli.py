"""`mkdocs-tasks check | new | list | diff | schema`: the same core as the plugin, without a build.

argparse rather than click: this runs in pre-commit hooks, where start-up time is most of
the time, and argparse imports in a fraction of click's time.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import posixpath
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import project as project_mod
from .model import ERROR
from .pipeline import task_path_matcher
from .rules import tally
from .status import percent
from .template import SKELETON_SPIKE, SKELETON_TASK, markdown_text
from .text import fold_key

CONFIG_HELP = "the MkDocs configuration file (default: mkdocs.yml)"
_STYLE = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "bold": "\x1b[1m"}


class _Exit(Exception):
    def __init__(self, code: int, message: str = "") -> None:
        super().__init__(message)
        self.code = code


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _style(text: str, style: str) -> str:
    return f"{_STYLE[style]}{text}\x1b[0m"


def _load(config_file: str) -> project_mod.Project:
    try:
        return project_mod.load(config_file)
    except project_mod.ProjectError as exc:
        raise _Exit(2, f"mkdocs-tasks: {exc}") from None


def _colour() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    return "NO_COLOR" not in os.environ and sys.stdout.isatty()


def _selector(project: project_mod.Project, paths: Sequence[str]) -> Callable[[str], bool]:
    """Whether a file (relative to the project root) is one of, or under one of, PATHs."""
    if not paths:
        return lambda path: True
    given = [Path(p).resolve() for p in paths]

    def selected(path: str) -> bool:
        target = (project.root / path).resolve()
        return any(target == g or g in target.parents for g in given)

    return selected


def _existing(paths: Sequence[str]) -> None:
    """PATHs that do not exist are a usage error (exit 2), never "0 errors" in CI."""
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise _Exit(2, "mkdocs-tasks: " + "; ".join(f"{p}: no such file or folder" for p in missing))


def _task_paths(project: project_mod.Project, paths: Sequence[str], srcs: Sequence[str]) -> int:
    """How many of the task pages (`srcs`, relative to docs_dir) the PATHs name; a PATH
    that names none is said in one line on standard error, and skipped."""
    rels = [f"{project.prefix}{src}" for src in srcs]
    if not paths:
        return len(rels)
    for p in paths:
        if not any(map(_selector(project, [p]), rels)):
            what = "holds no task page" if os.path.isdir(p) else "is no task page"
            _err(f"mkdocs-tasks: {p} {what} (tasks are the pages that match include, "
                 f"{', '.join(project.include)}, or say type: task in their front matter); skipped")
    return sum(map(_selector(project, paths), rels))


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def fix(config_file: str, fmt: str, paths: Sequence[str], show_diff: bool) -> int:
    """Mend what needs no guess (see fix.py), then report what is left as `check` does;
    with `show_diff`, print the unified diff instead and write nothing."""
    import difflib

    from . import fix as fix_mod
    from .pipeline import find

    _existing(paths)
    proj = _load(config_file)
    # which pages are tasks, without parsing them: mend() reads each one itself
    found = find(proj.readers(), proj.settings, proj.include, proj.exclude)
    if show_diff:  # (else check says which PATHs hold no task page, after the mends)
        _task_paths(proj, paths, found.tasks)
    changed = 0
    selected = _selector(proj, paths)
    for src in found.tasks:
        path = proj.docs_dir / src
        rel = f"{proj.prefix}{src}"
        if not selected(rel):
            continue
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # (check reports it)
        mended = fix_mod.mend(text, src, proj.settings)
        if mended.text == text:
            continue
        changed += 1
        if show_diff:
            sys.stdout.writelines(difflib.unified_diff(
                text.splitlines(keepends=True), mended.text.splitlines(keepends=True),
                f"a/{rel}", f"b/{rel}"))
            continue
        with open(path, "wb") as fh:
            fh.write(mended.text.encode("utf-8"))
        for line, code, what in mended.done:
            _err(f"{rel}:{line}: fixed [{code}] {what}")
    if show_diff:
        return 1 if changed else 0
    if changed:
        _err(f"mkdocs-tasks: {_count(changed, 'file')} mended; what is left:")
    return check(config_file, fmt, paths)


def check(config_file: str, fmt: str, paths: Sequence[str]) -> int:
    """Report the problems a build would report, without building."""
    _existing(paths)
    proj = _load(config_file)
    result = project_mod.check(proj)
    checked = _task_paths(proj, paths, [t.src for t in result.graph.tasks])
    selected = _selector(proj, paths)
    problems = [p for p in result.problems if selected(p.path)]
    unreadable = [(f"{proj.prefix}{src}", line, why) for src, line, why in result.collection.unreadable
                  if selected(f"{proj.prefix}{src}")]
    errors, warnings = tally(problems)
    errors += len(unreadable)
    _note_rewritten(proj, result)

    if fmt == "json":
        out = [{"file": p.path, "line": p.line, "severity": p.severity, "code": p.code,
                "task": p.task, "message": p.message} for p in problems]
        out += [{"file": f, "line": ln, "severity": ERROR, "code": None, "task": None, "message": why}
                for f, ln, why in unreadable]
        print(json.dumps({"problems": out, "summary": {
            "errors": errors, "warnings": warnings, "tasks": checked,
        }}, indent=2, ensure_ascii=False))
    elif fmt == "sarif":
        from importlib.metadata import version

        from . import sarif

        repo = _repository_root(proj.root)

        def uri_of(path: str) -> str:
            return (proj.root / path).resolve().relative_to(repo).as_posix()

        print(json.dumps(sarif.log(problems, unreadable, uri_of, version("mkdocs-tasks"),
                                   repo.as_uri() + "/"), indent=2, ensure_ascii=False))
    elif fmt == "github":
        cwd = Path.cwd()
        for p in problems:
            rel = os.path.relpath(proj.root / p.path, cwd).replace(os.sep, "/")
            print(f"::{p.severity} file={_gh_escape(rel, True)},line={p.line},"
                  f"title={_gh_escape(p.code, True)}::{_gh_escape(f'{p.task}: {p.message}')}")
        for f, ln, why in unreadable:
            rel = os.path.relpath(proj.root / f, cwd).replace(os.sep, "/")
            print(f"::error file={_gh_escape(rel, True)},line={ln}::{_gh_escape(why)}")
    else:
        colour = _colour()
        for p in problems:
            sev = _style(p.severity, p.severity) if colour else p.severity
            print(f"{p.path}:{p.line}: {sev} [{p.code}] {p.task}: {p.message}")
        for f, ln, why in unreadable:
            print(f"{f}:{ln}: error: {why}")
        summary = (f"{_count(errors, 'error')}, {_count(warnings, 'warning')} in "
                   f"{_count(checked, 'task page')}")
        if paths and checked < len(result.graph.tasks):
            summary += f" (of {len(result.graph.tasks)}, all read for their dependencies)"
        if not proj.plugin_enabled:
            summary += f" (the tasks plugin is not enabled in {config_file}; defaults used)"
        _err(summary)
    return 1 if errors else 0


def diff(config_file: str, base: str, head: str | None, fmt: str) -> int:
    """The tasks at two git revisions (head: the work tree), compared."""
    from . import diff as diff_mod
    from . import render, revision

    proj = _load(config_file)
    try:
        root = revision.toplevel(proj.root).resolve()
        base_commit = revision.commit(root, base)
        head_commit = revision.commit(root, head) if head is not None else None
        config = proj.config_file.resolve().relative_to(root).as_posix()
        docs = proj.docs_dir.resolve().relative_to(root).as_posix()
        docs = "" if docs == "." else docs
        base_config = revision.read(root, base_commit, [config])[config]
        head_config = (revision.read(root, head_commit, [config])[config] if head_commit is not None
                       else proj.config_file.read_bytes())
        if base_config != head_config:
            raise _Exit(2, f"mkdocs-tasks: {config} differs between {base} and "
                        f"{head or 'the work tree'} (or is missing from one); `diff` compares the "
                        "tasks under one configuration: compare two revisions with the same "
                        f"{config}, or commit its change on its own")

        def records(commit: str | None) -> list[dict[str, object]]:
            pages = None if commit is None else _pages_at(proj, root, commit, docs)
            result = project_mod.check(proj, pages=pages)
            return list(render.tasks_json(result.graph, lambda t: proj.url(t.src))["tasks"])

        result = diff_mod.compare(records(base_commit), records(head_commit))
    except revision.RevisionError as exc:
        raise _Exit(2, f"mkdocs-tasks: {exc}") from None
    except ValueError:  # (relative_to: the site is outside the repository's work tree)
        raise _Exit(2, f"mkdocs-tasks: {proj.config_file} is not inside the git work tree") from None
    if fmt == "json":
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(diff_mod.markdown(result))
    return 0


def _pages_at(proj: project_mod.Project, root: Path, commit: str, docs: str,
              ) -> list[tuple[str, Callable[[], str]]]:
    from . import revision

    prefix = docs + "/" if docs else ""
    srcs = proj.select(revision.files(root, commit, docs))
    blobs = revision.read(root, commit, [prefix + s for s in srcs])

    def reader(data: bytes | None) -> Callable[[], str]:
        return lambda: (data or b"").decode("utf-8-sig")

    return [(src, reader(blobs[prefix + src])) for src in srcs]


def _repository_root(start: Path) -> Path:
    """The nearest folder holding `.git` (SARIF's paths are from there), else `start`."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def _note_rewritten(proj: project_mod.Project, result: project_mod.Checked) -> None:
    """One line on stderr (stdout stays the report) for the pages a plugin rewrites."""
    if not result.rewritten:
        return
    n = len(result.rewritten)
    first = f"{proj.prefix}{result.rewritten[0]}" + (f" and {n - 1} more" if n > 1 else "")
    _err(f"mkdocs-tasks: {_count(n, 'task page')} ({first}) use template syntax that "
         f"{' and '.join(proj.rewriters)} expand in a build; their sections and checkboxes "
         "are judged by `mkdocs build`, the rest is checked here")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


LIST_FILTERS = ("category", "status", "type", "owner", "tag", "priority", "due", "sort", "limit", "group")


def _can_match(proj: project_mod.Project, attrs: dict[str, str]) -> None:
    """A filter value that no task can have, or one that cannot be read, is a usage error
    (exit 2) naming the valid ones: an empty list would read as "no such task" where the
    value is the mistake."""
    from .markers import unmatched, unreadable

    for attribute, _, value, valid in unmatched(attrs, proj.settings):
        raise _Exit(2, f"mkdocs-tasks: unknown {attribute} {value!r}; use one of: {', '.join(valid)}")
    for attribute, raw, takes in unreadable(attrs):
        raise _Exit(2, f"mkdocs-tasks: --{attribute} {raw!r} cannot be read; use {takes}")


def list_tasks(config_file: str, fmt: str, attrs: dict[str, str]) -> int:
    """List the tasks with their status and progress: filtered, sorted and grouped as a
    view's marker says (`--status '!done' --owner lee --sort due --group owner`)."""
    from . import render, views

    proj = _load(config_file)
    _can_match(proj, attrs)
    result = project_mod.check(proj)
    _note_rewritten(proj, result)
    graph = result.graph
    q = views.query(attrs)
    selected = views.select(views.faces(graph, unique=False), q, proj.settings, graph.today, duplicates=True)
    groups = (views.grouped(selected, q.group, proj.settings, graph.today) if q.group
              else [views.Group("", "", selected)])
    if fmt == "json":
        data = render.tasks_json(graph, lambda t: proj.url(t.src))
        records = {r["src"]: r for r in data["tasks"]}
        shown = [f.src for g in groups for f in g.faces[:q.limit]]
        data["tasks"] = [records[src] for src in dict.fromkeys(shown)]
        if q.group:
            data["groups"] = [{"group": q.group, "value": g.value, "label": g.label, "count": len(g.faces),
                               "tasks": [f.id for f in g.faces[:q.limit]]} for g in groups]
        sys.stdout.write(render.json_text(data))
        return 0
    _table(groups, q)
    return 0


HISTORY_FILTERS = ("category", "status", "type", "owner", "tag", "priority", "due", "since", "days")


def history(config_file: str, fmt: str, attrs: dict[str, str]) -> int:
    """Progress over time from the git history of the task pages, as the history marker
    draws it: a point per day a commit changed a task page, and the working tree's."""
    import csv

    from . import history as history_mod
    from . import views

    proj = _load(config_file)
    _can_match(proj, attrs)
    result = project_mod.check(proj)
    got = history_mod.read(project_mod.history_site(proj))
    for warning in got.warnings if got.history is not None else ():
        _err(f"mkdocs-tasks: {warning}")
    if got.history is None:
        raise _Exit(2, f"mkdocs-tasks: {got.note}")
    found = history_mod.for_marker(got, attrs, views.faces(result.graph), result.graph.today)
    if fmt == "json":
        print(json.dumps({"points": [p.record() for p in found]}, indent=2))
    elif fmt == "csv":
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(["date", "commit", "tasks_done", "tasks_total", "criteria_done", "criteria_total"])
        for p in found:
            out.writerow([p.date.isoformat(), p.commit or "", p.tasks_done, p.tasks_total, p.criteria_done,
                          p.criteria_total])
    else:
        print(f"{'DATE':<10}  {'COMMIT':<10}  {'TASKS':>9}  {'CRITERIA':>9}")
        for p in found:
            line = (f"{p.date.isoformat():<10}  {(p.commit or 'work tree')[:10]:<10}  "
                    f"{p.tasks_done:>4}/{p.tasks_total:<4}  {p.criteria_done:>4}/{p.criteria_total:<4}")
            print(line.rstrip())
    return 0


def _table(groups: list[Any], q: Any) -> None:
    rows = [("ID", "TITLE", "CATEGORY", "STATUS", "PROGRESS")]
    marks: dict[int, str] = {}  # row index -> a group's heading before it, or "and K more" after
    for g in groups:
        if q.group:
            marks[len(rows)] = f"{q.group.capitalize()}: {g.label} ({len(g.faces)})"
        for f in g.faces[:q.limit]:
            pct = f"{percent(f.done, f.total)}%"
            rows.append((f.id, f.title, f.category or "-", f.status, f"{f.done}/{f.total} {pct:>4}"))
        if q.limit is not None and len(g.faces) > q.limit:
            marks[-len(rows)] = f"and {len(g.faces) - q.limit} more"
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    colour = _colour()
    for i, r in enumerate(rows):
        if i in marks:
            print(("\n" if i > 1 else "") + (_style(marks[i], "bold") if colour else marks[i]))
        line = ("  ".join(r[c].ljust(widths[c]) for c in range(4)) + "  " + r[4]).rstrip()
        print(_style(line, "bold") if colour and i == 0 else line)
        if -(i + 1) in marks:
            print(marks[-(i + 1)])


def schema() -> int:
    """Print the JSON Schema of a task page's front matter, for editors and linters."""
    from importlib import resources

    sys.stdout.write(resources.files("mkdocs_tasks").joinpath("schema/task.schema.json").read_text("utf-8"))
    return 0


def _slug(text: str) -> str:
    """A file name's part from a title: its letters and digits, accents folded
    (`Überprüfung` -> `uberprufung`), case folded, anything else as one hyphen."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "-", folded.casefold()).strip("-")[:60].rstrip("-") or "task"


def next_id(ids: list[str], id_pattern: str) -> str:
    """Highest numeric suffix + 1 among the site's IDs, keeping that ID's prefix."""
    best: tuple[int, str] | None = None
    pattern = re.compile(id_pattern)
    for tid in ids:
        m = re.match(r"^(.*?)(\d+)$", tid)
        if m and pattern.fullmatch(tid):
            n = int(m.group(2))
            if best is None or n > best[0]:
                best = (n, m.group(1))
    if best is None:
        return "TASK-1"
    return f"{best[1]}{best[0] + 1}"


def new(title: str, config_file: str, category: str | None, spike: bool, task_id: str | None,
        directory: str | None) -> int:
    """Write a new task page from the template's skeleton and print its path."""
    proj = _load(config_file)
    result = project_mod.check(proj)
    cats = {fold_key(c.name): c.name for c in proj.settings.categories}
    if category is not None:
        if fold_key(category) not in cats:
            raise _Exit(2, f"mkdocs-tasks: unknown category {category!r}; use one of: "
                           f"{', '.join(cats.values())}")
        category = cats[fold_key(category)]
    elif spike and "researchspike" in cats:
        category = cats["researchspike"]
    elif proj.settings.categories:
        category = proj.settings.categories[0].name
    if not title.strip():
        raise _Exit(2, "mkdocs-tasks: the title is empty")
    if task_id is None:
        task_id = next_id([t.id for t in result.graph.tasks], proj.settings.id_pattern)
    elif task_id in result.graph.by_id:
        raise _Exit(1, f"mkdocs-tasks: ID {task_id} is already used by "
                       f"{proj.prefix}{result.graph.by_id[task_id].src}")

    base = _tasks_folder(proj)
    folder = Path(directory).resolve() if directory else proj.docs_dir / base / _slug(category or "")
    path = folder / f"{task_id}-{_slug(title)}.md"
    try:
        rel = path.relative_to(proj.docs_dir).as_posix()
    except ValueError:
        raise _Exit(2, f"mkdocs-tasks: {folder} is outside docs_dir {proj.docs_dir}") from None
    if path.exists():
        raise _Exit(1, f"mkdocs-tasks: {os.path.relpath(path)} exists; not overwriting it")
    same = next((t for t in result.graph.tasks if t.title is not None
                 and " ".join(t.title.split()).casefold() == " ".join(title.split()).casefold()), None)
    if same is not None:  # (most likely the same command run twice)
        raise _Exit(1, f"mkdocs-tasks: {same.id} ({proj.prefix}{same.src}) already has the title "
                       f"{title.strip()!r}; give the new task a title of its own")

    front: dict[str, str] = {}
    if category is not None and fold_key(posixpath.basename(posixpath.dirname(rel))) != fold_key(category):
        front["category"] = category  # the folder does not say it
    if spike:
        front["type"] = "spike"
    elif not task_path_matcher(proj.include, proj.exclude)(rel):
        front["type"] = "task"  # outside the include globs, only front matter makes it a task
    stem_id = re.match(proj.settings.id_pattern, path.stem)
    if not stem_id or stem_id.group(0) != task_id:
        front["id"] = task_id
    body = (SKELETON_SPIKE if spike else SKELETON_TASK).format(title=markdown_text(" ".join(title.split())))
    if front:
        body = "---\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in front.items()) + "---\n" + body
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as fh:
        fh.write(body)
    print(os.path.relpath(path))
    return 0


def _tasks_folder(proj: project_mod.Project) -> str:
    """The folder the first include glob names before any wildcard (`tasks/**/*.md` -> tasks)."""
    for pattern in proj.include:
        head = []
        for part in pattern.strip("/").split("/"):
            if any(ch in part for ch in "*?["):
                break
            head.append(part)
        if head:
            return "/".join(head)
    return "tasks"



def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="mkdocs-tasks",
                                 description="Check, create and list the task pages of an MkDocs site.")
    ap.add_argument("--version", action="store_true", help="show the version and exit")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    c = sub.add_parser("check", help="report the problems a build would report, without building",
                       description="Report the problems a build would report, without building. "
                       "With PATHs (files or folders), report only the problems of those pages; the "
                       "whole site is still read, so dependencies resolve as in a build. Exits 1 when "
                       "an error is found, 0 otherwise, 2 on a usage or configuration error.")
    c.add_argument("-f", "--config-file", default="mkdocs.yml", help=CONFIG_HELP)
    c.add_argument("--format", choices=["text", "json", "github", "sarif"], default="text",
                   help="text for people, json for tools, github for workflow annotations, "
                   "sarif (2.1.0) for code scanning")
    c.add_argument("--fix", action="store_true",
                   help="mend in place what needs no guess (checkbox look-alikes, a glued "
                   "checklist, a misspelt or missing section, sections out of order), then "
                   "report what is left")
    c.add_argument("--diff", action="store_true",
                   help="print the unified diff of what --fix would mend and write nothing, "
                   "with or without --fix (exit 1 when there is something to mend)")
    c.add_argument("paths", nargs="*", metavar="PATH")

    ls = sub.add_parser("list", help="list the tasks with their status and progress")
    ls.add_argument("-f", "--config-file", default="mkdocs.yml", help=CONFIG_HELP)
    ls.add_argument("--format", choices=["table", "json"], default="table")
    _filter_options(ls)
    ls.add_argument("--sort", help="id (the default), due, start, priority, progress, status, title or "
                    "owner; a - before it reverses")
    ls.add_argument("--limit", help="at most this many tasks (per group), then 'and K more'")
    ls.add_argument("--group", help="category, status, owner, priority, tag or due")

    n = sub.add_parser("new", help="write a new task page from the template and print its path")
    n.add_argument("title")
    n.add_argument("-f", "--config-file", default="mkdocs.yml", help=CONFIG_HELP)
    n.add_argument("--category", help="the task's category (default: the first configured one)")
    n.add_argument("--spike", action="store_true", help="write a spike (time-boxed investigation)")
    n.add_argument("--id", dest="task_id", help="the new task's ID (default: the next free one)")
    n.add_argument("--dir", dest="directory", help="folder to write into (default: the tasks folder "
                   "of the category)")

    d = sub.add_parser("diff", help="compare the tasks at two git revisions",
                       description="Compare the tasks at two git revisions (HEAD: the work tree if "
                       "omitted): tasks added, removed, and changed in status, progress, title, "
                       "category or dependencies. Reads the revisions with git; never checks out. "
                       "Exits 2 outside a git repository, on an unknown revision, or when mkdocs.yml "
                       "differs between the two.")
    d.add_argument("base", metavar="BASE", help="the revision before, e.g. origin/main")
    d.add_argument("head", metavar="HEAD", nargs="?", help="the revision after (default: the work tree)")
    d.add_argument("-f", "--config-file", default="mkdocs.yml", help=CONFIG_HELP)
    d.add_argument("--format", choices=["markdown", "json"], default="markdown",
                   help="markdown for a pull-request comment or job summary, json for tools")

    h = sub.add_parser("history", help="progress over time, from the git history of the task pages",
                       description="Progress over time, read from the git history of the task pages: "
                       "one point per day on which a commit changed a task page (its last commit that "
                       "day), counting tasks done and in all, criteria ticked and in all; then the "
                       "working tree's, when its task pages differ from HEAD's. Exits 2 outside a git "
                       "repository or without git.")
    h.add_argument("-f", "--config-file", default="mkdocs.yml", help=CONFIG_HELP)
    h.add_argument("--format", choices=["table", "json", "csv"], default="table")
    _filter_options(h)
    h.add_argument("--since", help="only points on or after this date (YYYY-MM-DD)")
    h.add_argument("--days", help="only points of the last N days")

    sub.add_parser("schema", help="print the JSON Schema of a task page's front matter")
    return ap


def _filter_options(parser: argparse.ArgumentParser) -> None:
    """The filters of a view's marker, as options."""
    for option, what in (("category", "of these categories"), ("status", "with these statuses (todo, "
                         "in-progress, done, blocked...)"), ("type", "of these kinds (task, spike)"),
                         ("owner", "of these owners"), ("tag", "with these tags"),
                         ("priority", "of these priorities")):
        parser.add_argument(f"--{option}", help=f"only tasks {what}: a comma-separated list, any of "
                            "which matches; a ! before it negates it ('!done')")
    parser.add_argument("--due", help="overdue, none, or Nd (due within N days, overdue ones included)")


def main(argv: Sequence[str] | None = None) -> int:
    ap = _parser()
    args = ap.parse_args(argv)  # exits 2 on a usage error
    try:
        if args.version:
            from importlib.metadata import version

            print(f"mkdocs-tasks, version {version('mkdocs-tasks')}")
            return 0
        if args.command == "check":
            if args.fix or args.diff:
                return fix(args.config_file, args.format, args.paths, args.diff)
            return check(args.config_file, args.format, args.paths)
        if args.command == "list":
            return list_tasks(args.config_file, args.format,
                              {k: v for k in LIST_FILTERS if (v := getattr(args, k)) is not None})
        if args.command == "new":
            return new(args.title, args.config_file, args.category, args.spike, args.task_id,
                       args.directory)
        if args.command == "diff":
            return diff(args.config_file, args.base, args.head, args.format)
        if args.command == "history":
            return history(args.config_file, args.format,
                           {k: v for k in HISTORY_FILTERS if (v := getattr(args, k)) is not None})
        if args.command == "schema":
            return schema()
        ap.print_help(sys.stderr)
        return 2
    except _Exit as stop:
        if str(stop):
            _err(str(stop))
        return stop.code
    except BrokenPipeError:  # `mkdocs-tasks list | head`
        sys.stderr.close()
        return 0


def run() -> None:
    """The console script."""
    # A short run that makes many small objects and no garbage cycles: the cyclic
    # collector would only walk them again and again (see pipeline.no_cycle_collection).
    gc.disable()
    code = main()
    # ...and at exit Python would free every parsed object one by one (~7 ms for 1,000
    # pages). With the output flushed there is nothing left to do: leave now, as mypy does.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`| head`) or a closed stream
            pass
    os._exit(code)


if __name__ == "__main__":  # python -m mkdocs_tasks.cli
    run()
