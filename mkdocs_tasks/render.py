"""Tasks -> HTML fragments and tasks.json.

Fragments are f-strings in which every interpolated value passes through `escape`
(html.escape, quotes included) or is a fragment built here: no user string reaches
the page unescaped. Plain string building rather than a template engine or
`Markup.format` (a pure-Python formatter), because the header is rendered once per task
page and the index once per marker with thousands of rows: this is the hot path.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import re
from collections.abc import Callable, Iterable
from html import escape as html_escape
from typing import Any

from . import dates
from .graph import Edges, Graph, natural_key, waiting_on
from .model import Problem, Task
from .status import percent

Link = Callable[[str], "str | None"]  # task ID -> href relative to the page being rendered
External = Callable[[str], "str | None"]

_SLUG = re.compile(r"[^a-z0-9]+")


def escape(value: object) -> str:
    """Escaped text, safe in element content and in double-quoted attributes.

    html.escape: five C-level replaces, about three times faster here than markupsafe's
    escape, whose Markup wrapping costs more than the escaping of a short ID or title.
    IDs, titles and categories recur on every page that shows them: cached."""
    return _escaped(value) if isinstance(value, str) else html_escape(str(value))


@functools.lru_cache(maxsize=16384)
def _escaped(value: str) -> str:
    return html_escape(value)


@functools.lru_cache(maxsize=256)
def slug(value: str) -> str:
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
    return f'<span class="tasks-status tasks-status--{slug(value)}">{escape(value)}</span>'


def ref(tid: str, href: str) -> str:
    """A link to a task of the site."""
    t = escape(tid)
    return f'<a class="tasks-ref" data-task-id="{t}" href="{escape(href)}">{t}</a>'


def external_ref(tid: str, href: str) -> str:
    return f'<a class="tasks-external" href="{escape(href)}">{escape(tid)}</a>'


def ref_or_text(tid: str, link: Link, external: External) -> str:
    href = link(tid)
    if href is not None:
        return ref(tid, href)
    url = external(tid)
    if url is not None:
        return external_ref(tid, url)
    return f'<span class="tasks-unknown">{escape(tid)}</span>'


@functools.lru_cache(maxsize=16)
def _id_shaped(id_pattern: str) -> re.Pattern[str]:
    return re.compile(id_pattern)


def _outside(text: str, graph: Graph, link: Link, external: External) -> str:
    """A dependency outside the site: an unknown ID as its `external_url` link (or marked
    unknown), any other text as it is written."""
    if _id_shaped(graph.settings.id_pattern).fullmatch(text):
        return ref_or_text(text, link, external)
    return f'<span class="tasks-dependency-text">{escape(text)}</span>'


def refs(ids: Iterable[str], link: Link, external: External) -> str:
    return ", ".join(ref_or_text(tid, link, external) for tid in ids)


def _row(cls: str, label: str, content: str) -> str:
    return f'<div class="{cls}"><span class="tasks-label">{label}</span> {content}</div>'


def header(task: Task, graph: Graph, link: Link) -> str:
    external = external_linker(graph.settings.external_url)
    tid = escape(task.id)
    late = ' data-overdue="true"' if dates.overdue(task.due, task.status, graph.today) else ""
    parts = [
        f'<div class="tasks-header" data-task-id="{tid}" data-status="{escape(task.status)}" '
        f'data-progress="{task.done}/{task.total}"{late}>',
    ]
    row = (f'<div class="tasks-header-row"><span class="tasks-id">{tid}</span> '
           f'<span class="tasks-kind tasks-kind--{slug(task.kind)}">{escape(task.kind)}</span>')
    if task.category:
        row += f' <span class="tasks-category">{escape(task.category)}</span>'
    parts.append(f"{row} {status(task.status)} {badge(task.done, task.total)}</div>")
    meta = _meta(task, graph.today)
    if meta:
        parts.append(f'<div class="tasks-header-row tasks-meta">{" ".join(meta)}</div>')
    edges = graph.edges[task.src]
    if edges.depends_on or edges.external:
        shown = [ref_or_text(tid, link, external) for tid in edges.depends_on]
        shown += [_outside(text, graph, link, external) for text in edges.external]
        parts.append(_row("tasks-depends", "Depends on", ", ".join(shown)))
    waiting = waiting_on(task, graph)
    if waiting:
        parts.append(_row("tasks-waiting", "Waiting on", refs(waiting, link, external)))
    if edges.blocks:
        parts.append(_row("tasks-blocks", "Blocks", refs(edges.blocks, link, external)))
    parts.append("</div>")
    return "\n".join(parts)


def _meta(task: Task, today: _dt.date) -> list[str]:
    """The header's priority, owners, start and due date (with how near it is)."""
    meta = []
    if task.priority:
        meta.append(f'<span class="tasks-priority tasks-priority--{slug(task.priority)}">'
                    f'<span class="tasks-label">Priority</span> {escape(task.priority)}</span>')
    if task.owners:
        label = "Owner" if len(task.owners) == 1 else "Owners"
        meta.append(f'<span class="tasks-owner"><span class="tasks-label">{label}</span> '
                    f"{owners_of(task.owners)}</span>")
    if task.start:
        meta.append(f'<span class="tasks-start"><span class="tasks-label">Start</span> '
                    f"{dates_of(task.start)}</span>")
    if task.due:
        late = dates.overdue(task.due, task.status, today)
        phrase = dates.due_phrase(task, today)
        note = f' <span class="tasks-due-note">{phrase}</span>' if phrase else ""
        mark = ' data-overdue="true"' if late else ""
        meta.append(f'<span class="tasks-due"{mark}>'
                    f'<span class="tasks-label">Due</span> {dates_of(task.due)}{note}</span>')
    return meta


def owners_of(owners: Iterable[str]) -> str:
    return ", ".join(f'<span class="tasks-person">{escape(o)}</span>' for o in owners)


def dates_of(day: _dt.date | None, overdue: bool = False) -> str:
    """A date as a `<time>` (marked when it is an overdue task's due date)."""
    if day is None:
        return ""
    iso = day.isoformat()
    mark = ' class="tasks-overdue"' if overdue else ""
    return f'<time datetime="{iso}"{mark}>{iso}</time>'


def problems_box(problems: list[Problem]) -> str:
    if not problems:
        return ""
    n = len(problems)
    items = "\n".join(
        f'<li class="tasks-problem tasks-problem--{escape(p.severity)}">'
        f'<span class="tasks-problem-where">line {p.line}</span> '
        f'<span class="tasks-problem-severity">{escape(p.severity)}</span> <code>{escape(p.code)}</code> '
        f"{escape(p.message)}</li>"
        for p in problems)
    return (f'<div class="tasks-problems" role="note">\n<p class="tasks-problems-title">'
            f'{n} problem{"" if n == 1 else "s"} in this task</p>\n<ul>\n{items}\n</ul>\n</div>')


def task_record(task: Task, edges: Edges, url: str | None, overdue: bool) -> dict[str, Any]:
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
        "owners": list(task.owners),
        "due": task.due.isoformat() if task.due else None,
        "start": task.start.isoformat() if task.start else None,
        "overdue": overdue,
        "priority": task.priority,
        "tags": list(task.tags),
    }


def tasks_json(graph: Graph, url_of: Callable[[Task], str | None]) -> dict[str, Any]:
    tasks = sorted(graph.tasks, key=lambda t: (natural_key(t.id), t.src))
    return {"version": 1, "tasks": [task_record(t, graph.edges[t.src], url_of(t),
                                                dates.overdue(t.due, t.status, graph.today)) for t in tasks],
            "today": graph.today.isoformat()}


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
    today = "".join(f", {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}"
                    for k, v in data.items() if k not in ("version", "tasks"))  # today, groups
    return f'{{"version": {data["version"]}, "tasks": [\n{rows}\n]{today}}}\n' if rows else \
        f'{{"version": {data["version"]}, "tasks": []{today}}}\n'
