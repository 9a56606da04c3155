"""The template's skeleton: what `mkdocs-tasks new` writes and `template-placeholder` finds.

The task skeleton is the one in the template users copy; the spike skeleton follows the
template's spike example in the same style. Every placeholder is either a whole line in
square brackets or a list item of the skeleton ("Requirement 1", "Validation performed"),
so the rule can tell them from a writer's own words.
"""

from __future__ import annotations

import re

SKELETON_TASK = """\
# {title}

## Objective
[What needs to be accomplished and why]

## Requirements
- Requirement 1
- Requirement 2
- Requirement 3

## Approach
[Proposed solution or implementation strategy]

## Success Criteria
- [ ] Deliverable 1 completed
- [ ] Deliverable 2 completed
- [ ] Validation performed

## Dependencies
[Other issues, external factors, or prerequisites]

## Resources
[Documentation links, API references, design files]
"""

SKELETON_SPIKE = """\
# {title}

## Objective
[What needs to be accomplished and why]

## Time-Box
[Maximum 2 days of investigation]

## Questions to Answer
1. Question 1
2. Question 2

## Deliverables
- [ ] Deliverable 1 completed
- [ ] Deliverable 2 completed

## Out of Scope
[What this investigation will not cover]
"""


def _bracketed(*skeletons: str) -> tuple[str, ...]:
    lines = {line.strip() for s in skeletons for line in s.splitlines()}
    return tuple(sorted(x for x in lines if x.startswith("[") and x.endswith("]") and len(x) > 4))


PLACEHOLDERS = _bracketed(SKELETON_TASK, SKELETON_SPIKE)
# the skeleton's list items: numbered ones ("Requirement 1") and "Validation performed"
_PLACEHOLDER_ITEM = re.compile(
    r"^(?:Requirement \d+|Deliverable \d+ completed|Question \d+|Validation performed)$")
PLACEHOLDER_WORDS = ("Requirement ", "Deliverable ", "Question ", "Validation performed")
PLACEHOLDER_STARTS = frozenset("[RDQV")  # the first character of every placeholder above


def is_placeholder(text: str) -> bool:
    """A line or list item's text that is left from the skeleton."""
    text = text.strip()
    return text in PLACEHOLDERS or bool(_PLACEHOLDER_ITEM.match(text))


_MD_SPECIAL = re.compile(r"[\\`*_\[\]{}]|#+\s*$|<(?=[A-Za-z/!?])|&(?=#?\w+;)")


def markdown_text(text: str) -> str:
    """Text as Markdown that renders as the text itself, in an H1: emphasis, code, link
    and attribute markers backslash-escaped, a trailing `#` kept, a tag or an entity shown
    as typed (`Fix <b>bold</b> & co` stays those characters, not bold)."""
    def escape(m: re.Match[str]) -> str:
        c = m.group(0)
        if c == "<":
            return "&lt;"
        if c == "&":
            return "&amp;"
        return "".join("\\" + ch if ch == "#" else ch for ch in c) if c[0] == "#" else "\\" + c
    return _MD_SPECIAL.sub(escape, text)
