"""One pipeline from a site's pages to its judged tasks, for every front end:

    find -> read -> assemble -> graph -> rules -> locate problems in the source

- find: which pages are task pages (by path or by `type:`) and which hold markers,
  without parsing any (`find`);
- read: each task page's facts, from its source (`SourceReader`, the command line and
  the Zensical extension; a page the source reader cannot model is read from its
  rendering) or from the page a build rendered (`Page`, the plugin);
- assemble: a Task from the facts (assemble.assemble, with the page's own problems);
- graph and rules: `judge`;
- locate: a task read from its rendering has no lines until a problem needs them: only
  then is its source read and its facts' lines looked up (rendered.locate).

The plugin, the command line (project.check) and the extension all come through here.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pathspec

from . import graph as graph_mod
from . import rendered, rules
from .assemble import assemble
from .frontmatter import FrontMatter, split_lines
from .model import Body, Marker, Problem, Settings, Task
from .source import deferred, parse, scan_markers

_TYPE_LINE = re.compile(r"^type[ \t]*:", re.MULTILINE)
_MARKER_HINT = "<!--"

Pages = Iterable[tuple[str, Callable[[], str]]]  # (src, what reads its text)
# A page's file (mtime in ns, size): unchanged, the page need not be read again to know
# whether it is a task and which markers it holds.
Stamp = tuple[int, int]
Seen = dict[str, tuple[Stamp, bool, Sequence[Marker]]]  # src -> (stamp, task?, markers)


# -- find -------------------------------------------------------------------------------
@dataclass
class Found:
    """Which pages are task pages, and which hold markers (no parsing)."""

    tasks: list[str] = field(default_factory=list)  # src of each task page, in the pages' order
    markers: dict[str, Sequence[Marker]] = field(default_factory=dict)  # src -> markers, any page
    unreadable: list[tuple[str, int, str]] = field(default_factory=list)  # (src, line, why)
    texts: dict[str, str] = field(default_factory=dict)  # src -> the text read, until taken


def find(pages: Pages, settings: Settings, include: list[str], exclude: list[str],
         stamps: Callable[[str], Stamp | None] | None = None, seen: Seen | None = None) -> Found:
    """The task pages (by path, or by `type:` in their front matter) and the marker pages.

    With `stamps` and `seen` (kept from the last call, under `serve --dirty`), a page whose
    file has the same stamp as then is not read again; `seen` is brought up to date."""
    is_task = task_path_matcher(include, exclude)
    kinds = {k.name for k in settings.kinds}
    out = Found()
    now: Seen = {}
    for src, read in pages:
        stamp = stamps(src) if stamps is not None else None
        last = seen.get(src) if seen is not None and stamp is not None else None
        if last is not None and last[0] == stamp:
            task, markers = last[1], last[2]
        else:
            text = _read(src, read, out.unreadable)
            if text is None:
                continue
            out.texts[src] = text
            task = is_task(src) or _declares_kind(text, kinds)
            markers = scan_markers(text) if _MARKER_HINT in text and "tasks:" in text else []
        if stamp is not None:
            now[src] = (stamp, task, markers)
        if task:
            out.tasks.append(src)
        if markers:
            out.markers[src] = markers
    if seen is not None:
        seen.clear()
        seen.update(now)
    return out


def task_path_matcher(include: list[str], exclude: list[str]) -> Callable[[str], bool]:
    """Whether a page is a task by its path alone (gitignore-style globs, compiled once)."""
    include_spec = pathspec.GitIgnoreSpec.from_lines(include)
    exclude_spec = pathspec.GitIgnoreSpec.from_lines(exclude)
    return lambda src: bool(include_spec.match_file(src)) and not exclude_spec.match_file(src)


def _declares_kind(text: str, kinds: set[str]) -> bool:
    """Front matter `type: task|spike`, checked cheaply before any YAML is read."""
    start = text[1:4] if text.startswith("\ufeff") else text[:3]
    if start != "---" or not _TYPE_LINE.search(text, 0, 4096):
        return False
    _, fm = split_lines(text[:65536])
    value = fm.data.get("type")
    return isinstance(value, str) and value.strip().lower() in kinds


def read_text(path: str) -> str:
    """A page's text as MkDocs reads it (UTF-8, a BOM dropped), in a third less time than
    a text-mode read."""
    with open(path, "rb") as fh:
        return fh.read().decode("utf-8-sig")


def why_unreadable(err: OSError | ValueError) -> tuple[int, str]:
    """(line, message) for a page that cannot be read as text."""
    if isinstance(err, UnicodeDecodeError):
        line = err.object.count(b"\n", 0, err.start) + 1
        return line, (f"the file is not UTF-8 text (byte 0x{err.object[err.start]:02x} "
                      f"at line {line}); save it with UTF-8 encoding")
    return 1, f"the file cannot be read ({err})"


def _read(src: str, read: Callable[[], str], unreadable: list[tuple[str, int, str]]) -> str | None:
    try:
        return read()
    except (OSError, ValueError) as err:
        unreadable.append((src, *why_unreadable(err)))
    return None


# -- read from the source ----------------------------------------------------------------
# A page whose source the scanner does not model, read from its rendering instead (the
# command line renders it with the site's own Markdown extensions); None: keep the
# source reading.
Render = Callable[[str, str], "Task | None"]  # (src, text) -> the task its rendering shows


@dataclass
class Collection:
    """A site's task pages read from their sources."""

    tasks: list[Task] = field(default_factory=list)
    markers: dict[str, Sequence[Marker]] = field(default_factory=dict)  # src -> markers, any page
    unreadable: list[tuple[str, int, str]] = field(default_factory=list)  # (src, line, why)


class SourceReader:
    """Reads the task pages from their sources, with a cache keyed on (path, content,
    settings): a page read before and unchanged is not read again."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, int, int, Settings], Task] = {}
        self.parsed = 0  # pages actually read (cache misses) in the last collect()
        self.hits = 0

    def collect(self, pages: Pages, settings: Settings, include: list[str], exclude: list[str],
                render: Render | None = None) -> Collection:
        """The task pages among `pages`, each read (or taken from the cache), and the
        marker pages."""
        found = find(pages, settings, include, exclude)
        out = Collection(markers=found.markers, unreadable=found.unreadable)
        cache: dict[tuple[str, int, int, Settings], Task] = {}
        self.parsed = self.hits = 0
        for src in found.tasks:
            text = found.texts.pop(src)
            # str hashes are 64-bit and cached on the string; with the path and the
            # length a collision would need two edits of one page to collide
            key = (src, hash(text), len(text), settings)
            task = self._cache.get(key)
            if task is None:
                task = parse(text, src, settings)
                if task.deferred is not None and render is not None:
                    task = render(src, text) or task
                self.parsed += 1
            else:
                self.hits += 1
            cache[key] = task
            out.tasks.append(task)
        self._cache = cache  # forget pages that are gone or changed
        return out


# -- judge --------------------------------------------------------------------------------
def judge(tasks: list[Task], settings: Settings, severities: dict[str, str] | None,
          prefix: str) -> tuple[graph_mod.Graph, list[Problem]]:
    """The graph of the tasks and every problem, paths from the project root (`prefix`:
    docs_dir relative to it)."""
    graph = graph_mod.build(tasks, settings)
    return graph, rules.check(graph, severities, prefix)


@dataclass
class Page:
    """One task page as a build rendered it."""

    src: str
    meta: dict[str, Any]  # its front matter, as MkDocs parsed it (and other plugins left it)
    fm_error: tuple[int, str] | None  # front matter MkDocs could not read (its line, why)
    body: Body | None  # what its rendering shows; None once a clean page's rules ran
    source: Callable[[], str]  # the source text: read only if the page has a problem
    reread: Callable[[], Body]  # its rendering read again, for a problem found late


def unlocated(page: Page, settings: Settings) -> Task:
    """The task of a rendered page, every line a stand-in until a problem needs them."""
    body = page.body if page.body is not None else page.reread()
    return assemble(page.src, settings, FrontMatter(page.meta, {}, 0, page.fm_error), body, located=False)


def located(task: Task, page: Page, settings: Settings) -> Task:
    """The same task with its lines looked up in the source (its page's rules run again)."""
    if task.located:
        return task
    text = page.source()
    _, fm = split_lines(text)
    body = rendered.locate(page.body if page.body is not None else page.reread(), text, settings)
    front = FrontMatter(page.meta, fm.key_lines, fm.body_index, page.fm_error, item_lines=fm.item_lines)
    return assemble(page.src, settings, front, body)


def judge_rendered(pages: list[Page], others: list[Task], settings: Settings, severities: dict[str, str],
                   prefix: str, spare: Callable[[str], Page | None] | None = None,
                   ) -> tuple[graph_mod.Graph, list[Problem], list[Task]]:
    """The graph and every problem of a site whose task `pages` were rendered (plus
    `others`, read some other way), with lines looked up in the source only for the
    pages that have a problem: most pages of a build are never scanned. A page on which
    no page-local rule finds anything keeps only what the graph and its rendering need:
    a large site never holds every page's facts at once.
    `spare`: src -> the page of one of the `others` (an earlier rendering) if there is
    one, to look up its lines when the graph finds a problem on it now."""
    tasks = []
    for page in pages:
        task = unlocated(page, settings)
        if task.problems:
            task = located(task, page, settings)
        else:
            page.body = None
        tasks.append(task)
    by_src = {p.src: p for p in pages}
    graph, problems = judge([*tasks, *others], settings, severities, prefix)
    late = {p.src for p in problems} - {t.src for t in (*tasks, *others) if t.located}
    late_others = {t.src for t in others} & late if spare is not None else set()
    late &= by_src.keys()
    if late or late_others:  # a problem only the graph shows (a cycle, a duplicate ID...)
        tasks = [located(t, by_src[t.src], settings) if t.src in late else t for t in tasks]
        if spare is not None:
            others = [located(t, last, settings)
                      if t.src in late_others and (last := spare(t.src)) is not None else t
                      for t in others]
        graph, problems = judge([*tasks, *others], settings, severities, prefix)
    return graph, problems, tasks


def from_source(text: str, src: str, settings: Settings, convert: Callable[[str], str]) -> Task:
    """A task read from its rendering where the build has none to give (the command line,
    a page a dirty build did not render): `convert` renders Markdown as the site does."""
    lines, fm = split_lines(text)
    return from_rendering(text, convert("\n".join(lines[fm.body_index:])), src, settings)[0]


def from_rendering(text: str, page: str, src: str, settings: Settings) -> tuple[Task, rendered.Layout]:
    """The task of a page's source `text` whose body rendered as `page` (its HTML), with
    its lines looked up in the source."""
    lines, fm = split_lines(text)
    body, layout = rendered.read(page, src, settings, rendered.resolver("", src, {}))
    found, template = deferred(lines, fm.body_index)
    body = rendered.locate(body, text, settings)
    body.deferred, body.template = found, template
    task = assemble(src, settings, fm, body)
    return task, layout


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Reading every page makes tens of thousands of small objects that all stay alive and
    hold no reference cycles (reference counting frees what they drop). Python's cyclic
    collector, triggered by the number of allocations, would walk them repeatedly for
    nothing: about a tenth of the reading time. It is switched off meanwhile, then back on
    if it was on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
