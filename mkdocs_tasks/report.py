"""What a build says: problems, counts and setup warnings, all through one logger (so that
`mkdocs build --strict` counts the warnings and every line carries one prefix), and the
way out of a build that fails on them. For the plugin (MkDocs-aware)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import get_plugin_logger

from . import rules
from .graph import Graph
from .history import Read
from .markers import problems as marker_problems
from .model import ERROR, Marker, Problem, Settings

log = get_plugin_logger("mkdocs_tasks")


def setup(tasks: bool, markers: Mapping[str, Sequence[Marker]], config: MkDocsConfig, prefix: str,
          settings: Settings) -> None:
    """What is wrong with the site's setup for task pages, and with the markers' attributes."""
    if tasks and "pymdownx.tasklist" not in config.markdown_extensions:
        log.warning("pymdownx.tasklist is not in markdown_extensions, so the checkboxes of "
                    "task pages render as plain text; add it to markdown_extensions")
    for src, ms in markers.items():
        for m in ms:
            for problem in marker_problems(m, settings):
                log.warning(f"{prefix}{src}:{m.line}: {problem}")


def around(graph: Graph, markers: Mapping[str, Sequence[Marker]], prefix: str) -> None:
    """A graph drawn around an ID that is no task's."""
    for src, ms in markers.items():
        for m in ms:
            start = m.filters.get("around") if m.kind == "graph" else None
            if start is not None and start.strip() not in graph.by_id:
                log.warning(f"{prefix}{src}:{m.line}: <!-- tasks:graph --> is drawn around "
                            f"{start!r}, which is the ID of no task page; name the ID of an "
                            "existing task")


def unreadable(pages: Sequence[tuple[str, int, str]], prefix: str, fail: bool) -> None:
    """Pages that are not UTF-8 text: an error each; a build (`fail`) stops."""
    for src, line, why in pages:
        log.error(f"{prefix}{src}:{line}: error: {why}")
    if pages and fail:
        log.error(f"{count(len(pages), 'page')} could not be read as UTF-8 text")
        raise Abort("Aborted: pages that are not UTF-8 text.")


def problems(found: Sequence[Problem], tasks: int, fail_on: str, fail: bool) -> None:
    """Every problem at its severity's level; then, where `fail_on` fails a build (`fail`),
    the count, and MkDocs' own way out."""
    for p in found:
        if p.severity == ERROR:
            log.error(p.format())
        else:
            log.warning(p.format())
    if fail and rules.failing(list(found), fail_on):
        errors, warnings = rules.tally(list(found))
        log.error(f"{count(errors, 'error')} and {count(warnings, 'warning')} in "
                  f"{count(tasks, 'task page')}; the build fails on {fail_on}s (fail_on: {fail_on})")
        raise Abort(f"Aborted with problems in task pages (fail_on: {fail_on}).")


def count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def history(got: Read) -> None:
    """What reading the history has to say: no git, not a repository, a shallow clone."""
    for warning in got.warnings:
        log.warning(f"<!-- tasks:history -->: {warning}")
    if got.history is not None:
        log.debug(f"history: {len(got.history.changes)} commits, {got.read} page versions read from git")
