"""Task + the set of all tasks -> Problems. One small function per problem code."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from .graph import DERIVED, DERIVED_BY_KEY, Graph, manual_status, measure, status_key
from .model import ERROR, OFF, WARNING, Problem, Settings, Task
from .parse import fold_key

DEFAULT_SEVERITY: dict[str, str] = {
    "missing-section": ERROR,
    "empty-section": ERROR,
    "duplicate-section": ERROR,
    "section-order": WARNING,
    "no-criteria": ERROR,
    "malformed-checkbox": WARNING,
    "missing-title": ERROR,
    "missing-category": ERROR,
    "unknown-category": ERROR,
    "invalid-front-matter": ERROR,
    "duplicate-id": ERROR,
    "unknown-dependency": WARNING,
    "self-dependency": ERROR,
    "dependency-cycle": ERROR,
    "invalid-time-box": WARNING,
    "status-mismatch": WARNING,
    "template-placeholder": WARNING,
}
CODES = tuple(DEFAULT_SEVERITY)
# what each code means, as docs/guide/problems.md's table says (and SARIF's rules)
DESCRIPTIONS: dict[str, str] = {
    "missing-section": "a required section is absent",
    "empty-section": "a required section has no content",
    "duplicate-section": "a section appears twice",
    "section-order": "required sections out of the kind's order",
    "no-criteria": "the progress section has no checkbox",
    "malformed-checkbox": "an item that looks like a checkbox but is none",
    "missing-title": "no title",
    "missing-category": "no category found",
    "unknown-category": "a category that is not configured",
    "invalid-front-matter": "front matter that is not valid YAML, or a key of the wrong type",
    "duplicate-id": "two tasks share an ID",
    "unknown-dependency": "a dependency that names no task and has no external_url",
    "self-dependency": "a task depends on itself",
    "dependency-cycle": "a cycle of dependencies",
    "invalid-time-box": "a spike's Time-Box states no duration",
    "status-mismatch": "front matter status contradicts the checkboxes",
    "template-placeholder": "text left from the template's skeleton",
}

_DURATION = re.compile(
    r"(?:\b\d+(?:[.,]\d+)?|\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|half\s+a))"
    r"\s*-?\s*(?:h|hrs?|hours?|d|days?|w|wks?|weeks?|sprints?|months?|m|mins?|minutes?)\b",
    re.IGNORECASE,
)

Found = Iterator[tuple[int, str, str]]  # (line, code, message)
LONG_CYCLE = 20  # longer dependency cycles are spelled out on their first member only


def _kind_sections(task: Task, settings: Settings) -> tuple[str, ...]:
    kind = settings.kind(task.kind)
    return kind.sections if kind else ()


def missing_section(task: Task, settings: Settings) -> Found:
    required = _kind_sections(task, settings)
    present = {s.name: s for s in reversed(task.sections)}
    h2s = [s.line for s in task.sections]
    for i, name in enumerate(required):
        if name in present:
            continue
        later = [present[n].line for n in required[i + 1:] if n in present]
        if later:
            line = later[0]
        elif h2s:
            line = h2s[-1]
        elif task.title_line:
            line = task.title_line
        else:
            line = 1
        yield line, "missing-section", (
            f'required section "{name}" is missing '
            f"(a {task.kind} needs: {', '.join(required)})"
        )


def empty_section(task: Task, settings: Settings) -> Found:
    required = set(_kind_sections(task, settings))
    seen: set[str] = set()
    for s in task.sections:
        if s.name not in required or s.name in seen:
            continue
        seen.add(s.name)
        if not s.content:
            hint = ' (write "None" if there are none)' if fold_key(s.name) == "dependencies" else ""
            yield s.line, "empty-section", (
                f'section "{s.name}" is empty; write its content under the heading{hint}'
            )


def duplicate_section(task: Task, settings: Settings) -> Found:
    first: dict[str, int] = {}
    for s in task.sections:
        if s.name in first:
            yield s.line, "duplicate-section", (
                f'section "{s.name}" appears again (first at line {first[s.name]}); '
                "merge the two into one"
            )
        else:
            first[s.name] = s.line


def section_order(task: Task, settings: Settings) -> Found:
    required = _kind_sections(task, settings)
    rank = {name: i for i, name in enumerate(required)}
    firsts: list[tuple[int, str]] = []
    seen: set[str] = set()
    for s in task.sections:
        if s.name in rank and s.name not in seen:
            seen.add(s.name)
            firsts.append((s.line, s.name))
    highest: str | None = None
    for line, name in firsts:
        if highest is not None and rank[name] < rank[highest]:
            yield line, "section-order", (
                f'section "{name}" should come before "{highest}" '
                f"(a {task.kind}'s order: {', '.join(required)})"
            )
        elif highest is None or rank[name] > rank[highest]:
            highest = name


def no_criteria(task: Task, settings: Settings) -> Found:
    kind = settings.kind(task.kind)
    if kind is None:
        return
    section = task.section(kind.progress)
    if section is None or not section.content or section.checkboxes:
        return
    yield section.line, "no-criteria", (
        f'section "{kind.progress}" has no checkbox, so progress cannot be counted; '
        'write each item as "- [ ] ..."'
    )


def malformed_checkbox(task: Task, settings: Settings) -> Found:
    for line, message in task.malformed:
        yield line, "malformed-checkbox", message


def missing_category(task: Task, settings: Settings) -> Found:
    if task.category is not None or "category" in task.meta:
        return
    names = ", ".join(c.name for c in settings.categories)
    yield 1, "missing-category", (
        'no category; add "category:" to the front matter, or put the page in a folder '
        f"named after one of: {names}"
    )


def unknown_category(task: Task, settings: Settings) -> Found:
    if task.category is None:
        return
    known = {c.name for c in settings.categories}
    if task.category in known:
        return
    names = ", ".join(c.name for c in settings.categories)
    yield task.meta_lines.get("category", 1), "unknown-category", (
        f'category "{task.category}" is not configured; use one of: {names} '
        "(or add it under categories: in mkdocs.yml)"
    )


def front_matter_status(task: Task, settings: Settings) -> Found:
    if task.status_value is None:
        return
    line = task.meta_lines.get("status", 1)
    key = status_key(task.status_value)
    if key in DERIVED_BY_KEY:
        if DERIVED_BY_KEY[key] != task.status:
            yield line, "status-mismatch", (
                f'status "{task.status_value}" contradicts the checkboxes '
                f"({task.done}/{task.total} checked, so {task.status}); "
                'remove "status:" or tick the checkboxes that are done'
            )
    elif manual_status(task.status_value, settings) is None:
        allowed = ", ".join(list(DERIVED) + list(settings.statuses))
        yield line, "invalid-front-matter", (
            f'status "{task.status_value}" is unknown; use one of: {allowed} '
            "(or add it under statuses: in mkdocs.yml)"
        )


def dependencies(task: Task, graph: Graph) -> Found:
    for dep in task.dependencies:
        if task.id in dep.task_ids:
            yield dep.line, "self-dependency", (
                f'depends on itself; remove "{task.id}" from its Dependencies'
            )
        if graph.settings.external_url:
            continue
        for unknown in dep.unknown_ids:
            yield dep.line, "unknown-dependency", (
                f'dependency "{unknown}" names no task of this site; fix the ID, add the task, '
                "or set external_url in mkdocs.yml to link tracker IDs"
            )


def invalid_time_box(task: Task, settings: Settings) -> Found:
    for s in task.sections:
        if fold_key(s.name) != "timebox" or not s.content:
            continue
        if not _DURATION.search(s.text or ""):
            yield s.line, "invalid-time-box", (
                'Time-Box states no duration; write one such as "2 days", "3d", "1 week" or "4h"'
            )
        break


def template_placeholder(task: Task, settings: Settings) -> Found:
    for line, text in task.placeholders:
        yield line, "template-placeholder", (
            f'"{text}" is left from the template; replace it with this task\'s own text'
        )


# Rules that read only the task's own page (and the settings), in reporting order.
LOCAL_RULES: tuple[Callable[[Task, Settings], Found], ...] = (
    missing_section,
    empty_section,
    duplicate_section,
    section_order,
    no_criteria,
    malformed_checkbox,
    missing_category,
    unknown_category,
    front_matter_status,
    invalid_time_box,
    template_placeholder,
)
# Rules that need the other tasks (after graph.build has resolved dependencies).
GRAPH_RULES: tuple[Callable[[Task, Graph], Found], ...] = (dependencies,)


def _problems(task: Task, found: Iterable[Found]) -> list[Problem]:
    """What rules found on a task, as problems (at the default severity, set in check)."""
    return [Problem(task.src, line, ERROR, code, task.id, message)
            for each in found for line, code, message in each]


def _local_problems(task: Task, settings: Settings) -> list[Problem]:
    return _problems(task, (rule(task, settings) for rule in LOCAL_RULES))


def local(task: Task, settings: Settings) -> None:
    """Measure the task and run the page-local rules once, right after parsing: their
    problems join the page's own (a cached task keeps them), and what only they read can
    then be dropped (Task.drop_local) before the other pages are parsed."""
    if task.checked:
        return
    if not task.measured:
        measure(task, settings)
    if not clean(task, settings):
        task.problems = [*task.problems, *_local_problems(task, settings)]
    task.checked = True


def clean(task: Task, settings: Settings) -> bool:
    """True only for a page on which no page-local rule can find anything: its kind's
    sections once each, in order, none empty, checkboxes in the progress section, no
    look-alike, no placeholder, a known category, no front matter status. Most pages of a
    site are such pages, and are spared the rules one by one (the rules decide the rest;
    a property test holds the two to agree)."""
    kind = settings.kind(task.kind)
    if (kind is None or task.malformed or task.placeholders or task.status_value is not None
            or task.category is None or not any(c.name == task.category for c in settings.categories)):
        return False
    names = [s.name for s in task.sections]
    if len(set(names)) != len(names):
        return False
    required = [s for s in task.sections if s.name in kind.sections]
    if [s.name for s in required] != list(kind.sections) or not all(s.content for s in required):
        return False
    progress = next(s for s in required if s.name == kind.progress) if kind.progress in kind.sections \
        else task.section(kind.progress)
    if progress is not None and progress.content and not progress.checkboxes:
        return False
    return not any(fold_key(s.name) == "timebox" for s in task.sections)


def graph_problems(graph: Graph, prefix: str = "") -> list[Problem]:
    found: list[Problem] = []
    for tid, tasks in graph.duplicates.items():
        for t in tasks:
            others = ", ".join(f"{prefix}{o.src}:{o.meta_lines.get('id', 1)}" for o in tasks if o is not t)
            found.append(Problem(t.src, t.meta_lines.get("id", 1), ERROR, "duplicate-id", tid,
                                 f'ID "{tid}" is also used by {others}; give each task its own "id:"'))
    for cycle in graph.cycles:
        names = " -> ".join([t.id for t, _ in cycle] + [cycle[0][0].id])
        first, first_line = cycle[0]
        for k, (t, line) in enumerate(cycle):
            if k == 0 or len(cycle) <= LONG_CYCLE:
                message = f"dependency cycle {names}; remove one of these dependencies"
            else:
                # a long cycle is listed once, on its first member: n messages of n IDs
                # each would grow as the square of its length
                nxt = cycle[(k + 1) % len(cycle)][0].id
                message = (f"{t.id} -> {nxt} is part of a dependency cycle of {len(cycle)} tasks, "
                           f"listed at {prefix}{first.src}:{first_line}; remove one of its dependencies")
            found.append(Problem(t.src, line, ERROR, "dependency-cycle", t.id, message))
    return found


def check(graph: Graph, severities: dict[str, str] | None = None, prefix: str = "") -> list[Problem]:
    """Every problem of every task, with configured severities, sorted by path then line.

    `prefix` is the docs_dir relative to the project root (`docs/`): paths in problems are
    shown from the project root, where the user runs mkdocs.
    """
    levels = dict(DEFAULT_SEVERITY)
    levels.update(severities or {})
    problems: list[Problem] = []
    for task in graph.tasks:
        problems.extend(task.problems)
        if not task.checked:  # a task parsed without rules.local (tests, tools)
            problems.extend(_local_problems(task, graph.settings))
        problems.extend(_problems(task, (rule(task, graph) for rule in GRAPH_RULES)))
    problems.extend(graph_problems(graph, prefix))
    kept = []
    for p in problems:
        level = levels.get(p.code, ERROR)
        if level == OFF:
            continue
        kept.append(Problem(prefix + p.path, p.line, level, p.code, p.task, p.message, p.path))
    kept.sort(key=lambda p: (p.path, p.line))  # stable: rule order within a line
    # the same problem twice at the same place says nothing new
    seen: set[tuple[str, int, str, str]] = set()
    unique: list[Problem] = []
    for p in kept:
        key = (p.path, p.line, p.code, p.message)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def tally(problems: list[Problem]) -> tuple[int, int]:
    """(errors, warnings) among the problems."""
    errors = sum(p.severity == ERROR for p in problems)
    return errors, len(problems) - errors


def failing(problems: list[Problem], fail_on: str) -> bool:
    """Whether `fail_on` (error, warning or never) fails a build with these problems."""
    errors, warnings = tally(problems)
    if fail_on == "error":
        return errors > 0
    if fail_on == "warning":
        return errors + warnings > 0
    return False
