"""`check --fix`: mend in a page's source what needs no guess, and nothing else.

What is mended, read by the same source reader as `check`:
- a checkbox look-alike (`[]`, `[ x]`, `[X ]`, `[x]text`, `-[ ]`) rewritten as the checkbox
  it was meant to be; one that needs a guess (`[v]`, `[-]`, a box with no text) is left;
- a blank line put before a checklist glued to the paragraph above;
- required sections out of the kind's order moved into it, each with all of its lines
  (the sections the kind does not require keep their places);
- a heading that is a near miss of a missing required section (`## Aproach`,
  `## Success-Criteria`) renamed to it, its content kept;
- a missing required section with no near miss inserted at its place in the kind's order,
  with the template's placeholder, so that `template-placeholder` then points the writer
  at it.
An empty page is left as it is: whether to write it or delete it is the writer's call.
Every other line stays byte for byte, line endings included; front matter, code and
comments are never touched (the reader flags nothing there, and sections are inserted
only before a heading or at the end). Pages with constructs the source reader does not
model (admonitions, tabs, snippets, template syntax...) are left as they are: only their
rendering tells what they show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .assemble import assemble
from .checkboxes import (
    CHECKBOX,
    CHECKBOX_LOOKALIKE,
    CHECKBOX_NOSPACE,
    GLUED_LIST,
    GLUED_MARKER,
    LIST_ITEM,
)
from .model import Body, Settings
from .rules import kind_sections, missing_sections
from .source import read
from .template import SKELETON_SPIKE, SKELETON_TASK

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _skeleton_sections(skeleton: str) -> dict[str, list[str]]:
    """Section name -> its body lines in the template's skeleton."""
    out: dict[str, list[str]] = {}
    name = None
    for line in skeleton.splitlines():
        if line.startswith("## "):
            name = line[3:].strip()
            out[name] = []
        elif name is not None and line.strip():
            out[name].append(line)
    return out


_PLACEHOLDER_BODIES = {**_skeleton_sections(SKELETON_SPIKE), **_skeleton_sections(SKELETON_TASK)}


def _newline(text: str) -> str:
    """The line end most of the page's lines have, for the lines a mend adds."""
    return "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"


@dataclass
class Mended:
    text: str  # the page as mended (the same object when nothing was)
    done: list[tuple[int, str, str]] = field(default_factory=list)  # (line before, code, what)


def mend_item(content: str) -> tuple[str, str] | None:
    """A list item's line with its checkbox as meant, and what was done; None: as it is."""
    gm = GLUED_MARKER.match(content)
    if gm:
        at = gm.end(1)
        spaced = content[:at] + " " + content[at:]
        then = mend_item(spaced)
        return (then[0] if then else spaced,
                f'a space put after the list marker "{gm.group(1)}"' + (f"; {then[1]}" if then else ""))
    m = LIST_ITEM.match(content)
    if m is None:
        return None
    start = m.start("text")
    text = m.group("text")
    if CHECKBOX.match(text):
        return None
    if CHECKBOX_NOSPACE.match(text):
        return content[:start] + text[:3] + " " + text[3:], f'a space put after "{text[:3]}"'
    box = CHECKBOX_LOOKALIKE.match(text)
    if box is None:
        return None
    inner = box.group("inner")
    rest = text[box.end():]
    if not rest.strip():
        return None  # a box with nothing to say: what to write is the writer's to decide
    if inner.strip() == "":
        meant = "[ ]"
    elif inner.strip() in ("x", "X"):
        meant = f"[{inner.strip()}]"
    else:
        return None  # "[v]", "[-]", "[*]"...: done or not, it would be a guess
    mended = content[:start] + meant + (rest if rest[:1] in (" ", "\t") else " " + rest)
    return mended, f'"{box.group(0)}" rewritten as "{meant}"'


@dataclass
class _Page:
    """What the source reader found on the page: its kind's required sections and facts."""

    kind: str
    required: tuple[str, ...]
    body: Body


def _reorder(text: str, page: _Page) -> Mended | None:
    """The required sections put in the kind's order, or None when they are in it (or a
    section appears twice, or sections are not one run of H2 blocks: that is a guess)."""
    sections = page.body.sections
    rank = {name: i for i, name in enumerate(page.required)}
    names = [s.name for s in sections]
    ranked = [n for n in names if n in rank]
    if ranked == sorted(ranked, key=rank.__getitem__) or len(set(names)) != len(names):
        return None
    lines: list[str] = _LINE.findall(text)
    spans = [(s.line - 1, s.end_line) for s in sections]
    spans[-1] = (spans[-1][0], min(spans[-1][1], len(lines)))  # (the last runs to the end)
    if any(a[1] != b[0] for a, b in zip(spans, spans[1:], strict=False)):
        return None
    blocks = [lines[a:b] for a, b in spans]
    newline = _newline(text)
    for block in blocks:
        if block and not block[-1].endswith(("\n", "\r")):
            block[-1] += newline  # (it may no longer be the last)
    slots = [i for i, n in enumerate(names) if n in rank]
    ordered = sorted(slots, key=lambda i: rank[names[i]])
    moved = list(blocks)
    for slot, i in zip(slots, ordered, strict=True):
        moved[slot] = blocks[i]
    body = "".join(line for block in moved for line in block)
    out = "".join(lines[:spans[0][0]]) + body + "".join(lines[spans[-1][1]:])
    if not text.endswith(("\n", "\r")) and out.endswith(newline) and spans[-1][1] == len(lines):
        out = out[:-len(newline)]  # (the file ended without a line end: so it does still)
    done = [(sections[i].line, "section-order",
             f'section "{names[i]}" moved to its place in the {page.kind}\'s order')
            for slot, i in zip(slots, ordered, strict=True) if slot != i]
    return Mended(out, done)


_ATX_HEADING = re.compile(r"^(?P<open>#{1,6}[ \t]*)(?P<text>.*?)(?P<attrs>[ \t]*\{[:#.][^}]*\})?"
                          r"(?P<close>[ \t]+#+)?[ \t]*$")


def _rename(text: str, page: _Page) -> Mended | None:
    """Each heading that is a near miss of a missing required section (`## Aproach`)
    renamed to it, its content kept: what the writer meant, not a second section."""
    renames = [(name, s) for name, s in missing_sections(page.body.sections, page.required) if s is not None]
    if not renames:
        return None
    lines: list[str] = _LINE.findall(text)
    done = []
    for name, s in renames:
        i = s.line - 1
        body = lines[i].rstrip("\r\n")
        ending = lines[i][len(body):]
        m = _ATX_HEADING.match(body) if s.heading.end_line == s.line else None
        if m is not None:
            new = f"{m.group('open')}{name}{m.group('attrs') or ''}{m.group('close') or ''}"
        else:  # a setext heading: its text line (the underline stays)
            new = body[:len(body) - len(body.lstrip())] + name
        lines[i] = new + ending
        done.append((s.line, "missing-section", f'heading "{s.name}" renamed "{name}"'))
    return Mended("".join(lines), done)


def mend(text: str, src: str, settings: Settings) -> Mended:
    """The page with what needs no guess mended."""
    fm, body = read(text, src, settings)
    task = assemble(src, settings, fm, body)
    if task.deferred is not None or task.empty:
        return Mended(text)  # (what an empty page should say is the writer's to decide)
    page = _Page(task.kind, kind_sections(task.kind, settings), body)
    for step in (_rename, _reorder):  # each changes the sections: the page is read again
        changed = step(text, page)
        if changed is not None:
            rest = mend(changed.text, src, settings)
            return Mended(rest.text, sorted(changed.done + rest.done))
    edits = _Edits(_LINE.findall(text))
    edits.checkboxes(body.malformed)
    edits.sections(page)
    if not edits.done:
        return Mended(text)
    mended, origin = edits.write(_newline(text))
    done = sorted(edits.done)
    if edits.blank_before:  # the unglued checklist is a list now: its items are read as such
        rest = mend(mended, src, settings)
        done = sorted(done + [(origin[n - 1] if n <= len(origin) else n, code, what)
                              for n, code, what in rest.done])
        mended = rest.text
    return Mended(mended, done)


class _Edits:
    """The line-by-line mends of a page, written out in one pass."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.done: list[tuple[int, str, str]] = []
        self.replaced: dict[int, str] = {}  # 0-based index -> new line, without its ending
        self.blank_before: set[int] = set()
        self.inserts: dict[int, list[str]] = {}  # 0-based index -> lines before it (len: at the end)

    def body(self, i: int) -> str:
        return self.lines[i].rstrip("\r\n")

    def checkboxes(self, malformed: list[tuple[int, str]]) -> None:
        """Look-alikes rewritten as the checkbox meant; a blank line before a glued checklist."""
        for n, why in malformed:
            i = n - 1
            if i >= len(self.lines):
                continue
            fixed = mend_item(self.body(i).lstrip("\ufeff") if i == 0 else self.body(i))
            if fixed is not None and i not in self.replaced:
                self.replaced[i] = fixed[0]
                self.done.append((n, "malformed-checkbox", fixed[1]))
            if why == GLUED_LIST:
                first = i  # the first list-looking line of the run glued to the paragraph
                while first > 0 and LIST_ITEM.match(self.body(first - 1)):
                    first -= 1
                if first > 0 and self.body(first - 1).strip() and first not in self.blank_before:
                    self.blank_before.add(first)
                    self.done.append((first + 1, "malformed-checkbox",
                                      "a blank line put before the checklist glued to the line above"))

    def sections(self, page: _Page) -> None:
        """Each missing required section inserted at its place in the kind's order."""
        present = {s.name: s for s in page.body.sections}
        for k, name in enumerate(page.required):
            if name in present or name not in _PLACEHOLDER_BODIES:
                continue  # (a near miss of it was renamed before: see _rename)
            later = [present[x].line for x in page.required[k + 1:] if x in present]
            at = later[0] - 1 if later else len(self.lines)
            self.inserts.setdefault(at, []).extend([f"## {name}", *_PLACEHOLDER_BODIES[name], ""])
            self.done.append((later[0] if later else len(self.lines), "missing-section",
                              f'section "{name}" inserted with the template\'s placeholder'))

    def write(self, newline: str) -> tuple[str, list[int]]:
        """The mended page, and for each of its lines the line before the mends (0: new)."""
        out: list[str] = []
        origin: list[int] = []
        for i, line in enumerate(self.lines):
            if i in self.inserts:
                out.extend(x + newline for x in self.inserts[i])
            if i in self.blank_before:
                out.append(newline)
            origin.extend([0] * (len(out) - len(origin)) + [i + 1])
            if i in self.replaced:
                ending = line[len(line.rstrip("\r\n")):]
                bom = "\ufeff" if i == 0 and line.startswith("\ufeff") else ""
                out.append(bom + self.replaced[i] + ending)
            else:
                out.append(line)
        if len(self.lines) in self.inserts:
            if out and not out[-1].endswith(("\n", "\r")):
                out[-1] += newline
            if out and out[-1].strip():
                out.append(newline)
            tail = self.inserts[len(self.lines)]
            while tail and not tail[-1]:
                tail = tail[:-1]  # (no blank line at the very end)
            out.extend(x + newline for x in tail)
        return "".join(out), origin
