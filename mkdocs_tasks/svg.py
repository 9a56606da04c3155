"""The dependency graph as inline SVG, drawn at build time (layout.py places it).

No script, no request: the page holds the drawing. Colours are CSS classes and custom
properties of tasks.css, so the theme's palette (light, Material's slate) and print each
get theirs; the markup carries the hooks of SPEC.md (`figure.tasks-graph`, `svg
role="img"` with a `<title>`, `a.tasks-graph-node[data-task-id][data-status]`,
`path.tasks-graph-edge[data-from][data-to]`). Every user string is escaped.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from collections.abc import Sequence

from . import dates
from . import layout as layout_mod
from .graph import Graph, neighbourhood
from .model import Marker, Settings, Task
from .render import External, Link, escape, external_linker, ref_or_text, refs
from .status import DERIVED, status_key
from .views import Face, Made, Node, marker_depth, query, select, select_graph

PAD = 8  # text inside a node's box
ID_LINE = 17  # baselines from the box's top
TITLE_LINE = 34
ID_FONT = 12  # px, as tasks.css sets them
TITLE_FONT = 11


def shows(marker: Marker, all_faces: Sequence[Face], settings: Settings,
          today: _dt.date) -> tuple[object, ...]:
    """What the graph shows, to compare two builds' (incremental): each node (its ID,
    title, status, whether it is overdue) and the edges into it; drawn `around` a task,
    whether that task exists and the nodes near it."""
    selected = select(all_faces, query(marker.filters), settings, today)
    mermaid = marker.filters.get("format", "").strip().lower() == "mermaid"  # (no overdue mark)
    nodes = tuple((f.id, f.title, f.status, f.depends_on, f.overdue and not mermaid) for f in selected)
    around = marker.filters.get("around")
    if around is None:
        return nodes
    start = around.strip()
    near = neighbourhood(start, marker_depth(marker.filters), {f.id: f.depends_on for f in selected})
    return any(f.id == start and f.unique for f in all_faces), tuple(n for n in nodes if n[0] in near)


def block(graph: Graph, marker: Marker, link: Link, made: Made | None = None,
          number: int = 0) -> str:
    """What a `<!-- tasks:graph -->` marker becomes: the drawing and the same graph as a
    list. `number`: the marker's place on its page, for the ids the drawing refers to;
    `made`: what this page's views made in the last build (`serve --dirty`)."""
    tasks = select_graph(graph, marker.filters)
    if marker.filters.get("format", "").strip().lower() == "mermaid":
        return mermaid_block(graph, tasks, link, made)
    if not tasks:
        around = marker.filters.get("around")
        text = (f"No task {escape(around.strip())} in this site." if around is not None
                and around.strip() not in graph.by_id else "No tasks match.")
        return f'<div class="tasks-graph-block">\n<p class="tasks-empty">{text}</p>\n</div>'
    listing = graph_list(graph, tasks, link, external_linker(graph.settings.external_url), made)
    return (f'<div class="tasks-graph-block">\n{figure(graph, tasks, link, number, made, marker)}\n'
            f"{listing}\n</div>")


def figure(graph: Graph, tasks: list[Task], link: Link, number: int = 0, made: Made | None = None,
           marker: Marker | None = None) -> str:
    """The drawing of these tasks and the dependencies among them, with its legend."""
    index = {t.id: i for i, t in enumerate(tasks)}
    edges = [(index[d], i) for i, t in enumerate(tasks) for d in graph.edges[t.src].depends_on if d in index]
    key = (tuple(index), tuple(edges))
    if made is not None and made.layout is not None and made.layout[0] == key:
        drawing = made.layout[1]
    else:
        drawing = layout_mod.layout(len(tasks), edges)
        if made is not None:
            made.layout = (key, drawing)
    ident = f"tasks-graph-{number}"
    drawn = sorted({(u, v) for u, v in edges if u != v})
    out = [f'<figure class="tasks-graph" data-tasks="{len(tasks)}" data-dependencies="{len(drawn)}">',
           f'<div class="tasks-graph-scroll" role="region" tabindex="0" aria-labelledby="{ident}-title">',
           f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{ident}-title" '
           f'viewBox="0 0 {drawing.width} {drawing.height}" width="{drawing.width}" '
           f'height="{drawing.height}" style="--tasks-graph-w: {drawing.width}px">',
           f'<title id="{ident}-title">{escape(_caption(tasks, len(drawn), marker))}</title>',
           f'<defs><marker id="{ident}-arrow" class="tasks-graph-arrow" viewBox="0 0 10 10" '
           'refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">'
           '<path d="M0 0L10 5L0 10z"/></marker></defs>',
           f'<g class="tasks-graph-edges" marker-end="url(#{ident}-arrow)">']
    if made is not None and made.edges is not None and made.edges[0] == key:
        out.append(made.edges[1])
    else:
        paths = "\n".join(f'<path class="tasks-graph-edge" data-from="{escape(tasks[u].id)}" '
                           f'data-to="{escape(tasks[v].id)}" d="{_path(points)}"/>'
                           for u, v, points in drawing.edges)
        if made is not None:  # (the same drawing: the same edges)
            made.edges = (key, paths)
        if paths:
            out.append(paths)
    out.append('</g>\n<g class="tasks-graph-nodes">')
    for i, t in enumerate(tasks):
        x, y = drawing.boxes[i]
        shows = Node(x, y, t.display_title, t.status, link(t.id), drawing.cyclic[i],
                     dates.overdue(t.due, t.status, graph.today))
        kept = made.nodes.get(t.id) if made is not None else None
        if kept is not None and kept[0] == shows:
            out.append(kept[1])
            continue
        html = _node(t.id, shows)
        if made is not None:
            made.nodes[t.id] = (shows, html)
        out.append(html)
    out.append("</g>\n</svg>\n</div>")
    out.append(_legend(tasks, drawing.cyclic))
    out.append("</figure>")
    return "\n".join(out)


def _caption(tasks: list[Task], edges: int, marker: Marker | None) -> str:
    what = f"{len(tasks)} task{'s' * (len(tasks) != 1)}, {edges} dependenc{'ies' if edges != 1 else 'y'}"
    if marker is not None and marker.filters.get("around") is not None:
        depth = marker_depth(marker.filters)
        what += f", within {depth} step{'s' * (depth != 1)} of {marker.filters['around'].strip()}"
    return f"Dependency graph: {what}"


def _node(tid: str, n: Node) -> str:
    cls = "tasks-graph-node tasks-graph-node--cycle" if n.cyclic else "tasks-graph-node"
    link = f' href="{escape(n.href)}"' if n.href is not None else ""
    tip = f"{tid}: {n.title} ({n.status}{', in a dependency cycle' if n.cyclic else ''})"
    w, h = layout_mod.NODE_W, layout_mod.NODE_H
    room = w - 2 * PAD
    late = ' data-overdue="true"' if n.overdue else ""
    return (f'<a class="{cls}" data-task-id="{escape(tid)}" data-status="{escape(n.status)}"{late}{link}>'
            f"<title>{escape(tip)}</title>"
            f'<rect x="{n.x}" y="{n.y}" width="{w}" height="{h}" rx="6"/>'
            f'<text x="{n.x + PAD}" y="{n.y + ID_LINE}" class="tasks-graph-id">'
            f"{fit(tid, room, ID_FONT * 1.08)}</text>"
            f'<text x="{n.x + PAD}" y="{n.y + TITLE_LINE}">{fit(n.title, room, TITLE_FONT)}'
            "</text></a>")


def _path(points: list[tuple[int, int]]) -> str:
    """Through the points: straight along a layer's column, a curve with level ends
    between two columns (so that two edges cross there only if their ends cross)."""
    x0, y0 = points[0]
    parts = [f"M{x0} {y0}"]
    for x1, y1 in points[1:]:
        if y1 == y0:
            parts.append(f"H{x1}")
        else:
            mid = (x0 + x1) // 2
            parts.append(f"C{mid} {y0} {mid} {y1} {x1} {y1}")
        x0, y0 = x1, y1
    return "".join(parts)


def _legend(tasks: list[Task], cyclic: list[bool]) -> str:
    counts: dict[str, int] = {}
    for t in tasks:
        counts[t.status] = counts.get(t.status, 0) + 1
    order = [s for s in DERIVED if s in counts] + sorted(s for s in counts if s not in DERIVED)
    items = [f'<li data-status="{escape(s)}"><span class="tasks-graph-key"></span>{escape(s)} '
             f"({counts[s]})</li>" for s in order]
    if any(cyclic):
        items.append('<li class="tasks-graph-key--cycle"><span class="tasks-graph-key"></span>'
                     f"in a dependency cycle ({sum(cyclic)})</li>")
    return f'<figcaption><ul class="tasks-graph-legend">{"".join(items)}</ul></figcaption>'


# Widths of characters in em, near those of the sans-serif fonts themes use (Roboto, Lato,
# Helvetica): a label is cut to what fits its box, with the whole title as the tooltip.
_NARROW = frozenset("ijl|!.,:;'`")
_SEMI = frozenset("ftrI()[]{}-/ ")
_WIDE = frozenset("mwMW@%")


@functools.lru_cache(maxsize=16384)
def _width(ch: str) -> float:
    if ch in _NARROW:
        return 0.3
    if ch in _SEMI:
        return 0.38
    if ch in _WIDE:
        return 0.9
    if ch.isascii():
        if ch.isupper():
            return 0.7
        return 0.56 if ch.isdigit() else 0.52
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.65


def fit(text: str, room: float, font: float) -> str:
    """The text as HTML, cut with an ellipsis to what fits `room` px at `font` px."""
    limit = room / font
    widths = [_width(ch) for ch in text]
    if sum(widths) <= limit:
        return escape(text)
    budget = limit - 1.0  # the ellipsis
    used = 0.0
    cut = 0
    for w in widths:
        if used + w > budget:
            break
        used += w
        cut += 1
    # (an entity, not the character: one non-ASCII character makes the page's string
    # twice as large in memory, see render.index)
    return escape(text[:cut].rstrip()) + "&#8230;"


# -- the graph as a list, and as Mermaid's source ----------------------------------------
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


def graph_list(graph: Graph, tasks: list[Task], link: Link, external: External, made: Made | None,
               opened: bool = False) -> str:
    """The graph as text, for every reader: each task that depends on others, with them.
    `made`: as for the drawing, each item by what it shows."""
    items: list[str] = []
    for t in tasks:
        depends_on = graph.edges[t.src].depends_on
        if not depends_on:
            continue
        kept = made.items.get(t.id) if made is not None else None
        if kept is not None and kept[0] == depends_on:
            items.append(kept[1])
            continue
        item = (f"<li>{ref_or_text(t.id, link, external)} depends on "
                f"{refs(depends_on, link, external)}</li>")
        if made is not None:
            made.items[t.id] = (depends_on, item)
        items.append(item)
    if not items:
        return '<p class="tasks-graph-list">No task depends on another.</p>'
    listing = "\n".join(items)
    return (f'<details class="tasks-graph-list"{" open" if opened else ""}><summary>'
            f"Dependencies as a list</summary>\n<ul>\n{listing}\n</ul>\n</details>")


def mermaid_block(graph: Graph, tasks: list[Task], link: Link, made: Made | None = None) -> str:
    """`format="mermaid"`: Mermaid's source, for sites that draw it with Mermaid (Material
    loads mermaid.js for it). `made`: as for the drawing, each node's lines by what they show."""
    node = {t.id: f"t{i}" for i, t in enumerate(tasks)}
    lines = ["graph LR"]
    used_classes: set[str] = set()
    for t in tasks:
        shows = (node[t.id], t.display_title, t.status)
        kept = made.mermaid.get(t.id) if made is not None else None
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
            if made is not None:
                made.mermaid[t.id] = (shows, text)
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
    listing = graph_list(graph, tasks, link, external_linker(graph.settings.external_url), made,
                         opened=not drawn)
    if not drawn:
        # Mermaid refuses a diagram this long ("Maximum text size in diagram exceeded")
        note = (f'<p class="tasks-graph-note">The graph of {len(tasks)} tasks is too large for '
                "Mermaid to draw; a marker with a filter draws part of it, e.g. "
                '<code>&lt;!-- tasks:graph category="Security" format="mermaid" --&gt;</code>, '
                "or without format=\"mermaid\" the plugin draws it whole.</p>")
        return f'<div class="tasks-graph">\n{note}\n{listing}\n</div>'
    return (f'<div class="tasks-graph">\n<pre class="mermaid"><code>{escape(source)}</code></pre>\n'
            f"{listing}\n</div>")


