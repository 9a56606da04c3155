"""Tasks -> HTML fragments and tasks.json.

Every fragment is built with markupsafe's `Markup.format`, which escapes each argument:
no user string reaches the page unescaped. Plain string building rather than a template
engine, because the header is rendered once per task page and the index once per marker
with thousands of rows: this is the plugin's hot path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from .graph import Graph, natural_key, status_key, waiting_on
from .model import Marker, Problem, Task
from .parse import fold_key

Link = Callable[[str], "str | None"]  # task ID -> href relative to the page being rendered
External = Callable[[str], "str | None"]

_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(value: str) -> str:
    return _SLUG.sub("-", value.casefold()).strip("-")


def _external(settings_url: str | None) -> External:
    def external(tid: str) -> str | None:
        return settings_url.replace("{id}", tid) if settings_url else None
    return external


def badge(done: int, total: int) -> Markup:
    """`3/5`, a bar and the percentage; the bar is one element drawn by CSS."""
    pct = 100 * done // total if total else 0
    return Markup(
        '<span class="tasks-badge" title="{0} of {1} done">{0}/{1} '
        '<span class="tasks-bar" role="progressbar" aria-label="progress" aria-valuemin="0" '
        'aria-valuemax="{1}" aria-valuenow="{0}" style="--tasks-pct: {2}%"></span> '
        '<span class="tasks-badge-percent">{2}%</span></span>'
    ).format(done, total, pct)


def status(value: str) -> Markup:
    return Markup('<span class="tasks-status tasks-status--{}">{}</span>').format(_slug(value), value)


def ref(tid: str, href: str) -> str:
    """A link to a task of the site."""
    return Markup('<a class="tasks-ref" data-task-id="{0}" href="{1}">{0}</a>').format(tid, href)


def external_ref(tid: str, href: str) -> str:
    return Markup('<a class="tasks-external" href="{1}">{0}</a>').format(tid, href)


def _ref(tid: str, link: Link, external: External) -> Markup:
    href = link(tid)
    if href is not None:
        return Markup(ref(tid, href))
    url = external(tid)
    if url is not None:
        return Markup(external_ref(tid, url))
    return Markup('<span class="tasks-unknown">{}</span>').format(tid)


def _refs(ids: Iterable[str], link: Link, external: External) -> Markup:
    return Markup(", ").join(_ref(tid, link, external) for tid in ids)


def _row(cls: str, label: str, content: Markup) -> Markup:
    return Markup('<div class="{}"><span class="tasks-label">{}</span> {}</div>').format(
        cls, label, content)


def header(task: Task, graph: Graph, link: Link) -> str:
    external = _external(graph.settings.external_url)
    parts = [
        Markup('<div class="tasks-header" data-task-id="{}" data-status="{}" data-progress="{}/{}">')
        .format(task.id, task.status, task.done, task.total),
        Markup('<div class="tasks-header-row"><span class="tasks-id">{}</span> '
               '<span class="tasks-kind tasks-kind--{}">{}</span>')
        .format(task.id, _slug(task.kind), task.kind),
    ]
    if task.category:
        parts.append(Markup(' <span class="tasks-category">{}</span>').format(task.category))
    parts.append(Markup(" {} {}</div>").format(status(task.status), badge(task.done, task.total)))
    if task.owner or task.due:
        meta = []
        if task.owner:
            meta.append(Markup('<span class="tasks-owner"><span class="tasks-label">Owner</span> {}</span>')
                        .format(task.owner))
        if task.due:
            meta.append(Markup('<span class="tasks-due"><span class="tasks-label">Due</span> '
                               '<time datetime="{0}">{0}</time></span>').format(task.due.isoformat()))
        parts.append(Markup('<div class="tasks-header-row tasks-meta">{}</div>')
                     .format(Markup(" ").join(meta)))
    if task.depends_on:
        parts.append(_row("tasks-depends", "Depends on", _refs(task.depends_on, link, external)))
    waiting = waiting_on(task, graph)
    if waiting:
        parts.append(_row("tasks-waiting", "Waiting on", _refs(waiting, link, external)))
    if task.blocks:
        parts.append(_row("tasks-blocks", "Blocks", _refs(task.blocks, link, external)))
    parts.append(Markup("</div>"))
    return str(Markup("\n").join(parts))


def problems_box(problems: list[Problem]) -> str:
    if not problems:
        return ""
    n = len(problems)
    items = Markup("\n").join(
        Markup('<li class="tasks-problem tasks-problem--{0}">'
               '<span class="tasks-problem-where">line {1}</span> '
               '<span class="tasks-problem-severity">{0}</span> <code>{2}</code> {3}</li>')
        .format(p.severity, p.line, p.code, p.message)
        for p in problems)
    return str(Markup('<div class="tasks-problems" role="note">\n<p class="tasks-problems-title">'
                      '{} problem{} in this task</p>\n<ul>\n{}\n</ul>\n</div>')
               .format(n, "" if n == 1 else "s", items))


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
    chosen = []
    for t in graph.tasks:
        if graph.by_id.get(t.id) is not t:
            continue
        if "category" in filters and fold_key(t.category or "") != fold_key(filters["category"]):
            continue
        if "status" in filters and status_key(t.status) != status_key(filters["status"]):
            continue
        if "type" in filters and t.kind != filters["type"].strip().lower():
            continue
        chosen.append(t)
    return chosen


def index(graph: Graph, marker: Marker, link: Link) -> str:
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
    external = _external(graph.settings.external_url)
    out = [Markup('<div class="tasks-index-block">\n<table class="tasks-summary">\n'
                  "<thead><tr><th>Category</th><th>Description</th><th>Tasks</th><th>Done</th>"
                  "<th>Progress</th></tr></thead>\n<tbody>")]
    for r in rows.values():
        example = (Markup(' <span class="tasks-example">e.g. “{}”</span>').format(r.example)
                   if r.example else "")
        out.append(Markup('<tr data-category="{0}"><td>{0}</td><td>{1}{2}</td><td>{3}</td><td>{4}</td>'
                          "<td>{5}</td></tr>").format(r.name, r.description, example, r.count,
                                                      r.finished, badge(r.done, r.total)))
    out.append(Markup("</tbody>\n</table>"))
    groups = [r for r in rows.values() if r.tasks]
    for g in groups:
        out.append(Markup('<table class="tasks-index" data-category="{0}">\n<caption>{0}</caption>\n'
                          "<thead><tr><th>ID</th><th>Title</th><th>Status</th><th>Progress</th>"
                          "<th>Depends on</th><th>Blocks</th></tr></thead>\n<tbody>").format(g.name))
        for t in g.tasks:
            href = link(t.id)
            title = (Markup('<a href="{}">{}</a>').format(href, t.display_title) if href is not None
                     else escape(t.display_title))
            kind = (Markup(' <span class="tasks-kind tasks-kind--{}">{}</span>').format(_slug(t.kind), t.kind)
                    if t.kind != "task" else "")
            out.append(Markup('<tr data-task-id="{}"><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td>'
                              "<td>{}</td><td>{}</td></tr>").format(
                t.id, _ref(t.id, link, external), title, kind, status(t.status), badge(t.done, t.total),
                _refs(t.depends_on, link, external), _refs(t.blocks, link, external)))
        out.append(Markup("</tbody>\n</table>"))
    if not groups:
        out.append(Markup('<p class="tasks-empty">No tasks match.</p>'))
    out.append(Markup("</div>"))
    return str(Markup("\n").join(out))


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


def graph_block(graph: Graph, marker: Marker, link: Link) -> str:
    tasks = select(graph, marker.filters)
    node = {t.id: f"t{i}" for i, t in enumerate(tasks)}
    lines = ["graph LR"]
    used_classes: set[str] = set()
    for t in tasks:
        label = _mermaid_text(f"{t.id}: {t.display_title}")
        lines.append(f'  {node[t.id]}["{label}"]')
        href = link(t.id)
        if href is not None:
            lines.append(f'  click {node[t.id]} href "{href.replace(chr(34), "%22")}"')
        cls = re.sub(r"[^a-z0-9]", "", status_key(t.status)) or "todo"
        lines.append(f"  class {node[t.id]} st{cls}")
        used_classes.add(t.status)
    for t in tasks:
        for d in t.depends_on:
            if d in node and d != t.id:
                lines.append(f"  {node[d]} --> {node[t.id]}")
    for status in sorted(used_classes):
        cls = re.sub(r"[^a-z0-9]", "", status_key(status)) or "todo"
        style = _STATUS_STYLE.get(status, "fill:#e3f2fd,stroke:#1565c0,color:#000")
        lines.append(f"  classDef st{cls} {style}")
    code = escape("\n".join(lines))
    return f'<div class="tasks-graph">\n<pre class="mermaid"><code>{code}</code></pre>\n</div>'


def task_record(task: Task, url: str | None) -> dict[str, Any]:
    return {
        "id": task.id,
        "title": task.title,
        "type": task.kind,
        "category": task.category,
        "status": task.status,
        "progress": {"done": task.done, "total": task.total},
        "url": url,
        "src": task.src,
        "depends_on": list(task.depends_on),
        "blocks": list(task.blocks),
        "external_dependencies": list(task.external_dependencies),
        "owner": task.owner,
        "due": task.due.isoformat() if task.due else None,
        "tags": list(task.tags),
    }


def tasks_json(graph: Graph, url_of: Callable[[Task], str | None]) -> dict[str, Any]:
    tasks = sorted(graph.tasks, key=lambda t: (natural_key(t.id), t.src))
    return {"version": 1, "tasks": [task_record(t, url_of(t)) for t in tasks]}
