"""The dependency graph as inline SVG, drawn at build time (layout.py places it).

No script, no request: the page holds the drawing. Colours are CSS classes and custom
properties of tasks.css, so the theme's palette (light, Material's slate) and print each
get theirs; the markup carries the hooks of SPEC.md (`figure.tasks-graph`, `svg
role="img"` with a `<title>`, `a.tasks-graph-node[data-task-id][data-status]`,
`path.tasks-graph-edge[data-from][data-to]`). Every user string is escaped.
"""

from __future__ import annotations

import functools
import unicodedata

from . import layout as layout_mod
from .graph import Graph
from .model import Marker, Task
from .render import Link, Rows, _e, external_linker, graph_list, marker_depth, mermaid_block, select_graph
from .status import DERIVED

PAD = 8  # text inside a node's box
ID_LINE = 17  # baselines from the box's top
TITLE_LINE = 34
ID_FONT = 12  # px, as tasks.css sets them
TITLE_FONT = 11


def block(graph: Graph, marker: Marker, link: Link, cache: Rows | None = None,
          number: int = 0) -> str:
    """What a `<!-- tasks:graph -->` marker becomes: the drawing and the same graph as a
    list. `number`: the marker's place on its page, for the ids the drawing refers to."""
    tasks = select_graph(graph, marker.filters)
    if marker.filters.get("format", "").strip().lower() == "mermaid":
        return mermaid_block(graph, tasks, link, cache)
    if not tasks:
        around = marker.filters.get("around")
        text = (f"No task {_e(around.strip())} in this site." if around is not None
                and around.strip() not in graph.by_id else "No tasks match.")
        return f'<div class="tasks-graph-block">\n<p class="tasks-empty">{text}</p>\n</div>'
    listing = graph_list(graph, tasks, link, external_linker(graph.settings.external_url), cache)
    return (f'<div class="tasks-graph-block">\n{figure(graph, tasks, link, number, cache, marker)}\n'
            f"{listing}\n</div>")


def figure(graph: Graph, tasks: list[Task], link: Link, number: int = 0, cache: Rows | None = None,
           marker: Marker | None = None) -> str:
    """The drawing of these tasks and the dependencies among them, with its legend."""
    index = {t.id: i for i, t in enumerate(tasks)}
    edges = [(index[d], i) for i, t in enumerate(tasks) for d in graph.edges[t.src].depends_on if d in index]
    key = (tuple(index), tuple(edges))
    kept = cache.get("\0layout") if cache is not None else None
    if kept is not None and kept[0] == key:
        drawing: layout_mod.Layout = kept[1]
    else:
        drawing = layout_mod.layout(len(tasks), edges)
        if cache is not None:
            cache["\0layout"] = (key, drawing)
    ident = f"tasks-graph-{number}"
    drawn = sorted({(u, v) for u, v in edges if u != v})
    out = [f'<figure class="tasks-graph" data-tasks="{len(tasks)}" data-dependencies="{len(drawn)}">',
           f'<div class="tasks-graph-scroll" role="region" tabindex="0" aria-labelledby="{ident}-title">',
           f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{ident}-title" '
           f'viewBox="0 0 {drawing.width} {drawing.height}" width="{drawing.width}" '
           f'height="{drawing.height}" style="--tasks-graph-w: {drawing.width}px">',
           f'<title id="{ident}-title">{_e(_caption(tasks, len(drawn), marker))}</title>',
           f'<defs><marker id="{ident}-arrow" class="tasks-graph-arrow" viewBox="0 0 10 10" '
           'refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">'
           '<path d="M0 0L10 5L0 10z"/></marker></defs>',
           f'<g class="tasks-graph-edges" marker-end="url(#{ident}-arrow)">']
    kept = cache.get("\0edges") if cache is not None else None
    if kept is not None and kept[0] == key:
        out.append(kept[1])
    else:
        paths = "\n".join(f'<path class="tasks-graph-edge" data-from="{_e(tasks[u].id)}" '
                           f'data-to="{_e(tasks[v].id)}" d="{_path(points)}"/>'
                           for u, v, points in drawing.edges)
        if cache is not None:  # (the same drawing: the same edges)
            cache["\0edges"] = (key, paths)
        if paths:
            out.append(paths)
    out.append('</g>\n<g class="tasks-graph-nodes">')
    for i, t in enumerate(tasks):
        x, y = drawing.boxes[i]
        cyclic = drawing.cyclic[i]
        href = link(t.id)
        shows = (x, y, t.display_title, t.status, href, cyclic)
        kept = cache.get("\0svg " + t.id) if cache is not None else None
        if kept is not None and kept[0] == shows:
            out.append(kept[1])
            continue
        html = _node(t, x, y, href, cyclic)
        if cache is not None:
            cache["\0svg " + t.id] = (shows, html)
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


def _node(t: Task, x: int, y: int, href: str | None, cyclic: bool) -> str:
    cls = "tasks-graph-node tasks-graph-node--cycle" if cyclic else "tasks-graph-node"
    link = f' href="{_e(href)}"' if href is not None else ""
    tip = f"{t.id}: {t.display_title} ({t.status}{', in a dependency cycle' if cyclic else ''})"
    w, h = layout_mod.NODE_W, layout_mod.NODE_H
    room = w - 2 * PAD
    return (f'<a class="{cls}" data-task-id="{_e(t.id)}" data-status="{_e(t.status)}"{link}>'
            f"<title>{_e(tip)}</title>"
            f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6"/>'
            f'<text x="{x + PAD}" y="{y + ID_LINE}" class="tasks-graph-id">'
            f"{fit(t.id, room, ID_FONT * 1.08)}</text>"
            f'<text x="{x + PAD}" y="{y + TITLE_LINE}">{fit(t.display_title, room, TITLE_FONT)}'
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
    items = [f'<li data-status="{_e(s)}"><span class="tasks-graph-key"></span>{_e(s)} '
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
        return _e(text)
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
    return _e(text[:cut].rstrip()) + "&#8230;"
