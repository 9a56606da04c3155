"""What the views show of the tasks, as named values: what a view shows of each task
(Face), one selection step shared by every view and the command line (Query: filters,
sort, limit, group; `select`, `grouped`), and what a page's views made (Made), kept under
`serve --dirty` while what they show is the same. The renderers, their caches and
incremental (which pages an edit changes) all go by these.

A new view is a renderer over `grouped`'s result plus what its markup shows of a task
(a projection of Face, see incremental).
"""

from __future__ import annotations

import datetime as _dt
import re
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from . import dates
from .graph import Graph, neighbourhood, waiting_on
from .layout import Layout
from .model import Settings, Task
from .status import DERIVED, status_key
from .text import fold_key


class Face(NamedTuple):
    """What the views show of a task, and what `--dirty` compares."""

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
    owners: tuple[str, ...]
    due: _dt.date | None
    start: _dt.date | None
    priority: str | None
    tags: tuple[str, ...]
    overdue: bool
    waiting: tuple[str, ...]  # the tasks it waits on
    src: str  # its page (which the views do not show: they link to it by ID)


def face(task: Task, graph: Graph) -> Face:
    edges = graph.edges[task.src]
    return Face(task.id, task.display_title, task.kind, task.category, task.status, task.done,
                task.total, edges.depends_on, edges.blocks, graph.by_id.get(task.id) is task,
                task.owners, task.due, task.start, task.priority, task.tags,
                dates.overdue(task.due, task.status, graph.today), tuple(waiting_on(task, graph)), task.src)


_FACES: weakref.WeakKeyDictionary[Graph, list[Face]] = weakref.WeakKeyDictionary()


def faces(graph: Graph, unique: bool = True) -> list[Face]:
    """Every task a view can show (one per ID; `unique=False`: every task), in natural ID
    order. Made once per graph (a build's every view and its `--dirty` record share them),
    and forgotten with it."""
    made = _FACES.get(graph)
    if made is None:
        made = _FACES[graph] = [face(t, graph) for t in graph.tasks]
    return [f for f in made if f.unique] if unique else made


class Node(NamedTuple):
    """What a drawn graph node shows: where it stands and what it says."""

    x: int
    y: int
    title: str
    status: str
    href: str | None
    cyclic: bool
    overdue: bool


@dataclass
class Made:
    """What one page's views made, by task, and by what each piece shows: reused while it
    shows the same (`serve --dirty`, see incremental), made anew when it does not."""

    rows: dict[str, tuple[object, str]] = field(default_factory=dict)  # an index row
    cards: dict[str, tuple[object, str]] = field(default_factory=dict)  # a board card
    items: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)  # a graph list item
    nodes: dict[str, tuple[Node, str]] = field(default_factory=dict)  # a drawn node
    mermaid: dict[str, tuple[tuple[str, str, str], str]] = field(default_factory=dict)  # a Mermaid node
    layout: tuple[object, Layout] | None = None  # the drawing of the tasks and edges it is keyed by
    edges: tuple[object, str] | None = None  # the drawn edges' markup, likewise


# -- the selection step: filters, sort, limit, group ---------------------------------------
FILTERS = ("category", "status", "type", "owner", "tag", "priority", "due")
SORTS = ("id", "due", "start", "priority", "progress", "status", "title", "owner")
GROUPS = ("category", "status", "owner", "priority", "tag", "due")
_DAYS = re.compile(r"^(\d+)\s*d$")


def normal(attribute: str, value: str) -> str:
    """A value as a filter compares it: categories and statuses as elsewhere, the rest
    ignoring case."""
    if attribute == "category":
        return fold_key(value)
    if attribute == "status":
        return status_key(value)
    return value.strip().casefold()


@dataclass(frozen=True)
class Query:
    """A view's selection: filters (all must hold), sort, limit and group."""

    filters: tuple[tuple[str, frozenset[str], bool], ...] = ()  # (attribute, values, negated)
    due: str | None = None  # overdue, none, or "Nd"
    sort: str = "id"
    reverse: bool = False
    limit: int | None = None
    group: str | None = None


def query(attrs: dict[str, str], default_group: str | None = None) -> Query:
    """A marker's attributes (or the command line's options) as a query; what cannot be
    read is left out (markers.problems says what is wrong with it)."""
    filters = []
    for attribute in FILTERS[:-1]:
        raw = attrs.get(attribute)
        if raw is None:
            continue
        negated = raw.strip().startswith("!")
        values = frozenset(normal(attribute, v) for v in raw.strip().lstrip("!").split(",") if v.strip())
        filters.append((attribute, values, negated))
    due = attrs.get("due", "").strip().lower() or None
    sort = attrs.get("sort", "id").strip().lower()
    reverse = sort.startswith("-")
    sort = sort.lstrip("-")
    limit = attrs.get("limit", "").strip()
    group = attrs.get("group", "").strip().lower() or default_group
    return Query(tuple(filters), due if due in ("overdue", "none") or (due and _DAYS.match(due)) else None,
                 sort if sort in SORTS else "id", reverse, int(limit) if limit.isdigit() else None,
                 group if group in GROUPS else default_group)


def _values(f: Face, attribute: str) -> Iterable[str]:
    if attribute == "category":
        return (fold_key(f.category or ""),)
    if attribute == "status":
        return (status_key(f.status),)
    if attribute == "type":
        return (f.kind,)
    if attribute == "owner":
        return (o.casefold() for o in f.owners)
    if attribute == "tag":
        return (t.casefold() for t in f.tags)
    return ((f.priority or "").casefold(),)


def _due_holds(f: Face, due: str, today: _dt.date) -> bool:
    if due == "overdue":
        return f.overdue
    if due == "none":
        return f.due is None
    days = int(_DAYS.match(due).group(1))  # type: ignore[union-attr]
    return f.overdue or (f.due is not None and today <= f.due and (f.due - today).days <= days)


def keeps(q: Query, f: Face, today: _dt.date) -> bool:
    """Whether the query's filters keep the task."""
    for attribute, values, negated in q.filters:
        if any(v in values for v in _values(f, attribute)) == negated:
            return False
    return q.due is None or _due_holds(f, q.due, today)


def select(all_faces: Iterable[Face], q: Query, settings: Settings, today: _dt.date,
           duplicates: bool = False) -> list[Face]:
    """The tasks the query keeps, in its sort order (ties by ID; those that lack the value
    the sort uses come last); a task that shares another's ID only with `duplicates`."""
    kept = [f for f in all_faces if (duplicates or f.unique) and keeps(q, f, today)]
    if q.sort == "id":
        return kept[::-1] if q.reverse else kept
    key = _sort_key(q.sort, settings)
    have = [(k, f) for f in kept if (k := key(f)) is not None]
    lack = [f for f in kept if key(f) is None]
    have.sort(key=lambda kf: kf[0], reverse=q.reverse)  # (stable: ties stay in ID order)
    return [f for _, f in have] + lack


def _sort_key(sort: str, settings: Settings) -> Callable[[Face], Any]:
    order = {s: i for i, s in enumerate(status_order(settings))}
    rank = {p.casefold(): i for i, p in enumerate(settings.priorities)}
    keys: dict[str, Callable[[Face], Any]] = {
        "due": lambda f: f.due,
        "start": lambda f: f.start,
        "priority": lambda f: rank.get((f.priority or "").casefold()) if f.priority else None,
        "progress": lambda f: f.done / f.total if f.total else 0.0,
        "status": lambda f: order.get(f.status, len(order)),
        "title": lambda f: f.title.casefold(),
        "owner": lambda f: f.owners[0].casefold() if f.owners else None,
    }
    return keys[sort]


def status_order(settings: Settings) -> list[str]:
    """todo, in-progress, the configured statuses but cancelled, done, cancelled."""
    middle = [s for s in settings.statuses if s not in DERIVED and s != "cancelled"]
    tail = ["cancelled"] if "cancelled" in settings.statuses else []
    return ["todo", "in-progress", *middle, "done", *tail]


class Group(NamedTuple):
    value: str  # in markup (data-value): the status, category, owner... as configured or written
    label: str  # what the reader sees
    faces: list[Face]


NO_VALUE = {"category": "Uncategorized", "owner": "Unassigned", "priority": "No priority", "tag": "No tag"}


def grouped(selected: Sequence[Face], group: str, settings: Settings, today: _dt.date,
            keep_empty: bool = False) -> list[Group]:
    """The selected tasks by group, in the group's order; a task with two owners or tags
    stands in each of their groups. Empty groups are left out, unless `keep_empty` (a
    board's status columns)."""
    groups: dict[str, Group] = {}
    for value, label in _group_order(group, selected, settings):
        groups[value] = Group(value, label, [])
    for f in selected:
        for value in _group_values(f, group, today):
            if value not in groups:  # (a value not configured: after the configured ones)
                groups[value] = Group(value, value or NO_VALUE.get(group, ""), [])
            groups[value].faces.append(f)
    out = [g for g in groups.values() if g.faces or (keep_empty and group == "status" and g.value)]
    return [g for g in out if g.value] + [g for g in out if not g.value]  # (no value: last)


def _group_order(group: str, selected: Sequence[Face], settings: Settings) -> list[tuple[str, str]]:
    if group == "status":
        return [(s, s) for s in status_order(settings)]
    if group == "category":
        return [(c.name, c.name) for c in settings.categories]
    if group == "priority":
        return [(p, p) for p in settings.priorities]
    if group == "due":
        return list(dates.DUE_GROUPS)
    names: dict[str, str] = {}  # owners and tags: alphabetically, ignoring case
    for f in selected:
        for v in f.owners if group == "owner" else f.tags:
            names.setdefault(v.casefold(), v)
    return [(names[k], names[k]) for k in sorted(names)]


def _group_values(f: Face, group: str, today: _dt.date) -> Sequence[str]:
    if group == "status":
        return (f.status,)
    if group == "category":
        return (f.category or "",)
    if group == "priority":
        return (f.priority or "",)
    if group == "due":
        return (dates.due_group(f.due, f.status, today),)
    values = f.owners if group == "owner" else f.tags
    return tuple(dict.fromkeys(values)) or ("",)


# -- a graph's neighbourhood ----------------------------------------------------------------
DEFAULT_DEPTH = 1  # of `around="ID"` without `depth`: the task and its neighbours


def select_graph(graph: Graph, filters: dict[str, str]) -> list[Task]:
    """A graph marker's tasks: the filters, then with `around` those within `depth` edges of
    that task (edges between the tasks the filters keep)."""
    q = query(filters)
    kept = {f.id for f in select(faces(graph), q, graph.settings, graph.today)}
    tasks = [t for t in graph.tasks if t.id in kept and graph.by_id.get(t.id) is t]
    around = filters.get("around")
    if around is None:
        return tasks
    near = neighbourhood(around.strip(), marker_depth(filters),
                         {t.id: graph.edges[t.src].depends_on for t in tasks})
    return [t for t in tasks if t.id in near]


def marker_depth(filters: dict[str, str]) -> int:
    depth = filters.get("depth", "").strip()
    return int(depth) if depth.isdigit() else DEFAULT_DEPTH

