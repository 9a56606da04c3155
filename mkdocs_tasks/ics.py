"""`tasks.ics`: the tasks with a due date as a calendar a team can subscribe to (`ics: true`).

One all-day event per task with a due date, on that date: its ID and title, its status
and progress, its page's URL. Written with the `icalendar` package (RFC 5545's escaping,
line folding and UTF-8 are its job, not hand-written here), an optional dependency:
`pip install 'mkdocs-tasks[ics]'`. The file is the same for the same tasks and the same
day (SOURCE_DATE_EPOCH): no clock time in it.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from urllib.parse import urljoin, urlparse

from .graph import Graph
from .model import Task

MISSING = ("ics: true writes tasks.ics with the icalendar package, which is not installed: "
           "pip install 'mkdocs-tasks[ics]' (or icalendar), or set ics: false")
_STATUS = {"cancelled": "CANCELLED"}  # (an event is CONFIRMED or TENTATIVE otherwise)


def available() -> bool:
    try:
        import icalendar  # noqa: F401
    except ImportError:
        return False
    return True


def calendar(graph: Graph, url_of: Callable[[Task], str | None], site_url: str | None,
             name: str) -> bytes:
    """The calendar of the tasks that have a due date, in natural ID order."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//mkdocs-tasks//tasks.ics//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{name}: due dates")
    host = urlparse(site_url).hostname if site_url else None
    stamp = _dt.datetime.combine(graph.today, _dt.time(), tzinfo=_dt.timezone.utc)
    for task in graph.tasks:
        if task.due is None or graph.by_id.get(task.id) is not task:
            continue
        event = icalendar.Event()
        event.add("uid", f"{task.id}@{host or 'mkdocs-tasks'}")
        event.add("dtstamp", stamp)
        event.add("dtstart", task.due)
        event.add("dtend", task.due + _dt.timedelta(days=1))
        event.add("summary", f"{task.id}: {task.display_title}")
        lines = [f"Status: {task.status}", f"Progress: {task.done}/{task.total}"]
        if task.owners:
            lines.append(f"Owner: {', '.join(task.owners)}")
        url = url_of(task)
        if url is not None and site_url:
            url = urljoin(site_url if site_url.endswith("/") else site_url + "/", url)
            event.add("url", url)
        if url is not None:
            lines.append(url)
        event.add("description", "\n".join(lines))
        event.add("status", _STATUS.get(task.status, "CONFIRMED"))
        if task.category:
            event.add("categories", [task.category])
        cal.add_component(event)
    return bytes(cal.to_ical())
