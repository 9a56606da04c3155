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

from .checkboxes import (
    CHECKBOX,
    CHECKBOX_LOOKALIKE,
    CHECKBOX_NOSPACE,
    GLUED_LIST,
    GLUED_MARKER,
    LIST_ITEM,
)
from .model import Settings, Task
from .rules import kind_sections, missing_sections
from .source import parse
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


def _reorder(text: str, task: Task, settings: Settings) -> Mended | None:
    """The required sections put in the kind's order, or None when they are in it (or a
    section appears twice, or sections are not one run of H2 blocks: that is a guess)."""
    required = kind_sections(task, settings)
    rank = {name: i for i, name in enumerate(required)}
    names = [s.name for s in task.sections]
    ranked = [n for n in names if n in rank]
    if ranked == sorted(ranked, key=rank.__getitem__) or len(set(names)) != len(names):
        return None
    lines: list[str] = _LINE.findall(text)
    spans = [(s.line - 1, s.end_line) for s in task.sections]
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
    done = [(task.sections[i].line, "section-order",
             f'section "{names[i]}" moved to its place in the {task.kind}\'s order')
            for slot, i in zip(slots, ordered, strict=True) if slot != i]
    return Mended(out, done)


_ATX_HEADING = re.compile(r"^(?P<open>#{1,6}[ \t]*)(?P<text>.*?)(?P<attrs>[ \t]*\{[:#.][^}]*\})?"
                          r"(?P<close>[ \t]+#+)?[ \t]*$")


def _rename(text: str, task: Task, settings: Settings) -> Mended | None:
    """Each heading that is a near miss of a missing required section (`## Aproach`)
    renamed to it, its content kept: what the writer meant, not a second section."""
    renames = [(name, s) for name, s in missing_sections(task, settings) if s is not None]
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
    task = parse(text, src, settings)
    if task.deferred is not None or task.empty:
        return Mended(text)  # (what an empty page should say is the writer's to decide)
    for step in (_rename, _reorder):  # each changes the sections: the page is read again
        changed = step(text, task, settings)
        if changed is not None:
            rest = mend(changed.text, src, settings)
            return Mended(rest.text, sorted(changed.done + rest.done))
    lines: list[str] = _LINE.findall(text)
    newline = _newline(text)
    done: list[tuple[int, str, str]] = []
    replaced: dict[int, str] = {}  # 0-based index -> new line, without its ending
    blank_before: set[int] = set()

    def body(i: int) -> str:
        return lines[i].rstrip("\r\n")

    for n, why in task.malformed:
        i = n - 1
        if i >= len(lines):
            continue
        fixed = mend_item(body(i).lstrip("\ufeff") if i == 0 else body(i))
        if fixed is not None and i not in replaced:
            replaced[i] = fixed[0]
            done.append((n, "malformed-checkbox", fixed[1]))
        if why == GLUED_LIST:
            first = i  # the first list-looking line of the run glued to the paragraph
            while first > 0 and LIST_ITEM.match(body(first - 1)):
                first -= 1
            if first > 0 and body(first - 1).strip() and first not in blank_before:
                blank_before.add(first)
                done.append((first + 1, "malformed-checkbox",
                             "a blank line put before the checklist glued to the line above"))

    inserts: dict[int, list[str]] = {}  # 0-based index -> lines put before it (len: at the end)
    required = kind_sections(task, settings)
    present = {s.name: s for s in task.sections}
    for k, name in enumerate(required):
        if name in present or name not in _PLACEHOLDER_BODIES:
            continue  # (a near miss of it was renamed before: see _rename)
        later = [present[x].line for x in required[k + 1:] if x in present]
        at = later[0] - 1 if later else len(lines)
        section = [f"## {name}", *_PLACEHOLDER_BODIES[name], ""]
        inserts.setdefault(at, []).extend(section)
        done.append((later[0] if later else len(lines), "missing-section",
                     f'section "{name}" inserted with the template\'s placeholder'))
    if not done:
        return Mended(text)

    out: list[str] = []
    origin: list[int] = []  # the line before the mends of each line of out (0: a new one)
    for i, line in enumerate(lines):
        if i in inserts:
            out.extend(x + newline for x in inserts[i])
        if i in blank_before:
            out.append(newline)
        origin.extend([0] * (len(out) - len(origin)) + [i + 1])
        if i in replaced:
            ending = line[len(line.rstrip("\r\n")):]
            out.append(("\ufeff" if i == 0 and line.startswith("\ufeff") else "") + replaced[i] + ending)
        else:
            out.append(line)
    if len(lines) in inserts:
        if out and not out[-1].endswith(("\n", "\r")):
            out[-1] += newline
        if out and out[-1].strip():
            out.append(newline)
        tail = inserts[len(lines)]
        while tail and not tail[-1]:
            tail = tail[:-1]  # (no blank line at the very end)
        out.extend(x + newline for x in tail)
    done.sort()
    mended = "".join(out)
    if blank_before:  # the unglued checklist is a list now: its items are read as such
        rest = mend(mended, src, settings)
        done = sorted(done + [(origin[n - 1] if n <= len(origin) else n, code, what)
                              for n, code, what in rest.done])
        mended = rest.text
    return Mended(mended, done)
