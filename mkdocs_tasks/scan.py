"""The block scanner: a page's body lines -> what Python-Markdown will render of them, with
1-based lines. No I/O and no MkDocs.

It follows Python-Markdown's block rules closely enough that what it counts is what the
page renders: headings and checkboxes inside fenced code, indented code, HTML comments
and raw HTML blocks are hidden; a list glued to the paragraph above it is no list; a
checkbox needs a space and some text after `]` (pymdownx.tasklist).
"""

from __future__ import annotations

import bisect
import re
import sys
from dataclasses import dataclass, field

from .checkboxes import (
    CHECKBOX,
    GLUED_LIST,
    GLUED_MARKER,
    LIST_ITEM,
    checkbox_problem,
    glued_marker,
    looks_checked,
)
from .markers import MARKER, parse_marker
from .model import Checkbox, Heading, Marker
from .text import TAB_LENGTH, normalise_name

# Block-level tags that start a raw HTML block in Python-Markdown.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body canvas center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr "
    "html iframe legend li main map math menu nav noscript object ol output p pre progress "
    "section summary table tbody td tfoot th thead tr ul video".split()
)

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_ATX = re.compile(r"^(#{1,6})((?:\\.|[^\\])*?)#*[ \t]*$")  # (as Python-Markdown: `\#` is text)
_SETEXT = re.compile(r"^[=-]+[ ]*$")
HR = re.compile(r"^ {0,3}([-*_])(?: *\1){2,} *$")
_HTML_OPEN = re.compile(r"^<(?P<tag>[A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)(?P<rest>.*)$")
_QUOTE = re.compile(r"^ {0,3}> ?")
_HTML_CLOSE = re.compile(r"^</([A-Za-z][A-Za-z0-9-]*)\s*>\s*$")
_MARKDOWN_ATTR = re.compile(r"\smarkdown(?:\s*=\s*[\"']?(?:1|block|span)[\"']?)?(?=[\s/>])")

ListItem = tuple[int, str, bool]  # (line, text, a top-level item of its list)


@dataclass
class Scan:
    headings: list[Heading] = field(default_factory=list)
    items: list[ListItem] = field(default_factory=list)
    checkboxes: list[Checkbox] = field(default_factory=list)
    malformed: list[tuple[int, str]] = field(default_factory=list)
    content: list[int] = field(default_factory=list)  # lines with visible content
    markers: list[Marker] = field(default_factory=list)
    paragraphs: list[tuple[int, str]] = field(default_factory=list)  # top-level text lines


def scan(lines: list[str], start: int = 0) -> Scan:
    """Walk the body lines once and record what Python-Markdown will render."""
    out = Scan()
    comment = False
    raw: tuple[str, int] | None = None
    block_start = True  # previous line ended a block (blank line, heading, fence...)
    para = False  # inside a paragraph that is not part of a list
    para_first: int | None = None  # index of the paragraph's first line, while it is one line
    glued = False  # this paragraph holds a checklist glued to it (said once, at its first item)
    in_list = False
    code = False  # inside an indented code block
    # Look-ahead for "does this fence / comment ever close?", computed once per page and
    # only when needed, so that a page of many unclosed openers stays linear.
    closers: dict[tuple[str, int], list[int]] | None = None
    looked = [0]  # fences looked up on this page
    last: list[int] = []

    def last_close() -> int:
        if not last:
            last.append(max((k for k in range(len(lines)) if "-->" in lines[k]), default=-1))
        return last[0]

    def closing(i: int, fence: str, indent: int) -> int:
        """The index of the line that closes the fence opened on line i, or -1."""
        nonlocal closers
        looked[0] += 1
        if indent or looked[0] <= 8:
            # the usual page has a few fences, each closed a few lines later: look ahead;
            # a page with many switches to one index of every closing line (linear)
            return _closing(lines, i + 1, fence, indent)
        if closers is None:
            closers = {}
            for k, ln in enumerate(lines):
                s = ln.strip()
                if len(s) >= 3 and s[0] in "`~" and s == s[0] * len(s):
                    closers.setdefault((s, len(ln) - len(ln.lstrip(" "))), []).append(k)
        at = closers.get((fence, 0), [])
        k = bisect.bisect_right(at, i)
        return at[k] if k < len(at) else -1

    skip_to = 0  # lines already read as part of a block quote or a fenced block
    for i in range(start, len(lines)):
        if i < skip_to:
            continue
        line = lines[i]
        n = i + 1
        if comment:
            if "-->" in line:
                comment = False
                block_start, para, para_first, in_list = True, False, None, False
            continue
        if raw is not None:
            tag, depth = raw
            depth += len(re.findall(rf"<{tag}(?=[\s/>]|$)", line, re.I))
            depth -= len(re.findall(rf"</{tag}\s*>", line, re.I))
            raw = (tag, depth) if depth > 0 else None
            if raw is None:
                block_start, para, para_first, in_list = True, False, None, False
            out.content.append(n)
            continue
        stripped = line.strip()
        if not stripped:
            block_start, para, para_first = True, False, None
            continue
        indent = len(line) - len(line.lstrip(" ")) if line[0] == " " else 0

        if indent >= TAB_LENGTH and not in_list and not para and (block_start or code):
            code = True
            out.content.append(n)
            continue
        code = False

        c = stripped[0]
        if c in "><`~#":  # what opens with another character is a list, a rule or text
            if c == ">" and indent < TAB_LENGTH:
                # A block quote runs to the next blank line (later lines without ">" are lazy
                # continuations) or to a heading or rule, which Python-Markdown splits off
                # first; its inside is Markdown of its own: checkboxes count there.
                j = i + 1
                while j < len(lines) and lines[j].strip() and not (
                        lines[j][0] == "#" or (lines[j].lstrip()[:1] in "-*_" and HR.match(lines[j]))):
                    j += 1
                inner = [_QUOTE.sub("", ln, count=1) for ln in lines[i:j]]
                sub = scan(inner)
                out.checkboxes.extend(Checkbox(c.line + i, c.checked) for c in sub.checkboxes)
                out.malformed.extend((ln + i, why) for ln, why in sub.malformed)
                out.content.extend(range(n, j + 1))
                skip_to = j
                block_start, para, para_first, in_list = True, False, None, False
                continue

            if (c == "<" and indent < TAB_LENGTH and stripped.startswith("<!--")
                    and ("-->" in stripped[4:] or last_close() > i)):
                # (a comment never closed is plain text to Python-Markdown)
                m = MARKER.match(stripped)
                if m:
                    out.markers.append(parse_marker(n, m.group("kind"), m.group("attrs")))
                elif "-->" not in stripped[4:]:
                    comment = True
                # a comment is a raw HTML block of its own: what follows starts a new block
                block_start, para, para_first, in_list = True, False, None, False
                continue

            m = _FENCE.match(line) if c in "`~" else None
            fence_end = (closing(i, m.group("fence"), indent)
                         if m and (m.group("fence")[0] == "~" or "`" not in m.group("info")) else -1)
            if fence_end >= 0:
                # the whole block, fences included, is content and hides everything inside it
                if block_start and indent < TAB_LENGTH:
                    in_list = False  # a fence after a blank line, not indented: the list is over
                out.content.extend(range(n, fence_end + 2))
                skip_to = fence_end + 1
                # superfences leaves a placeholder line: text that a list cannot follow
                block_start, para_first = False, None
                para = not in_list
                continue

            if indent == 0 and c == "<" and line.startswith("</"):
                close = _HTML_CLOSE.match(line)
                if close and close.group(1).lower() in BLOCK_TAGS:
                    # the end of an md_in_html block: what follows starts afresh
                    out.content.append(n)
                    block_start, para, para_first, in_list = True, False, None, False
                    continue

            if indent == 0 and c == "<":
                hm = _HTML_OPEN.match(line)
                if hm and hm.group("tag").lower() in BLOCK_TAGS:
                    tag = hm.group("tag").lower()
                    out.content.append(n)
                    if _MARKDOWN_ATTR.search(line):
                        # md_in_html: its content is Markdown, starting a block of its own
                        block_start, para, para_first, in_list = True, False, None, False
                        continue
                    depth = len(re.findall(rf"<{tag}(?=[\s/>]|$)", line, re.I))
                    depth -= len(re.findall(rf"</{tag}\s*>", line, re.I))
                    if depth > 0 and not line.rstrip().endswith("/>"):
                        raw = (tag, depth)
                    else:
                        block_start, para_first = True, None
                    continue

            if indent == 0 and c == "#":
                hm = _ATX.match(line)
                if hm:
                    level = len(hm.group(1))
                    text = hm.group(2).strip()
                    if level == 2:  # "Objective" on every page: one copy, named once
                        text = sys.intern(text)
                        out.headings.append(Heading(level, text, normalise_name(text), n, n))
                    else:  # only sections (H2) are compared by name; titles are not cached
                        out.headings.append(Heading(level, text, "", n, n))
                    block_start, para, para_first, in_list = True, False, None, False
                    continue

        if (para_first is not None and para_first == i - 1 and indent == 0 and c in "=-"
                and _SETEXT.match(line)):
            text = lines[para_first].strip()
            level = 1 if line.lstrip()[0] == "=" else 2
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
            out.headings.append(Heading(level, text, normalise_name(text) if level == 2 else "",
                                        n - 1, n))
            block_start, para, para_first, in_list = True, False, None, False
            continue

        last_char = stripped[-1]
        if (in_list and not block_start and indent == 0 and c in "=-" and last_char in "=-"
                and _SETEXT.match(line) and not HR.match(line)
                and out.items and out.items[-1][0] == n - 1):
            # `===` under a list item continues it, and the item's text becomes a heading
            # inside the item: no checkbox is drawn there
            if out.checkboxes and out.checkboxes[-1].line == n - 1:
                out.checkboxes.pop()
            out.content.append(n)
            continue

        listish = c in "-*+" or c.isdigit()
        if c in "-*_" and last_char in "-*_" and HR.match(line):
            out.content.append(n)
            block_start, para, para_first, in_list = True, False, None, False
            continue

        lm = LIST_ITEM.match(line) if listish else None
        if lm and (indent < TAB_LENGTH or in_list):
            if para:
                # Python-Markdown: a list glued to the paragraph above is no list
                if not glued and looks_checked(lm.group("text")):
                    out.malformed.append((n, GLUED_LIST))
                    glued = True
                out.content.append(n)
                out.paragraphs.append((n, stripped))  # a line of the paragraph, shown as text
                para_first = None
                continue
            item_text = lm.group("text")
            out.items.append((n, item_text, indent < TAB_LENGTH))
            if item_text[:1] == "[":  # every checkbox and look-alike starts so
                _checkbox(out, n, item_text)
            # an item that starts a block can still turn out a setext heading's text
            first = i if block_start else None
            in_list, para, block_start, para_first = True, False, False, first
            out.content.append(n)
            continue

        gm = GLUED_MARKER.match(line) if listish else None
        if gm:
            out.malformed.append((n, glued_marker(gm.group(1), gm.group(2))))

        # paragraph text (or a lazy continuation of a list item)
        if in_list and block_start and indent < TAB_LENGTH:
            in_list = False
        if not in_list:
            if not para:
                para_first, glued = i, False
                out.paragraphs.append((n, stripped))
            else:
                para_first = None
                out.paragraphs.append((n, stripped))
            para = True
        block_start = False
        out.content.append(n)
    return out


def _closing(lines: list[str], start: int, fence: str, indent: int) -> int:
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


def _checkbox(out: Scan, n: int, text: str) -> None:
    if CHECKBOX.match(text):
        out.checkboxes.append(Checkbox(n, text[1] != " "))
        return
    why = checkbox_problem(text)
    if why:
        out.malformed.append((n, why))
