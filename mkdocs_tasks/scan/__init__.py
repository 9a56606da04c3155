"""The block scanner: a page's body lines -> what Python-Markdown will render of them
(Scan), with 1-based lines. No I/O and no MkDocs.

It follows Python-Markdown's block rules closely enough that what it counts is what the
page renders: headings and checkboxes inside fenced code, indented code, HTML comments
and raw HTML blocks are hidden; a list glued to the paragraph above it is no list; a
checkbox needs a space and some text after `]` (pymdownx.tasklist).

As markdown-it-py's `rules_block/`: small block rules, each trying the line a state
object (BlockState) is at, in order; the first that takes it wins. A line's first
character picks the rules that can take it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from . import code, heading, html, lists, paragraph, quote
from .state import BlockState, ListItem, Scan

__all__ = ["ListItem", "Scan", "scan"]

Rule = Callable[[BlockState], bool]


def scan(lines: list[str], start: int = 0) -> Scan:
    """Walk the body lines once and record what Python-Markdown will render."""
    st = BlockState(lines)
    for i in range(start, len(lines)):
        if i < st.skip_to:
            continue
        st.i = line_i = i
        st.line = line = lines[line_i]
        if st.comment:
            html.in_comment(st)
            continue
        if st.raw is not None:
            html.in_raw(st)
            continue
        st.stripped = stripped = line.strip()
        if not stripped:
            st.block_start, st.para, st.para_first = True, False, None
            continue
        st.indent = len(line) - len(line.lstrip(" ")) if line[0] == " " else 0
        if code.indented(st):
            continue
        first = stripped[0]
        for rule in _BY_FIRST.get(first) or (_LIST if first.isdigit() else _TEXT):
            if rule(st):
                break
    return st.out


_TEXT: tuple[Rule, ...] = (paragraph.paragraph,)
_LIST: tuple[Rule, ...] = (lists.item, paragraph.paragraph)
# The rules a line can be taken by, by its first character, in the order they are tried.
_BY_FIRST: dict[str, tuple[Rule, ...]] = {
    ">": (partial(quote.quote, scan=scan), *_TEXT),
    "<": (html.comment, html.block_close, html.block_open, *_TEXT),
    "`": (code.fence, *_TEXT),
    "~": (code.fence, *_TEXT),
    "#": (heading.atx, *_TEXT),
    "=": (heading.setext, heading.in_item, *_TEXT),
    "-": (heading.setext, heading.in_item, lists.rule, *_LIST),
    "*": (lists.rule, *_LIST),
    "_": (lists.rule, *_TEXT),
    "+": _LIST,  # (and any digit: an ordered list's item)
}
