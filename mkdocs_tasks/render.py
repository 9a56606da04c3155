"""Tasks -> HTML fragments and tasks.json.

Fragments are f-strings in which every interpolated value passes through `_e`
(html.escape, quotes included) or is a fragment built here: no user string reaches
the page unescaped. Plain string building rather than a template engine or
`Markup.format` (a pure-Python formatter), because the header is rendered once per task
page and the index once per marker with thousands of rows: this is the hot path.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape as html_escape
from typing import Any

from .graph import Edges, Graph, natural_key, neighbourhood, waiting_on
from .model import Marker, Problem, Task
from .status import percent, status_key
from .text import fold_key

Link = Callable[[str], "str | None"]  # task ID -> href relative to the page being rendered
External = Callable[[str], "str | None"]

_SLUG = re.compile(r"[^a-z0-9]+")


def _e(value: object) -> str:
    """Escaped text, safe in element content and in double-quoted attributes.

    html.escape: five C-level replaces, about three times faster here than markupsafe's
    escape, whose Markup wrapping costs more than the escaping of a short ID or title.
    IDs, titles and categories recur on every page that shows them: cached."""
    return _escaped(value) if isinstance(value, str) else html_escape(str(value))


@functools.lru_cache(maxsize=16384)
def _escaped(value: str) -> str:
    return html_escape(value)


@functools.lru_cache(maxsize=256)
def _slug(value: str) -> str:
    return _SLUG.sub("-", value.casefold()).strip("-")


def external_linker(settings_url: str | None) -> External:
    """ID -> its `external_url` address, or None when none is configured."""
    def external(tid: str) -> str | None:
        return settings_url.replace("{id}", tid) if settings_url else None
    return external


@functools.lru_cache(maxsize=4096)  # a site has few distinct (done, total) pairs
def badge(done: int, total: int) -> str:
    """`3/5`, a bar and the percentage; the bar is one element drawn by CSS."""
    pct = percent(done, total)
    # (a progress bar's value runs from 0 to 100 unless told otherwise: the percentage)
    return (f'<span class="tasks-badge">{done}/{total} <span class="tasks-bar" '
            f'role="progressbar" aria-label="progress" aria-valuenow="{pct}" '
            f'aria-valuetext="{done} of {total} criteria done" '
            f'style="--tasks-pct: {pct}%"></span> <span class="tasks-badge-percent">{pct}%</span></span>')


@functools.lru_cache(maxsize=256)  # and a handful of statuses
def status(value: str) -> str:
    return f'<span class="tasks-status tasks-status--{_slug(value)}">{_e(value)}</span>'


def ref(tid: str, href: str) -> str:
    """A link to a task of the site."""
    t = _e(tid)
    return f'<a class="tasks-ref" data-task-id="{t}" href="{_e(href)}">{t}</a>'


def external_ref(tid: str, href: str) -> str:
    return f'<a class="tasks-external" href="{_e(href)}">{_e(tid)}</a>'


def _ref(tid: str, link: Link, external: External) -> str:
    href = link(tid)
    if href is not None:
        return ref(tid, href)
    url = external(tid)
    if url is not None:
        return external_ref(tid, url)
    return f'<span class="tasks-unknown">{_e(tid)}</span>'


@functools.lru_cache(maxsize=16)
def _id_shaped(id_pattern: str) -> re.Pattern[str]:
    return re.compile(id_pattern)


def _outside(text: str, graph: Graph, link: Link, external: External) -> str:
    """A dependency outside the site: an unknown ID as its `external_url` link (or marked
    unknown), any other text as it is written."""
    if _id_shaped(graph.settings.id_pattern).fullmatch(text):
        return _ref(text, link, external)
    return f'<span class="tasks-dependency-text">{_e(text)}</span>'


def _refs(ids: Iterable[str], link: Link, external: External) -> str:
    return ", ".join(_ref(tid, link, external) for tid in ids)


def _row(cls: str, label: str, content: str) -> str:
    return f'<div class="{cls}"><span class="tasks-label">{label}</span> {content}</div>'


def header(task: Task, graph: Graph, link: Link) -> str:
    external = external_linker(graph.settings.external_url)
    tid = _e(task.id)
    parts = [
        f'<div class="tasks-header" data-task-id="{tid}" data-status="{_e(task.status)}" '
        f'data-progress="{task.done}/{task.total}">',
    ]
    row = (f'<div class="tasks-header-row"><span class="tasks-id">{tid}</span> '
           f'<span class="tasks-kind tasks-kind--{_slug(task.kind)}">{_e(task.kind)}</span>')
    if task.category:
        row += f' <span class="tasks-category">{_e(task.category)}</span>'
    parts.append(f"{row} {status(task.status)} {badge(task.done, task.total)}</div>")
    if task.owner or task.due:
        meta = []
        if task.owner:
            meta.append(f'<span class="tasks-owner"><span class="tasks-label">Owner</span> '
                        f"{_e(task.owner)}</span>")
        if task.due:
            day = task.due.isoformat()
            meta.append(f'<span class="tasks-due"><span class="tasks-label">Due</span> '
                        f'<time datetime="{day}">{day}</time></span>')
        parts.append(f'<div class="tasks-header-row tasks-meta">{" ".join(meta)}</div>')
    edges = graph.edges[task.src]
    if edges.depends_on or edges.external:
        shown = [_ref(tid, link, external) for tid in edges.depends_on]
        shown += [_outside(text, graph, link, external) for text in edges.external]
        parts.append(_row("tasks-depends", "Depends on", ", ".join(shown)))
    waiting = waiting_on(task, graph)
    if waiting:
        parts.append(_row("tasks-waiting", "Waiting on", _refs(waiting, link, external)))
    if edges.blocks:
        parts.append(_row("tasks-blocks", "Blocks", _refs(edges.blocks, link, external)))
    parts.append("</div>")
    return "\n".join(parts)


def problems_box(problems: list[Problem]) -> str:
    if not problems:
        return ""
    n = len(problems)
    items = "\n".join(
        f'<li class="tasks-problem tasks-problem--{_e(p.severity)}">'
        f'<span class="tasks-problem-where">line {p.line}</span> '
        f'<span class="tasks-problem-severity">{_e(p.severity)}</span> <code>{_e(p.code)}</code> '
        f"{_e(p.message)}</li>"
        for p in problems)
    return (f'<div class="tasks-problems" role="note">\n<p class="tasks-problems-title">'
            f'{n} problem{"" if n == 1 else "s"} in this task</p>\n<ul>\n{items}\n</ul>\n</div>')


@dataclass
class _Row:
    name: str
    description: str = ""
    example: str = ""
    count: int = 0
    finished: int = 0
    done: int = 0
    total: int = 0
    tasks: list[Task] = field(default_factory=list)


def select(graph: Graph, filters: dict[str, str]) -> list[Task]:
    """The tasks a marker's filters keep (`category`, `status`, `type`), in natural order."""
    by_id = graph.by_id
    return [t for t in graph.tasks
            if by_id.get(t.id) is t and matches(t.category, t.status, t.kind, filters)]


DEFAULT_DEPTH = 1  # of `around="ID"` without `depth`: the task and its neighbours


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


def matches(category: str | None, status: str, kind: str, filters: dict[str, str]) -> bool:
    """Whether a task with these values passes a marker's filters."""
    if "category" in filters and fold_key(category or "") != fold_key(filters["category"]):
        return False
    if "status" in filters and status_key(status) != status_key(filters["status"]):
        return False
    return "type" not in filters or kind == filters["type"].strip().lower()


# A task's row of one index, by what it shows: under `serve --dirty`, kept from one rebuild
# to the next while every ID links to the same page (see incremental).
Rows = dict[str, tuple[Any, Any]]  # key -> (what it shows, what was made of it)


def index(graph: Graph, marker: Marker, link: Link, cache: Rows | None = None) -> str:
    tasks = select(graph, marker.filters)
    rows: dict[str, _Row] = {}
    for c in graph.settings.categories:
        if "category" in marker.filters:
            if fold_key(c.name) != fold_key(marker.filters["category"]):
                continue
        rows[c.name] = _Row(c.name, c.description, c.example)
    for t in tasks:
        name = t.category or "Uncategorized"
        row = rows.setdefault(name, _Row(name))
        row.tasks.append(t)
        row.count += 1
        row.finished += t.status == "done"
        row.done += t.done
        row.total += t.total
    external = external_linker(graph.settings.external_url)
    seen: dict[str, str] = {}  # a task's link, made once: its row, and each row it is named in

    def ref_of(tid: str) -> str:
        html = seen.get(tid)
        if html is None:
            html = seen[tid] = _ref(tid, link, external)
        return html

    groups = [r for r in rows.values() if r.tasks]
    out = ['<div class="tasks-index-block">']
    if groups:
        out.append('<table class="tasks-summary">\n'
                   '<thead><tr><th scope="col">Category</th><th scope="col">Description</th>'
                   '<th scope="col">Tasks</th><th scope="col">Done</th><th scope="col">Progress</th>'
                   "</tr></thead>\n<tbody>")
    for r in groups:
        # ASCII quotes: one non-ASCII character makes CPython store the whole page at two
        # bytes a character, and MkDocs keeps every page's HTML until the build ends
        example = f' <span class="tasks-example">e.g. "{_e(r.example)}"</span>' if r.example else ""
        name = _e(r.name)
        out.append(f'<tr data-category="{name}"><td>{name}</td><td>{_e(r.description)}{example}</td>'
                   f"<td>{r.count}</td><td>{r.finished}</td><td>{badge(r.done, r.total)}</td></tr>")
    if groups:
        out.append("</tbody>\n</table>")
    unused = [_e(r.name) for r in rows.values() if not r.tasks]
    if groups and unused:  # (a 0/0 bar per empty category would only be noise)
        out.append(f'<p class="tasks-summary-empty">No tasks yet in: {", ".join(unused)}.</p>')
    for g in groups:
        name = _e(g.name)
        out.append(f'<table class="tasks-index" data-category="{name}">\n<caption>{name}</caption>\n'
                   '<thead><tr><th scope="col">ID</th><th scope="col">Title</th>'
                   '<th scope="col">Status</th><th scope="col">Progress</th>'
                   '<th scope="col">Depends on</th><th scope="col">Blocks</th></tr></thead>\n<tbody>')
        for t in g.tasks:
            edges = graph.edges[t.src]
            if cache is not None:
                shows = (t.display_title, t.kind, t.status, t.done, t.total, edges.depends_on, edges.blocks)
                kept = cache.get(t.id)
                if kept is not None and kept[0] == shows:
                    out.append(kept[1])
                    continue
            href = link(t.id)
            title = (f'<a href="{_e(href)}">{_e(t.display_title)}</a>' if href is not None
                     else _e(t.display_title))
            kind = (f' <span class="tasks-kind tasks-kind--{_slug(t.kind)}">{_e(t.kind)}</span>'
                    if t.kind != "task" else "")
            html = (f'<tr data-task-id="{_e(t.id)}"><td>{ref_of(t.id)}</td>'
                    f"<td>{title}{kind}</td><td>{status(t.status)}</td>"
                    f"<td>{badge(t.done, t.total)}</td><td>{', '.join(map(ref_of, edges.depends_on))}</td>"
                    f"<td>{', '.join(map(ref_of, edges.blocks))}</td></tr>")
            if cache is not None:
                cache[t.id] = (shows, html)
            out.append(html)
        out.append("</tbody>\n</table>")
    if not groups:
        out.append('<p class="tasks-empty">No tasks match.</p>')
    out.append("</div>")
    return "\n".join(out)


MERMAID_MAX_TEXT = 50_000  # Mermaid's default maxTextSize: longer diagrams are not drawn
_MERMAID_UNSAFE = re.compile(r"[^A-Za-z0-9 _.,:/-]")
_STATUS_STYLE = {
    "done": "fill:#2e7d32,stroke:#1b5e20,color:#fff",
    "in-progress": "fill:#f9a825,stroke:#f57f17,color:#000",
    "todo": "fill:#eceff1,stroke:#607d8b,color:#000",
    "blocked": "fill:#c62828,stroke:#8e0000,color:#fff",
    "cancelled": "fill:#9e9e9e,stroke:#616161,color:#fff",
}


def _mermaid_text(text: str) -> str:
    """Mermaid reads HTML in labels: every character that could be markup is an entity code."""
    return _MERMAID_UNSAFE.sub(lambda m: f"#{ord(m.group(0))};", text)


def graph_list(graph: Graph, tasks: list[Task], link: Link, external: External, cache: Rows | None,
               opened: bool = False) -> str:
    """The graph as text, for every reader: each task that depends on others, with them.
    `cache`: as for index, each item by what it shows."""
    items: list[str] = []
    for t in tasks:
        depends_on = graph.edges[t.src].depends_on
        if not depends_on:
            continue
        kept = cache.get("\0item " + t.id) if cache is not None else None
        if kept is not None and kept[0] == depends_on:
            items.append(kept[1])
            continue
        item = (f"<li>{_ref(t.id, link, external)} depends on "
                f"{_refs(depends_on, link, external)}</li>")
        if cache is not None:
            cache["\0item " + t.id] = (depends_on, item)
        items.append(item)
    if not items:
        return '<p class="tasks-graph-list">No task depends on another.</p>'
    listing = "\n".join(items)
    return (f'<details class="tasks-graph-list"{" open" if opened else ""}><summary>'
            f"Dependencies as a list</summary>\n<ul>\n{listing}\n</ul>\n</details>")


def mermaid_block(graph: Graph, tasks: list[Task], link: Link, cache: Rows | None = None) -> str:
    """`format="mermaid"`: Mermaid's source, for sites that draw it with Mermaid (Material
    loads mermaid.js for it). `cache`: as for index, each node's lines by what they show."""
    node = {t.id: f"t{i}" for i, t in enumerate(tasks)}
    lines = ["graph LR"]
    used_classes: set[str] = set()
    for t in tasks:
        shows: tuple[Any, ...] = (node[t.id], t.display_title, t.status)
        kept = cache.get("\0node " + t.id) if cache is not None else None
        if kept is not None and kept[0] == shows:
            lines.append(kept[1])
        else:
            label = _mermaid_text(f"{t.id}: {t.display_title}")
            text = f'  {node[t.id]}["{label}"]'
            href = link(t.id)
            if href is not None:
                text += f'\n  click {node[t.id]} href "{href.replace(chr(34), "%22")}"'
            cls = re.sub(r"[^a-z0-9]", "", status_key(t.status)) or "todo"
            text += f"\n  class {node[t.id]} st{cls}"
            if cache is not None:
                cache["\0node " + t.id] = (shows, text)
            lines.append(text)
        used_classes.add(t.status)
    for t in tasks:
        for d in graph.edges[t.src].depends_on:
            if d in node and d != t.id:
                lines.append(f"  {node[d]} --> {node[t.id]}")
    for status in sorted(used_classes):
        cls = re.sub(r"[^a-z0-9]", "", status_key(status)) or "todo"
        style = _STATUS_STYLE.get(status, "fill:#e3f2fd,stroke:#1565c0,color:#000")
        lines.append(f"  classDef st{cls} {style}")
    source = "\n".join(lines)
    drawn = len(source) <= MERMAID_MAX_TEXT
    listing = graph_list(graph, tasks, link, external_linker(graph.settings.external_url), cache,
                         opened=not drawn)
    if not drawn:
        # Mermaid refuses a diagram this long ("Maximum text size in diagram exceeded")
        note = (f'<p class="tasks-graph-note">The graph of {len(tasks)} tasks is too large for '
                "Mermaid to draw; a marker with a filter draws part of it, e.g. "
                '<code>&lt;!-- tasks:graph category="Security" format="mermaid" --&gt;</code>, '
                "or without format=\"mermaid\" the plugin draws it whole.</p>")
        return f'<div class="tasks-graph">\n{note}\n{listing}\n</div>'
    return (f'<div class="tasks-graph">\n<pre class="mermaid"><code>{_e(source)}</code></pre>\n'
            f"{listing}\n</div>")


def task_record(task: Task, edges: Edges, url: str | None) -> dict[str, Any]:
    return {
        "id": task.id,
        "title": task.title,
        "type": task.kind,
        "category": task.category,
        "status": task.status,
        "progress": {"done": task.done, "total": task.total},
        "url": url,
        "src": task.src,
        "depends_on": list(edges.depends_on),
        "blocks": list(edges.blocks),
        "external_dependencies": list(edges.external),
        "owner": task.owner,
        "due": task.due.isoformat() if task.due else None,
        "tags": list(task.tags),
    }


def tasks_json(graph: Graph, url_of: Callable[[Task], str | None]) -> dict[str, Any]:
    tasks = sorted(graph.tasks, key=lambda t: (natural_key(t.id), t.src))
    return {"version": 1, "tasks": [task_record(t, graph.edges[t.src], url_of(t)) for t in tasks]}


def json_text(data: dict[str, Any], lines: dict[str, tuple[dict[str, Any], str]] | None = None) -> str:
    """tasks.json as text: one task a line, so that diffs stay readable and the encoding
    runs in the json module's C encoder (`indent` switches to its pure-Python one).
    `lines`: each task's record and line from the last build (`serve --dirty`), reused
    when the record is the same, and brought up to date."""
    if lines is None:
        rows = ",\n".join(json.dumps(t, ensure_ascii=False) for t in data["tasks"])
    else:
        now = {}
        for t in data["tasks"]:
            kept = lines.get(t["src"])
            if kept is None or kept[0] != t:
                kept = (t, json.dumps(t, ensure_ascii=False))
            now[t["src"]] = kept
        lines.clear()
        lines.update(now)
        rows = ",\n".join(line for _, line in now.values())
    return f'{{"version": {data["version"]}, "tasks": [\n{rows}\n]}}\n' if rows else \
        f'{{"version": {data["version"]}, "tasks": []}}\n'
