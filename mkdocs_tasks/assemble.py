"""A task from what its page holds: front matter (as YAML gave it, with each key's line) and
its body (from either reader): identity, kind, category, the other keys, their problems.
"""

from __future__ import annotations

import datetime as _dt
import posixpath
import sys
from typing import Any

from .model import ERROR, Body, Problem, Settings, Task, lookups
from .text import fold_key


def assemble(src: str, settings: Settings, meta: dict[str, Any], key_lines: dict[str, int],
             fm_error: tuple[int, str] | None, body: Body, body_line: int) -> Task:
    """A task from its front matter (as YAML gave it, with each key's line) and its body
    (from either reader): identity, kind, category, the other keys, their problems."""
    problems: list[Problem] = []
    tables = lookups(settings)

    def problem(line: int, code: str, message: str) -> None:
        problems.append(Problem(src, line, ERROR, code, "", message))

    if fm_error:
        problem(fm_error[0], "invalid-front-matter", fm_error[1])

    def key_line(key: str) -> int:
        return key_lines.get(key, 1)

    def string_key(key: str) -> str | None:
        if key not in meta or meta[key] is None:
            return None
        value = meta[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "id":
            problem(key_line(key), "invalid-front-matter",
                    f'"{key}" must be text, not the number {value!r}; quote it: {key}: "{value}"')
            return None
        s = _as_str(value)
        if s is None or not s.strip():
            problem(key_line(key), "invalid-front-matter",
                    f'"{key}" must be a single line of text, not {_describe(value)}')
            return None
        return s.strip()

    # --- identity --------------------------------------------------------------
    stem = posixpath.splitext(posixpath.basename(src))[0]
    task_id = string_key("id")
    if task_id is None:
        m = tables.id_re.match(stem)
        if m and (m.end() == len(stem) or not stem[m.end()].isalnum()):
            task_id = m.group(0)
        else:
            task_id = stem
    task_id = sys.intern(task_id)  # one copy, shared with the dependency tokens naming it

    title = string_key("title")
    if title is None:
        title = body.title
    if title is None and not body.empty:  # (an empty page is one problem: rules.local)
        problem(body.title_line or 1, "missing-title",
                'the page has no title; add a first line "# Title" or "title:" in the front matter')

    # --- kind ------------------------------------------------------------------
    kinds = tables.kinds
    declared = string_key("type")
    kind_name = None
    if declared is not None:
        if declared.lower() in kinds:
            kind_name = declared.lower()
        else:
            problem(key_line("type"), "invalid-front-matter",
                    f'type "{declared}" is no kind of task; use one of: {", ".join(sorted(kinds))}')

    # --- category --------------------------------------------------------------
    cats = tables.categories
    category = None
    cat_value = string_key("category")
    if cat_value is not None:
        category = cats.get(fold_key(cat_value), cat_value)
    else:
        parent = posixpath.basename(posixpath.dirname(src))
        category = cats.get(fold_key(parent)) if parent else None

    if kind_name is None:
        has_timebox = any(fold_key(s.name) == "timebox" for s in body.sections)
        if "spike" in kinds and (
            (category is not None and fold_key(category) == "researchspike") or has_timebox
        ):
            kind_name = "spike"
        elif "task" in kinds:
            kind_name = "task"
        else:
            kind_name = settings.kinds[0].name if settings.kinds else "task"

    # --- other keys ------------------------------------------------------------
    owner = string_key("owner")
    due: _dt.date | None = None
    if meta.get("due") is not None:
        raw_due = meta["due"]
        if isinstance(raw_due, _dt.datetime):
            due = raw_due.date()
        elif isinstance(raw_due, _dt.date):
            due = raw_due
        elif isinstance(raw_due, str):
            try:
                due = _dt.date.fromisoformat(raw_due.strip())
            except ValueError:
                problem(key_line("due"), "invalid-front-matter",
                        f'due "{raw_due}" is not a date; write it as YYYY-MM-DD, e.g. due: 2026-12-15')
        else:
            problem(key_line("due"), "invalid-front-matter",
                    f"due must be a date (YYYY-MM-DD), not {_describe(raw_due)}")
    tags: list[str] = []
    if meta.get("tags") is not None:
        raw_tags = meta["tags"]
        words = isinstance(raw_tags, list) and all(
            isinstance(t, (str, int, float)) and not isinstance(t, bool) for t in raw_tags)
        if words:
            tags = [str(t) for t in raw_tags]
        else:
            problem(key_line("tags"), "invalid-front-matter",
                    f"tags must be a list of words, e.g. tags: [cache, redis], not {_describe(raw_tags)}")

    status_value = string_key("status")
    for p in problems:
        p.task = task_id
    return Task(
        src=src,
        id=task_id,
        kind=kind_name,
        title=title,
        category=category,
        meta=meta,
        meta_lines=key_lines,
        sections=body.sections,
        title_line=body.title_line,
        title_end_line=body.title_end_line,
        body_line=body_line,
        dependencies=body.dependencies,
        dependencies_explicit_none=body.dependencies_explicit_none,
        owner=owner,
        due=due,
        tags=tags,
        status_value=status_value,
        problems=problems,
        malformed=body.malformed,
        placeholders=body.placeholders,
        markers=body.markers,
        deferred=body.deferred,
        template=body.template,
        empty=body.empty,
    )


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


def _as_str(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    return None
