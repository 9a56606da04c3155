"""HTML in Markdown: comments (where markers are), raw HTML blocks and md_in_html."""

from __future__ import annotations

import re

from ..markers import MARKER, parse_marker
from ..text import TAB_LENGTH
from .state import BlockState

# Block-level tags that start a raw HTML block in Python-Markdown.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body canvas center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr "
    "html iframe legend li main map math menu nav noscript object ol output p pre progress "
    "section summary table tbody td tfoot th thead tr ul video".split()
)
_HTML_OPEN = re.compile(r"^<(?P<tag>[A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)(?P<rest>.*)$")
_HTML_CLOSE = re.compile(r"^</([A-Za-z][A-Za-z0-9-]*)\s*>\s*$")
_MARKDOWN_ATTR = re.compile(r"\smarkdown(?:\s*=\s*[\"']?(?:1|block|span)[\"']?)?(?=[\s/>])")


def in_comment(st: BlockState) -> None:
    """A line inside an HTML comment: nothing shows, until the comment closes."""
    if "-->" in st.line:
        st.comment = False
        st.new_block()


def in_raw(st: BlockState) -> None:
    """A line inside a raw HTML block, which closes when its tag's depth is back to 0."""
    assert st.raw is not None
    tag, depth = st.raw
    depth += _depth(tag, st.line)
    st.raw = (tag, depth) if depth > 0 else None
    if st.raw is None:
        st.new_block()
    st.out.content.append(st.n)


def comment(st: BlockState) -> bool:
    """An HTML comment that opens a block: a marker, or hidden (one never closed is text)."""
    s = st.stripped
    if not (st.indent < TAB_LENGTH and s.startswith("<!--")
            and ("-->" in s[4:] or st.comment_closes_later())):
        return False
    m = MARKER.match(s)
    if m:
        st.out.markers.append(parse_marker(st.n, m.group("kind"), m.group("attrs")))
    elif "-->" not in s[4:]:
        st.comment = True
    st.new_block()  # a comment is a raw HTML block of its own: what follows starts a new block
    return True


def block_close(st: BlockState) -> bool:
    """`</div>` closing an md_in_html block: what follows starts afresh."""
    if st.indent or not st.line.startswith("</"):
        return False
    close = _HTML_CLOSE.match(st.line)
    if not (close and close.group(1).lower() in BLOCK_TAGS):
        return False
    st.out.content.append(st.n)
    st.new_block()
    return True


def block_open(st: BlockState) -> bool:
    """A block-level tag: md_in_html (its content is Markdown) or a raw HTML block."""
    if st.indent:
        return False
    hm = _HTML_OPEN.match(st.line)
    if not (hm and hm.group("tag").lower() in BLOCK_TAGS):
        return False
    tag = hm.group("tag").lower()
    st.out.content.append(st.n)
    if _MARKDOWN_ATTR.search(st.line):
        st.new_block()  # md_in_html: its content is Markdown, starting a block of its own
        return True
    depth = _depth(tag, st.line)
    if depth > 0 and not st.line.rstrip().endswith("/>"):
        st.raw = (tag, depth)
    else:
        st.block_start, st.para_first = True, None
    return True


def _depth(tag: str, line: str) -> int:
    """How many of `tag` the line opens, less those it closes."""
    return len(re.findall(rf"<{tag}(?=[\s/>]|$)", line, re.I)) - len(re.findall(rf"</{tag}\s*>", line, re.I))
