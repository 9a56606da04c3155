"""`<!-- tasks:board -->`: the tasks as cards in columns, grouped by status (by default),
owner, category, priority, tag or due date. Static HTML and CSS: the columns sit side by
side and scroll sideways inside the page on a narrow screen; in print they stack.

Every interpolated value passes through render.escape or is a fragment made by render.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import NamedTuple

from .graph import Graph
from .markers import DEFAULT_GROUP
from .model import Marker, Settings
from .render import Link, badge, dates_of, escape, external_linker, owners_of, ref, refs, slug
from .views import Face, Group, Made, Query, faces, grouped, query, select


class Card(NamedTuple):
    """What a card shows of a task."""

    id: str
    title: str
    status: str
    done: int
    total: int
    priority: str | None
    owners: tuple[str, ...]
    due: _dt.date | None
    overdue: bool
    waiting: tuple[str, ...]


def card_of(f: Face) -> Card:
    return Card(f.id, f.title, f.status, f.done, f.total, f.priority, f.owners, f.due, f.overdue, f.waiting)


def _selection(marker: Marker, all_faces: Sequence[Face], settings: Settings,
               today: _dt.date) -> tuple[Query, str, list[Group]]:
    q = query(marker.filters, DEFAULT_GROUP["board"])
    kind = q.group or "status"
    shown = select(all_faces, q, settings, today)
    return q, kind, grouped(shown, kind, settings, today, keep_empty=True)


def shows(marker: Marker, all_faces: Sequence[Face], settings: Settings,
          today: _dt.date) -> tuple[object, ...]:
    """What the board shows, to compare two builds' (incremental): its columns, their
    counts and the cards they draw."""
    q, kind, columns = _selection(marker, all_faces, settings, today)
    return (kind, tuple((c.value, c.label, len(c.faces), tuple(card_of(f) for f in c.faces[:q.limit]))
                        for c in columns))


def board(graph: Graph, marker: Marker, link: Link, made: Made | None = None) -> str:
    """The board a marker asks for. `made`: the cards this page's views made in the last
    build (`serve --dirty`), each reused while it shows the same (its Card)."""
    q, kind, columns = _selection(marker, faces(graph), graph.settings, graph.today)
    out = [f'<div class="tasks-board" data-group="{kind}">']
    for column in columns:
        out.append(f'<section class="tasks-board-column" data-value="{escape(column.value)}" '
                   f'data-count="{len(column.faces)}">\n<h3 class="tasks-board-heading">'
                   f'{escape(column.label)} <span class="tasks-board-count">{len(column.faces)}</span></h3>')
        for f in column.faces[:q.limit]:
            shows = card_of(f)
            kept = made.cards.get(f.id) if made is not None else None
            if kept is not None and kept[0] == shows:
                out.append(kept[1])
                continue
            html = _card(shows, link)
            if made is not None:
                made.cards[f.id] = (shows, html)
            out.append(html)
        if not column.faces:
            out.append('<p class="tasks-board-empty">No tasks</p>')
        if q.limit is not None and len(column.faces) > q.limit:
            out.append(f'<p class="tasks-more">and {len(column.faces) - q.limit} more</p>')
        out.append("</section>")
    if not columns:
        out.append('<p class="tasks-empty">No tasks match.</p>')
    out.append("</div>")
    return "\n".join(out)


def _card(c: Card, link: Link) -> str:
    tid, href = escape(c.id), link(c.id)
    head = ref(c.id, href) if href is not None else f'<span class="tasks-id">{tid}</span>'
    if c.priority:
        head += (f' <span class="tasks-priority tasks-priority--{slug(c.priority)}">'
                 f"{escape(c.priority)}</span>")
    meta = []
    if c.owners:
        meta.append(f'<span class="tasks-owner">{owners_of(c.owners)}</span>')
    if c.due is not None:
        mark = ' data-overdue="true"' if c.overdue else ""
        meta.append(f'<span class="tasks-due"{mark}><span class="tasks-label">Due</span> '
                    f"{dates_of(c.due, c.overdue)}</span>")
    late = ' data-overdue="true"' if c.overdue else ""
    parts = [f'<article class="tasks-card" data-task-id="{tid}" data-status="{escape(c.status)}"{late}>',
             f'<div class="tasks-card-head">{head}</div>',
             f'<p class="tasks-card-title">{escape(c.title)}</p>',
             f'<div class="tasks-card-progress">{badge(c.done, c.total)}</div>']
    if meta:
        parts.append(f'<div class="tasks-card-meta">{" ".join(meta)}</div>')
    if c.waiting:
        external = external_linker(None)
        parts.append(f'<div class="tasks-card-waiting"><span class="tasks-label">Waiting on</span> '
                     f"{refs(c.waiting, link, external)}</div>")
    parts.append("</article>")
    return "\n".join(parts)
