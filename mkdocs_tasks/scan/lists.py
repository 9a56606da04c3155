"""Lists and rules: a list item (a checkbox or a look-alike in it), and `---` as a rule."""

from __future__ import annotations

import re

from ..checkboxes import CHECKBOX, GLUED_LIST, LIST_ITEM, checkbox_problem, looks_checked
from ..model import Checkbox
from ..text import TAB_LENGTH
from .state import BlockState

HR = re.compile(r"^ {0,3}([-*_])(?: *\1){2,} *$")


def rule(st: BlockState) -> bool:
    if st.stripped[-1] not in "-*_" or not HR.match(st.line):
        return False
    st.out.content.append(st.n)
    st.new_block()
    return True


def item(st: BlockState) -> bool:
    """A list item; glued to the paragraph above, it is a line of that paragraph (and a
    checklist so glued is said once, at its first item)."""
    lm = LIST_ITEM.match(st.line)
    if not (lm and (st.indent < TAB_LENGTH or st.in_list)):
        return False
    out, n = st.out, st.n
    if st.para:  # Python-Markdown: a list glued to the paragraph above is no list
        if not st.glued and looks_checked(lm.group("text")):
            out.malformed.append((n, GLUED_LIST))
            st.glued = True
        out.content.append(n)
        out.paragraphs.append((n, st.stripped))  # a line of the paragraph, shown as text
        st.para_first = None
        return True
    text = lm.group("text")
    out.items.append((n, text, st.indent < TAB_LENGTH))
    if text[:1] == "[":  # every checkbox and look-alike starts so
        if CHECKBOX.match(text):
            out.checkboxes.append(Checkbox(n, text[1] != " "))
        elif why := checkbox_problem(text):
            out.malformed.append((n, why))
    # an item that starts a block can still turn out a setext heading's text
    first = st.i if st.block_start else None
    st.in_list, st.para, st.block_start, st.para_first = True, False, False, first
    out.content.append(n)
    return True
