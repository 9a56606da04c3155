"""Rewrite a page in two steps, around Python-Markdown.

Before Markdown (`task_markdown`): a page without an H1 gets its title as one, and
sentinels (ASCII words around a number, plain text to Markdown) mark the spot
under the title and each dependency ID that will become a link. The task was parsed from
the file's full source and MkDocs hands over that source without its front matter, so
the two are lined up first and every edit is made by line number.

After Markdown (`content`): the sentinels become the links; the header mark and each
marker comment that Markdown kept as a block become slots. In the page as written out
(`late`): the header with the problems box, the index tables and the graph fill the slots.
Neither Markdown nor search parses that HTML, MkDocs does not keep it for the rest of the
build, and markers inside code stay text because Markdown escaped them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, MutableMapping
from html import escape
from typing import Any

from . import render
from .graph import Graph
from .model import Marker, Task
from .parse import marker_from_comment, normalise_text, scan

# Sentinels are ASCII words, plain text to Markdown and its extensions. (Private-use
# characters would do too, but one non-ASCII character makes CPython store the whole page
# at two bytes a character, and MkDocs keeps every page's Markdown until the build ends.)
_S, _E = "MkDocsTasksRef", "End"
HEADER_MARK = "MkDocsTasksHeaderHere"
SLOT_OPEN, SLOT_CLOSE = "<!--mkdocs-tasks:header-->", "<!--/mkdocs-tasks:header-->"
_SENTINEL = re.compile(f"{_S}(\\d+){_E}")
_MARKER_HTML = re.compile(r"^<!--\s*tasks:(?:index|graph)\b.*?-->$", re.MULTILINE)
_MARKER_SLOT = re.compile(r"<!--mkdocs-tasks:marker-(\d+)-->")
_PLAIN = frozenset(" ,;:?/'%@")


def _entities(text: str) -> str:
    """Text safe in a Markdown heading: any character Markdown or HTML could read is an entity."""
    return "".join(ch if ch.isalnum() or ch in _PLAIN else f"&#{ord(ch)};" for ch in text)


def task_markdown(markdown: str, task: Task, graph: Graph, link: render.Link,
                  meta: MutableMapping[str, Any]) -> tuple[str, list[str]]:
    """The page's Markdown with sentinels, and the HTML each numbered sentinel stands for."""
    if task.title is not None:
        meta["title"] = escape(task.title, quote=False)  # themes print it raw
    given = normalise_text(markdown)
    fingerprint = hash(given)
    if fingerprint == task.body_hash:
        start = task.body_start  # the usual case: MkDocs stripped the front matter
        if not task.links and task.title_line == start + 1:
            return given, []  # nothing to edit: the header goes after the first </h1>
        lines = given.split("\n")
    elif fingerprint == task.full_hash:
        # MkDocs kept the front matter (invalid YAML, no newline after it): drop it here
        start = task.body_line - 1
        lines = given.split("\n")[start:]
        for key, value in task.meta.items():
            meta.setdefault(key, value)
    else:
        # Another plugin changed the text first: no edits by line, only the header mark.
        lines = given.split("\n")
        h1 = next((h for h in scan(lines).headings if h.level == 1), None)
        return _insert(lines, task, h1.end_line if h1 else None), []

    def at(line_no: int) -> int:
        return line_no - 1 - start

    external = render.external_linker(graph.settings.external_url)
    fragments: list[str] = []
    # from the last ID of the last line backwards: the columns of the others stay valid
    for line_no, begin, end, tid, known in sorted(task.links, reverse=True):
        i = at(line_no)
        if not 0 <= i < len(lines) or lines[i][begin:end] != tid:
            continue
        href = link(tid) if known else None
        url = external(tid) if not known else None
        if href is not None:
            html = render.ref(tid, href)
        elif url is not None:
            html = render.external_ref(tid, url)
        else:
            continue
        fragments.append(html)
        lines[i] = f"{lines[i][:begin]}{_S}{len(fragments) - 1}{_E}{lines[i][end:]}"

    if task.title_line == start + 1:
        # the title opens the page: the header goes after the first </h1> (`content`), and
        # Markdown is spared a paragraph on every page
        return "\n".join(lines), fragments
    title_end = task.title_end_line
    return _insert(lines, task, at(title_end) + 1 if title_end is not None else None), fragments


def _insert(lines: list[str], task: Task, title_end: int | None) -> str:
    """The mark goes right under the H1; a page without one gets the title as its H1."""
    if title_end is not None and 0 < title_end <= len(lines):
        lines[title_end:title_end] = ["", HEADER_MARK, ""]
        return "\n".join(lines)
    return "\n".join([f"# {_entities(task.display_title)}", "", HEADER_MARK, "", *lines])


def content(html: str, task_id: str | None, fragments: list[str],
            with_markers: bool) -> tuple[str, list[Marker]]:
    """Right after Markdown: the dependency links go in; the header mark and each marker
    comment that Markdown kept as a block become slots, filled by `late`.

    The header slot holds only the task's ID as text between two comments. Search plugins
    index `page.content` and MkDocs keeps it for every page until the build ends; the
    header (dozens of tags) and the index tables (a row per task) go only into the HTML
    written out, so search finds a task by its ID and title without parsing them, and
    they are not held in memory once written.
    """
    if task_id is not None:
        slot = f"{SLOT_OPEN}{escape(task_id, quote=False)}{SLOT_CLOSE}"
        block = f"<p>{HEADER_MARK}</p>"
        if block in html:
            html = html.replace(block, slot, 1)
        elif HEADER_MARK in html:
            html = html.replace(HEADER_MARK, slot, 1)
        elif (title_end := html.find("</h1>")) >= 0:  # the page starts with its title
            title_end += len("</h1>")                  # (see task_markdown)
            html = f"{html[:title_end]}\n{slot}{html[title_end:]}"
        else:
            html = slot + "\n" + html
    if fragments and _S in html:
        html = _SENTINEL.sub(
            lambda m: fragments[int(m.group(1))] if int(m.group(1)) < len(fragments) else m.group(0),
            html)
    markers: list[Marker] = []
    if with_markers and "tasks:" in html:
        def keep(m: re.Match[str]) -> str:
            marker = marker_from_comment(m.group(0))
            if marker is None:
                return m.group(0)
            markers.append(marker)
            return f"<!--mkdocs-tasks:marker-{len(markers) - 1}-->"
        html = _MARKER_HTML.sub(keep, html)
    return html, markers


def late(output: str, header: Callable[[], str] | None, markers: list[Marker], graph: Graph,
         link: render.Link) -> str:
    """The page as written out: the header into its slot, the markers' tables into theirs."""
    if header is not None:
        start = output.find(SLOT_OPEN)
        end = output.find(SLOT_CLOSE, start)
        if start >= 0 and end >= 0:
            output = f"{output[:start]}{header()}{output[end + len(SLOT_CLOSE):]}"
    if markers:
        def fill(m: re.Match[str]) -> str:
            i = int(m.group(1))
            if i >= len(markers):
                return m.group(0)
            marker = markers[i]
            if marker.kind == "index":
                return render.index(graph, marker, link)
            return render.graph_block(graph, marker, link)
        output = _MARKER_SLOT.sub(fill, output)
    return output
