"""The template's skeleton: what `mkdocs-tasks new` writes and `template-placeholder` finds.

The task skeleton is the one in the template users copy; the spike skeleton follows the
template's spike example in the same style. Every placeholder is either a whole line in
square brackets or a numbered list item ("Requirement 1"), so the rule can tell them
from a writer's own words.
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
_PLACEHOLDER_ITEM = re.compile(r"^(?:Requirement \d+|Deliverable \d+ completed|Question \d+)$")
PLACEHOLDER_STARTS = frozenset("[RDQ")  # the first character of every placeholder above


def is_placeholder(text: str) -> bool:
    """A line or list item's text that is left from the skeleton."""
    text = text.strip()
    return text in PLACEHOLDERS or bool(_PLACEHOLDER_ITEM.match(text))
