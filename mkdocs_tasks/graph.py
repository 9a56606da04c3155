"""The set of tasks as a graph: references, reverse edges, cycles, natural ID order.

All of it is iterative and linear (or n log n for sorting), so a chain or a cycle of
ten thousand tasks is no deeper a stack than one of three.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .model import Settings, Task
from .status import derived_status, finished, manual_status

_DIGITS = re.compile(r"(\d+)")


@functools.lru_cache(maxsize=65536)  # IDs recur: each build sorts every task by it, twice
def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """`PROJ-2` before `PROJ-10`: digit runs compare as numbers."""
    return tuple(
        (1, int(part)) if part.isdigit() else (0, part)
        for part in _DIGITS.split(text)
        if part
    )


@dataclass
class Graph:
    tasks: list[Task]  # in natural ID order
    by_id: dict[str, Task]
    by_src: dict[str, Task]
    duplicates: dict[str, list[Task]] = field(default_factory=dict)
    cycles: list[list[tuple[Task, int]]] = field(default_factory=list)  # (member, line naming next)
    settings: Settings = field(default_factory=Settings)


def measure(task: Task, settings: Settings) -> None:
    """Progress and status, from the task's own page alone."""
    kind = settings.kind(task.kind)
    section = task.section(kind.progress) if kind else None
    boxes = section.checkboxes if section else []
    task.total = len(boxes)
    task.done = sum(1 for b in boxes if b.checked)
    task.status = derived_status(task.done, task.total)
    if task.status_value is not None:
        manual = manual_status(task.status_value, settings)
        if manual is not None:
            task.status = manual
    task.measured = True


def build(tasks: Iterable[Task], settings: Settings) -> Graph:
    """Resolve every dependency, derive status and progress, find reverse edges and cycles."""
    ordered = sorted(tasks, key=lambda t: (natural_key(t.id), t.src))
    by_id: dict[str, Task] = {}
    duplicates: dict[str, list[Task]] = {}
    for t in ordered:
        if t.id in by_id:
            duplicates.setdefault(t.id, [by_id[t.id]]).append(t)
        else:
            by_id[t.id] = t
    by_src = {t.src: t for t in ordered}

    for t in ordered:
        if not t.measured:
            measure(t, settings)
        depends_on: list[str] = []
        external: list[str] = []
        for dep in t.dependencies:
            named: list[str] = []
            for target in dep.link_targets:
                linked = by_src.get(target)
                if linked is not None and linked.id not in named:
                    named.append(linked.id)
            for ref in dep.refs:
                if ref.id in by_id and ref.id not in named:
                    named.append(ref.id)
            dep.task_ids = named
            dep.unknown_ids = []
            if dep.first_token_is_id and dep.refs and dep.refs[0].id not in by_id:
                dep.unknown_ids.append(dep.refs[0].id)
            for tid in named:
                if tid not in depends_on:
                    depends_on.append(tid)
            if dep.external:
                external.append(dep.text.strip())
            else:
                external.extend(dep.unknown_ids)
        # tuples: the empty ones (most) are one shared object, and nothing changes them
        t.depends_on, t.external_dependencies = tuple(depends_on), tuple(external)

    blocks: dict[str, list[str]] = {}
    for t in ordered:
        if by_id.get(t.id) is not t:
            continue
        for dep_id in t.depends_on:
            if dep_id != t.id:
                blocks.setdefault(dep_id, []).append(t.id)
    for t in ordered:
        t.blocks = tuple(sorted(blocks.get(t.id, ()), key=natural_key)) if by_id.get(t.id) is t else ()

    graph = Graph(ordered, by_id, by_src, duplicates, settings=settings)
    graph.cycles = find_cycles(graph)
    return graph


def _edge_line(task: Task, target: str) -> int:
    for dep in task.dependencies:
        if target in dep.task_ids:
            return dep.line
    return task.body_line


def find_cycles(graph: Graph) -> list[list[tuple[Task, int]]]:
    """One cycle per strongly connected component (Tarjan, without recursion)."""
    by_id = graph.by_id
    edges = {
        tid: [d for d in t.depends_on if d != tid and d in by_id]
        for tid, t in by_id.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in sorted(by_id, key=natural_key):
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            recurse = False
            succ = edges[node]
            while i < len(succ):
                nxt = succ[i]
                i += 1
                if nxt not in index:
                    work.append((node, i))
                    work.append((nxt, 0))
                    recurse = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if recurse:
                continue
            if low[node] == index[node]:
                comp: list[str] = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                if len(comp) > 1:
                    components.append(comp)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])

    cycles: list[list[tuple[Task, int]]] = []
    for comp in components:
        members = set(comp)
        start = min(comp, key=natural_key)
        # walk inside the component until a node repeats: that loop is a cycle
        seen: dict[str, int] = {}
        path: list[str] = []
        node = start
        while node not in seen:
            seen[node] = len(path)
            path.append(node)
            node = next(n for n in edges[node] if n in members)
        loop = path[seen[node]:]
        cycles.append([
            (by_id[a], _edge_line(by_id[a], loop[(k + 1) % len(loop)]))
            for k, a in enumerate(loop)
        ])
    return cycles


def waiting_on(task: Task, graph: Graph) -> list[str]:
    """In-site dependencies that are neither done nor cancelled; none for a task that is
    itself done or cancelled (it waits on nothing any more)."""
    if finished(task.status):
        return []
    return [
        d for d in task.depends_on
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
