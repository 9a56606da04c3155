"""The scanner's one state object: where it is in the page, what block it is in, and
what it has found so far (Scan). Block rules read and change it (see scan/__init__.py)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..model import Checkbox, Heading, Marker

ListItem = tuple[int, str, bool]  # (line, text, a top-level item of its list)


@dataclass
class Scan:
    """What the body's lines render as, with 1-based lines."""

    headings: list[Heading] = field(default_factory=list)
    items: list[ListItem] = field(default_factory=list)
    checkboxes: list[Checkbox] = field(default_factory=list)
    malformed: list[tuple[int, str]] = field(default_factory=list)
    content: list[int] = field(default_factory=list)  # lines with visible content
    markers: list[Marker] = field(default_factory=list)
    paragraphs: list[tuple[int, str]] = field(default_factory=list)  # top-level text lines


@dataclass(slots=True)
class BlockState:
    lines: list[str]
    out: Scan = field(default_factory=Scan)
    # the line a rule looks at
    i: int = 0  # its index
    line: str = ""
    stripped: str = ""
    indent: int = 0  # its leading spaces
    skip_to: int = 0  # lines already read as part of a block quote or a fenced block
    # the block the scanner is in
    block_start: bool = True  # the previous line ended a block (blank line, heading, fence...)
    para: bool = False  # inside a paragraph that is not part of a list
    para_first: int | None = None  # index of the paragraph's first line, while it is one line
    glued: bool = False  # this paragraph holds a checklist glued to it (said once)
    in_list: bool = False
    code: bool = False  # inside an indented code block
    comment: bool = False  # inside an HTML comment
    raw: tuple[str, int] | None = None  # inside a raw HTML block: (its tag, its depth)
    # look-ahead for "does this fence / comment ever close?", computed once per page and
    # only when needed, so that a page of many unclosed openers stays linear
    closers: dict[tuple[str, int], list[int]] | None = None
    fences: int = 0  # fences looked up on this page
    last_close: int | None = None  # the last line that closes a comment

    @property
    def n(self) -> int:
        """The line's 1-based number."""
        return self.i + 1

    def new_block(self) -> None:
        """What follows starts a block of its own."""
        self.block_start, self.para, self.para_first, self.in_list = True, False, None, False

    def comment_closes_later(self) -> bool:
        if self.last_close is None:
            self.last_close = max((k for k in range(len(self.lines)) if "-->" in self.lines[k]), default=-1)
        return self.last_close > self.i

    def closing(self, fence: str, indent: int) -> int:
        """The index of the line that closes the fence opened on this line, or -1."""
        self.fences += 1
        if indent or self.fences <= 8:
            # the usual page has a few fences, each closed a few lines later: look ahead;
            # a page with many switches to one index of every closing line (linear)
            return closing(self.lines, self.i + 1, fence, indent)
        if self.closers is None:
            self.closers = {}
            for k, ln in enumerate(self.lines):
                s = ln.strip()
                if len(s) >= 3 and s[0] in "`~" and s == s[0] * len(s):
                    self.closers.setdefault((s, len(ln) - len(ln.lstrip(" "))), []).append(k)
        at = self.closers.get((fence, 0), [])
        k = bisect.bisect_right(at, self.i)
        return at[k] if k < len(at) else -1


def closing(lines: list[str], start: int, fence: str, indent: int) -> int:
    """Where a fence opened before `start` closes, as pymdownx.superfences decides (-1: never).

    The closing line is the opening fence exactly (same characters, as many) at exactly the
    opening's indentation; a non-blank line indented less ends the attempt. A fence that
    does not close is no fence: its lines are Markdown.
    """
    for k in range(start, len(lines)):
        line = lines[k]
        s = line.strip()
        if not s:
            continue
        lead = len(line) - len(line.lstrip(" "))
        if lead < indent:
            return -1
        if lead == indent and s == fence:
            return k
    return -1
