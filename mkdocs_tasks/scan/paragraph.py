"""Paragraph text: what no other rule takes (or a lazy continuation of a list item)."""

from __future__ import annotations

from ..checkboxes import GLUED_MARKER, glued_marker
from ..text import TAB_LENGTH
from .state import BlockState


def paragraph(st: BlockState) -> bool:
    c = st.stripped[0]
    if c in "-*+" or c.isdigit():
        gm = GLUED_MARKER.match(st.line)  # `-[ ]`: no list item, so no checkbox
        if gm:
            st.out.malformed.append((st.n, glued_marker(gm.group(1), gm.group(2))))
    if st.in_list and st.block_start and st.indent < TAB_LENGTH:
        st.in_list = False
    if not st.in_list:
        if not st.para:
            st.para_first, st.glued = st.i, False
        else:
            st.para_first = None
        st.out.paragraphs.append((st.n, st.stripped))
        st.para = True
    st.block_start = False
    st.out.content.append(st.n)
    return True
