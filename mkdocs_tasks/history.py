"""Progress over time, read from the git history of the task pages (`<!-- tasks:history -->`,
`mkdocs-tasks history`).

One `git log` lists every commit that changed a file under docs_dir, oldest first (along
the first parents: a merge counts as one change), with the blob each changed file has
after it; one `git cat-file --batch` reads the page versions not read before. Each version
is read by the command line's reader into what the chart counts of it (a `Version`), kept
in a cache keyed by git object, so a later build reads only new versions. The sweep then
keeps, per path, the version it has at each commit, and at the last commit of each day
counts the tasks the filters keep: tasks done and in all, checkboxes ticked and in all.
Work grows with the versions read and the paths a commit changes, not with commits times
tasks (a `due` filter, which depends on each point's day, counts every task at each point).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import revision
from .model import Settings, Task
from .views import Face, Query, keeps

CACHE_FILE = "history.json"
CACHE_VERSION = 2


class GitMissing(Exception):
    """No git, or not a git repository: the sentence says which and what to do."""


@dataclass(frozen=True)
class Point:
    date: _dt.date
    commit: str | None  # None: the working tree's point
    tasks_done: int
    tasks_total: int
    criteria_done: int
    criteria_total: int

    def record(self) -> dict[str, Any]:
        """As `mkdocs-tasks history --format json` gives it."""
        return {"date": self.date.isoformat(), "commit": self.commit,
                "tasks": {"done": self.tasks_done, "total": self.tasks_total},
                "criteria": {"done": self.criteria_done, "total": self.criteria_total}}


# What the chart counts of one version of a task page: as a Face, without the edges
Version = Face


def version_of(task: Task) -> Version:
    return Face(task.id, task.display_title, task.kind, task.category, task.status, task.done,
                task.total, (), (), True, task.owners, task.due, task.start, task.priority, task.tags,
                False, (), task.src)


def _encode(v: Version | None) -> Any:
    if v is None:
        return None
    return [v.id, v.title, v.kind, v.category, v.status, v.done, v.total, list(v.owners),
            v.due.isoformat() if v.due else None, v.start.isoformat() if v.start else None, v.priority,
            list(v.tags)]


def _decode(raw: Any, src: str) -> Version | None:
    if raw is None:
        return None
    tid, title, kind, category, status, done, total, owners, due, start, priority, tags = raw
    if not (isinstance(tid, str) and isinstance(done, int) and isinstance(total, int)):
        raise ValueError("not a version")
    return Face(tid, str(title), str(kind), category, str(status), done, total, (), (), True,
                tuple(map(str, owners)), _dt.date.fromisoformat(due) if due else None,
                _dt.date.fromisoformat(start) if start else None, priority, tuple(map(str, tags)), False, (),
                src)


@dataclass
class Change:
    """One commit: when, and the new blob of each path it changed (None: deleted)."""

    commit: str
    when: _dt.date
    paths: dict[str, str | None] = field(default_factory=dict)


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    """git's output (revision.git), its failures in the history's words."""
    try:
        return revision.git(root, *args, data=data)
    except revision.NoGit:
        raise GitMissing("git cannot be run here: install git to draw progress over time") from None
    except revision.RevisionError as exc:
        raise GitMissing(str(exc)) from None


def repository(start: Path) -> tuple[Path, str]:
    """The root of the git work tree holding `start`, and `start` relative to it (posix,
    "" for the root itself)."""
    try:
        top = revision.git(start, "rev-parse", "--show-toplevel")
    except revision.NoGit:
        raise GitMissing("git is not installed: install git to draw progress over time from the "
                         "history of the task pages") from None
    except revision.RevisionError:
        raise GitMissing(f"{start} is not in a git repository: progress over time is read from the "
                         "git history of the task pages") from None
    root = Path(top.decode().strip()).resolve()
    rel = start.resolve().relative_to(root).as_posix()
    return root, "" if rel == "." else rel


def shallow(root: Path) -> bool:
    return _git(root, "rev-parse", "--is-shallow-repository").strip() == b"true"


def changes(root: Path, folder: str) -> list[Change]:
    """Every commit that changed a file under `folder`, oldest first, along first parents."""
    try:
        _git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    except GitMissing:
        return []  # (no commit yet)
    out = _git(root, "-c", "core.quotePath=false", "log", "--first-parent", "-m", "--reverse", "--raw", "-z",
                  "--no-abbrev", "--no-renames", "--format=%x01%H %ct", "--", folder or ".")
    found: list[Change] = []
    for chunk in out.split(b"\x01")[1:]:
        head, _, rest = chunk.partition(b"\0")
        sha, stamp = head.decode().split()
        change = Change(sha, _dt.datetime.fromtimestamp(int(stamp), tz=_dt.timezone.utc).date())
        fields = rest.split(b"\0")
        for meta, path in zip(fields[0::2], fields[1::2], strict=False):
            meta = meta.lstrip(b"\n")
            if not meta.startswith(b":"):
                continue
            parts = meta.split()
            blob = parts[3].decode()
            change.paths[path.decode("utf-8", "surrogateescape")] = None if set(blob) == {"0"} else blob
        found.append(change)
    return found


def read_blobs(root: Path, blobs: Iterable[str]) -> dict[str, bytes]:
    """Each blob's content, in one git process."""
    try:
        found = revision.batch(root, list(dict.fromkeys(blobs)))
    except revision.RevisionError as exc:
        raise GitMissing(str(exc)) from None
    return {blob: data for blob, data in found.items() if data is not None}


# -- the cache ------------------------------------------------------------------------------
def fingerprint(settings: Settings, extra: object = None) -> str:
    """What a version's reading depends on besides its text and path: the settings."""
    return hashlib.sha256(repr((settings, extra, CACHE_VERSION)).encode()).hexdigest()[:16]


class Cache:
    """Versions read before, by (blob, path), in `folder/history.json`; a file that is
    damaged, foreign or made under other settings is ignored (and rewritten)."""

    def __init__(self, folder: Path | None, key: str) -> None:
        self.path = folder / CACHE_FILE if folder is not None else None
        self.key = key
        self.entries: dict[str, Any] = {}
        self.read = 0  # versions read from git this time
        self.changed = False
        if self.path is None:
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if (isinstance(data, dict) and data.get("version") == CACHE_VERSION
                    and data.get("settings") == key and isinstance(data.get("versions"), dict)):
                self.entries = data["versions"]
        except (OSError, ValueError):
            pass

    def get(self, blob: str, src: str) -> tuple[bool, Version | None]:
        raw = self.entries.get(f"{blob} {src}", "absent")
        if raw == "absent":
            return False, None
        try:
            return True, _decode(raw, src)
        except (TypeError, ValueError):
            return False, None  # (a damaged entry: read again)

    def put(self, blob: str, src: str, version: Version | None) -> None:
        self.entries[f"{blob} {src}"] = _encode(version)
        self.changed = True

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"version": CACHE_VERSION, "settings": self.key,
                                       "versions": self.entries}), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass  # (a cache that cannot be written: the next build reads again)


# -- the sweep ------------------------------------------------------------------------------
Reader = Callable[[str, str], Task | None]  # (src, text) -> the task it is, if it is one


@dataclass
class History:
    """The task pages' versions along the history: per commit, what changed."""

    changes: list[Change]
    versions: dict[tuple[str, str], Version | None]  # (blob, src) -> what it counts


def load(root: Path, folder: str, is_page: Callable[[str], bool], reader: Reader, cache: Cache) -> History:
    """Every change to a page of the site, and what each version of a task page counts."""
    prefix = folder.rstrip("/") + "/" if folder else ""
    found = changes(root, folder)
    wanted: dict[tuple[str, str], None] = {}
    for change in found:
        change.paths = {p[len(prefix):]: b for p, b in change.paths.items()
                        if p.startswith(prefix) and is_page(p[len(prefix):])}
        for src, blob in change.paths.items():
            if blob is not None:
                wanted[(blob, src)] = None
    versions: dict[tuple[str, str], Version | None] = {}
    missing = []
    for blob, src in wanted:
        hit, version = cache.get(blob, src)
        if hit:
            versions[(blob, src)] = version
        else:
            missing.append((blob, src))
    texts = read_blobs(root, (b for b, _ in missing))
    for blob, src in missing:
        data = texts.get(blob)
        task = reader(src, data.decode("utf-8-sig", "replace")) if data is not None else None
        versions[(blob, src)] = version = version_of(task) if task is not None else None
        cache.put(blob, src, version)
    cache.read = len(missing)
    return History([c for c in found if c.paths], versions)


def points(history: History, q: Query, now: list[Version], edited: Iterable[str], today: _dt.date,
           since: _dt.date | None = None) -> list[Point]:
    """One point per day on which a commit changed a task page (at its last commit), then
    the working tree's, dated today, when one of HEAD's task pages or of `now` (the working
    tree's) is among the pages `edited` there."""
    current: dict[str, Version] = {}
    out: list[Point] = []
    totals = [0, 0, 0, 0]
    by_day = q.due is not None  # (which tasks a due filter keeps hangs on the day)

    def count(v: Version, sign: int, day: _dt.date) -> None:
        if keeps(q, v, day):
            totals[0] += sign * (v.status == "done")
            totals[1] += sign
            totals[2] += sign * v.done
            totals[3] += sign * v.total

    touched = False  # whether a commit of the day changed a task page
    for i, change in enumerate(history.changes):
        for src, blob in change.paths.items():
            old = current.pop(src, None)
            if old is not None and not by_day:
                count(old, -1, change.when)
            new = history.versions.get((blob, src)) if blob is not None else None
            if new is not None:
                current[src] = new
                if not by_day:
                    count(new, 1, change.when)
            touched = touched or old is not None or new is not None
        last_of_day = i + 1 == len(history.changes) or history.changes[i + 1].when != change.when
        if last_of_day and touched:
            touched = False
            if by_day:
                totals[:] = [0, 0, 0, 0]
                for v in current.values():
                    count(v, 1, change.when)
            out.append(Point(change.when, change.commit, *totals))
    srcs = {v.src for v in now}
    if any(src in current or src in srcs for src in edited):  # (current: HEAD's task pages)
        totals[:] = [0, 0, 0, 0]
        for v in now:
            count(v, 1, today)
        out.append(Point(today, None, *totals))
    return [p for p in out if since is None or p.date >= since]


def changed(root: Path, folder: str, is_page: Callable[[str], bool]) -> list[str]:
    """The pages of the site (relative to `folder`) that differ in the working tree from
    HEAD, or are new there."""
    prefix = folder.rstrip("/") + "/" if folder else ""
    out = _git(root, "-c", "core.quotePath=false", "status", "--porcelain", "-z", "--untracked-files=all",
                  "--", folder or ".")
    found = []
    entries = iter(out.split(b"\0"))
    for entry in entries:
        if entry[:1] in (b"R", b"C"):
            next(entries, None)  # (a rename's or copy's second path: where it came from)
        path = entry[3:].decode("utf-8", "surrogateescape")
        if path.startswith(prefix) and is_page(path[len(prefix):]):
            found.append(path[len(prefix):])
    return found


# -- one build's reading, and each marker's points -------------------------------------------
SHALLOW = ("this is a shallow clone, so the history shows only the commits it holds: fetch the "
           "whole history to draw it all (fetch-depth: 0 in actions/checkout)")


@dataclass
class Site:
    """Where a site's pages are, and how they are read."""

    docs_dir: Path
    settings: Settings
    include: list[str]
    exclude: list[str]
    is_page: Callable[[str], bool]  # a documentation page, by its path relative to docs_dir
    cache_dir: Path | None  # None: no cache


@dataclass
class Read:
    """What one build read of the history: the versions, the pages the working tree
    changed, and what to say (why nothing is drawn; warnings)."""

    history: History | None
    changed: list[str] = field(default_factory=list)
    note: str | None = None
    warnings: list[str] = field(default_factory=list)
    read: int = 0  # page versions read from git (not found in the cache)


def read(site: Site) -> Read:
    """The history of the site's task pages; never raises for git's sake."""
    from .pipeline import SourceReader

    try:
        root, folder = repository(site.docs_dir)
        warnings = [SHALLOW] if shallow(root) else []
        cache = Cache(site.cache_dir, fingerprint(site.settings, (site.include, site.exclude)))
        source = SourceReader()

        def reader(src: str, text: str) -> Task | None:
            tasks = source.collect([(src, lambda: text)], site.settings, site.include, site.exclude).tasks
            return tasks[0] if tasks else None

        history = load(root, folder, site.is_page, reader, cache)
        cache.save()
        return Read(history, changed(root, folder, site.is_page), None, warnings, cache.read)
    except GitMissing as exc:
        return Read(None, note=str(exc), warnings=[str(exc)])


def for_marker(got: Read, attrs: dict[str, str], now: list[Version], today: _dt.date) -> list[Point]:
    """The points a marker (or the command line's options) asks for: its filters, `since`
    or `days`; the working tree's point when one of its task pages differs from HEAD's."""
    from .views import query

    if got.history is None:
        return []
    since = None
    if attrs.get("since", "").strip():
        try:
            since = _dt.date.fromisoformat(attrs["since"].strip())
        except ValueError:
            since = None
    elif attrs.get("days", "").strip().isdigit():
        since = today - _dt.timedelta(days=int(attrs["days"].strip()))
    return points(got.history, query(attrs), now, got.changed, today, since)
