"""The rendered page -> what its reader sees (model.Body), and where that stands in the source.

In a build, MkDocs has run every Markdown extension and every plugin's `on_page_markdown`
on every page before `on_env`: admonitions, details, content tabs, blocks, snippets,
md_in_html, macros and includes are all expanded in the HTML read here. The reader knows
Python-Markdown's output, not HTML at large: sections are the H2 headings at the top level
of the page, a checkbox is one that pymdownx.tasklist drew (an `<input type="checkbox">`
opening a `task-list-item`), a look-alike is list or paragraph text that starts like one.

The HTML has no line numbers. `read` leaves every line at 0 (the task made of its facts
is not `located`); `locate` gives the facts their lines in the source, only for pages
that have a problem to report (pipeline.located): what has no line of its own there (it
came from a snippet, an include or a macro) is reported at the heading of its section.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import html as html_mod
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from .checkboxes import GLUED_LIST, GLUED_MARKER, LIST_ITEM, checkbox_problem, glued_marker, looks_checked
from .dependencies import NONE_WRITTEN, item
from .frontmatter import split_lines
from .model import Body, Checkbox, Dependency, Heading, Section, Settings, lookups
from .scan import Scan, scan
from .source import TEXT_SECTIONS
from .template import PLACEHOLDER_STARTS, PLACEHOLDER_WORDS, PLACEHOLDERS, is_placeholder
from .text import fold_key, normalise_name

Resolve = Callable[[str], "str | None"]  # a link's href -> the src of the page it leads to

# Block-level tags only (inline ones never hold a heading or a list item), and comments,
# whose insides are no markup. Lower case, as Python-Markdown writes them (re.I doubles
# the time of a pass).
_BLOCK = re.compile(
    r"<(?:!--.*?-->|(/?)(div|details|summary|blockquote|ul|ol|li|table|thead|tbody|tr|td|th|"
    r"section|article|aside|figure|figcaption|dl|dd|dt|p|pre|header|footer|nav|main|form|"
    r"fieldset|center|h[1-6])(?=[\s/>])[^>]*>)", re.S)
_TAGS = re.compile(r"<(?:!--.*?--|[^>]*)>", re.S)
_CODE = re.compile(r"<pre\b.*?</pre>|<code\b.*?</code>", re.S)
_NOT_CONTENT = re.compile(r"<(?:!--.*?--|h([3-6])\b.*?</h\1)>", re.S)  # comments, subheadings
_VISIBLE = re.compile(r"\S")
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_BOX = re.compile(
    r'<li\b[^>]*\btask-list-item\b[^>]*>\s*(?:<p>)?\s*(?:<label class="task-list-control">)?'
    r'<input type="checkbox"([^>]*)>')
_INLINE_TAG = re.compile(r"<(/?)(a|code)\b([^>]*)>|<[^>]*>", re.S | re.I)
_HREF = re.compile(r'\bhref="([^"]*)"')
_NOT_ITEM_TEXT = ("admonition-title",)  # a paragraph that is a box's title, not content


def text_of(fragment: str) -> str:
    """The text of an HTML fragment as the reader sees it: no tags, entities decoded,
    runs of white space as one space (parse.inline_text gives the same of its source)."""
    return " ".join(html_mod.unescape(_TAGS.sub("", fragment)).split())


@dataclass(slots=True)
class Span:
    """Where the body of one top-level H2 section stands in the HTML."""

    start: int  # offset of the body (after </h2>)
    end: int  # offset of the next top-level H1/H2, or the end


@dataclass(slots=True)
class Layout:
    """Where the reader's facts stand in the HTML it read."""

    sections: list[Span]
    title_end: int | None  # offset right after the title's </h1>
    dependencies: list[tuple[int, int]]  # (start, end) of each of Body.dependencies' items


@dataclass(slots=True)
class _Element:
    """A list item or a paragraph of the rendered page."""

    tag: str  # "li" or "p"
    start: int  # offset of its inside
    end: int  # offset of its closing tag
    attrs: str
    in_item: bool  # inside another list item
    quoted: bool  # inside a block quote


# Elements that can hold a heading: a heading inside one is not a section of the page
_CONTAINER = re.compile(
    r"<(/?)(?:div|details|blockquote|ul|ol|li|table|section|article|aside|figure|dl|dd|form|"
    r"fieldset|center|main|nav|header|footer)(?=[\s>])")


# One pass finds the headings and the elements that can hold one: a heading inside an
# admonition, a tab or a list item is not a section of the page.
_STRUCTURE = re.compile(
    r"<(?:!--.*?-->|(/?)(?:div|details|blockquote|table|dl|section|article|aside|figure)[\s>]"
    r"|h([12])(\s[^>]*)?>)", re.S)


def _heading_text(inner: str) -> str:
    """A heading's text, without the permalink that toc adds."""
    if "<" not in inner and "&" not in inner:
        return inner.strip()
    link = inner.find('<a class="headerlink"')
    if link >= 0 and inner.endswith("</a>"):
        inner = inner[:link]
    return text_of(_HEADERLINK.sub("", inner) if "headerlink" in inner else inner)


@functools.lru_cache(maxsize=1024)  # a site's pages share a handful of headings
def _named(inner: str) -> tuple[str, str]:
    text = _heading_text(inner)
    return text, normalise_name(text)


def _heading(inner: str, aliases: dict[str, str]) -> Heading:
    """An H2 from its inner HTML: its text and its name as compared, lines unknown."""
    text, key = _named(inner)
    return _unlocated_heading(text, aliases.get(key, key))


@functools.lru_cache(maxsize=1024)  # one object for each heading of a site: most pages share them
def _unlocated_heading(text: str, key: str) -> Heading:
    return Heading(2, text, key, 0, 0)  # (locate makes a new one, never changes this)


def _top_headings(page: str) -> list[tuple[int, int, int, str]]:
    """The page's own H1 and H2 headings: (level, start, end, inner HTML). Those inside
    another element (an admonition, a tab, a list item) are not, nor raw HTML headings:
    MkDocs' toc gives every Markdown heading an id. List items, the most frequent
    elements, are counted with str.count between headings rather than matched one by one."""
    found: list[tuple[int, int, int, str]] = []
    depth = items = 0
    pos = 0
    for m in _STRUCTURE.finditer(page):
        start = m.start()
        if start < pos:
            continue  # inside the heading just read
        level = m.group(2)
        if level is None:
            if m.group(1) is not None:
                depth += -1 if m.group(1) else 1
            continue
        end = page.find("</h1>" if level == "1" else "</h2>", m.end())
        if end < 0:
            break
        if "<li" in page[pos:start]:
            items += page.count("<li", pos, start) - page.count("</li>", pos, start)
        if depth <= 0 and items <= 0 and " id=" in (m.group(3) or ""):
            found.append((int(level), start, end + 5, page[m.end():end]))
        pos = end + 5
    return found


# What comes right before the "[" of a look-alike checkbox or a glued checklist: the
# opening of a list item's text, or a list marker at the start of a line.
_BEFORE_BRACKET = re.compile(r"(?:<li\b[^>]*>(?:\s*<p>)?|(?:^|[\n>])[ ]*(?:[-*+]|\d+\.)[ ]*)$")
_PLACEHOLDERS_SHOWN = tuple(html_mod.escape(p, quote=False) for p in PLACEHOLDERS)


def _maybe_texts(page: str) -> bool:
    """Whether the page can show a look-alike checkbox, a glued checklist or a placeholder:
    most pages cannot, and are spared the walk over their list items and paragraphs."""
    if any(w in page for w in PLACEHOLDER_WORDS):
        return True
    at = page.find("[")
    while at >= 0:
        if (page.rfind("<pre", 0, at) <= page.rfind("</pre>", 0, at)  # not in a code block
                and (_BEFORE_BRACKET.search(page, max(0, at - 80), at)
                     or page.startswith(_PLACEHOLDERS_SHOWN, at))):
            return True
        at = page.find("[", at + 1)
    return False


def _walk(page: str, start: int = 0, end: int | None = None) -> list[_Element]:
    """One pass over the block tags of page[start:end] (which starts at the top level):
    every list item and paragraph, in the order they open."""
    elements: list[_Element] = []
    stack: list[tuple[str, int, int]] = []  # (tag, inner start, index in elements)
    names: list[str] = []
    items = quotes = 0
    for m in _BLOCK.finditer(page, start, len(page) if end is None else end):
        name = m.group(2)
        if name is None:
            continue  # a comment
        if m.group(1):  # a closing tag: close up to its opening, ignore a stray one
            if name not in names:
                continue
            while True:
                tag, inner, at = stack.pop()
                names.pop()
                if tag == "li":
                    items -= 1
                elif tag == "blockquote":
                    quotes -= 1
                if at >= 0:
                    elements[at].end = m.start() if tag == name else inner
                if tag == name:
                    break
            continue
        if m.group(0).endswith("/>"):
            continue
        at = -1
        if name in ("li", "p"):
            at = len(elements)
            elements.append(_Element(name, m.end(), m.end(), m.group(0), items > 0, quotes > 0))
        stack.append((name, m.end(), at))
        names.append(name)
        if name == "li":
            items += 1
        elif name == "blockquote":
            quotes += 1
    return elements


def read(page: str, src: str, settings: Settings, resolve: Resolve) -> tuple[Body, Layout]:
    """What the rendered page shows: sections with their checkboxes, look-alikes,
    placeholders and dependencies, with every line 0. Also each section's place in the HTML."""
    tables = lookups(settings)
    headings = _top_headings(page)
    title: str | None = None
    title_end: int | None = None
    sections: list[Section] = []
    spans: list[Span] = []
    for k, (level, _start, end, inner) in enumerate(headings):
        stop = headings[k + 1][1] if k + 1 < len(headings) else len(page)
        if level == 1:
            if title is None and (text := _heading_text(inner)):
                title, title_end = text, end
            continue
        heading = _heading(inner, tables.aliases)
        section = Section(heading, tables.canonical.get(heading.name) or heading.text)
        section.checkboxes = _boxes(page, end, stop)
        first = _VISIBLE.search(page, end, stop)  # (no copy of the section's HTML)
        if first is not None and page.startswith(("<!--", "<h"), first.start()):
            first = _VISIBLE.search(_NOT_CONTENT.sub("", page[end:stop]))  # comments, subheadings?
        section.content = 1 if first is not None else 0
        if fold_key(section.name) in TEXT_SECTIONS:
            section.text = text_of(page[end:stop])
        sections.append(section)
        spans.append(Span(end, stop))
    malformed: list[tuple[int, str]] = []
    placeholders: list[tuple[int, str]] = []
    starts = [sp.start for sp in spans]
    walked = None
    if _maybe_texts(page):
        walked = _walk(page)
    for el in walked or ():
        m0, p0 = len(malformed), len(placeholders)
        _texts(page, el, malformed, placeholders)
        if len(malformed) > m0 or len(placeholders) > p0:
            # until located, a line is the ordinal of its section (0: before the first)
            k = bisect.bisect_right(starts, el.start)
            malformed[m0:] = [(k, why) for _, why in malformed[m0:]]
            if k and any(why == GLUED_LIST for _, why in malformed[m0:]):
                sections[k - 1].glued = True
            placeholders[p0:] = [(k, text) for _, text in placeholders[p0:]]
    deps: list[Dependency] = []
    dep_spans: list[tuple[int, int]] = []
    explicit_none = False
    dep_index = next((i for i, s in enumerate(sections) if fold_key(s.name) in tables.dependency_sections),
                     None)
    if dep_index is not None:
        span = spans[dep_index]
        elements = (walked if walked is not None else _simple_list(page, span.start, span.end)
                    or _walk(page, span.start, span.end))
        mine = [el for el in elements if span.start <= el.start < span.end and not el.in_item
                and not el.quoted and not any(c in el.attrs for c in _NOT_ITEM_TEXT)]
        deps, dep_spans, explicit_none = _dependencies(page, mine, src, tables.id_re, resolve)
    return Body(
        title=title,
        title_line=0 if title is not None else None,
        title_end_line=0 if title is not None else None,
        sections=sections,
        dependencies=deps,
        dependencies_explicit_none=explicit_none,
        malformed=malformed,
        placeholders=placeholders,
        markers=[],
        empty=not page.strip(),
    ), Layout(spans, title_end, dep_spans)


_OWN_END = re.compile(r"<(?:ul|ol|div|details|pre|blockquote|table|dl)\b|</p>")


_INPUT = '<input type="checkbox"'


def _boxes(page: str, start: int, end: int) -> list[Checkbox]:
    """The checkboxes pymdownx.tasklist drew in page[start:end]: each opens a
    task-list-item. Counted with str.count where every checkbox input has its item (always,
    unless raw HTML adds one)."""
    n = page.count(_INPUT, start, end)
    if not n:
        return []
    if n == page.count("task-list-item", start, end):
        checked = (page.count(_INPUT + " disabled checked", start, end)
                   + page.count(_INPUT + " checked", start, end))
        return [_CHECKED] * checked + [_OPEN] * (n - checked)
    return [Checkbox(0, " checked" in attrs or "checked=" in attrs)
            for attrs in _BOX.findall(page, start, end)]


_CHECKED, _OPEN = Checkbox(0, True), Checkbox(0, False)  # (nothing changes a checkbox once read)


def _own(page: str, el: _Element) -> str:
    """An element's own text, lines kept: a list item's up to its first nested block."""
    start = el.start
    if el.tag == "li":
        lead = page[start:start + 8].lstrip()
        if lead.startswith("<p>"):
            start = page.index("<p>", start) + 3
        m = _OWN_END.search(page, start, el.end)
        end = m.start() if m else el.end
    else:
        end = el.end
    # code shows what is written in it, never a checklist: it stands as one mark
    return html_mod.unescape(_TAGS.sub("", _CODE.sub("\x1a", page[start:end])))


def _texts(page: str, el: _Element, malformed: list[tuple[int, str]],
           placeholders: list[tuple[int, str]]) -> None:
    """Look-alike checkboxes and placeholder text that one list item or paragraph shows."""
    if any(c in el.attrs for c in _NOT_ITEM_TEXT):
        return
    if el.tag == "p" and el.in_item and page.rfind("<li", 0, el.start) > page.rfind("</p>", 0, el.start):
        return  # the first paragraph of a loose list item: read as the item
    lines = _own(page, el).split("\n")
    first = lines[0].strip()
    if el.tag == "li":
        raw = page[el.start:el.start + 40].lstrip()
        if raw.startswith("<p>"):
            raw = raw[3:]
        if raw[:1] == "[":  # as written, not inside code or a link
            why = checkbox_problem(first)
            if why:
                malformed.append((0, why))
        if not el.quoted:
            _placeholder(first, placeholders)
        for line in lines[1:]:  # a lazy continuation line can be a glued marker
            _glued(line.strip(), False, malformed)
        return
    glued = False  # (a glued checklist is said once, at its first item)
    for i, line in enumerate(lines):
        indented = len(line) - len(line.lstrip(" ")) >= 4  # a continuation, not a list item
        line = line.strip()
        glued = _glued(line, not glued and i > 0 and not el.in_item and not indented, malformed) or glued
        if not el.in_item and not el.quoted:
            _placeholder(line, placeholders)


def _glued(line: str, after_text: bool, malformed: list[tuple[int, str]]) -> bool:
    """Paragraph text that was meant as a checklist (see parse.scan for the same cases);
    whether it is the item of a checklist glued to the text above."""
    if not line or not (line[0] in "-*+" or line[0].isdigit()):
        return False
    lm = LIST_ITEM.match(line)
    if lm:
        if after_text and looks_checked(lm.group("text")):
            malformed.append((0, GLUED_LIST))
            return True
        return False
    gm = GLUED_MARKER.match(line)
    if gm:
        malformed.append((0, glued_marker(gm.group(1), gm.group(2))))
    return False


def _placeholder(text: str, placeholders: list[tuple[int, str]]) -> None:
    if text[:1] in PLACEHOLDER_STARTS:
        body = text[4:].strip() if text[:4] in ("[ ] ", "[x] ", "[X] ") else text
        if body[:1] in PLACEHOLDER_STARTS and is_placeholder(body):
            placeholders.append((0, body))


def _dependencies(page: str, elements: list[_Element], src: str, id_re: re.Pattern[str],
                  resolve: Resolve) -> tuple[list[Dependency], list[tuple[int, int]], bool]:
    """The outermost list items and the paragraph lines of the Dependencies section."""
    deps: list[tuple[Dependency, tuple[int, int]]] = []  # each with where it stands
    for el in elements:
        if el.tag == "p":  # each line of a paragraph is one dependency, as in the source
            offset = el.start
            # a code block Markdown left inside the paragraph is no dependency (offsets kept)
            inside = page[el.start:el.end]
            if "<pre" in inside:
                inside = re.sub(r"<pre\b.*?</pre>", lambda m: " " * len(m.group(0)), inside, flags=re.S)
            for line in inside.split("\n"):
                if line.strip() and (line[0] != "<" or text_of(line)):
                    deps.append(_dependency(page, offset, offset + len(line), src, id_re, resolve))
                offset += len(line) + 1
        else:
            start = el.start
            if page[start:start + 8].lstrip().startswith("<p>"):  # a loose list's item
                start = page.index("<p>", start) + 3
            m = _OWN_END.search(page, start, el.end)
            end = m.start() if m else el.end
            newline = page.find("\n", start, end)  # its first line: lazy ones are text
            deps.append(_dependency(page, start, newline if newline > start else end, src, id_re, resolve))
    deps = [(d, span) for d, span in deps if d.text]
    if len(deps) == 1 and deps[0][0].text.rstrip(".").casefold() in NONE_WRITTEN:
        return [], [], True
    deps = [(d, span) for d, span in deps if d.text.casefold() not in NONE_WRITTEN]
    return [d for d, _ in deps], [span for _, span in deps], False


_LI = re.compile(r"<li>(.*?)</li>", re.S)
_NOT_SIMPLE = ("<p", "<div", "<blockquote", "<details", "<table", "<pre", "<ol", "<dl", "<!--")


def _simple_list(page: str, start: int, end: int) -> list[_Element] | None:
    """The items of a section that is one flat list of plain items (most Dependencies
    sections), found without a walk over its tags; None for any other section."""
    html = page[start:end].strip()
    if not html.startswith("<ul>") or html.count("<ul") != 1 or any(t in html for t in _NOT_SIMPLE):
        return None
    at = page.index("<ul>", start)
    found = [_Element("li", m.start(1), m.end(1), "<li>", False, False)
             for m in _LI.finditer(page, at, end)]
    return found if len(found) == html.count("<li") else None


def _dependency(page: str, a: int, b: int, src: str, id_re: re.Pattern[str],
                resolve: Resolve) -> tuple[Dependency, tuple[int, int]]:
    """One item: its text, the IDs it names (outside code), the task pages it links to;
    and where its text stands in the page."""
    fragment = page[a:b]
    if "<" not in fragment and "&" not in fragment:  # plain text: no link, no code
        text = " ".join(fragment.split())
        return item(0, text, fragment, [], id_re), (a, b)
    if fragment.lstrip().startswith(("<label", "<input")):  # a checkbox before the item's text
        a += fragment.find(">", fragment.find("<input")) + 1
        close = page.find("</label>", a, b)
        if close >= 0 and page[a:close].strip().startswith("<span"):
            a = close + len("</label>")
        fragment = page[a:b]
    plain: list[str] = []  # the text, with code blanked
    targets: list[str] = []
    in_code = 0
    pos = 0
    for m in _INLINE_TAG.finditer(fragment):
        chunk = html_mod.unescape(fragment[pos:m.start()])
        plain.append(" " * len(chunk) if in_code else chunk)
        pos = m.end()
        tag = (m.group(2) or "").lower()
        if tag == "code":
            in_code = max(in_code + (-1 if m.group(1) else 1), 0)
        elif tag == "a" and not m.group(1):
            href = _HREF.search(m.group(3) or "")
            target = resolve(html_mod.unescape(href.group(1))) if href else None
            if target is not None:
                targets.append(target)
        plain.append(" ")  # a tag separates words
    chunk = html_mod.unescape(fragment[pos:])
    plain.append(" " * len(chunk) if in_code else chunk)
    return item(0, text_of(fragment), "".join(plain), targets, id_re), (a, b)


def resolver(page_url: str, src: str, by_url: Mapping[str, str] | Callable[[], Mapping[str, str]],
             ) -> Resolve:
    """Links as MkDocs rewrote them (`../PROJ-2/`), or left them (`PROJ-2.md`), -> src.
    `by_url`: each page's URL -> its src, or what makes it when a link first needs it."""
    base = "http://site/" + page_url

    def resolve(href: str) -> str | None:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            return None
        path = parts.path
        if path.endswith(".md"):
            if path.startswith("/"):
                return posixpath.normpath(unquote(path.lstrip("/")))
            return posixpath.normpath(posixpath.join(posixpath.dirname(src), unquote(path)))
        url = urlsplit(urljoin(base, path)).path.lstrip("/")
        urls = by_url() if callable(by_url) else by_url
        return urls.get(url) or urls.get(url.rstrip("/") + "/") or urls.get(url + "index.html")

    return resolve


# -- lines ---------------------------------------------------------------------------
def locate(body: Body, text: str, settings: Settings) -> Body:
    """The facts read from the rendered page, with their lines in the source `text`.

    A section's heading is the source heading of the same name (the k-th of that name for
    the k-th). A look-alike, a placeholder or a dependency is at the first line of its
    section in the source that shows its text; what the source does not hold (it came from
    a snippet, an include or a macro) is reported at the heading of its section, else at
    the title, else at the first line of the body.
    """
    lines, fm = split_lines(text)
    body_line = fm.body_index + 1
    scanned = scan(lines, fm.body_index)
    h1 = next((h for h in scanned.headings if h.level == 1), None)
    top = h1.line if h1 else body_line
    title_line, title_end = body.title_line, body.title_end_line
    if title_line is not None or h1 is not None:
        title_line = title_end = top
        if h1 is not None:
            title_end = h1.end_line
    sections, ranges = _sections_in(body.sections, scanned, settings, (body_line, top, len(lines)))
    finder = _Finder(lines, ranges)
    malformed = _malformed_in(body.malformed, scanned, finder)
    placeholders = sorted((finder.find(t, ordinal), t) for ordinal, t in body.placeholders)
    dependency_sections = lookups(settings).dependency_sections
    deps_at = next((i + 1 for i, s in enumerate(sections) if fold_key(s.name) in dependency_sections), None)
    deps = body.dependencies
    if deps_at is not None:
        deps = [dataclasses.replace(dep, line=finder.find(next(iter(dep.refs or dep.text.split()[:1]), ""),
                                                          deps_at)) for dep in deps]
    return dataclasses.replace(body, title_line=title_line, title_end_line=title_end, sections=sections,
                               dependencies=deps, malformed=malformed, placeholders=placeholders)


Ranges = list[tuple[int, int, int]]  # per section ordinal (0: before the first): lines, where to report


def _sections_in(sections: list[Section], scanned: Scan, settings: Settings,
                 where: tuple[int, int, int]) -> tuple[list[Section], Ranges]:
    """The sections with their source headings' lines, and each one's range of lines."""
    body_line, top, count = where
    aliases = lookups(settings).aliases
    source: dict[str, list[Heading]] = {}
    for h in scanned.headings:
        if h.level == 2:
            source.setdefault(aliases.get(h.name, h.name), []).append(h)
    bounds = sorted(h.line for h in scanned.headings if h.level <= 2)
    seen: dict[str, int] = {}
    ranges: Ranges = [(body_line, (bounds[0] - 1) if bounds else count, top)]
    located: list[Section] = []
    last = top
    for s in sections:
        k = seen.get(s.heading.name, 0)
        seen[s.heading.name] = k + 1
        match = source.get(s.heading.name, [])
        if k < len(match):
            h = match[k]
            heading = Heading(2, s.heading.text, s.heading.name, h.line, h.end_line)
            nxt = bisect.bisect_right(bounds, h.line)
            end_line = bounds[nxt] - 1 if nxt < len(bounds) else count
            last = h.line
        else:  # a heading from a snippet or a macro: at the one before it
            heading, end_line = Heading(2, s.heading.text, s.heading.name, last, last), last
        located.append(dataclasses.replace(s, heading=heading, end_line=end_line))
        ranges.append((heading.end_line + 1, end_line, heading.line))
    return located, ranges


class _Finder:
    """The first line of a section, not yet used, that shows a text; else its heading."""

    def __init__(self, lines: list[str], ranges: Ranges) -> None:
        self.lines, self.ranges = lines, ranges
        self.used: set[int] = set()

    def range(self, ordinal: int) -> tuple[int, int, int]:
        return self.ranges[ordinal] if 0 <= ordinal < len(self.ranges) else self.ranges[0]

    def find(self, needle: str, ordinal: int) -> int:
        lo, hi, at = self.range(ordinal)
        needle = needle.strip()
        if needle:
            for n in range(max(lo, 1), min(hi, len(self.lines)) + 1):
                if n not in self.used and needle in self.lines[n - 1]:
                    self.used.add(n)
                    return n
        return at


def _malformed_in(malformed: list[tuple[int, str]], scanned: Scan,
                  finder: _Finder) -> list[tuple[int, str]]:
    """Each look-alike at the source line the scanner found it on in its section, else at
    the first line showing what it quotes."""
    in_source = list(scanned.malformed)
    located: list[tuple[int, str]] = []
    for ordinal, why in malformed:
        lo, hi, _ = finder.range(ordinal)
        hit = next((i for i, (n, w) in enumerate(in_source) if w == why and lo <= n <= hi), None)
        if hit is not None:
            n = in_source.pop(hit)[0]
            finder.used.add(n)
            located.append((n, why))
        else:
            quoted = re.search(r'"([^"]+)"', why)
            located.append((finder.find(quoted.group(1) if quoted else "", ordinal), why))
    return sorted(located)
