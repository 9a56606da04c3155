"""Source text -> Task, with 1-based line numbers. No I/O and no MkDocs.

The scanner follows Python-Markdown's block rules closely enough that what it counts is
what the page renders: headings and checkboxes inside fenced code, indented code, HTML
comments and raw HTML blocks are hidden; a list glued to the paragraph above it is no
list; a checkbox needs a space and some text after `]` (pymdownx.tasklist).
"""

from __future__ import annotations

import bisect
import datetime as _dt
import functools
import html
import posixpath
import re
import sys
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import yaml

from .model import (
    ERROR,
    Body,
    Checkbox,
    Dependency,
    Heading,
    IdRef,
    Marker,
    Problem,
    Section,
    Settings,
    Task,
)
from .template import PLACEHOLDER_STARTS, is_placeholder

try:  # the C loader is several times faster; fall back where libyaml is absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

TAB_LENGTH = 4  # Python-Markdown's default, used by MkDocs

# Block-level tags that start a raw HTML block in Python-Markdown.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body canvas center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr "
    "html iframe legend li main map math menu nav noscript object ol output p pre progress "
    "section summary table tbody td tfoot th thead tr ul video".split()
)

_FM_OPEN = re.compile(r"^---[ \t]*$")
_FM_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_FM_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:")
_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_ATX = re.compile(r"^(#{1,6})((?:\\.|[^\\])*?)#*[ \t]*$")  # (as Python-Markdown: `\#` is text)
_SETEXT = re.compile(r"^[=-]+[ ]*$")
_HR = re.compile(r"^ {0,3}([-*_])(?: *\1){2,} *$")
_LIST_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|\d+\.)(?P<space> +)(?P<text>.*)$")
_GLUED_MARKER = re.compile(r"^ *([-*+]|\d+\.)(\[[^\]]{0,3}\])")
_CHECKBOX = re.compile(r"^\[(?P<state>[ xX])\] +(?P<text>\S.*)$")
_CHECKBOX_EMPTY = re.compile(r"^\[[ xX]\]\s*$")
_CHECKBOX_NOSPACE = re.compile(r"^\[[ xX]\]\S")
_CHECKBOX_LOOKALIKE = re.compile(r"^\[(?P<inner>[\sxX*/+.v✓✔-]{0,3})\](?![(\[:])")
_HTML_OPEN = re.compile(r"^<(?P<tag>[A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)(?P<rest>.*)$")
_QUOTE = re.compile(r"^ {0,3}> ?")
_HTML_CLOSE = re.compile(r"^</([A-Za-z][A-Za-z0-9-]*)\s*>\s*$")
_MARKDOWN_ATTR = re.compile(r"\smarkdown(?:\s*=\s*[\"']?(?:1|block|span)[\"']?)?(?=[\s/>])")
_MARKER = re.compile(r"^<!--\s*tasks:(?P<kind>index|graph)\b(?P<attrs>.*?)-->\s*$")
_MARKER_ATTR = re.compile(r'(?P<key>[A-Za-z_][\w-]*)\s*=\s*"(?P<value>[^"]*)"')
_MARKDOWN_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<target><[^>]*>|[^)\s]*)(?:\s+[\"'][^)]*[\"'])?\)")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
_URL = re.compile(r"(?:https?|ftp|mailto):[^\s<>)\]]+|<[^<>\s]+>")
_URL_STARTS = ("http:", "https:", "ftp:", "mailto:")
_TOKEN = re.compile(r"(?<![\w/.#@-])[A-Za-z0-9](?:[\w.-]*[A-Za-z0-9])?")
_EMPTY_DEPENDENCIES = {"none", "n/a", "na", "-", "—", "–"}
_INLINE_MARKUP = re.compile(r"[*_`~]+")
_ATTR_LIST = re.compile(r"(?<!\\)\{[:#.][^}]*\}\s*$")  # a heading's attr_list suffix (not `\{`)

@functools.lru_cache(maxsize=8192)
def normalise_name(text: str) -> str:
    """Section name as compared: no markup, no trailing colon, case folded."""
    text = re.sub(r"<[^>]+>", "", text)
    text = _INLINE_MARKUP.sub("", text)
    text = _ATTR_LIST.sub("", text)
    text = text.strip().rstrip(":").strip()
    return re.sub(r"\s+", " ", text).casefold()


@functools.lru_cache(maxsize=8192)
def fold_key(text: str) -> str:
    """Case, spaces and punctuation ignored: `Research/Spike` == `research-spike`."""
    return re.sub(r"[\W_]+", "", text).casefold()


def plain_title(text: str) -> str:
    """A heading's text as the reader sees it (its attr_list suffix dropped)."""
    return inline_text(_ATTR_LIST.sub("", text))


_INLINE = re.compile(
    r"(?P<code>(`+)(?P<code_text>.+?)\2)"
    r"|!\[(?P<alt>[^\]]*)\]\([^)]*\)"
    r"|\[(?P<link_text>[^\]]*)\](?:\([^)]*\)|\[[^\]]*\])"
    r"|<(?P<auto>(?:https?|ftp|mailto):[^<>\s]+)>"
    r"|<(?:/?[A-Za-z][^<>@ ]*(?: [^<>]*)?|!--.*?--)>"  # a tag as Python-Markdown reads one
    r"|\\(?P<escaped>[\\`*_{}\[\]()#+.!-])"
)
_EMPHASIS = re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1|(?<!\w)(_{1,3})(?=\S)(.+?)(?<=\S)\3(?!\w)")


def inline_text(text: str) -> str:
    """Inline Markdown as the reader sees it: the text of links and code, no emphasis
    markers or tags, entities decoded, runs of white space as one space. What the
    rendered-page reader takes from the HTML of the same text (see rendered.text_of)."""
    if not any(c in text for c in "`[]<>*_\\&"):
        return " ".join(text.split())
    kept: list[str] = []  # code and escaped characters: no emphasis inside

    def inline(m: re.Match[str]) -> str:
        if m.group("code") is not None:
            kept.append(m.group("code_text").strip())
        elif m.group("escaped") is not None:
            kept.append(m.group("escaped"))
        elif m.group("link_text") is not None:
            return m.group("link_text")
        elif m.group("alt") is not None:
            return ""
        elif m.group("auto") is not None:
            kept.append(m.group("auto"))
        else:
            return ""
        return f"\x00{len(kept) - 1}\x00"

    text = _INLINE.sub(inline, text)
    for _ in range(3):  # nested emphasis: ***a*** and **a _b_**
        text = _EMPHASIS.sub(lambda m: m.group(2) if m.group(1) else m.group(4), text)
    text = re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)
    return " ".join(html.unescape(text).split())


def _unix(text: str) -> str:
    """No BOM, LF line ends only."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def normalise_text(text: str) -> str:
    """What Python-Markdown does before it reads a line: no BOM, LF only, tabs expanded."""
    text = _unix(text)
    if "\t" in text:
        text = text.expandtabs(TAB_LENGTH)
    return text


@dataclass
class FrontMatter:
    data: dict[str, Any]
    key_lines: dict[str, int]
    body_index: int  # 0-based index of the first body line
    error: tuple[int, str] | None = None  # (line, message)
    present: bool = False


def split_front_matter(lines: list[str]) -> FrontMatter:
    if not lines or not _FM_OPEN.match(lines[0]):
        return FrontMatter({}, {}, 0)
    close = None
    for i in range(1, len(lines)):
        if _FM_CLOSE.match(lines[i]):
            close = i
            break
    if close is None:
        return FrontMatter(
            {}, {}, 0,
            (1, 'front matter opened with "---" on line 1 is never closed; '
                'add a line "---" after the last key'),
            present=False,
        )
    key_lines: dict[str, int] = {}
    for i in range(1, close):
        m = _FM_KEY.match(lines[i])
        if m and m.group(1) not in key_lines:
            key_lines[m.group(1)] = i + 1
    raw = "\n".join(lines[1:close])
    try:
        data = yaml.load(raw, Loader=_Loader) if raw.strip() else {}
    except yaml.YAMLError as exc:
        # where the broken construct began (an unclosed "[") says more than where YAML gave up
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = 2 + mark.line if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        if context:
            problem = f"{context}: {problem}"
        return FrontMatter(
            {}, key_lines, close + 1,
            (min(line, close), f"front matter is not valid YAML ({problem}); "
                               "fix the YAML between the two \"---\" lines"),
            present=True,
        )
    except Exception as exc:  # noqa: BLE001 - any loader failure is the user's YAML
        return FrontMatter({}, key_lines, close + 1,
                           (1, f"front matter could not be read ({exc})"), present=True)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return FrontMatter(
            {}, key_lines, close + 1,
            (2, f"front matter is a {type(data).__name__}, not a mapping of keys; "
                "write it as `key: value` lines"),
            present=True,
        )
    return FrontMatter(data, key_lines, close + 1, present=True)


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


def marker_from_comment(comment: str, line_no: int = 0) -> Marker | None:
    """The marker an HTML comment is, if it is one."""
    m = _MARKER.match(comment.strip())
    return _marker(line_no, m.group("kind"), m.group("attrs")) if m else None


def _marker(line_no: int, kind: str, attrs: str) -> Marker:
    filters: dict[str, str] = {}
    for m in _MARKER_ATTR.finditer(attrs):
        filters[m.group("key")] = m.group("value")
    leftover = _MARKER_ATTR.sub("", attrs).strip()
    allowed = MARKER_ATTRIBUTES[kind]
    bad = [k for k in filters if k not in allowed]
    if kind == "graph":
        depth = filters.get("depth")
        if depth is not None and not depth.strip().isdigit():
            bad.append(f'depth="{depth}"')
        form = filters.get("format")
        if form is not None and form.strip().lower() not in ("svg", "mermaid"):
            bad.append(f'format="{form}"')
    if leftover:
        bad.append(leftover)
    return Marker(kind, line_no, filters, bad)


# What each marker takes: the index filters; a graph also a neighbourhood and Mermaid
MARKER_ATTRIBUTES = {
    "index": ("category", "status", "type"),
    "graph": ("category", "status", "type", "around", "depth", "format"),
}


def marker_problem(marker: Marker, bad: str) -> str:
    """What is wrong with one of a marker's attributes, and what it takes instead."""
    takes = 'category="...", status="..." or type="..."'
    if marker.kind == "graph":
        takes = ('category="...", status="...", type="...", around="ID", depth="N" (a whole '
                 'number) or format="mermaid"')
    what = "attribute" if marker.kind == "graph" else "filter"
    return f"<!-- tasks:{marker.kind} --> has an unknown {what} {bad!r}; use {takes}"


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
                        lines[j][0] == "#" or (lines[j].lstrip()[:1] in "-*_" and _HR.match(lines[j]))):
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
                m = _MARKER.match(stripped)
                if m:
                    out.markers.append(_marker(n, m.group("kind"), m.group("attrs")))
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
                and _SETEXT.match(line) and not _HR.match(line)
                and out.items and out.items[-1][0] == n - 1):
            # `===` under a list item continues it, and the item's text becomes a heading
            # inside the item: no checkbox is drawn there
            if out.checkboxes and out.checkboxes[-1].line == n - 1:
                out.checkboxes.pop()
            out.content.append(n)
            continue

        listish = c in "-*+" or c.isdigit()
        if c in "-*_" and last_char in "-*_" and _HR.match(line):
            out.content.append(n)
            block_start, para, para_first, in_list = True, False, None, False
            continue

        lm = _LIST_ITEM.match(line) if listish else None
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

        gm = _GLUED_MARKER.match(line) if listish else None
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


GLUED_LIST = ("this checklist is glued to the line above, so it renders as plain text; "
              "add a blank line before the list")


def looks_checked(text: str) -> bool:
    """A list item's text that starts as a checkbox or a look-alike of one."""
    return bool(_CHECKBOX.match(text) or _CHECKBOX_LOOKALIKE.match(text))


def glued_marker(marker: str, box: str) -> str:
    return (f'"{marker}{box}" is no list item, so no checkbox; put a space after the '
            f'list marker: "{marker} {box}"')


def _checkbox(out: Scan, n: int, text: str) -> None:
    if _CHECKBOX.match(text):
        out.checkboxes.append(Checkbox(n, text[1] != " "))
        return
    why = _checkbox_problem(text)
    if why:
        out.malformed.append((n, why))


def _checkbox_problem(text: str) -> str | None:
    """Why a list item's text that starts like a checkbox draws none, or None."""
    if _CHECKBOX.match(text):
        return None
    if _CHECKBOX_EMPTY.match(text):
        return ('checkbox with no text after it renders as plain "[ ]"; '
                "write what must be true after the box")
    if _CHECKBOX_NOSPACE.match(text):
        return f'"{text[:3]}" needs a space before the text that follows it'
    m2 = _CHECKBOX_LOOKALIKE.match(text)
    if m2:
        return f'"[{m2.group("inner")}]" is no checkbox; write "[ ]" for open or "[x]" for done'
    return None


def may_hold_url(text: str) -> bool:
    """Whether _URL can match: most dependency items ("PROJ-1: why") hold none."""
    return "<" in text or ":" in text and any(k in text for k in _URL_STARTS)


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _dependency(line_no: int, text: str, col: int, src: str, id_re: re.Pattern[str]) -> Dependency:
    dep = Dependency(line_no, inline_text(text))
    link_spans: list[tuple[int, int]] = []
    masked = text
    if "](" in text:
        for m in _MARKDOWN_LINK.finditer(text):
            target = m.group("target").strip("<>")
            link_spans.append((m.start(), m.end()))
            path = target.split("#", 1)[0].split("?", 1)[0]
            if path.endswith(".md") and "://" not in path and not path.startswith("mailto:"):
                if path.startswith("/"):
                    resolved = posixpath.normpath(path.lstrip("/"))
                else:
                    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src), path))
                dep.link_targets.append(resolved)
        # keep a link's text (it may name an ID), blank its target; columns stay put
        masked = _MARKDOWN_LINK.sub(lambda m: f"[{m.group('text')}]".ljust(len(m.group(0))), masked)
    if "`" in masked:
        masked = _mask(masked, _CODE_SPAN)
    if may_hold_url(masked):
        masked = _mask(masked, _URL)
    add_refs(dep, masked, link_spans, id_re, col)
    return dep


def add_refs(dep: Dependency, masked: str, link_spans: list[tuple[int, int]], id_re: re.Pattern[str],
             col: int = 0) -> None:
    """The words of an item's text (links' text kept, code and URLs blanked) as its refs;
    whether the first is ID-shaped. Both readers of a page use this."""
    first = True
    for tm in _TOKEN.finditer(masked):
        token, start = sys.intern(tm.group(0)), tm.start()
        if first:
            dep.first_token_is_id = bool(id_re.fullmatch(token))
            first = False
        if link_spans and any(a <= start < b for a, b in link_spans):
            dep.refs.append(IdRef(token, dep.line, -1, -1))  # inside a link: never rewritten
        else:
            dep.refs.append(IdRef(token, dep.line, col + start, col + tm.end()))


def _as_str(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    return None


@dataclass(frozen=True)
class _Tables:
    """What parse() derives from the settings, computed once per settings."""

    id_re: re.Pattern[str]
    aliases: dict[str, str]
    canonical: dict[str, str]
    kinds: frozenset[str]
    categories: dict[str, str]


@functools.lru_cache(maxsize=16)
def _tables(settings: Settings) -> _Tables:
    canonical: dict[str, str] = {}
    for kind in settings.kinds:
        for s in kind.sections:
            canonical.setdefault(normalise_name(s), s)
    return _Tables(
        id_re=re.compile(settings.id_pattern),
        aliases={normalise_name(a): normalise_name(b) for a, b in settings.aliases},
        canonical=canonical,
        kinds=frozenset(k.name for k in settings.kinds),
        categories={fold_key(c.name): c.name for c in settings.categories},
    )


def split_lines(text: str) -> tuple[list[str], FrontMatter]:
    """Lines as Python-Markdown reads them; YAML reads the front matter with its tabs intact."""
    text = _unix(text)
    lines = text.split("\n")
    fm = split_front_matter(lines)
    if "\t" in text:
        for i in range(fm.body_index, len(lines)):
            if "\t" in lines[i]:
                lines[i] = lines[i].expandtabs(TAB_LENGTH)
    return lines, fm


def parse(text: str, src: str, settings: Settings) -> Task:
    """Read one task page from its source. Never raises on any text."""
    lines, fm = split_lines(text)
    body = read_body(lines, fm.body_index, src, settings)
    return assemble(src, settings, fm.data, fm.key_lines, fm.error, body, fm.body_index + 1)


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
    tables = _tables(settings)
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
    dep_section = next((s for s in sections if fold_key(s.name) == "dependencies"), None)
    if dep_section is not None:
        end = dep_section.end_line
        items = [(ln, t) for ln, t, top in scanned.items if dep_section.line < ln <= end and top]
        texts = [(ln, t) for ln, t in scanned.paragraphs if dep_section.heading.end_line < ln <= end]
        only = [t for _, t in texts] + [t for _, t in items]
        if len(only) == 1 and only[0].strip().rstrip(".").casefold() in _EMPTY_DEPENDENCIES:
            explicit_none = True
        else:
            for item_line, body in items:
                col = len(lines[item_line - 1]) - len(body)
                cm = _CHECKBOX.match(body)
                if cm:
                    col += cm.start("text")
                    body = cm.group("text")
                deps.append(_dependency(item_line, body, col, src, tables.id_re))
            for ln, t in texts:
                if t.casefold() in _EMPTY_DEPENDENCIES:
                    continue
                col = len(lines[ln - 1]) - len(lines[ln - 1].lstrip())
                deps.append(_dependency(ln, t, col, src, tables.id_re))
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


def assemble(src: str, settings: Settings, meta: dict[str, Any], key_lines: dict[str, int],
             fm_error: tuple[int, str] | None, body: Body, body_line: int) -> Task:
    """A task from its front matter (as YAML gave it, with each key's line) and its body
    (from either reader): identity, kind, category, the other keys, their problems."""
    problems: list[Problem] = []
    tables = _tables(settings)

    def problem(line: int, code: str, message: str) -> None:
        problems.append(Problem(src, line, ERROR, code, "", message))

    if fm_error:
        problem(fm_error[0], "invalid-front-matter", fm_error[1])

    def key_line(key: str) -> int:
        return key_lines.get(key, 1)

    def string_key(key: str) -> str | None:
        if key not in meta or meta[key] is None:
            return None
        value = meta[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "id":
            problem(key_line(key), "invalid-front-matter",
                    f'"{key}" must be text, not the number {value!r}; quote it: {key}: "{value}"')
            return None
        s = _as_str(value)
        if s is None or not s.strip():
            problem(key_line(key), "invalid-front-matter",
                    f'"{key}" must be a single line of text, not {_describe(value)}')
            return None
        return s.strip()

    # --- identity --------------------------------------------------------------
    stem = posixpath.splitext(posixpath.basename(src))[0]
    task_id = string_key("id")
    if task_id is None:
        m = tables.id_re.match(stem)
        if m and (m.end() == len(stem) or not stem[m.end()].isalnum()):
            task_id = m.group(0)
        else:
            task_id = stem
    task_id = sys.intern(task_id)  # one copy, shared with the dependency tokens naming it

    title = string_key("title")
    if title is None:
        title = body.title
    if title is None and not body.empty:  # (an empty page is one problem: rules.local)
        problem(body.title_line or 1, "missing-title",
                'the page has no title; add a first line "# Title" or "title:" in the front matter')

    # --- kind ------------------------------------------------------------------
    kinds = tables.kinds
    declared = string_key("type")
    kind_name = None
    if declared is not None:
        if declared.lower() in kinds:
            kind_name = declared.lower()
        else:
            problem(key_line("type"), "invalid-front-matter",
                    f'type "{declared}" is no kind of task; use one of: {", ".join(sorted(kinds))}')

    # --- category --------------------------------------------------------------
    cats = tables.categories
    category = None
    cat_value = string_key("category")
    if cat_value is not None:
        category = cats.get(fold_key(cat_value), cat_value)
    else:
        parent = posixpath.basename(posixpath.dirname(src))
        category = cats.get(fold_key(parent)) if parent else None

    if kind_name is None:
        has_timebox = any(fold_key(s.name) == "timebox" for s in body.sections)
        if "spike" in kinds and (
            (category is not None and fold_key(category) == "researchspike") or has_timebox
        ):
            kind_name = "spike"
        elif "task" in kinds:
            kind_name = "task"
        else:
            kind_name = settings.kinds[0].name if settings.kinds else "task"

    # --- other keys ------------------------------------------------------------
    owner = string_key("owner")
    due: _dt.date | None = None
    if meta.get("due") is not None:
        raw_due = meta["due"]
        if isinstance(raw_due, _dt.datetime):
            due = raw_due.date()
        elif isinstance(raw_due, _dt.date):
            due = raw_due
        elif isinstance(raw_due, str):
            try:
                due = _dt.date.fromisoformat(raw_due.strip())
            except ValueError:
                problem(key_line("due"), "invalid-front-matter",
                        f'due "{raw_due}" is not a date; write it as YYYY-MM-DD, e.g. due: 2026-12-15')
        else:
            problem(key_line("due"), "invalid-front-matter",
                    f"due must be a date (YYYY-MM-DD), not {_describe(raw_due)}")
    tags: list[str] = []
    if meta.get("tags") is not None:
        raw_tags = meta["tags"]
        words = isinstance(raw_tags, list) and all(
            isinstance(t, (str, int, float)) and not isinstance(t, bool) for t in raw_tags)
        if words:
            tags = [str(t) for t in raw_tags]
        else:
            problem(key_line("tags"), "invalid-front-matter",
                    f"tags must be a list of words, e.g. tags: [cache, redis], not {_describe(raw_tags)}")

    status_value = string_key("status")
    for p in problems:
        p.task = task_id
    return Task(
        src=src,
        id=task_id,
        kind=kind_name,
        title=title,
        category=category,
        meta=meta,
        meta_lines=key_lines,
        sections=body.sections,
        title_line=body.title_line,
        title_end_line=body.title_end_line,
        body_line=body_line,
        dependencies=body.dependencies,
        dependencies_explicit_none=body.dependencies_explicit_none,
        owner=owner,
        due=due,
        tags=tags,
        status_value=status_value,
        problems=problems,
        malformed=body.malformed,
        placeholders=body.placeholders,
        markers=body.markers,
        deferred=body.deferred,
        template=body.template,
        empty=body.empty,
    )


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        return f'the text "{value}"' if value.strip() else "empty text"
    return type(value).__name__


TEXT_SECTIONS = frozenset({"timebox"})  # sections whose text a rule reads, by fold_key


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
