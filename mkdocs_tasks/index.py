"""`<!-- tasks:index -->`: a summary table of the groups, then one table per group.

Every interpolated value passes through render.escape or is a fragment made by render.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .graph import Graph
from .model import Marker, Task
from .render import Link, badge, escape, external_linker, ref_or_text, slug, status
from .text import fold_key
from .views import Face, Made, face, select


@dataclass
class _Group:
    name: str
    description: str = ""
    example: str = ""
    count: int = 0
    finished: int = 0
    done: int = 0
    total: int = 0
    tasks: list[Task] = field(default_factory=list)


def _groups(graph: Graph, marker: Marker) -> list[_Group]:
    """The configured categories (those a category filter keeps), then any other the
    selected tasks have; each with its tasks and their counts."""
    groups: dict[str, _Group] = {}
    for c in graph.settings.categories:
        if "category" in marker.filters:
            if fold_key(c.name) != fold_key(marker.filters["category"]):
                continue
        groups[c.name] = _Group(c.name, c.description, c.example)
    for t in select(graph, marker.filters):
        name = t.category or "Uncategorized"
        group = groups.setdefault(name, _Group(name))
        group.tasks.append(t)
        group.count += 1
        group.finished += t.status == "done"
        group.done += t.done
        group.total += t.total
    return list(groups.values())


def _summary(groups: list[_Group]) -> list[str]:
    """The groups that have tasks, a row each; those that have none, named in one line."""
    shown = [g for g in groups if g.tasks]
    out = []
    if shown:
        out.append('<table class="tasks-summary">\n'
                   '<thead><tr><th scope="col">Category</th><th scope="col">Description</th>'
                   '<th scope="col">Tasks</th><th scope="col">Done</th><th scope="col">Progress</th>'
                   "</tr></thead>\n<tbody>")
    for g in shown:
        # ASCII quotes: one non-ASCII character makes CPython store the whole page at two
        # bytes a character, and MkDocs keeps every page's HTML until the build ends
        example = f' <span class="tasks-example">e.g. "{escape(g.example)}"</span>' if g.example else ""
        name = escape(g.name)
        out.append(f'<tr data-category="{name}"><td>{name}</td><td>{escape(g.description)}{example}</td>'
                   f"<td>{g.count}</td><td>{g.finished}</td><td>{badge(g.done, g.total)}</td></tr>")
    if shown:
        out.append("</tbody>\n</table>")
    unused = [escape(g.name) for g in groups if not g.tasks]
    if shown and unused:  # (a 0/0 bar per empty category would only be noise)
        out.append(f'<p class="tasks-summary-empty">No tasks yet in: {", ".join(unused)}.</p>')
    return out


def index(graph: Graph, marker: Marker, link: Link, made: Made | None = None) -> str:
    """The index a marker asks for. `made`: the rows this page's views made in the last
    build (`serve --dirty`), each reused while its task shows the same (its Face)."""
    groups = _groups(graph, marker)
    external = external_linker(graph.settings.external_url)
    seen: dict[str, str] = {}  # a task's link, made once: its row, and each row it is named in

    def ref_of(tid: str) -> str:
        html = seen.get(tid)
        if html is None:
            html = seen[tid] = ref_or_text(tid, link, external)
        return html

    out = ['<div class="tasks-index-block">', *_summary(groups)]
    for g in (g for g in groups if g.tasks):
        name = escape(g.name)
        out.append(f'<table class="tasks-index" data-category="{name}">\n<caption>{name}</caption>\n'
                   '<thead><tr><th scope="col">ID</th><th scope="col">Title</th>'
                   '<th scope="col">Status</th><th scope="col">Progress</th>'
                   '<th scope="col">Depends on</th><th scope="col">Blocks</th></tr></thead>\n<tbody>')
        for t in g.tasks:
            shows = face(t, graph)
            kept = made.rows.get(t.id) if made is not None else None
            if kept is not None and kept[0] == shows:
                out.append(kept[1])
                continue
            html = _row(shows, link(t.id), ref_of)
            if made is not None:
                made.rows[t.id] = (shows, html)
            out.append(html)
        out.append("</tbody>\n</table>")
    if not any(g.tasks for g in groups):
        out.append('<p class="tasks-empty">No tasks match.</p>')
    out.append("</div>")
    return "\n".join(out)


def _row(t: Face, href: str | None, ref_of: Callable[[str], str]) -> str:
    title = f'<a href="{escape(href)}">{escape(t.title)}</a>' if href is not None else escape(t.title)
    kind = (f' <span class="tasks-kind tasks-kind--{slug(t.kind)}">{escape(t.kind)}</span>'
            if t.kind != "task" else "")
    return (f'<tr data-task-id="{escape(t.id)}"><td>{ref_of(t.id)}</td>'
            f"<td>{title}{kind}</td><td>{status(t.status)}</td>"
            f"<td>{badge(t.done, t.total)}</td><td>{', '.join(map(ref_of, t.depends_on))}</td>"
            f"<td>{', '.join(map(ref_of, t.blocks))}</td></tr>")
