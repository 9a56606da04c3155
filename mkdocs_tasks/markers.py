"""Marker comments: `<!-- tasks:index ... -->` and `<!-- tasks:graph ... -->`, where a page
wants a view, with the attributes each takes. A new marker or attribute goes here.
"""

from __future__ import annotations

import re

from .model import Marker

MARKER = re.compile(r"^<!--\s*tasks:(?P<kind>index|graph)\b(?P<attrs>.*?)-->\s*$")
MARKER_HTML = re.compile(r"^<!--\s*tasks:(?:index|graph)\b.*?-->$", re.MULTILINE)  # in rendered HTML
_MARKER_ATTR = re.compile(r'(?P<key>[A-Za-z_][\w-]*)\s*=\s*"(?P<value>[^"]*)"')


def marker_from_comment(comment: str, line_no: int = 0) -> Marker | None:
    """The marker an HTML comment is, if it is one."""
    m = MARKER.match(comment.strip())
    return parse_marker(line_no, m.group("kind"), m.group("attrs")) if m else None


def parse_marker(line_no: int, kind: str, attrs: str) -> Marker:
    """A marker from its kind and the text of its attributes."""
    filters: dict[str, str] = {}
    for m in _MARKER_ATTR.finditer(attrs):
        filters[m.group("key")] = m.group("value")
    leftover = _MARKER_ATTR.sub("", attrs).strip()
    allowed = MARKER_ATTRIBUTES[kind]
    bad = [k for k in filters if k not in allowed]
    if kind == "graph":
        depth = filters.get("depth")
        if depth is not None and not depth.strip().isdigit():
            bad.append(f'depth="{depth}"')
        form = filters.get("format")
        if form is not None and form.strip().lower() not in ("svg", "mermaid"):
            bad.append(f'format="{form}"')
    if leftover:
        bad.append(leftover)
    return Marker(kind, line_no, filters, bad)


# What each marker takes: the index filters; a graph also a neighbourhood and Mermaid
MARKER_ATTRIBUTES = {
    "index": ("category", "status", "type"),
    "graph": ("category", "status", "type", "around", "depth", "format"),
}


def marker_problem(marker: Marker, bad: str) -> str:
    """What is wrong with one of a marker's attributes, and what it takes instead."""
    takes = 'category="...", status="..." or type="..."'
    if marker.kind == "graph":
        takes = ('category="...", status="...", type="...", around="ID", depth="N" (a whole '
                 'number) or format="mermaid"')
    what = "attribute" if marker.kind == "graph" else "filter"
    return f"<!-- tasks:{marker.kind} --> has an unknown {what} {bad!r}; use {takes}"
