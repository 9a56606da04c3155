"""Marker comments: `<!-- tasks:index ... -->`, `<!-- tasks:board ... -->`,
`<!-- tasks:graph ... -->`, `<!-- tasks:timeline ... -->` and `<!-- tasks:history ... -->`,
where a page wants a view, with the attributes each takes and what is wrong with them. A
new marker or attribute goes here (and its view in views.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from .model import Marker, Settings
from .status import DERIVED
from .views import FILTERS, GROUPS, SORTS, normal

KINDS = ("index", "board", "graph", "timeline", "history")
MARKER = re.compile(r"^<!--\s*tasks:(?P<kind>index|board|graph|timeline|history)\b(?P<attrs>.*?)-->\s*$")
# (in rendered HTML)
MARKER_HTML = re.compile(r"^<!--\s*tasks:(?:index|board|graph|timeline|history)\b.*?-->$", re.MULTILINE)
_MARKER_ATTR = re.compile(r'(?P<key>[A-Za-z_][\w-]*)\s*=\s*"(?P<value>[^"]*)"')

# What each marker takes: the filters; tables and boards sort, limit and group; a graph
# draws a neighbourhood, or Mermaid's source
MARKER_ATTRIBUTES = {
    "index": (*FILTERS, "sort", "limit", "group"),
    "board": (*FILTERS, "sort", "limit", "group"),
    "graph": (*FILTERS, "around", "depth", "format"),
    "timeline": (*FILTERS, "sort", "limit", "group"),
    "history": (*FILTERS, "since", "days"),
}
DEFAULT_GROUP = {"index": "category", "board": "status", "timeline": "category"}


def marker_from_comment(comment: str, line_no: int = 0) -> Marker | None:
    """The marker an HTML comment is, if it is one."""
    m = MARKER.match(comment.strip())
    return parse_marker(line_no, m.group("kind"), m.group("attrs")) if m else None


def parse_marker(line_no: int, kind: str, attrs: str) -> Marker:
    """A marker from its kind and the text of its attributes; the attributes it does not
    take, and text that is no attribute, are its bad attributes."""
    filters: dict[str, str] = {}
    for m in _MARKER_ATTR.finditer(attrs):
        filters[m.group("key")] = m.group("value")
    leftover = _MARKER_ATTR.sub("", attrs).strip()
    bad = [k for k in filters if k not in MARKER_ATTRIBUTES[kind]]
    if leftover:
        bad.append(leftover)
    return Marker(kind, line_no, filters, bad)


def marker_problem(marker: Marker, bad: str) -> str:
    """What is wrong with an attribute the marker does not take, and what it takes."""
    takes = MARKER_ATTRIBUTES[marker.kind]
    return (f"<!-- tasks:{marker.kind} --> has an unknown attribute {bad!r}; "
            f"use {', '.join(takes[:-1])} or {takes[-1]}")


def problems(marker: Marker, settings: Settings) -> list[str]:
    """Everything wrong with a marker's attributes: unknown ones, and values that can match
    nothing or cannot be read, each naming what it takes."""
    found = [marker_problem(marker, bad) for bad in marker.bad_attributes]
    attrs = {k: v for k, v in marker.filters.items() if k not in marker.bad_attributes}
    head = f"<!-- tasks:{marker.kind} -->"
    for attribute, raw, value, valid in unmatched(attrs, settings):
        found.append(f'{head} {attribute}="{raw}" can match no task: {value!r} is no {attribute} '
                     f"of this site; use {', '.join(valid)}")
    for attribute, raw, takes in unreadable(attrs):
        found.append(f'{head} {attribute}="{raw}" cannot be read; use {takes}')
    return found


def unmatched(attrs: dict[str, str], settings: Settings) -> list[tuple[str, str, str, list[str]]]:
    """Each filter value no task can have (a status, category, priority or type that is not
    configured): (attribute, as written, the value, the valid ones)."""
    found = []
    for attribute, valid in _configured(settings).items():
        raw = attrs.get(attribute)
        if raw is None:
            continue
        known = {normal(attribute, v) for v in valid}
        for value in raw.strip().lstrip("!").split(","):
            if value.strip() and normal(attribute, value) not in known:
                found.append((attribute, raw, value.strip(), valid))
    return found


def unreadable(attrs: dict[str, str]) -> list[tuple[str, str, str]]:
    """Each value that cannot be read: (attribute, as written, what it takes)."""
    return [(attribute, attrs[attribute], takes) for attribute, ok, takes in _READ
            if attribute in attrs and not ok(attrs[attribute].strip().lower())]


def _configured(settings: Settings) -> dict[str, list[str]]:
    return {"status": [*DERIVED, *settings.statuses], "category": [c.name for c in settings.categories],
            "priority": list(settings.priorities), "type": [k.name for k in settings.kinds]}


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


_READ: tuple[tuple[str, Callable[[str], bool], str], ...] = (
    ("due", lambda v: v in ("overdue", "none") or bool(re.fullmatch(r"\d+\s*d", v)),
     "overdue, none or a number of days such as 7d"),
    ("sort", lambda v: v.lstrip("-") in SORTS, f"{', '.join(SORTS)} (a - before it reverses)"),
    ("limit", lambda v: v.isdigit() and int(v) > 0, "a whole number of tasks, such as 10"),
    ("group", lambda v: v in GROUPS, ", ".join(GROUPS)),
    ("depth", lambda v: v.isdigit(), "a whole number of steps, such as 2"),
    ("format", lambda v: v in ("svg", "mermaid"), "svg or mermaid"),
    ("since", _is_date, "a date as YYYY-MM-DD"),
    ("days", lambda v: v.isdigit() and int(v) > 0, "a whole number of days, such as 90"),
)
