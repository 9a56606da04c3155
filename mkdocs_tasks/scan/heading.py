"""Headings: ATX (`## Name`) and setext (a line underlined with `===` or `---`)."""

from __future__ import annotations

import re
import sys

from ..model import Heading
from ..text import normalise_name
from .lists import HR
from .state import BlockState

_ATX = re.compile(r"^(#{1,6})((?:\\.|[^\\])*?)#*[ \t]*$")  # (as Python-Markdown: `\#` is text)
_SETEXT = re.compile(r"^[=-]+[ ]*$")


def atx(st: BlockState) -> bool:
    if st.indent:
        return False
    hm = _ATX.match(st.line)
    if not hm:
        return False
    level = len(hm.group(1))
    text = hm.group(2).strip()
    if level == 2:  # "Objective" on every page: one copy, named once
        text = sys.intern(text)
        st.out.headings.append(Heading(level, text, normalise_name(text), st.n, st.n))
    else:  # only sections (H2) are compared by name; titles are not cached
        st.out.headings.append(Heading(level, text, "", st.n, st.n))
    st.new_block()
    return True


def setext(st: BlockState) -> bool:
    """`===` or `---` under a paragraph's only line: that line is a heading (a checkbox or
    a look-alike on it included)."""
    if not (st.para_first is not None and st.para_first == st.i - 1 and st.indent == 0
            and _SETEXT.match(st.line)):
        return False
    out, n = st.out, st.n
    text = st.lines[st.para_first].strip()
    level = 1 if st.line.lstrip()[0] == "=" else 2
    if out.content and out.content[-1] == n - 1:
        out.content.pop()
    if out.paragraphs and out.paragraphs[-1][0] == n - 1:
        out.paragraphs.pop()
    if out.items and out.items[-1][0] == n - 1:  # `- [ ] x` over `---` is a heading
        out.items.pop()
    if out.checkboxes and out.checkboxes[-1].line == n - 1:
        out.checkboxes.pop()
    while out.malformed and out.malformed[-1][0] == n - 1:
        out.malformed.pop()
    out.headings.append(Heading(level, text, normalise_name(text) if level == 2 else "", n - 1, n))
    st.new_block()
    return True


def in_item(st: BlockState) -> bool:
    """`===` under a list item continues it, and the item's text becomes a heading inside
    the item: no checkbox is drawn there."""
    out, n = st.out, st.n
    if not (st.in_list and not st.block_start and st.indent == 0 and st.stripped[-1] in "=-"
            and _SETEXT.match(st.line) and not HR.match(st.line)
            and out.items and out.items[-1][0] == n - 1):
        return False
    if out.checkboxes and out.checkboxes[-1].line == n - 1:
        out.checkboxes.pop()
    out.content.append(n)
    return True
