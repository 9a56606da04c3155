"""A task from what its page holds, made once and in one place: its front matter (as YAML
gave it, with each key's line) and its body (from either reader) give its identity, kind,
category, keys, progress and status, and the problems its page shows on its own.

A new front matter key is one reading here (FrontKeys says how a text, a date, a list of
words or names, a configured choice or the dependencies are read, and what is wrong with
each) plus a field of model.Task.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import posixpath
import re
import sys
from typing import Any

from . import rules
from .dependencies import item
from .frontmatter import FrontMatter
from .model import EMPTY, ERROR, TIME_BOX, Body, Dependency, Problem, Settings, Task, lookups
from .status import progress
from .text import fold_key

_TIME_BOX = fold_key(TIME_BOX)


class FrontKeys:
    """Typed reads of a page's front matter keys; what is wrong with one is a problem at its
    line, naming the key as written. Another tool's key that `fields:` maps onto ours
    (`assignee` for `owner`) is read as ours, where the page does not have ours."""

    def __init__(self, src: str, front: FrontMatter, settings: Settings) -> None:
        self.src, self.meta, self.front = src, front.data, front
        self.problems: list[Problem] = []
        self.names: dict[str, str] = {}  # our key -> the key as written on this page
        for theirs, ours in settings.fields:
            if theirs in self.meta and ours not in self.meta and ours not in self.names:
                self.names[ours] = theirs

    def name(self, key: str) -> str:
        return self.names.get(key, key)

    def value(self, key: str) -> Any:
        return self.meta.get(self.name(key))

    def problem(self, line: int, code: str, message: str) -> None:
        self.problems.append(Problem(self.src, line, ERROR, code, "", message))

    def line(self, key: str) -> int:
        return self.front.key_lines.get(self.name(key), 1)

    def lines(self) -> dict[str, int]:
        """Each key's line, a mapped key's under our name too."""
        if not self.names:
            return self.front.key_lines
        return {**self.front.key_lines, **{ours: self.line(ours) for ours in self.names}}

    def wrong(self, key: str, message: str) -> None:
        self.problem(self.line(key), "invalid-front-matter", message)

    def text(self, key: str) -> str | None:
        """A single line of text (an `id` may not be a number YAML read)."""
        value, name = self.value(key), self.name(key)
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "id":
            self.wrong(key, f'"{name}" must be text, not the number {value!r}; quote it: {name}: "{value}"')
            return None
        if not isinstance(value, str) or not value.strip():
            self.wrong(key, f'"{name}" must be a single line of text, not {_describe(value)}')
            return None
        return value.strip()

    def date(self, key: str) -> _dt.date | None:
        """A date: YAML's own, or an ISO string."""
        value, name = self.value(key), self.name(key)
        if value is None:
            return None
        if isinstance(value, _dt.datetime):
            return value.date()
        if isinstance(value, _dt.date):
            return value
        if isinstance(value, str):
            try:
                return _dt.date.fromisoformat(value.strip())
            except ValueError:
                self.wrong(key, f'{name} "{value}" is not a date; write it as YYYY-MM-DD, '
                                f"e.g. {name}: 2026-12-15")
                return None
        self.wrong(key, f"{name} must be a date (YYYY-MM-DD), not {_describe(value)}")
        return None

    def words(self, key: str, example: str) -> tuple[str, ...]:
        """A list of words (numbers read as their text)."""
        value, name = self.value(key), self.name(key)
        if value is None:
            return ()
        if isinstance(value, list) and all(
                isinstance(t, (str, int, float)) and not isinstance(t, bool) for t in value):
            return tuple(str(t) for t in value)
        self.wrong(key, f"{name} must be a list of words, e.g. {name}: {example}, not {_describe(value)}")
        return ()

    def names_of(self, key: str) -> tuple[str, ...]:
        """A name, or a list of names."""
        value, name = self.value(key), self.name(key)
        if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
            return tuple(v.strip() for v in value)
        if isinstance(value, list):
            self.wrong(key, f"{name} must be a name or a list of names, e.g. {name}: [lee, sam], "
                            f"not {_describe(value)}")
            return ()
        one = self.text(key)
        return (one,) if one is not None else ()

    def choice(self, key: str, allowed: tuple[str, ...], option: str) -> str | None:
        """One of the configured values (ignoring case), as configured."""
        value = self.text(key)
        if value is None:
            return None
        found = next((a for a in allowed if a.casefold() == value.casefold()), None)
        if found is None:
            self.wrong(key, f'{self.name(key)} "{value}" is unknown; use one of: {", ".join(allowed)} '
                            f"(or add it under {option}: in mkdocs.yml)")
        return found

    def dependencies(self, id_re: re.Pattern[str]) -> tuple[Dependency, ...]:
        """`depends_on`: task IDs, each at its line in the front matter."""
        value, name = self.value("depends_on"), self.name("depends_on")
        if value is None:
            return ()
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            value = [value]
        if not isinstance(value, list) or not all(
                isinstance(v, (str, int)) and not isinstance(v, bool) and str(v).strip() for v in value):
            self.wrong("depends_on", f"{name} must be a list of task IDs, e.g. {name}: [PROJ-1, PROJ-2], "
                                     f"not {_describe(value)}")
            return ()
        lines = self.front.item_lines.get(name, [])
        if len(lines) != len(value):
            lines = [self.line("depends_on")] * len(value)
        return tuple(dataclasses.replace(item(line, str(v).strip(), str(v).strip(), [], id_re), in_front=True)
                     for line, v in zip(lines, value, strict=True))


def assemble(src: str, settings: Settings, front: FrontMatter, body: Body, located: bool = True) -> Task:
    """The task of a page. `located`: whether the body's lines are the source's (False for
    facts read from a rendering whose lines were not looked up, see rendered.locate)."""
    keys = FrontKeys(src, front, settings)
    if front.error:
        keys.problem(front.error[0], "invalid-front-matter", front.error[1])
    task_id = _identity(src, keys, settings)
    title = keys.text("title")
    if title is None:
        title = body.title
    if title is None and not body.empty:  # (an empty page is one problem: rules.local)
        keys.problem(body.title_line or 1, "missing-title",
                     'the page has no title; add a first line "# Title" or "title:" in the front matter')
    declared = _declared_kind(keys, settings)
    category = _category(src, keys, settings)
    kind = declared or _inferred_kind(category, body, settings)
    owners = keys.names_of("owner")
    due, start = keys.date("due"), keys.date("start")
    if due is not None and start is not None and start > due:
        keys.wrong("start", f"start {start.isoformat()} is after due {due.isoformat()}; "
                            "move one of them, so that the task starts before it is due")
    tags = keys.words("tags", "[cache, redis]")
    priority = keys.choice("priority", settings.priorities, "priorities")
    status_value = keys.text("status")
    depends = keys.dependencies(lookups(settings).id_re)
    done, total, status = progress(settings.kind(kind), body, status_value, settings)
    for p in keys.problems:
        p.task = task_id
    task = Task(
        src=src, id=task_id, kind=kind, title=title, category=category, meta=front.data,
        meta_lines=keys.lines() or EMPTY, title_line=body.title_line, body_line=front.body_index + 1,
        dependencies=(*depends, *body.dependencies),
        dependencies_explicit_none=body.dependencies_explicit_none,
        owners=owners, due=due, start=start, priority=priority, tags=tags, status_value=status_value,
        status=status, done=done, total=total, problems=tuple(keys.problems), located=located,
        deferred=body.deferred, template=body.template, empty=body.empty,
    )
    local = rules.local(task, body, settings)
    return dataclasses.replace(task, problems=(*task.problems, *local)) if local else task


def _identity(src: str, keys: FrontKeys, settings: Settings) -> str:
    """Front matter `id`, else the file name's ID-shaped start, else its stem."""
    stem = posixpath.splitext(posixpath.basename(src))[0]
    task_id = keys.text("id")
    if task_id is None:
        m = lookups(settings).id_re.match(stem)
        if m and (m.end() == len(stem) or not stem[m.end()].isalnum()):
            task_id = m.group(0)
        else:
            task_id = stem
    return sys.intern(task_id)  # one copy, shared with the dependency tokens naming it


def _declared_kind(keys: FrontKeys, settings: Settings) -> str | None:
    kinds = lookups(settings).kinds
    declared = keys.text("type")
    if declared is None:
        return None
    if declared.lower() in kinds:
        return declared.lower()
    keys.problem(keys.line("type"), "invalid-front-matter",
                 f'type "{declared}" is no kind of task; use one of: {", ".join(sorted(kinds))}')
    return None


def _category(src: str, keys: FrontKeys, settings: Settings) -> str | None:
    """Front matter `category` (as configured where it names one), else the folder's."""
    cats = lookups(settings).categories
    value = keys.text("category")
    if value is not None:
        return cats.get(fold_key(value), value)
    parent = posixpath.basename(posixpath.dirname(src))
    return cats.get(fold_key(parent)) if parent else None


def _inferred_kind(category: str | None, body: Body, settings: Settings) -> str:
    """A spike when its category is Research/Spike or it has a Time-Box; else a task."""
    kinds = lookups(settings).kinds
    timebox = any(fold_key(s.name) == _TIME_BOX for s in body.sections)
    if "spike" in kinds and ((category is not None and fold_key(category) == "researchspike") or timebox):
        return "spike"
    if "task" in kinds:
        return "task"
    return settings.kinds[0].name if settings.kinds else "task"


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
