"""Rewrite a rendered page in two steps.

Once every page is rendered (`on_env`): the dependency IDs of a task page become links,
a page without an H1 gets its title as one, and a slot under the title holds the task's
ID; each marker comment that Markdown kept as a block becomes a slot too. In the page as
written out (`late`): the header with the problems box, the index tables and the graph
fill the slots. Search plugins index `page.content` and MkDocs keeps it for every page
until the build ends: the header (dozens of tags) and the index tables (a row per task) go
only into the HTML written out, so search finds a task by its ID and title without
parsing them, and they are not held in memory once written. Markers inside code stay
text because Markdown escaped them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from html import escape

from . import board, burnup, render, svg, timeline
from . import index as index_view
from .dependencies import TOKEN, URL, may_hold_url
from .graph import Graph
from .markers import MARKER_HTML, marker_from_comment
from .model import Marker, Problem, Task
from .rendered import Layout
from .views import Made

Resolved = tuple[tuple[str, ...], tuple[str, ...]]  # an item's (task IDs, unknown IDs): graph.Edges

SLOT_OPEN, SLOT_CLOSE = "<!--mkdocs-tasks:header-->", "<!--/mkdocs-tasks:header-->"
_MARKER_SLOT = re.compile(r"<!--mkdocs-tasks:marker-(\d+)-->")
_TEXT_OR_TAG = re.compile(r"(<(/?)(a|code|pre)\b[^>]*>|<[^>]*>)", re.I)


Edit = tuple[int, int, str]  # replace html[start:end] with the text


def apply(html: str, edits: list[Edit]) -> str:
    """Edits made at places read from this same HTML, from the last one back."""
    for start, end, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        html = f"{html[:start]}{text}{html[end:]}"
    return html


def slot(task_id: str) -> str:
    """The header's slot: the task's ID, so that search finds the page by it."""
    return f"{SLOT_OPEN}{escape(task_id, quote=False)}{SLOT_CLOSE}"


def header_slot(task_id: str, title: str | None, title_end: int | None) -> Edit:
    """The header's slot right under the title; a page without an H1 gets its title as one."""
    slot_text = slot(task_id)
    if title_end is not None:
        return title_end, title_end, "\n" + slot_text
    h1 = f"<h1>{escape(title, quote=False)}</h1>\n" if title is not None else ""
    return 0, 0, f"{h1}{slot_text}\n"


def dependency_links(html: str, spans: Sequence[tuple[int, int]], items: Sequence[Resolved],
                     link: render.Link, external: render.External) -> list[Edit]:
    """Each ID that a dependency item names (`items`, the graph's resolution of each item;
    `spans`, where each item stands in `html`), outside links and code, becomes a link: to
    its task's page, or for an unknown ID to `external_url`."""
    edits: list[Edit] = []
    for (a, b), (task_ids, unknown_ids) in zip(spans, items, strict=True):
        targets: dict[str, str] = {}
        for tid in task_ids:
            href = link(tid)
            if href is not None:
                targets[tid] = render.ref(tid, href)
        for tid in unknown_ids:
            url = external(tid)
            if url is not None:
                targets[tid] = render.external_ref(tid, url)
        if targets:
            edits.append((a, b, _link_ids(html[a:b], targets)))
    return edits


def _link_ids(fragment: str, targets: dict[str, str]) -> str:
    out: list[str] = []
    inside = 0  # within <a>, <code> or <pre>
    parts = _TEXT_OR_TAG.split(fragment)
    # split() with three groups yields: text, tag, closing slash, name, text, ...
    i = 0
    while i < len(parts):
        text = parts[i]
        if text and not inside:
            masked = URL.sub(lambda m: "\x00" * len(m.group(0)), text) if may_hold_url(text) else text
            pieces: list[str] = []
            last = 0
            for tm in TOKEN.finditer(masked):
                if tm.group(0) in targets:
                    pieces.append(text[last:tm.start()])
                    pieces.append(targets[tm.group(0)])
                    last = tm.end()
            pieces.append(text[last:])
            text = "".join(pieces)
        out.append(text)
        if i + 1 < len(parts):
            tag, slash, name = parts[i + 1], parts[i + 2], parts[i + 3]
            if name:
                inside = max(0, inside + (-1 if slash else 1))
            out.append(tag)
        i += 4
    return "".join(out)


def markers_to_slots(html: str) -> tuple[str, list[Marker]]:
    """Each marker comment that Markdown kept as a block becomes a numbered slot."""
    markers: list[Marker] = []
    if "tasks:" not in html:
        return html, markers

    def keep(m: re.Match[str]) -> str:
        marker = marker_from_comment(m.group(0))
        if marker is None:
            return m.group(0)
        markers.append(marker)
        return f"<!--mkdocs-tasks:marker-{len(markers) - 1}-->"

    return MARKER_HTML.sub(keep, html), markers


def decorate(html: str, task: Task, layout: Layout, graph: Graph, link: render.Link,
             items: Sequence[Resolved] | None = None) -> str:
    """A task page's rendering with its dependency links and the header's slot under its
    title (the title as an H1 where it has none): the plugin's step once every page is
    rendered, and the extension's for the page it renders. `items`: the resolution of the
    dependency items `layout` places, if not the task's own."""
    external = render.external_linker(graph.settings.external_url)
    if items is None:  # (the items of the page's body: depends_on in front matter is not in it)
        items = [it for dep, it in zip(task.dependencies, graph.edges[task.src].items, strict=True)
                 if not dep.in_front]
    edits = dependency_links(html, layout.dependencies, items, link, external)
    edits.append(header_slot(task.id, task.title, layout.title_end))
    return apply(html, edits)


def header(task: Task, graph: Graph, link: render.Link, problems: Sequence[Problem]) -> str:
    """What fills the header's slot: the header, then the box of the page's problems."""
    box = render.problems_box(list(problems))
    return render.header(task, graph, link) + ("\n" + box if box else "")


def late(output: str, header: tuple[str, Callable[[], str]] | None, markers: list[Marker],
         graph: Graph, link: render.Link, made: Made | None = None,
         history: Callable[[Marker, int], str] | None = None) -> str:
    """The page as written out: the header into its slot (one search and one copy of the
    page), the markers' views into theirs (`made`: what this page's views made in the last
    build, see views.Made; `history`: what draws a history marker, when the build read
    the history)."""
    if header is not None:
        output = output.replace(header[0], header[1](), 1)
    if markers:
        def fill(m: re.Match[str]) -> str:
            i = int(m.group(1))
            if i >= len(markers):
                return m.group(0)
            marker = markers[i]
            if marker.kind == "index":
                return index_view.index(graph, marker, link, made)
            if marker.kind == "board":
                return board.board(graph, marker, link, made)
            if marker.kind == "timeline":
                return timeline.timeline(graph, marker, link, i)
            if marker.kind == "history":
                return history(marker, i) if history is not None else burnup.figure([], i)
            return svg.block(graph, marker, link, made, i)
        output = _MARKER_SLOT.sub(fill, output)
    return output
