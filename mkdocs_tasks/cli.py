"""`mkdocs-tasks check | new | list`: the same core as the plugin, without a build."""

from __future__ import annotations

import json
import os
import posixpath
import re
import sys
from pathlib import Path

import click

from . import project as project_mod
from . import render
from .collect import is_task_path
from .graph import status_key
from .model import ERROR, Problem
from .parse import fold_key
from .rules import tally
from .template import SKELETON_SPIKE, SKELETON_TASK

CONFIG_HELP = "The MkDocs configuration file (default: mkdocs.yml in the current folder)."


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mkdocs-tasks", prog_name="mkdocs-tasks")
def main() -> None:
    """Check, create and list the task pages of an MkDocs site."""


def _load(config_file: str) -> project_mod.Project:
    try:
        return project_mod.load(config_file)
    except project_mod.ProjectError as exc:
        click.echo(f"mkdocs-tasks: {exc}", err=True)
        sys.exit(2)


def _colour(enabled: bool) -> bool:
    return enabled and "NO_COLOR" not in os.environ and sys.stdout.isatty()


def _selected(problem: Problem, project: project_mod.Project, paths: tuple[str, ...]) -> bool:
    if not paths:
        return True
    target = (project.root / problem.path).resolve()
    for p in paths:
        given = Path(p).resolve()
        if target == given or given in target.parents:
            return True
    return False


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


@main.command()
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text for people, json for tools, github for workflow annotations.")
@click.argument("paths", nargs=-1, type=click.Path())
def check(config_file: str, fmt: str, paths: tuple[str, ...]) -> None:
    """Report the problems a build would report, without building.

    With PATHS (files or folders), report only the problems of those pages; the whole
    site is still read, so references between tasks resolve as in a build.
    Exits 1 when an error is found, 0 otherwise, 2 on a usage or configuration error.
    """
    proj = _load(config_file)
    result = project_mod.check(proj)
    problems = [p for p in result.problems if _selected(p, proj, paths)]
    unreadable = [(f"{proj.prefix}{src}", line, why) for src, line, why in result.collection.unreadable
                  if not paths or _selected(Problem(f"{proj.prefix}{src}", line, ERROR, "", "", ""),
                                            proj, paths)]
    errors, warnings = tally(problems)
    errors += len(unreadable)

    if fmt == "json":
        out = [{"file": p.path, "line": p.line, "severity": p.severity, "code": p.code,
                "task": p.task, "message": p.message} for p in problems]
        out += [{"file": f, "line": ln, "severity": ERROR, "code": None, "task": None, "message": why}
                for f, ln, why in unreadable]
        click.echo(json.dumps({"problems": out, "summary": {
            "errors": errors, "warnings": warnings, "tasks": len(result.graph.tasks),
        }}, indent=2, ensure_ascii=False))
    elif fmt == "github":
        cwd = Path.cwd()
        for p in problems:
            rel = os.path.relpath(proj.root / p.path, cwd).replace(os.sep, "/")
            click.echo(f"::{p.severity} file={_gh_escape(rel, True)},line={p.line},"
                       f"title={_gh_escape(p.code, True)}::{_gh_escape(f'{p.task}: {p.message}')}")
        for f, ln, why in unreadable:
            rel = os.path.relpath(proj.root / f, cwd).replace(os.sep, "/")
            click.echo(f"::error file={_gh_escape(rel, True)},line={ln}::{_gh_escape(why)}")
    else:
        colour = _colour(True)
        for p in problems:
            sev = p.severity
            if colour:
                sev = click.style(sev, fg="red" if sev == ERROR else "yellow", bold=True)
            click.echo(f"{p.path}:{p.line}: {sev} [{p.code}] {p.task}: {p.message}")
        for f, ln, why in unreadable:
            click.echo(f"{f}:{ln}: error: {why}")
        n = len(result.graph.tasks)
        summary = (f"{_count(errors, 'error')}, {_count(warnings, 'warning')} in "
                   f"{_count(n, 'task page')}")
        if not proj.plugin_enabled:
            summary += f" (the tasks plugin is not enabled in {config_file}; defaults used)"
        click.echo(summary, err=True)
    sys.exit(1 if errors else 0)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@main.command("list")
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--category", help="Only tasks of this category.")
@click.option("--status", help="Only tasks with this status (todo, in-progress, done, blocked...).")
def list_(config_file: str, fmt: str, category: str | None, status: str | None) -> None:
    """List the tasks with their status and progress."""
    proj = _load(config_file)
    result = project_mod.check(proj)
    tasks = [t for t in result.graph.tasks
             if (category is None or fold_key(t.category or "") == fold_key(category))
             and (status is None or status_key(t.status) == status_key(status))]
    if fmt == "json":
        data = render.tasks_json(result.graph, lambda t: proj.url(t.src))
        keep = {t.src for t in tasks}
        data["tasks"] = [t for t in data["tasks"] if t["src"] in keep]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    rows = [("ID", "TITLE", "CATEGORY", "STATUS", "PROGRESS")]
    for t in tasks:
        pct = f"{100 * t.done // t.total}%" if t.total else "0%"
        rows.append((t.id, t.display_title, t.category or "-", t.status, f"{t.done}/{t.total} {pct:>4}"))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    colour = _colour(True)
    for i, r in enumerate(rows):
        line = "  ".join(r[c].ljust(widths[c]) for c in range(4)) + "  " + r[4]
        if colour and i == 0:
            line = click.style(line, bold=True)
        click.echo(line.rstrip())


@main.command()
def schema() -> None:
    """Print the JSON Schema of a task page's front matter, for editors and linters."""
    from importlib import resources

    click.echo(resources.files("mkdocs_tasks").joinpath("schema/task.schema.json").read_text("utf-8"),
               nl=False)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60] or "task"


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


@main.command()
@click.argument("title")
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
@click.option("--category", help="The task's category (default: the first configured one).")
@click.option("--spike", is_flag=True, help="Write a spike (time-boxed investigation) instead of a task.")
@click.option("--id", "task_id", help="The new task's ID (default: the next free one).")
@click.option("--dir", "directory", type=click.Path(file_okay=False),
              help="Folder to write into (default: the tasks folder of the category).")
def new(title: str, config_file: str, category: str | None, spike: bool, task_id: str | None,
        directory: str | None) -> None:
    """Write a new task page from the template's skeleton and print its path."""
    proj = _load(config_file)
    result = project_mod.check(proj)
    cats = {fold_key(c.name): c.name for c in proj.settings.categories}
    if category is not None:
        if fold_key(category) not in cats:
            click.echo(f"mkdocs-tasks: unknown category {category!r}; use one of: "
                       f"{', '.join(cats.values())}", err=True)
            sys.exit(2)
        category = cats[fold_key(category)]
    elif spike and "researchspike" in cats:
        category = cats["researchspike"]
    elif proj.settings.categories:
        category = proj.settings.categories[0].name
    if not title.strip():
        click.echo("mkdocs-tasks: the title is empty", err=True)
        sys.exit(2)
    if task_id is None:
        task_id = next_id([t.id for t in result.graph.tasks], proj.settings.id_pattern)
    elif task_id in result.graph.by_id:
        click.echo(f"mkdocs-tasks: ID {task_id} is already used by "
                   f"{proj.prefix}{result.graph.by_id[task_id].src}", err=True)
        sys.exit(1)

    base = _tasks_folder(proj)
    folder = Path(directory).resolve() if directory else proj.docs_dir / base / _slug(category or "")
    path = folder / f"{task_id}-{_slug(title)}.md"
    try:
        rel = path.relative_to(proj.docs_dir).as_posix()
    except ValueError:
        click.echo(f"mkdocs-tasks: {folder} is outside docs_dir {proj.docs_dir}", err=True)
        sys.exit(2)
    if path.exists():
        click.echo(f"mkdocs-tasks: {os.path.relpath(path)} exists; not overwriting it", err=True)
        sys.exit(1)

    front: dict[str, str] = {}
    if category is not None and fold_key(posixpath.basename(posixpath.dirname(rel))) != fold_key(category):
        front["category"] = category  # the folder does not say it
    if spike:
        front["type"] = "spike"
    elif not _in_include(proj, rel):
        front["type"] = "task"  # outside the include globs, only front matter makes it a task
    stem_id = re.match(proj.settings.id_pattern, path.stem)
    if not stem_id or stem_id.group(0) != task_id:
        front["id"] = task_id
    body = (SKELETON_SPIKE if spike else SKELETON_TASK).format(title=title.strip())
    if front:
        body = "---\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in front.items()) + "---\n" + body
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as fh:
        fh.write(body)
    click.echo(os.path.relpath(path))


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


def _in_include(proj: project_mod.Project, rel: str) -> bool:
    return is_task_path(rel, proj.include, proj.exclude)


if __name__ == "__main__":  # python -m mkdocs_tasks.cli
    main()
