"""Plain data: what a task page holds and what is wrong with it.

Nothing here knows about MkDocs; every line number is 1-based and counts lines of the
source file as the user sees it (front matter included).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .text import fold_key, normalise_name

EMPTY: Mapping[str, Any] = MappingProxyType({})  # shared by every task that has none
ERROR = "error"
WARNING = "warning"
OFF = "off"
DEPENDENCIES = "Dependencies"  # the section of dependencies, unless a kind names another
TIME_BOX = "Time-Box"  # the section that states a spike's duration (invalid-time-box)


@dataclass(frozen=True, slots=True)
class Category:
    name: str
    description: str = ""
    example: str = ""


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of task page (`task`, `spike`, or one the user configures), with the roles
    of its sections: which one's checkboxes are its progress, which one's items its
    dependencies (read on every page that has it, required or not)."""

    name: str
    sections: tuple[str, ...]
    progress: str
    dependencies: str = DEPENDENCIES


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the core needs from the configuration; hashable so it can key caches."""

    id_pattern: str = r"[A-Z][A-Z0-9]*-\d+"
    categories: tuple[Category, ...] = ()
    kinds: tuple[Kind, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()
    statuses: tuple[str, ...] = ("blocked", "cancelled")
    external_url: str | None = None
    rules: tuple[tuple[str, str], ...] = ()
    priorities: tuple[str, ...] = ("high", "medium", "low")
    fields: tuple[tuple[str, str], ...] = ()  # another tool's front matter key -> ours
    _hash: int = field(default=0, compare=False, repr=False)

    def __post_init__(self) -> None:
        # keys every parse-cache lookup: hash the nested tuples once, not per page
        object.__setattr__(self, "_hash", hash((self.id_pattern, self.categories, self.kinds,
                                                self.aliases, self.statuses, self.external_url,
                                                self.rules, self.priorities, self.fields)))

    def __hash__(self) -> int:
        return self._hash

    def kind(self, name: str) -> Kind | None:
        for k in self.kinds:
            if k.name == name:
                return k
        return None


@dataclass(slots=True)
class Heading:
    level: int
    text: str  # the heading's source text, markup included
    name: str  # normalised name used to compare sections
    line: int
    end_line: int  # last line of the heading (setext headings take two)


@dataclass(slots=True)
class Checkbox:
    line: int
    checked: bool


@dataclass(slots=True)
class Section:
    heading: Heading
    name: str  # canonical name after aliases
    end_line: int = 0  # last line before the next H1/H2
    content: int = 0  # how many lines with visible content it holds
    checkboxes: list[Checkbox] = field(default_factory=list)
    text: str | None = None  # its text, kept only for sections a rule reads (Time-Box)
    glued: bool = False  # it holds a checklist glued to the paragraph above (no checkboxes)

    @property
    def line(self) -> int:
        return self.heading.line


@dataclass(frozen=True, slots=True)
class Dependency:
    """One item of a Dependencies section, as a reader read it."""

    line: int
    text: str  # the item's text as the reader sees it
    refs: tuple[str, ...] = ()  # its ID-shaped words (outside code and URLs), in order
    link_targets: tuple[str, ...] = ()  # src paths of the task pages it links to
    first_token_is_id: bool = False
    in_front: bool = False  # listed under depends_on in the front matter, not in the body


@dataclass(slots=True)
class Problem:
    path: str  # relative to docs_dir until rules.check() makes it relative to the project
    line: int
    severity: str
    code: str
    task: str
    message: str
    src: str = ""  # relative to docs_dir, the key of the page it concerns

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.severity} [{self.code}] {self.task}: {self.message}"


@dataclass(slots=True)
class Marker:
    """An `<!-- tasks:index ... -->` or `<!-- tasks:graph -->` comment on a page."""

    kind: str  # "index" or "graph"
    line: int
    filters: dict[str, str]
    bad_attributes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Body:
    """What a page's body holds, as one reader saw it: the source reader (source.read) or
    the rendered-page reader (rendered.read). Both give the same facts for the same page;
    only the source reader knows lines (the other's are looked up by rendered.locate), and
    it says when it cannot model a construct. Facts are read, judged and let go: a Task
    keeps what the site needs of them."""

    title: str | None  # the first H1 as plain text
    title_line: int | None
    title_end_line: int | None
    sections: list[Section]
    dependencies: list[Dependency]
    dependencies_explicit_none: bool
    malformed: list[tuple[int, str]]
    placeholders: list[tuple[int, str]]
    markers: list[Marker]
    deferred: tuple[int, str] | None = None  # (line, construct) the source reader cannot model
    template: bool = False  # holds {{ }} or {% %}, which a plugin such as macros may expand
    empty: bool = False  # nothing at all: blank, or no body after the front matter

    def section(self, name: str) -> Section | None:
        for s in self.sections:
            if s.name == name:
                return s
        return None


@dataclass(frozen=True, slots=True)
class Task:
    """A task as the site knows it, made once from its page's facts (assemble.assemble),
    never changed after: its identity, its keys, its progress and status, the problems its
    page shows on its own. What it means among the others is the graph's (graph.Edges)."""

    src: str  # path relative to docs_dir, posix
    id: str
    kind: str
    title: str | None
    category: str | None
    meta: Mapping[str, Any]
    meta_lines: Mapping[str, int]
    title_line: int | None  # line of the H1, if any
    body_line: int  # first line after the front matter
    dependencies: tuple[Dependency, ...]  # depends_on in the front matter, then the section's
    dependencies_explicit_none: bool
    owners: tuple[str, ...]
    due: _dt.date | None
    start: _dt.date | None
    priority: str | None  # as configured under priorities
    tags: tuple[str, ...]
    status_value: str | None  # the front matter status, normalised, if valid
    status: str
    done: int
    total: int
    problems: tuple[Problem, ...]  # what the page shows wrong on its own
    # False where the facts came from a rendering and their lines were not looked up in
    # the source (rendered.locate): every line is then a stand-in
    located: bool
    # what the source reader could not model (line, construct): the page is read from its
    # rendering where there is one
    deferred: tuple[int, str] | None
    template: bool  # the source holds {{ }} or {% %} (see Body.template)
    empty: bool  # the page holds nothing (see Body.empty): one problem says so

    @property
    def display_title(self) -> str:
        return self.title if self.title is not None else self.id

    @property
    def owner(self) -> str | None:
        """The first owner (tasks.json's `owner`)."""
        return self.owners[0] if self.owners else None


@dataclass(frozen=True)
class Lookups:
    """What the readers derive from the settings, computed once per settings."""

    id_re: re.Pattern[str]
    aliases: dict[str, str]
    canonical: dict[str, str]
    kinds: frozenset[str]
    categories: dict[str, str]
    dependency_sections: frozenset[str]  # fold_key of each kind's dependencies section


@functools.lru_cache(maxsize=16)
def lookups(settings: Settings) -> Lookups:
    canonical: dict[str, str] = {}
    for kind in settings.kinds:
        for s in kind.sections:
            canonical.setdefault(normalise_name(s), s)
    return Lookups(
        id_re=re.compile(settings.id_pattern),
        aliases={normalise_name(a): normalise_name(b) for a, b in settings.aliases},
        canonical=canonical,
        kinds=frozenset(k.name for k in settings.kinds),
        categories={fold_key(c.name): c.name for c in settings.categories},
        dependency_sections=frozenset(fold_key(k.dependencies) for k in settings.kinds)
        or frozenset({fold_key(DEPENDENCIES)}),
    )
