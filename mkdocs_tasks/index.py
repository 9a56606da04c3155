"""`<!-- tasks:index -->`: a summary table of the groups, then one table per group.

Every interpolated value passes through render.escape or is a fragment made by render.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from typing import NamedTuple

from .graph import Graph
from .markers import DEFAULT_GROUP
from .model import Marker, Settings
from .render import Link, badge, dates_of, escape, external_linker, owners_of, ref_or_text, slug, status
from .views import Face, Group, Made, Query, faces, grouped, normal, query, select


class Row(NamedTuple):
    """What an index row shows of a task (owners and due date: where the table has them)."""

    id: str
    title: str
    kind: str
    status: str
    done: int
    total: int
    owners: tuple[str, ...] | None  # (None: the table has no owner column)
    due: _dt.date | None
    due_column: bool
    overdue: bool
    depends_on: tuple[str, ...]
    blocks: tuple[str, ...]


def row_of(f: Face, owner: bool, due: bool) -> Row:
    return Row(f.id, f.title, f.kind, f.status, f.done, f.total, f.owners if owner else None,
               f.due if due else None, due, f.overdue, f.depends_on, f.blocks)


def _selection(marker: Marker, all_faces: Sequence[Face], settings: Settings,
               today: _dt.date) -> tuple[Query, str, list[Group], bool, bool]:
    """The index's query, what it groups by, its groups, and whether its tables have the
    owner and due columns (where any task shown has one)."""
    q = query(marker.filters, DEFAULT_GROUP["index"])
    kind = q.group or "category"
    shown = select(all_faces, q, settings, today)
    owner, due = any(f.owners for f in shown), any(f.due for f in shown)
    return q, kind, grouped(shown, kind, settings, today), owner, due


def shows(marker: Marker, all_faces: Sequence[Face], settings: Settings,
          today: _dt.date) -> tuple[object, ...]:
    """What the index shows, to compare two builds' (incremental): its groups with their
    counts and the rows it draws."""
    q, kind, groups, owner, due = _selection(marker, all_faces, settings, today)
    return (kind, owner, due, tuple(
        (g.value, g.label, len(g.faces), sum(f.status == "done" for f in g.faces),
         sum(f.done for f in g.faces), sum(f.total for f in g.faces),
         tuple(row_of(f, owner, due) for f in g.faces[:q.limit])) for g in groups))


def summary(groups: Sequence[Group], graph: Graph, kind: str, everything: Query | None) -> list[str]:
    """A row per group: its name (and description, for categories), tasks, done, progress;
    on an index of every task (`everything`, the query of its categories), the configured
    categories without tasks named in one line under it."""
    described = {c.name: c for c in graph.settings.categories} if kind == "category" else {}
    out = ['<table class="tasks-summary">\n<thead><tr>'
           f'<th scope="col">{escape(kind.capitalize())}</th>'
           + ('<th scope="col">Description</th>' if described else "")
           + '<th scope="col">Tasks</th><th scope="col">Done</th><th scope="col">Progress</th>'
           "</tr></thead>\n<tbody>"]
    for g in groups:
        name = escape(g.label)
        cells = f"<td>{name}</td>"
        if described:
            c = described.get(g.value)
            # ASCII quotes: one non-ASCII character makes CPython store the whole page at two
            # bytes a character, and MkDocs keeps every page's HTML until the build ends
            example = (f' <span class="tasks-example">e.g. "{escape(c.example)}"</span>'
                       if c and c.example else "")
            cells += f"<td>{escape(c.description) if c else ''}{example}</td>"
        done = sum(f.status == "done" for f in g.faces)
        progress = badge(sum(f.done for f in g.faces), sum(f.total for f in g.faces))
        out.append(f'<tr data-{kind if kind == "category" else "value"}="{escape(g.value)}">{cells}'
                   f"<td>{len(g.faces)}</td><td>{done}</td><td>{progress}</td></tr>")
    out.append("</tbody>\n</table>")
    unused = [escape(c.name) for c in graph.settings.categories
              if kind == "category" and everything is not None and not any(g.value == c.name for g in groups)
              and all((normal("category", c.name) in values) != negated
                      for _, values, negated in everything.filters)]
    if unused:  # (a 0/0 bar per empty category would only be noise)
        out.append(f'<p class="tasks-summary-empty">No tasks yet in: {", ".join(unused)}.</p>')
    return out


def index(graph: Graph, marker: Marker, link: Link, made: Made | None = None) -> str:
    """The index a marker asks for. `made`: the rows this page's views made in the last
    build (`serve --dirty`), each reused while it shows the same (its Row)."""
    q, kind, groups, owner, due = _selection(marker, faces(graph), graph.settings, graph.today)
    external = external_linker(graph.settings.external_url)
    seen: dict[str, str] = {}  # a task's link, made once: its row, and each row it is named in

    def ref_of(tid: str) -> str:
        html = seen.get(tid)
        if html is None:
            html = seen[tid] = ref_or_text(tid, link, external)
        return html

    out = ['<div class="tasks-index-block">']
    if groups:
        # the configured categories without a task are named, on an index of every task
        # (or of some categories: those of them)
        everything = all(a == "category" for a, _, _ in q.filters) and q.due is None
        out += summary(groups, graph, kind, q if everything else None)
    for g in groups:
        out.append(_table(g, kind, (owner, due)))
        for f in g.faces[:q.limit]:
            shows = row_of(f, owner, due)
            kept = made.rows.get(f.id) if made is not None else None
            if kept is not None and kept[0] == shows:
                out.append(kept[1])
                continue
            html = _row(shows, link(f.id), ref_of)
            if made is not None:
                made.rows[f.id] = (shows, html)
            out.append(html)
        out.append("</tbody>\n</table>")
        if q.limit is not None and len(g.faces) > q.limit:
            out.append(f'<p class="tasks-more">and {len(g.faces) - q.limit} more</p>')
    if not groups:
        out.append('<p class="tasks-empty">No tasks match.</p>')
    out.append("</div>")
    return "\n".join(out)


def _table(g: Group, kind: str, columns: tuple[bool, bool]) -> str:
    name, value = escape(g.label), escape(g.value)
    category = f' data-category="{value}"' if kind == "category" else ""
    return (f'<table class="tasks-index" data-group="{kind}" data-value="{value}"{category}>\n'
            f"<caption>{name}</caption>\n"
            '<thead><tr><th scope="col">ID</th><th scope="col">Title</th>'
            '<th scope="col">Status</th><th scope="col">Progress</th>'
            + ('<th scope="col">Owner</th>' if columns[0] else "")
            + ('<th scope="col">Due</th>' if columns[1] else "")
            + '<th scope="col">Depends on</th><th scope="col">Blocks</th></tr></thead>\n<tbody>')


def _row(t: Row, href: str | None, ref_of: Callable[[str], str]) -> str:
    title = f'<a href="{escape(href)}">{escape(t.title)}</a>' if href is not None else escape(t.title)
    kind = (f' <span class="tasks-kind tasks-kind--{slug(t.kind)}">{escape(t.kind)}</span>'
            if t.kind != "task" else "")
    overdue = ' data-overdue="true"' if t.overdue else ""
    return (f'<tr data-task-id="{escape(t.id)}"{overdue}><td>{ref_of(t.id)}</td>'
            f"<td>{title}{kind}</td><td>{status(t.status)}</td><td>{badge(t.done, t.total)}</td>"
            + (f"<td>{owners_of(t.owners)}</td>" if t.owners is not None else "")
            + (f"<td>{dates_of(t.due, t.overdue)}</td>" if t.due_column else "")
            + f"<td>{', '.join(map(ref_of, t.depends_on))}</td>"
            f"<td>{', '.join(map(ref_of, t.blocks))}</td></tr>")
