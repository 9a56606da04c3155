"""Which pages an edit changes: what each page shows of the tasks, before and after.

A dirty build (`mkdocs serve --dirty`, `build --dirty`) renders only the pages whose
source changed. The plugin's output on a page also shows other tasks: a task's header
shows the status of the tasks it depends on and the IDs of those it blocks, an index row
shows a task's title, status and progress, a board card whom it waits on. `Shown`
records, for one build, exactly the values that the plugin's output on each page is made
from; comparing the records of two builds gives the pages whose output differs, and no
others. What a view shows comes from its own module (index.shows, board.shows,
svg.shows): one definition for the rendering and for this comparison.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import board, dates, index, svg, timeline
from .graph import Graph
from .model import Marker, Problem, Settings
from .views import Face, faces, keeps, query


@dataclass(frozen=True)
class Shown:
    faces: dict[str, Face]  # task src -> its face
    headers: dict[str, tuple[Any, ...]]  # task src -> what its header, problems and links show
    pages: frozenset[tuple[str, str]]  # (id, src) of every task: which page each ID links to
    today: _dt.date  # the day the views were made on
    histories: Mapping[str, object] = field(default_factory=dict)  # page -> its history charts' points


def shown(graph: Graph, problems: Mapping[str, Sequence[Problem]],
          histories: Mapping[str, object] | None = None) -> Shown:
    """What every page shows; `histories`: what each page's history charts show (their
    points, which hang on git as well as on the tasks)."""
    by_id = graph.by_id
    made: dict[str, Face] = {}
    headers: dict[str, tuple[Any, ...]] = {}
    for t, f in zip(graph.tasks, faces(graph, unique=False), strict=True):
        made[t.src] = f
        edges = graph.edges[t.src]
        # the header: the task's own values (its face holds what it waits on, and what its
        # due date says today); of each dependency and each task it blocks, its page; the
        # problems box; and in the page itself, the links made of its dependency items
        headers[t.src] = (
            f, t.title, dates.due_phrase(t, graph.today),
            tuple((d, by_id[d].src) if d in by_id else (d,) for d in edges.depends_on),
            tuple((b, by_id[b].src) if b in by_id else (b,) for b in edges.blocks),
            edges.items,
            edges.external,
            tuple((p.line, p.severity, p.code, p.message) for p in problems.get(t.src, ())),
        )
    return Shown(made, headers, frozenset((t.id, t.src) for t in by_id.values()), graph.today,
                 dict(histories or {}))


def view(m: Marker, record: Shown, settings: Settings) -> tuple[Any, ...]:
    """What a marker's view shows, from a build's record."""
    all_faces = list(record.faces.values())
    if m.kind == "index":
        return index.shows(m, all_faces, settings, record.today)
    if m.kind == "board":
        return board.shows(m, all_faces, settings, record.today)
    if m.kind == "timeline":
        return timeline.shows(m, all_faces, settings, record.today)
    return svg.shows(m, all_faces, settings, record.today)


def _ids(value: Any) -> set[str]:
    """Every string in a view's value: among them, every ID it links to."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, tuple):
        return set().union(*map(_ids, value)) if value else set()
    return set()


def changed_pages(before: Shown, after: Shown, markers: Mapping[str, Sequence[Marker]],
                  settings: Settings) -> set[str]:
    """The task pages whose header or problems differ, and the marker pages whose views
    show something else: a view is compared whole where a task it selects (by its filters,
    before or after the edit) changed, where an ID it links to moved to another page (a
    task added, removed, renamed, or its ID), or where the day changed."""
    out = {src for src, key in after.headers.items() if before.headers.get(src) != key}
    if not markers:
        return out
    pairs = [(before.faces.get(src), after.faces.get(src)) for src in {*before.faces, *after.faces}]
    pairs = [(old, new) for old, new in pairs if old != new]
    moved = {tid for tid, _ in before.pages ^ after.pages}
    new_day = before.today != after.today
    for src, ms in markers.items():
        if before.histories.get(src) != after.histories.get(src):
            out.add(src)
            continue
        for m in ms:
            if m.kind == "history":
                continue  # (compared above)
            if not (new_day or moved or _touched(m, pairs, before, after)):
                continue
            shows = view(m, after, settings)
            if view(m, before, settings) != shows or not moved.isdisjoint(_ids(shows)):
                out.add(src)
                break
    return out


def _touched(m: Marker, pairs: list[tuple[Face | None, Face | None]], before: Shown, after: Shown) -> bool:
    """Whether a changed task is one the marker's filters select, before or after."""
    q = query(m.filters)
    if "around" in m.filters:
        return bool(pairs)  # (what a neighbourhood selects hangs on the edges)
    return any((old is not None and old.unique and keeps(q, old, before.today))
               or (new is not None and new.unique and keeps(q, new, after.today)) for old, new in pairs)
