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
from typing import Any

from .graph import Graph, finished
from .model import Marker, Problem, Task
from .render import matches

# What an index row and a graph node show of a task: (id, title, kind, category, status,
# done, total, depends_on, blocks, whether it is the one task of its ID)
Face = tuple[Any, ...]


@dataclass(frozen=True)
class Shown:
    faces: dict[str, Face]  # task src -> its face
    headers: dict[str, tuple[Any, ...]]  # task src -> what its header, problems and links show
    pages: frozenset[tuple[str, str]]  # (id, src) of every task: which page each ID links to


def face(task: Task, graph: Graph) -> Face:
    return (task.id, task.display_title, task.kind, task.category, task.status, task.done,
            task.total, task.depends_on, task.blocks, graph.by_id.get(task.id) is task)


def shown(graph: Graph, problems: Mapping[str, Sequence[Problem]]) -> Shown:
    by_id = graph.by_id
    faces: dict[str, Face] = {}
    headers: dict[str, tuple[Any, ...]] = {}
    for t in graph.tasks:
        f = faces[t.src] = face(t, graph)
        # the header: the task's own values; of each dependency its page and whether it is
        # finished (Waiting on); of each task it blocks, its page; the problems box; and in
        # the page itself, the links made of its dependency items
        headers[t.src] = (
            f, t.owner, t.due, t.title,
            tuple((d, by_id[d].src, finished(by_id[d].status)) if d in by_id else (d,)
                  for d in t.depends_on),
            tuple((b, by_id[b].src) if b in by_id else (b,) for b in t.blocks),
            tuple((tuple(dep.task_ids), tuple(dep.unknown_ids)) for dep in t.dependencies),
            tuple((p.line, p.severity, p.code, p.message) for p in problems.get(t.src, ())),
        )
    return Shown(faces, headers, frozenset((t.id, t.src) for t in by_id.values()))


def _face_matches(f: Face, filters: dict[str, str]) -> bool:
    return bool(f[9]) and matches(f[3], f[4], f[2], filters)


def changed_pages(before: Shown, after: Shown, markers: Mapping[str, Sequence[Marker]]) -> set[str]:
    """The task pages whose header or problems differ, and the marker pages whose index
    or graph shows a task that differs (by its filters, before or after the edit)."""
    out = {src for src, key in after.headers.items() if before.headers.get(src) != key}
    if not markers:
        return out
    if before.pages != after.pages:  # a task added, removed or moved: links on every index
        return out | set(markers)
    changed = [f for src in {*before.faces, *after.faces}
               for f in (before.faces.get(src), after.faces.get(src))
               if before.faces.get(src) != after.faces.get(src) and f is not None]
    if not changed:
        return out
    for src, ms in markers.items():
        if any(_face_matches(f, m.filters) for m in ms for f in changed):
            out.add(src)
    return out
