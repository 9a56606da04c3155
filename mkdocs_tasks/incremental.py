"""Which pages an edit changes: what each page shows of the tasks, before and after.

A dirty build (`mkdocs serve --dirty`, `build --dirty`) renders only the pages whose
source changed. The plugin's output on a page also shows other tasks: a task's header
shows the status of the tasks it depends on and the IDs of those it blocks, an index row
shows a task's title, status and progress. `Shown` records, for one build, exactly the
values that the plugin's output on each page is made from; comparing the records of two
builds gives the pages whose output differs, and no others.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from .graph import Graph, neighbourhood
from .model import Marker, Problem
from .status import finished
from .views import Face, face, marker_depth, matches


@dataclass(frozen=True)
class Shown:
    faces: dict[str, Face]  # task src -> its face
    headers: dict[str, tuple[Any, ...]]  # task src -> what its header, problems and links show
    pages: frozenset[tuple[str, str]]  # (id, src) of every task: which page each ID links to


def shown(graph: Graph, problems: Mapping[str, Sequence[Problem]]) -> Shown:
    by_id = graph.by_id
    faces: dict[str, Face] = {}
    headers: dict[str, tuple[Any, ...]] = {}
    for t in graph.tasks:
        f = faces[t.src] = face(t, graph)
        edges = graph.edges[t.src]
        # the header: the task's own values; of each dependency its page and whether it is
        # finished (Waiting on); of each task it blocks, its page; the problems box; and in
        # the page itself, the links made of its dependency items
        headers[t.src] = (
            f, t.owner, t.due, t.title,
            tuple((d, by_id[d].src, d != t.id and finished(by_id[d].status)) if d in by_id
                  else (d,) for d in edges.depends_on),
            tuple((b, by_id[b].src) if b in by_id else (b,) for b in edges.blocks),
            edges.items,
            edges.external,
            tuple((p.line, p.severity, p.code, p.message) for p in problems.get(t.src, ())),
        )
    return Shown(faces, headers, frozenset((t.id, t.src) for t in by_id.values()))


def _face_matches(f: Face | None, filters: dict[str, str]) -> bool:
    return f is not None and f.unique and matches(f.category, f.status, f.kind, filters)


# What a marker shows of each task it selects: an index, everything (its row, the summary);
# a graph, a node's ID, title and status and its edges (and their links in the list)
class NodeFace(NamedTuple):
    """What a graph shows of a task: its node and the edges into it."""

    id: str
    title: str
    status: str
    depends_on: tuple[str, ...]


def _graph(f: Face) -> NodeFace:
    return NodeFace(f.id, f.title, f.status, f.depends_on)


def _shows_change(m: Marker, old: Face | None, new: Face | None) -> bool:
    selected = _face_matches(old, m.filters)
    if selected != _face_matches(new, m.filters):  # the marker selects it now, or no longer
        return True
    if not selected or old is None or new is None:
        return False
    if m.kind == "graph":
        return _graph(old) != _graph(new)
    return old != new


def _around(faces: Mapping[str, Face], m: Marker) -> tuple[bool, dict[str, NodeFace]]:
    """What a graph drawn `around` one task shows: whether that task exists (it says so
    when it does not), the tasks within its depth, by page."""
    start = m.filters["around"].strip()
    kept = {src: f for src, f in faces.items() if _face_matches(f, m.filters)}
    near = neighbourhood(start, marker_depth(m.filters), {f.id: f.depends_on for f in kept.values()})
    exists = any(f.id == start and f.unique for f in faces.values())
    return exists, {src: _graph(f) for src, f in kept.items() if f.id in near}


def _links_to(m: Marker, f: Face, moved: set[str]) -> bool:
    """Whether what the marker shows of the task links to one of the `moved` IDs."""
    return _face_matches(f, m.filters) and not moved.isdisjoint(
        f.depends_on if m.kind == "graph" else (*f.depends_on, *f.blocks))


def changed_pages(before: Shown, after: Shown, markers: Mapping[str, Sequence[Marker]]) -> set[str]:
    """The task pages whose header or problems differ, and the marker pages whose index
    or graph shows a task differently (selected by its filters before or after the edit),
    or links to an ID whose page changed (a task added, removed, renamed, or its ID)."""
    out = {src for src, key in after.headers.items() if before.headers.get(src) != key}
    if not markers:
        return out
    pairs = [(before.faces.get(src), after.faces.get(src)) for src in {*before.faces, *after.faces}]
    pairs = [(old, new) for old, new in pairs if old != new]
    moved = {tid for tid, _ in before.pages ^ after.pages}
    for src, ms in markers.items():
        for m in ms:
            if m.kind == "graph" and "around" in m.filters:  # what it selects hangs on the edges
                shows = _around(after.faces, m)
                if _around(before.faces, m) != shows or (
                        moved and any(not moved.isdisjoint(view.depends_on) for view in shows[1].values())):
                    out.add(src)
                    break
                continue
            if any(_shows_change(m, old, new) for old, new in pairs) or (
                    moved and any(_links_to(m, f, moved) for f in after.faces.values())):
                out.add(src)
                break
    return out
