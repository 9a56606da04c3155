"""The set of tasks as a graph: references resolved, reverse edges, cycles, natural ID
order. A task is never changed here: what it means among the others is its Edges.

All of it is iterative and linear (or n log n for sorting), so a chain or a cycle of
ten thousand tasks is no deeper a stack than one of three.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from . import dates
from .cycles import strongly_connected
from .model import Dependency, Settings, Task
from .status import finished

_DIGITS = re.compile(r"(\d+)")


@functools.lru_cache(maxsize=65536)  # IDs recur: each build sorts every task by it, twice
def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """`PROJ-2` before `PROJ-10`: digit runs compare as numbers."""
    return tuple(
        (1, int(part)) if part.isdigit() else (0, part)
        for part in _DIGITS.split(text)
        if part
    )


class Edges(NamedTuple):
    """What the graph knows of one task among the others (a tuple: thousands are made on
    every build, and a tuple is made in a fraction of a frozen dataclass's time)."""

    depends_on: tuple[str, ...] = ()  # the tasks of the site it depends on, in written order
    blocks: tuple[str, ...] = ()  # the tasks that depend on it, in natural order
    external: tuple[str, ...] = ()  # its other dependencies: unknown IDs, or the item's text
    items: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()  # per item: (task IDs, unknown IDs)


NO_EDGES = Edges()


@dataclass(eq=False)  # (one build's: compared by identity, a key of views' faces)
class Graph:
    tasks: list[Task]  # in natural ID order
    by_id: dict[str, Task]
    by_src: dict[str, Task]
    edges: dict[str, Edges] = field(default_factory=dict)  # src -> the task's edges
    duplicates: dict[str, list[Task]] = field(default_factory=dict)
    cycles: list[list[tuple[Task, int]]] = field(default_factory=list)  # (member, line naming next)
    settings: Settings = field(default_factory=Settings)
    today: _dt.date = field(default_factory=dates.today)  # the day the site is judged on


def build(tasks: Iterable[Task], settings: Settings, today: _dt.date | None = None) -> Graph:
    """Resolve every dependency, find reverse edges and cycles; `today`: the day the site is
    judged on (dates.today() by default)."""
    ordered = sorted(tasks, key=lambda t: (natural_key(t.id), t.src))
    by_id: dict[str, Task] = {}
    duplicates: dict[str, list[Task]] = {}
    for t in ordered:
        if t.id in by_id:
            duplicates.setdefault(t.id, [by_id[t.id]]).append(t)
        else:
            by_id[t.id] = t
    by_src = {t.src: t for t in ordered}
    resolved = {t.src: resolve(t.dependencies, by_id, by_src) for t in ordered}
    blocks: dict[str, list[str]] = {}
    for t in ordered:
        if by_id.get(t.id) is not t:
            continue
        for dep_id in resolved[t.src].depends_on:
            if dep_id != t.id:
                blocks.setdefault(dep_id, []).append(t.id)
    edges = {}
    for t in ordered:
        mine = resolved[t.src]
        reverse = blocks.get(t.id) if by_id.get(t.id) is t else None
        if reverse:
            mine = mine._replace(blocks=tuple(sorted(reverse, key=natural_key)))
        edges[t.src] = mine
    graph = Graph(ordered, by_id, by_src, edges, duplicates, settings=settings,
                  today=today if today is not None else dates.today())
    graph.cycles = find_cycles(graph)
    return graph


def resolve(dependencies: Sequence[Dependency], by_id: dict[str, Task], by_src: dict[str, Task]) -> Edges:
    """Dependency items -> the tasks they name (by link or by ID), unknown IDs
    (an item whose first word is ID-shaped but no task's) and external dependencies; its
    reverse edges (blocks) are the graph's to find."""
    if not dependencies:
        return NO_EDGES
    depends_on: list[str] = []
    external: list[str] = []
    items = []
    for dep in dependencies:
        named: list[str] = []
        for target in dep.link_targets:
            linked = by_src.get(target)
            if linked is not None and linked.id not in named:
                named.append(linked.id)
        for ref in dep.refs:
            if ref in by_id and ref not in named:
                named.append(ref)
        unknown = (dep.refs[0],) if dep.first_token_is_id and dep.refs and dep.refs[0] not in by_id else ()
        items.append((tuple(named), unknown))
        for tid in named:
            if tid not in depends_on:
                depends_on.append(tid)
        if not named and not unknown:
            external.append(dep.text.strip())
        else:
            external.extend(unknown)
    # tuples: the empty ones (most) are one shared object, and nothing changes them
    return Edges(tuple(depends_on), (), tuple(external), tuple(items))


def _edge_line(task: Task, edges: Edges, target: str) -> int:
    for dep, (task_ids, _) in zip(task.dependencies, edges.items, strict=True):
        if target in task_ids:
            return dep.line
    return task.body_line


def find_cycles(graph: Graph) -> list[list[tuple[Task, int]]]:
    """One cycle per strongly connected component (cycles.strongly_connected), each with
    the line of every member's dependency that names the next member."""
    ids = sorted(graph.by_id, key=natural_key)
    number = {tid: i for i, tid in enumerate(ids)}
    edges = [[number[d] for d in graph.edges[graph.by_id[tid].src].depends_on
              if d != tid and d in number] for tid in ids]
    cycles: list[list[tuple[Task, int]]] = []
    for component in strongly_connected(len(ids), edges):
        members = set(component)
        start = min(component)  # (the first in natural order)
        # walk inside the component until a node repeats: that loop is a cycle
        seen: dict[int, int] = {}
        path: list[int] = []
        node = start
        while node not in seen:
            seen[node] = len(path)
            path.append(node)
            node = next(n for n in edges[node] if n in members)
        loop = [graph.by_id[ids[k]] for k in path[seen[node]:]]
        cycles.append([(a, _edge_line(a, graph.edges[a.src], loop[(k + 1) % len(loop)].id))
                       for k, a in enumerate(loop)])
    return cycles


def waiting_on(task: Task, graph: Graph) -> list[str]:
    """In-site dependencies that are neither done nor cancelled; none for a task that is
    itself done or cancelled (it waits on nothing any more)."""
    if finished(task.status):
        return []
    return [
        d for d in graph.edges[task.src].depends_on
        if d != task.id and d in graph.by_id and not finished(graph.by_id[d].status)
    ]


def neighbourhood(start: str, depth: int, depends: Mapping[str, Sequence[str]]) -> set[str]:
    """The IDs within `depth` edges of `start`, either way along them (its dependencies,
    theirs..., and the tasks that depend on it...), among the keys of `depends`."""
    if start not in depends:
        return set()
    near: dict[str, list[str]] = {tid: [] for tid in depends}
    for tid, deps in depends.items():
        for d in deps:
            if d in near and d != tid:
                near[tid].append(d)
                near[d].append(tid)
    seen = {start}
    frontier = [start]
    for _ in range(depth):
        reached = []
        for v in frontier:
            for w in near[v]:
                if w not in seen:
                    seen.add(w)
                    reached.append(w)
        if not reached:
            break
        frontier = reached
    return seen
