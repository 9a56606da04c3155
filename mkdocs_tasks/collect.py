"""Which pages are tasks, parsed once per content: the step before the graph.

Shared by the plugin and the command line so that both find the same pages.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import pathspec

from . import rules
from .frontmatter import split_lines
from .model import Marker, Settings, Task
from .source import parse, scan_markers

_TYPE_LINE = re.compile(r"^type[ \t]*:", re.MULTILINE)
_MARKER_HINT = "<!--"


@dataclass
class Collection:
    tasks: list[Task] = field(default_factory=list)
    markers: dict[str, Sequence[Marker]] = field(default_factory=dict)  # src -> markers, any page
    unreadable: list[tuple[str, int, str]] = field(default_factory=list)  # (src, line, why)


# A page whose source the scanner does not model, read from its rendering instead
# (the command line renders it with the site's own Markdown extensions); None: keep the
# source reading.
Render = Callable[[str, str], "Task | None"]  # (src, text) -> the task its rendering shows


@dataclass
class Found:
    """Which pages of a build are task pages, and which hold markers (no parsing)."""

    tasks: list[str] = field(default_factory=list)  # src of each task page, in files' order
    markers: dict[str, Sequence[Marker]] = field(default_factory=dict)
    unreadable: list[tuple[str, int, str]] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # src -> the text read, until MkDocs takes it


def _read(src: str, read: Callable[[], str], unreadable: list[tuple[str, int, str]]) -> str | None:
    try:
        return read()
    except (OSError, ValueError) as err:
        unreadable.append((src, *why_unreadable(err)))
    return None


def why_unreadable(err: OSError | ValueError) -> tuple[int, str]:
    """(line, message) for a page that cannot be read as text."""
    if isinstance(err, UnicodeDecodeError):
        line = err.object.count(b"\n", 0, err.start) + 1
        return line, (f"the file is not UTF-8 text (byte 0x{err.object[err.start]:02x} "
                      f"at line {line}); save it with UTF-8 encoding")
    return 1, f"the file cannot be read ({err})"


def read_text(path: str) -> str:
    """A page's text as MkDocs reads it (UTF-8, a BOM dropped), in a third less time than
    a text-mode read."""
    with open(path, "rb") as fh:
        return fh.read().decode("utf-8-sig")


# A page file's (mtime in ns, size): unchanged, the page need not be read again to know
# whether it is a task and which markers it holds.
Stamp = tuple[int, int]
Seen = dict[str, tuple[Stamp, bool, Sequence[Marker]]]  # src -> (stamp, task?, markers)


def find(pages: Iterable[tuple[str, Callable[[], str]]], settings: Settings, include: list[str],
         exclude: list[str], stamps: Callable[[str], Stamp | None] | None = None,
         seen: Seen | None = None) -> Found:
    """The task pages (by path, or by `type:` in their front matter) and the marker pages,
    without parsing any: in a build, the pages are read from their rendering later.

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


class Collector:
    """Finds task pages and keeps a parse cache keyed on (path, content, settings)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, int, int, Settings], Task] = {}
        self.parsed = 0  # parses actually run (cache misses) in the last collect()
        self.hits = 0

    def collect(
        self,
        pages: Iterable[tuple[str, Callable[[], str]]],
        settings: Settings,
        include: list[str],
        exclude: list[str],
        lean: bool = False,
        render: Render | None = None,
    ) -> Collection:
        """The task pages and the marker pages among `pages`. `lean`: for a run that checks
        once (a build, the command line), each task drops what only the page-local rules
        read as soon as they ran, so that a large site never holds it for all pages."""
        is_task = task_path_matcher(include, exclude)
        kinds = {k.name for k in settings.kinds}
        out = Collection()
        cache: dict[tuple[str, int, int, Settings], Task] = {}
        self.parsed = self.hits = 0
        for src, read in pages:
            text = _read(src, read, out.unreadable)
            if text is None:
                continue
            if is_task(src) or _declares_kind(text, kinds):
                # str hashes are 64-bit and cached on the string; with the path and the
                # length a collision would need two edits of one page to collide
                key = (src, hash(text), len(text), settings)
                task = self._cache.get(key)
                if task is None:
                    task = parse(text, src, settings)
                    if task.deferred is not None and render is not None:
                        task = render(src, text) or task
                    rules.local(task, settings)
                    if lean:
                        task.drop_local()
                    self.parsed += 1
                else:
                    self.hits += 1
                cache[key] = task
                out.tasks.append(task)
                if task.markers:
                    out.markers[src] = task.markers
            elif _MARKER_HINT in text and "tasks:" in text:
                markers = scan_markers(text)
                if markers:
                    out.markers[src] = markers
        self._cache = cache  # forget pages that are gone or changed
        return out

    def forget(self) -> None:
        """Empty the cache (its tasks were compacted and cannot be checked again)."""
        self._cache = {}


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Parsing every page makes tens of thousands of small objects that all stay alive and
    hold no reference cycles (reference counting frees what they drop). Python's cyclic
    collector, triggered by the number of allocations, would walk them repeatedly for
    nothing: about a tenth of the parse time. It is switched off meanwhile, then back on
    if it was on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
