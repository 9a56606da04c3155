"""Progress over time as inline SVG (`<!-- tasks:history -->`): a burn-up chart of the
points history.py reads from git, drawn at build time in the graph's colours.

Two panels on one time axis, each with its own scale: tasks (done, and in all) above,
checkboxes (ticked, and in all) below. A line holds its value until the next point (the
state changes at commits, not in between). Under the chart, its points as a table.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence

from .graph import Graph
from .history import Point, Read, for_marker
from .model import Marker
from .render import escape
from .timeline import ticks
from .views import faces

WIDTH = 720
LEFT = 52  # the value axis' labels
RIGHT = 16
PANEL_H = 120
TOP = 14
GAP = 34  # between the panels (the lower one's title)
BOTTOM = 26  # the date axis' labels
SERIES = (("tasks-done", "tasks done"), ("tasks-total", "tasks in all"),
          ("criteria-done", "criteria ticked"), ("criteria-total", "criteria in all"))


def _nice(top: int) -> tuple[int, int]:
    """An axis' top and step: 1, 2 or 5 times a power of ten, three to five steps."""
    top = max(top, 1)
    step = 1
    while True:
        for m in (1, 2, 5):
            if top / (step * m) <= 4:
                s = step * m
                return -(-top // s) * s, s
        step *= 10


def drawer(got: Read, graph: Graph) -> Callable[[Marker, int], str]:
    """What draws each history marker of a build that read the history (`got`), its last
    point the build's own tasks (the working tree, as the build read it)."""
    def draw(marker: Marker, number: int) -> str:
        if got.history is None:
            return figure([], number, got.note)
        return figure(for_marker(got, marker.filters, faces(graph), graph.today), number)
    return draw


def shows(got: Read, graph: Graph, markers: Mapping[str, Sequence[Marker]]) -> dict[str, object]:
    """What each page's history charts show, to compare two builds' (incremental): their
    points, or why there are none."""
    out: dict[str, object] = {}
    for src, ms in markers.items():
        charts = [m for m in ms if m.kind == "history"]
        if charts:
            out[src] = (got.note, tuple(tuple(for_marker(got, m.filters, faces(graph), graph.today))
                                        for m in charts))
    return out


def figure(points: Sequence[Point], number: int = 0, note: str | None = None) -> str:
    """The chart and its table; `note`: why there is no history to draw (one sentence)."""
    if note is not None or not points:
        text = note or "No commit has changed a task page yet: there is no history to draw."
        return (f'<div class="tasks-history-block">\n<figure class="tasks-history" data-points="0">'
                f'<p class="tasks-empty">{escape(text)}</p></figure>\n</div>')
    first, last = points[0].date, points[-1].date
    span = max((last - first).days, 1)
    chart_w = WIDTH - LEFT - RIGHT
    per_day = chart_w / span

    def x(day: _dt.date) -> float:
        return round(LEFT + (day - first).days * per_day, 1)

    panels = [("Tasks", [(p.tasks_done, p.tasks_total) for p in points], TOP),
              ("Criteria", [(p.criteria_done, p.criteria_total) for p in points], TOP + PANEL_H + GAP)]
    height = TOP + 2 * PANEL_H + GAP + BOTTOM
    ident = f"tasks-history-{number}"
    out = [f'<div class="tasks-history-block">\n<figure class="tasks-history" data-points="{len(points)}">',
           f'<div class="tasks-history-scroll" role="region" tabindex="0" aria-labelledby="{ident}-title">',
           f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{ident}-title" '
           f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
           f'style="--tasks-graph-w: {WIDTH}px">',
           f'<title id="{ident}-title">{escape(_title(points))}</title>']
    axis = ['<g class="tasks-history-axis">']
    for day, label in ticks(first, last, per_day):
        axis.append(f'<line x1="{x(day)}" y1="{TOP}" x2="{x(day)}" y2="{height - BOTTOM}"/>'
                    f'<text x="{x(day)}" y="{height - 8}" text-anchor="middle">{label}</text>')
    lines = []
    for i, (name, values, top) in enumerate(panels):
        peak, step = _nice(max(total for _, total in values))

        def y(v: int, top: int = top, peak: int = peak) -> float:
            return round(top + PANEL_H - v * PANEL_H / peak, 1)

        axis.append(f'<text class="tasks-history-panel" x="{LEFT}" y="{top - 4}">{name}</text>')
        for v in range(0, peak + 1, step):
            axis.append(f'<line class="tasks-history-grid" x1="{LEFT}" y1="{y(v)}" x2="{WIDTH - RIGHT}" '
                        f'y2="{y(v)}"/><text x="{LEFT - 6}" y="{y(v) + 4}" text-anchor="end">{v}</text>')
        for j, (series, _) in enumerate(SERIES[2 * i:2 * i + 2]):
            d = _steps([(x(p.date), y(vals[j])) for p, vals in zip(points, values, strict=True)],
                       x(last) if span else WIDTH - RIGHT)
            lines.append(f'<path class="tasks-history-line" data-series="{series}" d="{d}"/>')
    axis.append("</g>")
    out += [*axis, '<g class="tasks-history-lines">', *lines, "</g>", "</svg>", "</div>", _legend(),
            "</figure>", _table(points), "</div>"]
    return "\n".join(out)


def _steps(xy: list[tuple[float, float]], end: float) -> str:
    """A line that holds each value until the next point's date, to the last point."""
    x0, y0 = xy[0]
    parts = [f"M{x0} {y0}"]
    for x1, y1 in xy[1:]:
        parts.append(f"H{x1}V{y1}")
    if len(xy) == 1:
        parts.append(f"H{end}")
    return "".join(parts)


def _title(points: Sequence[Point]) -> str:
    p = points[-1]
    return (f"Progress over time: {len(points)} point{'s' * (len(points) != 1)} from {points[0].date} "
            f"to {p.date}; now {p.tasks_done} of {p.tasks_total} tasks done, {p.criteria_done} of "
            f"{p.criteria_total} criteria ticked")


def _legend() -> str:
    items = "".join(f'<li data-series="{s}"><span class="tasks-history-key"></span>{label}</li>'
                    for s, label in SERIES)
    return f'<figcaption><ul class="tasks-history-legend">{items}</ul></figcaption>'


def _table(points: Sequence[Point]) -> str:
    """Each point: its date, tasks done and in all, criteria done and in all (the cells
    SPEC.md names, nothing else in them: tools read them)."""
    rows = "\n".join(
        f'<tr data-date="{p.date.isoformat()}" data-commit="{p.commit or ""}"><td>{p.date.isoformat()}</td>'
        f"<td>{p.tasks_done}</td><td>{p.tasks_total}</td>"
        f"<td>{p.criteria_done}</td><td>{p.criteria_total}</td></tr>" for p in points)
    note = ("\n<caption>The last row, of no commit, is the working tree's.</caption>"
            if points and points[-1].commit is None else "")
    return ('<details class="tasks-history-list"><summary>The history as a table</summary>\n'
            f'<table class="tasks-history-data">{note}\n<thead><tr><th scope="col">Date</th>'
            '<th scope="col">Tasks done</th><th scope="col">Tasks in all</th>'
            '<th scope="col">Criteria done</th><th scope="col">Criteria in all</th></tr></thead>\n'
            f"<tbody>\n{rows}\n</tbody>\n</table>\n</details>")
