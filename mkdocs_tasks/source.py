"""The source reader: a page's text -> what its body holds (model.Body), with 1-based
lines, as Python-Markdown renders it; and what it cannot model. No I/O and no MkDocs.
"""

from __future__ import annotations

import bisect
import re
from itertools import chain

from .assemble import assemble
from .checkboxes import CHECKBOX, GLUED_LIST
from .dependencies import NONE_WRITTEN, from_source
from .frontmatter import FrontMatter, split_lines
from .model import TIME_BOX, Body, Dependency, Marker, Section, Settings, Task, lookups
from .scan import Scan, scan
from .template import PLACEHOLDER_STARTS, is_placeholder
from .text import fold_key, plain_title


def read(text: str, src: str, settings: Settings) -> tuple[FrontMatter, Body]:
    """One page's facts from its source: its front matter and what its body holds."""
    lines, fm = split_lines(text)
    return fm, read_body(lines, fm.body_index, src, settings)


def parse(text: str, src: str, settings: Settings) -> Task:
    """One task page, read from its source. Never raises on any text."""
    fm, body = read(text, src, settings)
    return assemble(src, settings, fm, body)


# Constructs whose rendering the line scanner does not model: admonitions and details
# (`!!!`, `???`), content tabs (`=== "..."`), blocks (`///`), snippets (`--8<--`),
# md_in_html (`<div markdown>`), tables (their delimiter row), and template syntax
# that a plugin expands (`{{ }}`, `{% %}`). Found anywhere, code included: a false alarm only
# costs a rendering, a miss would be a guess.
_DEFERRED = re.compile(
    r"^[ \t]*(?P<admonition>!!!|\?\?\?\+?)[ \t]"
    r"|^[ \t]*(?P<tabs>===[!+]{0,2})[ \t]+[\"']"
    r"|^[ \t]*(?P<blocks>///)"
    r"|(?P<snippets>--8<--)"
    r"|^[ \t]*(?P<md_in_html><[A-Za-z][A-Za-z0-9-]*\b[^>\n]*?\smarkdown\b)"
    r"|(?P<template>\{\{|\{%)"
    r"|^[ \t]*(?P<table>\|?[ \t]*:?-+:?[ \t]*\|[ \t|:-]*)$",
    re.MULTILINE,
)
_DEFERRED_HINTS = ("!!!", "???", "===", "///", "--8<--", "markdown", "{{", "{%", "|")
DEFERRED_NAMES = {
    "admonition": "an admonition or details block", "tabs": "content tabs", "blocks": "a /// block",
    "snippets": "a snippet", "md_in_html": "Markdown inside HTML",
    "template": "template syntax ({{ }} or {% %})", "table": "a table",
}


def deferred(lines: list[str], start: int = 0) -> tuple[tuple[int, str] | None, bool]:
    """The first construct of the body that the scanner does not model (line, name), and
    whether the body holds template syntax ({{ }} or {% %}) that a plugin may expand."""
    text = "\n".join(lines[start:])
    if not any(hint in text for hint in _DEFERRED_HINTS):
        return None, False  # (a regex search over a page costs ten times these lookups)
    m = _DEFERRED.search(text)
    if m is None:
        return None, False
    found = start + text.count("\n", 0, m.start()) + 1, DEFERRED_NAMES[m.lastgroup or "template"]
    return found, "{{" in text or "{%" in text


def read_body(lines: list[str], start: int, src: str, settings: Settings) -> Body:
    """The source reader: what the body holds, with lines, as Python-Markdown renders it."""
    scanned = scan(lines, start)
    found, template = deferred(lines, start)
    tables = lookups(settings)
    h1 = next((h for h in scanned.headings if h.level == 1), None)
    aliases, canonical = tables.aliases, tables.canonical
    sections: list[Section] = []
    for h in scanned.headings:
        if h.level != 2:
            continue
        key = aliases.get(h.name, h.name)
        sections.append(Section(h, canonical.get(key) or plain_title(h.text)))
    _fill_sections(sections, scanned, lines)

    deps: list[Dependency] = []
    explicit_none = False
    dep_section = next((s for s in sections if fold_key(s.name) in tables.dependency_sections), None)
    if dep_section is not None:
        end = dep_section.end_line
        items = [(ln, t) for ln, t, top in scanned.items if dep_section.line < ln <= end and top]
        texts = [(ln, t) for ln, t in scanned.paragraphs if dep_section.heading.end_line < ln <= end]
        only = [t for _, t in texts] + [t for _, t in items]
        if len(only) == 1 and only[0].strip().rstrip(".").casefold() in NONE_WRITTEN:
            explicit_none = True
        else:
            for item_line, body in items:
                cm = CHECKBOX.match(body)
                deps.append(from_source(item_line, cm.group("text") if cm else body, src, tables.id_re))
            for ln, t in texts:
                if t.casefold() not in NONE_WRITTEN:
                    deps.append(from_source(ln, t, src, tables.id_re))
            deps.sort(key=lambda d: d.line)
    return Body(
        title=(plain_title(h1.text) or None) if h1 else None,
        title_line=h1.line if h1 else None,
        title_end_line=h1.end_line if h1 else None,
        sections=sections,
        dependencies=deps,
        dependencies_explicit_none=explicit_none,
        malformed=scanned.malformed,
        placeholders=_placeholders(scanned),
        markers=scanned.markers,
        deferred=found,
        template=template,
        empty=not any(line.strip() for line in lines[start:]),
    )


TEXT_SECTIONS = frozenset({fold_key(TIME_BOX)})  # sections whose text a rule reads, by fold_key


def _fill_sections(sections: list[Section], scanned: Scan, lines: list[str]) -> None:
    """Attach content and checkboxes to the H2 sections that hold them.

    Headings are never content lines, and both lists are in line order: each section's
    share is one slice, found by bisection.
    """
    bounds = [h.line for h in scanned.headings if h.level <= 2]
    box_lines = [c.line for c in scanned.checkboxes]
    content = scanned.content
    for s in sections:
        nxt = bisect.bisect_right(bounds, s.heading.line)
        s.end_line = bounds[nxt] - 1 if nxt < len(bounds) else 10**9
        lo, hi = s.heading.end_line, s.end_line
        first, last = bisect.bisect_right(content, lo), bisect.bisect_right(content, hi)
        s.content = last - first
        s.checkboxes = scanned.checkboxes[bisect.bisect_right(box_lines, lo):
                                          bisect.bisect_right(box_lines, hi)]
        s.glued = any(why == GLUED_LIST and lo < n <= hi for n, why in scanned.malformed)
        if fold_key(s.name) in TEXT_SECTIONS:
            s.text = " ".join(lines[ln - 1] for ln in content[first:last])


def _placeholders(scanned: Scan) -> list[tuple[int, str]]:
    """Paragraph lines and list items that are text left from the template's skeleton."""
    found = []
    items = [(line, text) for line, text, _top in scanned.items]
    for line, text in chain(scanned.paragraphs, items):
        # every placeholder starts with "[" or a capital: skip the rest without a lookup
        if text[:1] not in PLACEHOLDER_STARTS:
            continue
        body = text.strip()
        if body[:4] in ("[ ] ", "[x] ", "[X] "):
            body = body[4:].strip()
        if body[:1] in PLACEHOLDER_STARTS and is_placeholder(body):
            found.append((line, body))
    found.sort()
    return found


def scan_markers(text: str) -> list[Marker]:
    """Markers of a page that is no task: found only outside code and comments."""
    lines, fm = split_lines(text)
    return scan(lines, fm.body_index).markers
