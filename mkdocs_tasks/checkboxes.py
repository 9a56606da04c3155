"""What draws a checkbox and what only looks like one, and why it draws none.

pymdownx.tasklist draws a checkbox for a list item that starts `[ ]`, `[x]` or `[X]`, a
space and some text; both readers of a page and `check --fix` go by these patterns.
"""

from __future__ import annotations

import re

LIST_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|\d+\.)(?P<space> +)(?P<text>.*)$")
GLUED_MARKER = re.compile(r"^ *([-*+]|\d+\.)(\[[^\]]{0,3}\])")
CHECKBOX = re.compile(r"^\[(?P<state>[ xX])\] +(?P<text>\S.*)$")
CHECKBOX_EMPTY = re.compile(r"^\[[ xX]\]\s*$")
CHECKBOX_NOSPACE = re.compile(r"^\[[ xX]\]\S")
CHECKBOX_LOOKALIKE = re.compile(r"^\[(?P<inner>[\sxX*/+.v✓✔-]{0,3})\](?![(\[:])")

GLUED_LIST = ("this checklist is glued to the line above, so it renders as plain text; "
              "add a blank line before the list")


def looks_checked(text: str) -> bool:
    """A list item's text that starts as a checkbox or a look-alike of one."""
    return bool(CHECKBOX.match(text) or CHECKBOX_LOOKALIKE.match(text))


def glued_marker(marker: str, box: str) -> str:
    return (f'"{marker}{box}" is no list item, so no checkbox; put a space after the '
            f'list marker: "{marker} {box}"')


def checkbox_problem(text: str) -> str | None:
    """Why a list item's text that starts like a checkbox draws none, or None."""
    if CHECKBOX.match(text):
        return None
    if CHECKBOX_EMPTY.match(text):
        return ('checkbox with no text after it renders as plain "[ ]"; '
                "write what must be true after the box")
    if CHECKBOX_NOSPACE.match(text):
        return f'"{text[:3]}" needs a space before the text that follows it'
    m2 = CHECKBOX_LOOKALIKE.match(text)
    if m2:
        return f'"[{m2.group("inner")}]" is no checkbox; write "[ ]" for open or "[x]" for done'
    return None
