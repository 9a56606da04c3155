"""`mkdocs_tasks.extension`: the plugin's page-by-page part as a Python-Markdown extension.

Under Zensical (which runs no MkDocs plugin but loads Python-Markdown extensions):

    markdown_extensions:
      - pymdownx.tasklist
      - mkdocs_tasks.extension

Zensical tells each page's Markdown which page it renders (its path and URL, by
`zensical.extensions.context`): no guessing from the text. The site's task pages are read
with the command line's reader (mkdocs_tasks.project, the same core as `mkdocs-tasks
check`), once per process and again when a page's file changed, with Zensical's own
Markdown extensions for pages the source reader cannot model. Each page then gets what a
build with the plugin gives it page by page: the header under its title (with the tasks it
depends on, waits on and blocks, linked), dependency links, the box of its problems, the
index and the graph at their markers; its problems are logged as `path:line: severity
[code] message`. The stylesheet comes with the page (a `<style>` element on pages that show
any of it): Zensical copies no plugin's assets.

On one page of plain Python-Markdown:

    markdown.markdown(text, extensions=["mkdocs_tasks.extension", "pymdownx.tasklist"])

the page's front matter is read (and kept out of the HTML, as MkDocs keeps it), the page is
read from its rendering as a build reads it, and the header (ID, kind, category, status,
progress) goes under its title, with the box of its problems; each problem is logged as
`path:line: severity [code] message`. The page knows no other task, so dependencies are
named, not linked. Headings get IDs (the `toc` extension is added when it is not there),
as MkDocs gives them.
"""

from __future__ import annotations

import functools
import logging
import os
import posixpath
import re
import threading
import time
from importlib import resources
from typing import Any
from urllib.parse import quote

from markdown import Extension, Markdown
from markdown.extensions.toc import TocExtension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from . import burnup, history, inject, rendered, rules
from . import graph as graph_mod
from . import project as project_mod
from .defaults import EXTENSION, default_settings
from .frontmatter import split_lines
from .model import ERROR
from .pipeline import SourceReader, from_rendering

log = logging.getLogger("mkdocs_tasks")


class _Source(Preprocessor):
    """Keeps the page's text, and hands Markdown its body without the front matter."""

    def __init__(self, md: Markdown, ext: TasksExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        self.ext.text = "\n".join(lines)
        _, fm = split_lines(self.ext.text)
        return lines[fm.body_index:] if fm.present else lines


class _Ready(Treeprocessor):
    """Last of the tree processors: what postprocessors see from now on is the whole page
    (the toc extension runs them on each heading's text before)."""

    def __init__(self, md: Markdown, ext: TasksExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: Any) -> None:
        self.ext.ready = True


class _Header(Postprocessor):
    """Reads the page from its HTML, and puts the header under its title."""

    def __init__(self, md: Markdown, ext: TasksExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, text: str) -> str:
        ext = self.ext
        if not ext.ready:
            return text
        ext.ready = False
        context = _zensical_page(self.md)
        if context is not None:
            return _site_page(text, *context)
        settings = default_settings()
        src = ext.getConfig("path")
        task, layout = from_rendering(ext.text, text, src, settings)
        graph = graph_mod.build([task], settings)
        problems = rules.check(graph)
        _log(problems)
        out = inject.decorate(text, task, layout, graph, lambda tid: None)
        return out.replace(inject.slot(task.id), inject.header(task, graph, lambda tid: None, problems), 1)


class TasksExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {"path": ["page.md", "the page's path, as problems name it"]}
        super().__init__(**kwargs)
        self.text = ""
        self.ready = False

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.registerExtension(self)
        if "toc" not in md.treeprocessors:  # headings need their IDs, as MkDocs gives them
            TocExtension().extendMarkdown(md)
        md.preprocessors.register(_Source(md, self), "mkdocs_tasks_source", 100)
        md.treeprocessors.register(_Ready(md, self), "mkdocs_tasks_ready", -100)
        # after every other postprocessor: raw HTML is back in place
        md.postprocessors.register(_Header(md, self), "mkdocs_tasks_header", 0)

    def reset(self) -> None:
        self.text, self.ready = "", False


def _log(problems: list[Any]) -> None:
    """Each problem as `path:line: severity [code] message`, at its severity's level."""
    for p in problems:
        log.log(logging.ERROR if p.severity == ERROR else logging.WARNING, p.format())


def _zensical_page(md: Markdown) -> tuple[str, dict[str, Any]] | None:
    """(path, site configuration) of the page Zensical renders with `md`, if it does."""
    try:
        from zensical.extensions.context import ContextPreprocessor
    except ImportError:
        return None
    context = ContextPreprocessor.from_markdown(md)
    if context is None or not isinstance(getattr(context, "config", None), dict):
        return None
    return str(context.page.path), context.config


class _Site:
    """A site's tasks as the command line reads them: read once, and again when the time or
    size of a page's file changed (looked at no more than once a second, so that a build
    reads each page once and `zensical serve` follows an edit)."""

    AGAIN_AFTER = 1.0  # seconds

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.project = project_mod.from_engine(config["root_dir"], config.get("docs_dir") or "docs",
                                               bool(config.get("use_directory_urls", True)),
                                               config.get("exclude_docs"))
        self.reader = SourceReader()
        self.checked: project_mod.Checked | None = None
        self.problems: dict[str, list[Any]] = {}
        self.stamps: dict[str, tuple[int, int]] = {}
        self.looked = 0.0

    def _markdown(self) -> Any:
        """A Markdown as Zensical's, without this extension and Zensical's page context."""
        import markdown

        names = [e for e in self.config.get("markdown_extensions", [])
                 if (e if isinstance(e, str) else type(e).__module__) not in (
                     EXTENSION, __name__, "zensical.extensions.context")]
        return markdown.Markdown(extensions=names, extension_configs=self.config.get("mdx_configs") or {})

    def _stamp(self, src: str) -> tuple[int, int] | None:
        try:
            st = os.stat(os.path.join(self.project.docs_dir, src))
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    def current(self, src: str) -> project_mod.Checked:
        """The site's tasks as they are now: at once when the page being rendered changed
        (what `zensical serve` renders after an edit), at most a second late for others."""
        now = time.monotonic()
        if (self.checked is not None and now - self.looked < self.AGAIN_AFTER
                and self.stamps.get(src) == self._stamp(src)):
            return self.checked
        self.looked = now
        stamps = {}
        for page in self.project.pages():
            stamp = self._stamp(page)
            if stamp is not None:
                stamps[page] = stamp
        if self.checked is None or stamps != self.stamps:
            self.stamps = stamps
            render = project_mod.Renderer(self.project, self._markdown)
            self.checked = project_mod.check(self.project, self.reader, render=render)
            self.problems = {}
            for p in self.checked.problems:
                self.problems.setdefault(p.src, []).append(p)
            # Python-Markdown renders an empty page without running any extension: what is
            # wrong with it is said here, once each time the site is read
            _log([p for p in self.checked.problems if p.code == "empty-page"])
        return self.checked


_SITES: dict[str, _Site] = {}
_LOCK = threading.Lock()  # (Zensical may render pages from more than one thread)


def _site_page(html: str, src: str, config: dict[str, Any]) -> str:
    """One page of a Zensical site, as a build with the plugin makes it."""
    with _LOCK:
        key = os.path.join(str(config.get("root_dir")), str(config.get("docs_dir")))
        site = _SITES.get(key)
        if site is None:
            site = _SITES[key] = _Site(config)
        checked = site.current(src)
        problems = site.problems.get(src, [])
    graph = checked.graph

    def link(tid: str) -> str | None:
        # to the task's Markdown file, from this page's: Zensical resolves such links to
        # the page's URL (and rewrites every relative link as seen from the source file)
        task = graph.by_id.get(tid)
        if task is None:
            return None
        return quote(posixpath.relpath(task.src, posixpath.dirname(src) or "."))

    task = graph.by_src.get(src)
    shown = False
    if task is not None:
        settings = site.project.settings
        facts, layout = rendered.read(html, src, settings, rendered.resolver("", src, {}))
        items = graph_mod.resolve(facts.dependencies, graph.by_id, graph.by_src).items
        html = inject.decorate(html, task, layout, graph, link, items)
        html = html.replace(inject.slot(task.id), inject.header(task, graph, link, problems), 1)
        _log(problems)
        shown = True
    html, markers = inject.markers_to_slots(html)
    if markers:
        draw = None
        if any(m.kind == "history" for m in markers):  # (read for each page that draws it)
            got = history.read(project_mod.history_site(site.project))
            for warning in got.warnings:
                log.warning(f"{src}: <!-- tasks:history -->: {warning}")
            draw = burnup.drawer(got, graph)
        html = inject.late(html, None, markers, graph, link, None, draw)
        shown = True
    return f"<style>{_stylesheet()}</style>\n{html}" if shown else html


@functools.lru_cache(maxsize=1)
def _stylesheet() -> str:
    """tasks.css without its comments and indentation (it goes into every page showing it)."""
    text = (resources.files("mkdocs_tasks") / "assets" / "tasks.css").read_text(encoding="utf-8")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"\n\s*", "\n", text).strip()


def makeExtension(**kwargs: Any) -> TasksExtension:  # noqa: N802 (Python-Markdown's name)
    return TasksExtension(**kwargs)
