"""Task + the set of all tasks -> Problems. One small function per problem code."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from . import dates
from .graph import Graph
from .model import ERROR, OFF, TIME_BOX, WARNING, Body, Problem, Section, Settings, Task
from .status import DERIVED, DERIVED_BY_KEY, manual_status, status_key
from .text import fold_key, normalise_name

# Every problem code: its default severity and what it means (docs/guide/problems.md's
# table says the same, and SARIF's rules). A new code is a line here, its rule below
# (in LOCAL_RULES or GRAPH_RULES), a fixture that triggers it and its section in the guide.
PROBLEM_CODES: dict[str, tuple[str, str]] = {
    "missing-section": (ERROR, "a required section is absent"),
    "empty-section": (ERROR, "a required section has no content"),
    "duplicate-section": (ERROR, "a section appears twice"),
    "section-order": (WARNING, "required sections out of the kind's order"),
    "no-criteria": (ERROR, "the progress section has no checkbox"),
    "malformed-checkbox": (WARNING, "an item that looks like a checkbox but is none"),
    "missing-title": (ERROR, "no title"),
    "missing-category": (ERROR, "no category found"),
    "unknown-category": (ERROR, "a category that is not configured"),
    "invalid-front-matter": (ERROR, "front matter that is not valid YAML, or a key of the wrong type"),
    "duplicate-id": (ERROR, "two tasks share an ID"),
    "unknown-dependency": (WARNING, "a dependency that names no task and has no external_url"),
    "self-dependency": (ERROR, "a task depends on itself"),
    "dependency-cycle": (ERROR, "a cycle of dependencies"),
    "invalid-time-box": (WARNING, "a spike's Time-Box states no duration"),
    "status-mismatch": (WARNING, "front matter status contradicts the checkboxes"),
    "template-placeholder": (WARNING, "text left from the template's skeleton"),
    "empty-page": (ERROR, "a task page with no content at all"),
    "overdue": (OFF, "a task past its due date that is not done or cancelled"),
}
CODES = tuple(PROBLEM_CODES)
DEFAULT_SEVERITY = {code: severity for code, (severity, _) in PROBLEM_CODES.items()}
DESCRIPTIONS = {code: description for code, (_, description) in PROBLEM_CODES.items()}

_DURATION = re.compile(
    r"(?:\b\d+(?:[.,]\d+)?|\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|half\s+a))"
    r"\s*-?\s*(?:h|hrs?|hours?|d|days?|w|wks?|weeks?|sprints?|months?|m|mins?|minutes?)\b",
    re.IGNORECASE,
)

Found = Iterator[tuple[int, str, str]]  # (line, code, message)
_TIME_BOX = fold_key(TIME_BOX)
LONG_CYCLE = 20  # longer dependency cycles are spelled out on their first member only


def kind_sections(kind_name: str, settings: Settings) -> tuple[str, ...]:
    """The sections a kind requires, in their order."""
    kind = settings.kind(kind_name)
    return kind.sections if kind else ()


def edits(a: str, b: str, limit: int) -> int:
    """The edits (insert, delete, replace, swap two neighbours) that turn a into b, counted
    up to limit + 1: how far a typo is from the word meant."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        now = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            now[j] = min(row[j] + 1, now[j - 1] + 1, row[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                now[j] = min(now[j], before[j - 2] + 1)
        if min(now) > limit:
            return limit + 1
        before, row = row, now
    return row[-1]


def near_miss(heading: str, name: str) -> int | None:
    """How far a heading is from a section name when it is a near miss of it (the same
    words cased or punctuated otherwise: 0; a typo within two edits, one for names of
    under eight letters), else None."""
    if fold_key(heading) == fold_key(name):
        return 0
    a, b = normalise_name(heading), normalise_name(name)
    limit = 2 if len(b) >= 8 else 1
    far = edits(a, b, limit)
    return far if far <= limit else None


def missing_sections(sections: list[Section], required: tuple[str, ...]) -> list[tuple[str, Section | None]]:
    """Each required section the page lacks, with the H2 of the page that is a near miss
    of it (`## Aproach` for Approach), if one is: what build, check and fix all go by."""
    present = {s.name for s in sections}
    absent = [name for name in required if name not in present]
    if not absent:
        return []
    others = [s for s in sections if s.name not in required]
    found: list[tuple[str, Section | None]] = []
    for name in absent:
        best: tuple[int, Section] | None = None
        for s in others:
            far = near_miss(s.name, name)
            if far is not None and (best is None or far < best[0]):
                best = (far, s)
        if best is not None:
            others.remove(best[1])
        found.append((name, best[1] if best else None))
    return found


def missing_section(task: Task, body: Body, settings: Settings) -> Found:
    required = kind_sections(task.kind, settings)
    present = {s.name: s for s in reversed(body.sections)}
    h2s = [s.line for s in body.sections]
    needs = f"a {task.kind} needs: {', '.join(required)}"
    for name, miss in missing_sections(body.sections, required):
        if miss is not None:
            yield miss.line, "missing-section", (
                f'required section "{name}" is missing: did you mean ## {name}? '
                f'(this heading reads "{miss.name}"; {needs})'
            )
            continue
        i = required.index(name)
        later = [present[n].line for n in required[i + 1:] if n in present]
        if later:
            line = later[0]
        elif h2s:
            line = h2s[-1]
        elif task.title_line:
            line = task.title_line
        else:
            line = 1
        yield line, "missing-section", f'required section "{name}" is missing ({needs})'


def empty_section(task: Task, body: Body, settings: Settings) -> Found:
    required = set(kind_sections(task.kind, settings))
    seen: set[str] = set()
    for s in body.sections:
        if s.name not in required or s.name in seen:
            continue
        seen.add(s.name)
        if not s.content:
            hint = ' (write "None" if there are none)' if fold_key(s.name) == "dependencies" else ""
            yield s.line, "empty-section", (
                f'section "{s.name}" is empty; write its content under the heading{hint}'
            )


def duplicate_section(task: Task, body: Body, settings: Settings) -> Found:
    first: dict[str, int] = {}
    for s in body.sections:
        if s.name in first:
            yield s.line, "duplicate-section", (
                f'section "{s.name}" appears again (first at line {first[s.name]}); '
                "merge the two into one"
            )
        else:
            first[s.name] = s.line


def section_order(task: Task, body: Body, settings: Settings) -> Found:
    required = kind_sections(task.kind, settings)
    rank = {name: i for i, name in enumerate(required)}
    firsts: list[tuple[int, str]] = []
    seen: set[str] = set()
    for s in body.sections:
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


def no_criteria(task: Task, body: Body, settings: Settings) -> Found:
    kind = settings.kind(task.kind)
    if kind is None:
        return
    section = body.section(kind.progress)
    if section is None or not section.content or section.checkboxes:
        return
    if section.glued:  # (malformed-checkbox says where)
        how = ("its checklist is glued to the line above, so it renders as plain text; "
               "add a blank line before the list")
    else:
        how = 'write each item as "- [ ] ..."'
    yield section.line, "no-criteria", (
        f'section "{kind.progress}" has no checkbox, so progress cannot be counted; {how}'
    )


def malformed_checkbox(task: Task, body: Body, settings: Settings) -> Found:
    for line, message in body.malformed:
        yield line, "malformed-checkbox", message


def missing_category(task: Task, body: Body, settings: Settings) -> Found:
    if task.category is not None or "category" in task.meta:
        return
    names = ", ".join(c.name for c in settings.categories)
    yield 1, "missing-category", (
        'no category; add "category:" to the front matter, or put the page in a folder '
        f"named after one of: {names}"
    )


def unknown_category(task: Task, body: Body, settings: Settings) -> Found:
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


def front_matter_status(task: Task, body: Body, settings: Settings) -> Found:
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
    for dep, (task_ids, unknown_ids) in zip(task.dependencies, graph.edges[task.src].items, strict=True):
        if task.id in task_ids:
            yield dep.line, "self-dependency", (
                f'depends on itself; remove "{task.id}" from its Dependencies'
            )
        if graph.settings.external_url:
            continue
        for unknown in unknown_ids:
            yield dep.line, "unknown-dependency", (
                f'dependency "{unknown}" names no task of this site; fix the ID, add the task, '
                "or set external_url in mkdocs.yml to link tracker IDs"
            )


def invalid_time_box(task: Task, body: Body, settings: Settings) -> Found:
    for s in body.sections:
        if fold_key(s.name) != _TIME_BOX or not s.content:
            continue
        if not _DURATION.search(s.text or ""):
            yield s.line, "invalid-time-box", (
                'Time-Box states no duration; write one such as "2 days", "3d", "1 week" or "4h"'
            )
        break


def template_placeholder(task: Task, body: Body, settings: Settings) -> Found:
    for line, text in body.placeholders:
        yield line, "template-placeholder", (
            f'"{text}" is left from the template; replace it with this task\'s own text'
        )


# Rules that read only the task's own page (and the settings), in reporting order.
LOCAL_RULES: tuple[Callable[[Task, Body, Settings], Found], ...] = (
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
def overdue(task: Task, graph: Graph) -> Found:
    if dates.overdue(task.due, task.status, graph.today):
        assert task.due is not None
        days = (graph.today - task.due).days
        yield task.meta_lines.get("due", 1), "overdue", (
            f"due {task.due.isoformat()} has passed (overdue by {days} day{'s' * (days != 1)}); finish "
            "the task, set a later due date, or set its status to cancelled")


# Rules that need the other tasks (after graph.build has resolved dependencies) or the day.
GRAPH_RULES: tuple[Callable[[Task, Graph], Found], ...] = (dependencies, overdue)


def _problems(task: Task, found: Iterable[Found]) -> list[Problem]:
    """What rules found on a task, as problems (at the default severity, set in check)."""
    return [Problem(task.src, line, ERROR, code, task.id, message)
            for each in found for line, code, message in each]


def empty_page(task: Task, body: Body, settings: Settings) -> Found:
    sections = kind_sections(task.kind, settings)
    yield 1, "empty-page", (
        f"the page is empty; write the {task.kind} into it (a title, then the sections "
        f"{', '.join(sections)}, as in the template), or delete the file")


def local(task: Task, body: Body, settings: Settings) -> list[Problem]:
    """What the page's own rules find (at default severity, set in check), the moment its
    task is made (assemble): on most pages nothing, found without running them one by one."""
    if task.empty:  # every other rule would only say the same in its own way
        return _problems(task, (empty_page(task, body, settings),))
    if clean(task, body, settings):
        return []
    return each_local(task, body, settings)


def each_local(task: Task, body: Body, settings: Settings) -> list[Problem]:
    """What the page's own rules find, each of them run."""
    return _problems(task, (rule(task, body, settings) for rule in LOCAL_RULES))


def clean(task: Task, body: Body, settings: Settings) -> bool:
    """True only for a page on which no page-local rule can find anything: its kind's
    sections once each, in order, none empty, checkboxes in the progress section, no
    look-alike, no placeholder, a known category, no front matter status. Most pages of a
    site are such pages, and are spared the rules one by one (the rules decide the rest;
    a property test holds the two to agree)."""
    kind = settings.kind(task.kind)
    if (kind is None or body.malformed or body.placeholders or task.status_value is not None
            or task.category is None or not any(c.name == task.category for c in settings.categories)):
        return False
    names = [s.name for s in body.sections]
    if len(set(names)) != len(names):
        return False
    required = [s for s in body.sections if s.name in kind.sections]
    if [s.name for s in required] != list(kind.sections) or not all(s.content for s in required):
        return False
    progress = next(s for s in required if s.name == kind.progress) if kind.progress in kind.sections \
        else body.section(kind.progress)
    if progress is not None and progress.content and not progress.checkboxes:
        return False
    return not any(fold_key(s.name) == _TIME_BOX for s in body.sections)


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
