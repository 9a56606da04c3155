"""What the views show of the tasks, as named values: which tasks a marker selects, what
an index row or a graph node shows of each (Face), and what a page's views made
(Made), kept under `serve --dirty` while what they show is the same. The renderers, their
caches and incremental (which pages an edit changes) all go by these.

A new view is a renderer over `select`'s result plus what its markup shows of a task
(part of Face, or a value of its own here).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from .graph import Graph, neighbourhood
from .layout import Layout
from .model import Task
from .status import status_key
from .text import fold_key


class Face(NamedTuple):
    """What an index row and a graph node show of a task, and what `--dirty` compares."""

    id: str
    title: str
    kind: str
    category: str | None
    status: str
    done: int
    total: int
    depends_on: tuple[str, ...]
    blocks: tuple[str, ...]
    unique: bool  # the one task of its ID (a duplicate is shown nowhere)


def face(task: Task, graph: Graph) -> Face:
    edges = graph.edges[task.src]
    return Face(task.id, task.display_title, task.kind, task.category, task.status, task.done,
                task.total, edges.depends_on, edges.blocks, graph.by_id.get(task.id) is task)


class Node(NamedTuple):
    """What a drawn graph node shows: where it stands and what it says."""

    x: int
    y: int
    title: str
    status: str
    href: str | None
    cyclic: bool


@dataclass
class Made:
    """What one page's views made, by task, and by what each piece shows: reused while it
    shows the same (`serve --dirty`, see incremental), made anew when it does not."""

    rows: dict[str, tuple[Face, str]] = field(default_factory=dict)  # an index row
    items: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)  # a graph list item
    nodes: dict[str, tuple[Node, str]] = field(default_factory=dict)  # a drawn node
    mermaid: dict[str, tuple[tuple[str, str, str], str]] = field(default_factory=dict)  # a Mermaid node
    layout: tuple[object, Layout] | None = None  # the drawing of the tasks and edges it is keyed by
    edges: tuple[object, str] | None = None  # the drawn edges' markup, likewise


# -- which tasks a marker selects --------------------------------------------------------------
DEFAULT_DEPTH = 1  # of `around="ID"` without `depth`: the task and its neighbours


def matches(category: str | None, status: str, kind: str, filters: dict[str, str]) -> bool:
    """Whether a task with these values passes a marker's filters."""
    if "category" in filters and fold_key(category or "") != fold_key(filters["category"]):
        return False
    if "status" in filters and status_key(status) != status_key(filters["status"]):
        return False
    return "type" not in filters or kind == filters["type"].strip().lower()


def select(graph: Graph, filters: dict[str, str]) -> list[Task]:
    """The tasks a marker's filters keep (`category`, `status`, `type`), in natural order."""
    by_id = graph.by_id
    return [t for t in graph.tasks
            if by_id.get(t.id) is t and matches(t.category, t.status, t.kind, filters)]


def select_graph(graph: Graph, filters: dict[str, str]) -> list[Task]:
    """A graph marker's tasks: the index filters, then with `around` those within `depth`
    edges of that task (edges between the tasks the filters keep)."""
    tasks = select(graph, filters)
    around = filters.get("around")
    if around is None:
        return tasks
    near = neighbourhood(around.strip(), marker_depth(filters),
                         {t.id: graph.edges[t.src].depends_on for t in tasks})
    return [t for t in tasks if t.id in near]


def marker_depth(filters: dict[str, str]) -> int:
    depth = filters.get("depth", "").strip()
    return int(depth) if depth.isdigit() else DEFAULT_DEPTH
