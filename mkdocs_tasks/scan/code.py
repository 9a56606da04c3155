"""Code: indented blocks, and fenced blocks (as pymdownx.superfences reads them). Nothing
inside code is Markdown."""

from __future__ import annotations

import re

from ..text import TAB_LENGTH
from .state import BlockState

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def indented(st: BlockState) -> bool:
    """A line indented four spaces after a block: code (a list's or paragraph's is not)."""
    if st.indent >= TAB_LENGTH and not st.in_list and not st.para and (st.block_start or st.code):
        st.code = True
        st.out.content.append(st.n)
        return True
    st.code = False
    return False


def fence(st: BlockState) -> bool:
    """A fenced block, fences included: content that hides everything inside it."""
    m = _FENCE.match(st.line)
    if not m or (m.group("fence")[0] == "`" and "`" in m.group("info")):
        return False
    end = st.closing(m.group("fence"), st.indent)
    if end < 0:
        return False  # a fence that never closes is no fence
    if st.block_start and st.indent < TAB_LENGTH:
        st.in_list = False  # a fence after a blank line, not indented: the list is over
    st.out.content.extend(range(st.n, end + 2))
    st.skip_to = end + 1
    # superfences leaves a placeholder line: text that a list cannot follow
    st.block_start, st.para_first = False, None
    st.para = not st.in_list
    return True
