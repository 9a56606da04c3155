"""Dates: today (from SOURCE_DATE_EPOCH when set, as reproducible builds want), whether a
task is overdue, what its header says of its due date, and its group by due date."""

from __future__ import annotations

import datetime as _dt
import os

from .model import Task
from .status import finished

SOON = 7  # "Next 7 days": today to today + 7
NEAR = 14  # the header says "due in N days" up to this many days ahead


def today() -> _dt.date:
    """The date of SOURCE_DATE_EPOCH (UTC) when set, else the local date now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            pass  # (not a number of seconds: as if it were not set)
    return _dt.date.today()


def overdue(due: _dt.date | None, status: str, day: _dt.date) -> bool:
    """Due before today and neither done nor cancelled."""
    return due is not None and due < day and not finished(status)


def due_phrase(task: Task, day: _dt.date) -> str | None:
    """"overdue by N days", "due today" or "due in N days" (the next 14 days), or None."""
    if task.due is None or finished(task.status):
        return None
    days = (task.due - day).days
    if days < 0:
        return f"overdue by {-days} day{'s' * (days != -1)}"
    if days == 0:
        return "due today"
    if days <= NEAR:
        return f"due in {days} day{'s' * (days != 1)}"
    return None


# The due groups, in their order: (value in markup, label)
DUE_GROUPS = (("overdue", "Overdue"), ("soon", f"Next {SOON} days"), ("later", "Later"),
              ("none", "No date"), ("past", "Past"))


def due_group(due: _dt.date | None, status: str, day: _dt.date) -> str:
    """The due group of a task: overdue, soon (today to today + 7), later, none, or past
    (done or cancelled, due before today)."""
    if due is None:
        return "none"
    if due < day:
        return "past" if finished(status) else "overdue"
    return "soon" if (due - day).days <= SOON else "later"
