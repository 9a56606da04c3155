"""Block quotes: their inside is Markdown of its own, checkboxes included."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import Checkbox
from ..text import TAB_LENGTH
from .lists import HR
from .state import BlockState, Scan

_QUOTE = re.compile(r"^ {0,3}> ?")


def quote(st: BlockState, scan: Callable[[list[str]], Scan]) -> bool:
    """A block quote runs to the next blank line (later lines without ">" are lazy
    continuations) or to a heading or rule, which Python-Markdown splits off first."""
    if st.indent >= TAB_LENGTH:
        return False
    lines, i = st.lines, st.i
    j = i + 1
    while j < len(lines) and lines[j].strip() and not (
            lines[j][0] == "#" or (lines[j].lstrip()[:1] in "-*_" and HR.match(lines[j]))):
        j += 1
    sub = scan([_QUOTE.sub("", ln, count=1) for ln in lines[i:j]])
    st.out.checkboxes.extend(Checkbox(c.line + i, c.checked) for c in sub.checkboxes)
    st.out.malformed.extend((ln + i, why) for ln, why in sub.malformed)
    st.out.content.extend(range(st.n, j + 1))
    st.skip_to = j
    st.new_block()
    return True
