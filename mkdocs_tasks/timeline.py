"""The timeline of due dates as inline SVG, drawn at build time (`<!-- tasks:timeline -->`).

One row per task with a due date (after the marker's filters), grouped like the index with
the group's name beside its rows: a bar from `start` to `due` (the due day included), a
mark at the due date for a task with no start, a date axis whose ticks suit the span
(days, weeks, months, quarters or years), a line at today, arrows from a dependency's end
to the start of a task that depends on it when both are drawn. Colours are the graph's
(tasks.css), so light, slate and print read from one place. Below it: how many tasks the
filters kept have no due date, and the drawing as a table. Every user string is escaped.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Callable, Sequence
from typing import NamedTuple

from .graph import Graph
from .markers import DEFAULT_GROUP
from .model import Marker, Settings
from .render import Link, dates_of, escape, external_linker, ref_or_text, status
from .svg import fit
from .views import Face, Group, faces, grouped, query, select

GROUP_W = 110  # the group's name
LABEL_W = 190  # each row's ID and title
CHART_W = 580  # the dates
RIGHT = 16
AXIS_H = 30  # tick labels above the rows
ROW_H = 24
BAR_H = 14
GAP = 8  # between two groups
MIN_TICK = 56  # px between two tick labels at least
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Bar(NamedTuple):
    """What one row shows of a task (also what --dirty compares, see shows)."""

    id: str
    title: str
    status: str
    start: _dt.date | None
    due: _dt.date
    overdue: bool
    depends_on: tuple[str, ...]


def _selection(marker: Marker, all_faces: Sequence[Face], settings: Settings,
               today: _dt.date) -> tuple[list[Group], int, int | None]:
    """The groups of the tasks drawn, how many the filters kept have no due date, the limit."""
    q = query(marker.filters, DEFAULT_GROUP["timeline"])
    kept = select(all_faces, q, settings, today)
    dated = [f for f in kept if f.due is not None]
    groups = grouped(dated, q.group or DEFAULT_GROUP["timeline"], settings, today)
    return groups, len(kept) - len(dated), q.limit


def _bar(f: Face) -> Bar:
    assert f.due is not None
    start = f.start if f.start is not None and f.start <= f.due else None
    return Bar(f.id, f.title, f.status, start, f.due, f.overdue, f.depends_on)


def shows(marker: Marker, all_faces: Sequence[Face], settings: Settings,
          today: _dt.date) -> tuple[object, ...]:
    """What the timeline shows, to compare two builds' (incremental): each row's bar, the
    tasks without a due date, and today where something is drawn (its line, its axis)."""
    groups, undated, limit = _selection(marker, all_faces, settings, today)
    drawn = {f.id for g in groups for f in g.faces[:limit]}

    def bar(f: Face) -> Bar:  # (its arrows: from the drawn tasks only, which it links to)
        b = _bar(f)
        return b._replace(depends_on=tuple(d for d in b.depends_on if d in drawn))

    return (undated, today if groups else None,
            tuple((g.value, g.label, len(g.faces), tuple(map(bar, g.faces[:limit]))) for g in groups))


# -- the date axis ----------------------------------------------------------------------------
def _months_from(day: _dt.date, step: int) -> _dt.date:
    month = day.month - 1 + step
    return _dt.date(day.year + month // 12, month % 12 + 1, 1)


def ticks(first: _dt.date, last: _dt.date, per_day: float) -> list[tuple[_dt.date, str]]:
    """The axis' ticks from `first` to `last`: every day, two days, week (Mondays), two
    weeks, month, quarter, half year or year(s), the first of these whose labels stand
    `MIN_TICK` px apart."""
    out: list[tuple[_dt.date, str]] = []
    for days in (1, 2, 7, 14):
        if days * per_day >= MIN_TICK:
            day = first if days < 7 else first + _dt.timedelta(days=(7 - first.weekday()) % 7)
            while day <= last:
                out.append((day, f"{_MONTHS[day.month - 1]} {day.day}"))
                day += _dt.timedelta(days=days)
            return out
    # (by their shortest: February, a first quarter, a first half, a year)
    months = next((m for m, days in ((1, 28), (3, 90), (6, 181), (12, 365)) if days * per_day >= MIN_TICK),
                  12 * math.ceil(MIN_TICK / (365 * per_day)))
    day = _dt.date(first.year, first.month, 1)
    while day < first or (day.month - 1) % min(months, 12):
        day = _months_from(day, 1)
    while day <= last:
        if months >= 12:
            label = str(day.year)
        elif day.month == 1 or not out:
            label = f"{_MONTHS[day.month - 1]} {day.year}"
        else:
            label = _MONTHS[day.month - 1]
        out.append((day, label))
        day = _months_from(day, months)
    return out


# -- the drawing --------------------------------------------------------------------------------
def timeline(graph: Graph, marker: Marker, link: Link, number: int = 0) -> str:
    """The timeline a marker asks for, with the line on undated tasks and its table."""
    groups, undated, limit = _selection(marker, faces(graph), graph.settings, graph.today)
    out = ['<div class="tasks-timeline-block">']
    if groups:
        out.append(_figure(groups, limit, graph.today, link, number))
    else:
        out.append('<p class="tasks-empty">No task here has a due date.</p>')
    plural = "s" * (undated != 1)
    out.append(f'<p class="tasks-timeline-undated" data-count="{undated}">'
               + (f"{undated} task{plural} without a due date {'is' if undated == 1 else 'are'} not drawn."
                  if undated else "Every task kept here has a due date.") + "</p>")
    if groups:
        out.append(_table(groups, limit, link, graph))
    out.append("</div>")
    return "\n".join(out)


def _figure(groups: list[Group], limit: int | None, today: _dt.date, link: Link, number: int) -> str:
    per_group = [[_bar(f) for f in g.faces[:limit]] for g in groups]  # each group's rows
    bars = [b for rows in per_group for b in rows]
    first = min([today, *(b.start or b.due for b in bars)]) - _dt.timedelta(days=1)
    last = max([today, *(b.due for b in bars)]) + _dt.timedelta(days=2)
    per_day = CHART_W / (last - first).days
    left = GROUP_W + LABEL_W

    def x(day: _dt.date) -> float:
        return round(left + (day - first).days * per_day, 1)

    rows: list[str] = []
    ends: dict[str, tuple[float, float, float]] = {}  # id -> (start x, end x, row's middle y)
    y = AXIS_H
    labels: list[str] = []
    for g, shown in zip(groups, per_group, strict=True):
        labels.append(f'<text class="tasks-timeline-group" x="8" y="{y + 16}">'
                      f"<title>{escape(g.label)}</title>{fit(g.label, GROUP_W - 16, 12)}</text>")
        for b in shown:
            mid = y + ROW_H / 2
            rows.append(_row(b, x, y, per_day, link))
            labels.append(f'<text class="tasks-timeline-label" x="{GROUP_W}" y="{y + 16}">'
                          f'<tspan class="tasks-timeline-id">{escape(b.id)}</tspan> '
                          f"{fit(b.title, LABEL_W - 16 - 8 * len(b.id), 11)}</text>")
            ends.setdefault(b.id, (x(b.start or b.due), x(b.due + _dt.timedelta(days=1)) if b.start else
                                   x(b.due) + per_day / 2, mid))
            y += ROW_H
        if len(g.faces) > len(shown):
            labels.append(f'<text class="tasks-timeline-more" x="{GROUP_W}" y="{y + 16}">'
                          f"and {len(g.faces) - len(shown)} more</text>")
            y += ROW_H
        y += GAP
    height = y + 4
    width = left + CHART_W + RIGHT
    ident = f"tasks-timeline-{number}"
    axis = ['<g class="tasks-timeline-axis">']
    for day, text in ticks(first + _dt.timedelta(days=1), last, per_day):
        axis.append(f'<line x1="{x(day)}" y1="{AXIS_H - 6}" x2="{x(day)}" y2="{height}"/>'
                    f'<text x="{x(day) + 3}" y="{AXIS_H - 10}">{text}</text>')
    axis.append("</g>")
    arrows = _arrows(bars, ends)
    drawn = len(bars)
    now = x(today) + per_day / 2  # (the middle of today)
    title = (f"Timeline: {drawn} task{'s' * (drawn != 1)} by due date, "
             f"{min(b.start or b.due for b in bars)} to {max(b.due for b in bars)}; today {today}")
    return "\n".join([
        f'<figure class="tasks-timeline" data-tasks="{drawn}">',
        f'<div class="tasks-timeline-scroll" role="region" tabindex="0" aria-labelledby="{ident}-title">',
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{ident}-title" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'style="--tasks-graph-w: {width}px">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<defs><marker id="{ident}-arrow" class="tasks-graph-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="6" markerHeight="6" orient="auto"><path d="M0 0L10 5L0 10z"/></marker></defs>',
        *axis,
        f'<g class="tasks-timeline-labels">{"".join(labels)}</g>',
        (f'<g class="tasks-timeline-arrows" marker-end="url(#{ident}-arrow)">{arrows}</g>' if arrows else ""),
        f'<g class="tasks-timeline-bars">{"".join(rows)}</g>',
        f'<line class="tasks-timeline-today" data-date="{today.isoformat()}" x1="{now:.1f}" '
        f'y1="{AXIS_H - 6}" x2="{now:.1f}" y2="{height}"/>',
        f'<text class="tasks-timeline-today-label" x="{now + 3:.1f}" y="{height - 4}">today</text>',
        "</svg>", "</div>", "</figure>"])


def _row(b: Bar, at: Callable[[_dt.date], float], y: float, per_day: float, link: Link) -> str:
    href = link(b.id)
    attrs = (f'class="tasks-timeline-bar" data-task-id="{escape(b.id)}" data-status="{escape(b.status)}" '
             f'data-due="{b.due.isoformat()}"' + (f' data-start="{b.start.isoformat()}"' if b.start else "")
             + (' data-overdue="true"' if b.overdue else "") + (f' href="{escape(href)}"' if href else ""))
    when = f"{b.start} to {b.due}" if b.start else f"due {b.due}"
    tip = f"{b.id}: {b.title} ({b.status}, {when}{', overdue' if b.overdue else ''})"
    top = y + (ROW_H - BAR_H) / 2
    if b.start is not None:
        x0, x1 = at(b.start), at(b.due + _dt.timedelta(days=1))
        shape = f'<rect x="{x0}" y="{top}" width="{max(round(x1 - x0, 1), 2)}" height="{BAR_H}" rx="3"/>'
    else:
        cx, cy, r = at(b.due) + per_day / 2, y + ROW_H / 2, BAR_H / 2 + 1
        shape = (f'<path d="M{cx:.1f} {cy - r:.1f}L{cx + r:.1f} {cy:.1f}L{cx:.1f} {cy + r:.1f}'
                 f'L{cx - r:.1f} {cy:.1f}z"/>')
    return f"<a {attrs}><title>{escape(tip)}</title>{shape}</a>"


def _arrows(bars: list[Bar], ends: dict[str, tuple[float, float, float]]) -> str:
    """From a dependency's end to the start of each drawn task that depends on it."""
    paths = []
    for b in bars:
        for d in b.depends_on:
            if d == b.id or d not in ends or b.id not in ends:
                continue
            _, x0, y0 = ends[d]
            x1, _, y1 = ends[b.id]
            mid = (x0 + x1) / 2 if x1 > x0 + 12 else x0 + 12
            paths.append(f'<path class="tasks-timeline-arrow" data-from="{escape(d)}" '
                         f'data-to="{escape(b.id)}" d="M{x0:.1f} {y0:.1f}C{mid:.1f} {y0:.1f} '
                         f'{mid:.1f} {y1:.1f} {x1:.1f} {y1:.1f}"/>')
    return "".join(dict.fromkeys(paths))


def _table(groups: list[Group], limit: int | None, link: Link, graph: Graph) -> str:
    external = external_linker(graph.settings.external_url)
    rows = []
    for g in groups:
        for f in g.faces[:limit]:
            rows.append(f'<tr data-task-id="{escape(f.id)}"><td>{ref_or_text(f.id, link, external)}</td>'
                        f"<td>{escape(f.title)}</td><td>{dates_of(f.start)}</td>"
                        f"<td>{dates_of(f.due, f.overdue)}</td><td>{status(f.status)}</td></tr>")
    return ('<details class="tasks-timeline-list"><summary>The timeline as a table</summary>\n'
            '<table class="tasks-timeline-data">\n<thead><tr><th scope="col">ID</th>'
            '<th scope="col">Title</th><th scope="col">Start</th><th scope="col">Due</th>'
            '<th scope="col">Status</th></tr></thead>\n<tbody>\n'
            + "\n".join(dict.fromkeys(rows)) + "\n</tbody>\n</table>\n</details>")
