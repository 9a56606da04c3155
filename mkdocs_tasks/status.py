"""Status and progress: derived from the checkboxes, or set by front matter; as a percentage."""

from __future__ import annotations

import re

from .model import Body, Kind, Settings


def derived_status(done: int, total: int) -> str:
    if total and done == total:
        return "done"
    return "in-progress" if done else "todo"


def percent(done: int, total: int) -> int:
    """Progress as a whole percentage, rounded to the nearest (1/6 is 17), but never 100
    before every box is ticked nor 0 once one is."""
    if not total:
        return 0
    pct = (200 * done + total) // (2 * total)  # (round half up, in integers)
    if done < total:
        pct = min(pct, 99)
    return max(pct, 1) if done else pct


def status_key(value: str) -> str:
    """`In Progress` == `in-progress` == `in_progress`; `To Do` == `todo`."""
    return re.sub(r"[\s_-]+", "", value).casefold()


DERIVED = ("todo", "in-progress", "done")
DERIVED_BY_KEY = {status_key(d): d for d in DERIVED}  # "inprogress" -> "in-progress"


def manual_status(value: str, settings: Settings) -> str | None:
    """The configured status a front matter value names, unless it is a derived one."""
    key = status_key(value)
    if key in DERIVED_BY_KEY:
        return None
    return next((s for s in settings.statuses if status_key(s) == key), None)


def finished(status: str) -> bool:
    """Done or cancelled: nothing waits on such a task."""
    return status in ("done", "cancelled")


def progress(kind: Kind | None, body: Body, status_value: str | None,
             settings: Settings) -> tuple[int, int, str]:
    """(done, total, status) of a page: its kind's progress section's checkboxes; a status
    its front matter sets (blocked, cancelled...) stands over the derived one, and on a
    page with no checkbox at all any status it sets stands."""
    section = body.section(kind.progress) if kind else None
    boxes = section.checkboxes if section else []
    total = len(boxes)
    done = sum(1 for b in boxes if b.checked)
    status = derived_status(done, total)
    if status_value is not None:
        manual = manual_status(status_value, settings)
        if manual is not None:
            status = manual
        elif not total and status_key(status_value) in DERIVED_BY_KEY:
            # no checkbox at all: no progress to contradict what the page says
            status = DERIVED_BY_KEY[status_key(status_value)]
    return done, total, status
