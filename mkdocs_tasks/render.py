"""Tasks -> HTML fragments and tasks.json. Every user string is escaped by Jinja's autoescape."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .graph import Graph, natural_key, status_key, waiting_on
from .model import Marker, Problem, Task
from .parse import fold_key

Link = Callable[[str], "str | None"]  # task ID -> href relative to the page being rendered

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("mkdocs_tasks", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)
_env.filters["slug"] = lambda value: re.sub(r"[^a-z0-9]+", "-", str(value).casefold()).strip("-")
_fragments: Any = None


def _macros() -> Any:
    """The fragments template's macros, compiled and evaluated once per process."""
    global _fragments
    if _fragments is None:
        _fragments = _env.get_template("fragments.html").module
    return _fragments


def _external(settings_url: str | None) -> Callable[[str], str | None]:
    def external(tid: str) -> str | None:
        return settings_url.replace("{id}", tid) if settings_url else None
    return external


def header(task: Task, graph: Graph, link: Link) -> str:
    external = _external(graph.settings.external_url)
    return str(_macros().header(task, waiting_on(task, graph), link, external))


def problems_box(problems: list[Problem]) -> str:
    return str(_macros().problems(problems)) if problems else ""


def ref(tid: str, href: str) -> str:
    """An in-page link to a task, for a dependency ID written as plain text."""
    return str(Markup('<a class="tasks-ref" data-task-id="{0}" href="{1}">{0}</a>').format(tid, href))


def external_ref(tid: str, href: str) -> str:
    return str(Markup('<a class="tasks-external" href="{1}">{0}</a>').format(tid, href))


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
    groups = [r for r in rows.values() if r.tasks]
    return str(_macros().index(list(rows.values()), groups, link,
                               _external(graph.settings.external_url)))


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
