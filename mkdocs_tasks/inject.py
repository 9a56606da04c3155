"""Rewrite a page's Markdown: header under the title, dependency links, index markers.

Pure text in, text out. The task was parsed from the file's full source; MkDocs hands the
plugin that source without its front matter, so the two are lined up first and every edit
is made by line number.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from html import escape
from typing import Any

from . import render
from .graph import Graph
from .model import Problem, Task
from .parse import normalise_text, scan

_PLAIN = frozenset(" ,;:?/'%@")


def _entities(text: str) -> str:
    """Text safe in a Markdown heading: any character Markdown or HTML could read is an entity."""
    return "".join(ch if ch.isalnum() or ch in _PLAIN else f"&#{ord(ch)};" for ch in text)


def _align(markdown: str, task: Task) -> int | None:
    """Index into task.lines of the first line MkDocs kept, or None if they disagree."""
    given = normalise_text(markdown)
    full = "\n".join(task.lines)
    if not full.endswith(given):
        return None
    prefix = full[: len(full) - len(given)]
    if prefix and not prefix.endswith("\n"):
        return None
    return prefix.count("\n")


def task_page(
    markdown: str,
    task: Task,
    graph: Graph,
    link: render.Link,
    problems: list[Problem],
    meta: MutableMapping[str, Any],
) -> str:
    start = _align(markdown, task)
    head = render.header(task, graph, link)
    box = render.problems_box(problems)
    block = [head] + (["", box] if box else [])
    if task.title is not None:
        meta["title"] = escape(task.title, quote=False)

    if start is None:
        # Another plugin changed the text first: no edits by line, only the header.
        given = normalise_text(markdown).split("\n")
        h1 = next((h for h in scan(given).headings if h.level == 1), None)
        return _insert(given, task, block, h1.end_line if h1 else None)

    body_index = task.body_line - 1
    if start < body_index:
        # MkDocs left the front matter in (CRLF, invalid YAML, no closing newline): drop it
        start = body_index
        if task.meta:
            for key, value in task.meta.items():
                meta.setdefault(key, value)
    lines = task.lines[start:]

    def at(line_no: int) -> int:
        return line_no - 1 - start

    # dependency IDs become links; right to left so columns stay valid
    external = graph.settings.external_url
    for dep in task.dependencies:
        i = at(dep.line)
        if not 0 <= i < len(lines):
            continue
        for ref in sorted(dep.refs, key=lambda r: r.start, reverse=True):
            if ref.start < 0 or lines[i][ref.start:ref.end] != ref.id:
                continue
            href = link(ref.id) if ref.id in dep.task_ids else None
            if href is not None:
                html = render.ref(ref.id, href)
            elif ref.id in dep.unknown_ids and external:
                html = render.external_ref(ref.id, external.replace("{id}", ref.id))
            else:
                continue
            lines[i] = lines[i][:ref.start] + html + lines[i][ref.end:]

    end = task.title_end_line
    return _insert(lines, task, block, at(end) + 1 if end is not None else None)


def _insert(lines: list[str], task: Task, block: list[str], title_end: int | None) -> str:
    """The header goes right under the H1; a page without one gets the title as its H1."""
    if title_end is not None and 0 < title_end <= len(lines):
        lines[title_end:title_end] = ["", *block, ""]
        return "\n".join(lines)
    top = [f"# {_entities(task.display_title)}", ""]
    return "\n".join([*top, *block, "", *lines])


def markers(markdown: str, graph: Graph, link: render.Link) -> str:
    """Replace each marker that Markdown would keep as a comment with its HTML."""
    lines = normalise_text(markdown).split("\n")
    found = scan(lines, 0).markers
    for m in reversed(found):
        i = m.line - 1
        html = render.index(graph, m, link) if m.kind == "index" else render.graph_block(graph, m, link)
        lines[i:i + 1] = ["", html, ""]
    return "\n".join(lines)
