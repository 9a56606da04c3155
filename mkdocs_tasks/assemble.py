"""A task from what its page holds, made once and in one place: its front matter (as YAML
gave it, with each key's line) and its body (from either reader) give its identity, kind,
category, keys, progress and status, and the problems its page shows on its own.

A new front matter key is one reading here (FrontKeys says how a text, a date or a list
of words is read and what is wrong with it) plus a field of model.Task.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import posixpath
import sys
from typing import Any

from . import rules
from .model import EMPTY, ERROR, TIME_BOX, Body, Problem, Settings, Task, lookups
from .status import progress
from .text import fold_key

_TIME_BOX = fold_key(TIME_BOX)


class FrontKeys:
    """Typed reads of front matter keys; what is wrong with one is a problem at its line."""

    def __init__(self, src: str, meta: dict[str, Any], key_lines: dict[str, int]) -> None:
        self.src, self.meta, self.key_lines = src, meta, key_lines
        self.problems: list[Problem] = []

    def problem(self, line: int, code: str, message: str) -> None:
        self.problems.append(Problem(self.src, line, ERROR, code, "", message))

    def line(self, key: str) -> int:
        return self.key_lines.get(key, 1)

    def text(self, key: str) -> str | None:
        """A single line of text (an `id` may not be a number YAML read)."""
        value = self.meta.get(key)
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "id":
            self.problem(self.line(key), "invalid-front-matter",
                         f'"{key}" must be text, not the number {value!r}; quote it: {key}: "{value}"')
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(self.line(key), "invalid-front-matter",
                         f'"{key}" must be a single line of text, not {_describe(value)}')
            return None
        return value.strip()

    def date(self, key: str) -> _dt.date | None:
        """A date: YAML's own, or an ISO string."""
        value = self.meta.get(key)
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
                self.problem(self.line(key), "invalid-front-matter",
                             f'{key} "{value}" is not a date; write it as YYYY-MM-DD, e.g. {key}: 2026-12-15')
                return None
        self.problem(self.line(key), "invalid-front-matter",
                     f"{key} must be a date (YYYY-MM-DD), not {_describe(value)}")
        return None

    def words(self, key: str, example: str) -> tuple[str, ...]:
        """A list of words (numbers read as their text)."""
        value = self.meta.get(key)
        if value is None:
            return ()
        if isinstance(value, list) and all(
                isinstance(t, (str, int, float)) and not isinstance(t, bool) for t in value):
            return tuple(str(t) for t in value)
        self.problem(self.line(key), "invalid-front-matter",
                     f"{key} must be a list of words, e.g. {key}: {example}, not {_describe(value)}")
        return ()


def assemble(src: str, settings: Settings, meta: dict[str, Any], key_lines: dict[str, int],
             fm_error: tuple[int, str] | None, body: Body, body_line: int,
             located: bool = True) -> Task:
    """The task of a page. `located`: whether the body's lines are the source's (False for
    facts read from a rendering whose lines were not looked up, see rendered.locate)."""
    keys = FrontKeys(src, meta, key_lines)
    if fm_error:
        keys.problem(fm_error[0], "invalid-front-matter", fm_error[1])
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
    owner = keys.text("owner")
    due = keys.date("due")
    tags = keys.words("tags", "[cache, redis]")
    status_value = keys.text("status")
    done, total, status = progress(settings.kind(kind), body, status_value, settings)
    for p in keys.problems:
        p.task = task_id
    task = Task(
        src=src, id=task_id, kind=kind, title=title, category=category, meta=meta,
        meta_lines=key_lines or EMPTY, title_line=body.title_line, body_line=body_line,
        dependencies=tuple(body.dependencies), dependencies_explicit_none=body.dependencies_explicit_none,
        owner=owner, due=due, tags=tags, status_value=status_value, status=status, done=done,
        total=total, problems=tuple(keys.problems), located=located, deferred=body.deferred,
        template=body.template, empty=body.empty,
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
