"""MkDocs events only: wiring between MkDocs and the pure core."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from importlib import resources
from typing import Any, Literal, TypeVar

import markdown as markdown_lib
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from . import graph as graph_mod
from . import incremental, inject, pipeline, render, rendered, rules
from .config import TasksConfig, settings_from
from .defaults import EXTENSION
from .frontmatter import split_lines
from .markers import marker_problem
from .model import ERROR, Marker, Problem, Task
from .pipeline import Found, Seen, Stamp, find, no_cycle_collection, read_text
from .source import parse

log = get_plugin_logger(__name__)
T = TypeVar("T")

CSS_URI = "assets/mkdocs-tasks/tasks.css"
GENERATED_INDEX = "# Tasks\n\n<!-- tasks:index -->\n\n<!-- tasks:graph -->\n"


class TasksPlugin(BasePlugin[TasksConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command: str = "build"
        self.dirty = False
        # Kept across `serve --dirty` rebuilds (see _incremental): a page that a rebuild does
        # not render keeps what its last rendering gave, and the rebuild writes the pages
        # whose output an edit changed.
        self.memo: dict[str, _Rendering] = {}  # src -> last rendering of a task or marker page
        self.models: dict[str, Task] = {}  # src -> the task, as last judged
        self.shown: incremental.Shown | None = None  # what the last build's pages showed
        self.seen: Seen = {}  # src -> what on_files learnt of the page, by its file's stamp
        self.rows: dict[str, render.Rows] = {}  # marker page src -> its index rows, by task
        self.json_lines: dict[str, tuple[dict[str, Any], str]] = {}  # src -> tasks.json line
        self.urls: dict[str, str] = {}  # src -> its page's URL
        self.memo_for: Any = None  # the settings and mkdocs.yml that all of it holds for
        self._reset()

    def _reset(self) -> None:
        self.found = Found()
        self._task_srcs: set[str] = set()
        self.graph: graph_mod.Graph | None = None
        self.problems: list[Problem] = []
        self.problems_by_src: dict[str, list[Problem]] = {}
        self.files_by_src: dict[str, File] = {}
        self.language: str | None = None  # of a mkdocs-static-i18n build of a translation
        self.markers_by_src: dict[str, list[Marker]] = {}  # src -> markers of its slots
        self.front_errors: dict[str, tuple[int, str]] = {}  # src -> front matter MkDocs dropped
        self._links: dict[str, render.Link] = {}  # src -> its links, from on_env to its writing
        self._incremental = False

    # -- events ----------------------------------------------------------------
    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command = command
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._reset()
        self.settings = settings_from(self.config)
        root = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        docs = os.path.relpath(os.path.abspath(config.docs_dir), root).replace(os.sep, "/")
        self.path_prefix = "" if docs == "." else docs.rstrip("/") + "/"
        if CSS_URI not in [str(x) for x in config.extra_css]:
            config.extra_css.append(CSS_URI)
        if EXTENSION in config.markdown_extensions:  # (a mkdocs.yml shared with Zensical)
            # the plugin does for the whole site what the extension does page by page
            config.markdown_extensions.remove(EXTENSION)
            config.mdx_configs.pop(EXTENSION, None)
        self._incremental = self.dirty and self.command == "serve"
        memo_for = ((self.settings, _config_text(config), self.path_prefix, self.language)
                    if self._incremental else None)
        if memo_for != self.memo_for:  # another configuration: nothing learnt before holds
            self._forget(memo_for)
        return config

    def _forget(self, memo_for: Any) -> None:
        self.memo, self.models, self.shown, self.seen = {}, {}, None, {}
        self.rows, self.json_lines, self.urls = {}, {}, {}
        self.memo_for = memo_for

    # Last of all plugins (mkdocs-static-i18n takes -100): tasks are found in the final
    # set of files, after others have added, removed or duplicated pages per language.
    @event_priority(-110)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        return self._guard("finding the task pages", lambda: self._find(files, config), files)

    def _find(self, files: Files, config: MkDocsConfig) -> Files:
        self.language = _translation(config)
        if self._incremental and self.memo_for is not None and self.memo_for[-1] != self.language:
            # mkdocs-static-i18n builds each language in turn, its pages under the same paths
            self._forget((*self.memo_for[:-1], self.language))
        index_page = self.config.index_page
        generate = bool(index_page) and self.language is None and files.get_file_from_path(index_page) is None
        docs = files.documentation_pages()
        pages = [(f.src_uri, _reader(f)) for f in docs]
        self.found = find(pages, self.settings, self.config.include, self.config.exclude,
                          *((_stamper(docs), self.seen) if self._incremental else ()))
        # Each page is read once, here: MkDocs is handed the text (on_page_read_source),
        # unless another plugin gives pages their source.
        if not all(getattr(m, "__self__", None) is self
                   for m in config.plugins.events.get("page_read_source", [])):
            self.found.texts = {}
        self._task_srcs = set(self.found.tasks)
        if generate and self.found.tasks and not self.found.markers:
            files.append(File.generated(config, index_page, content=GENERATED_INDEX))
            self.found.markers[index_page] = []
        if files.get_file_from_path(CSS_URI) is None:
            css = resources.files("mkdocs_tasks").joinpath("assets/tasks.css").read_text("utf-8")
            files.append(File.generated(config, CSS_URI, content=css))
        self.files_by_src = {f.src_uri: f for f in files}
        if self.dirty:
            self._render_unknown(docs)
        self._check_setup(config)
        self._report_unreadable()
        return files

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """The text read in on_files: MkDocs need not read the file again."""
        return self.found.texts.pop(page.file.src_uri, None)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if page.meta or not markdown.startswith("---") or page.file.src_uri not in self._task_srcs:
            return None  # (most pages: MkDocs read their front matter, or they have none)
        return self._guard(f"reading {page.file.src_uri}", lambda: self._front(markdown, page), None)

    def _front(self, markdown: str, page: Page) -> str | None:
        """MkDocs drops front matter it cannot read and renders it as text: that is an
        `invalid-front-matter` problem, and the page is rendered without it."""
        lines, fm = split_lines(markdown)
        if fm.error is not None:
            self.front_errors[page.file.src_uri] = fm.error
        elif fm.present:  # valid, but not as MkDocs reads it (no newline after the "---")
            for key, value in fm.data.items():
                page.meta.setdefault(key, value)
        return "\n".join(lines[fm.body_index:]) if fm.present else None

    # Before other plugins' on_env (autorefs fixes its links there, in our links too).
    @event_priority(50)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        self._guard("reading the rendered task pages", lambda: self._judge(config), None)
        return env

    def _judge(self, config: MkDocsConfig) -> None:
        urls: dict[str, str] = {}

        def by_url() -> dict[str, str]:  # (made once a link needs it: under --dirty, rarely)
            if not urls:
                urls.update((f.url, f.src_uri) for f in self.files_by_src.values()
                            if f.is_documentation_page())
            return urls

        pages: list[pipeline.Page] = []
        others: list[Task] = []
        layouts: dict[str, rendered.Layout] = {}
        if self._incremental:
            self._remember()
        for src in self.found.tasks:
            f = self.files_by_src[src]
            page = f.page
            if page is None or page.content is None:  # not rendered this time (--dirty)
                model = self.models.get(src) if src in self.memo else None
                others.append(model if model is not None else self._unrendered(f, config))
                continue
            resolve = rendered.resolver(f.url, src, by_url)
            body, layouts[src] = rendered.read(page.content, src, self.settings, resolve)
            if self._incremental:
                self.memo[src].layout = layouts[src]
            pages.append(pipeline.Page(src, dict(page.meta), self.front_errors.get(src), body,
                                       _reader(f), _rereader(page, src, self.settings, resolve)))
        self.graph, self.problems, tasks = pipeline.judge_rendered(
            pages, others, self.settings, dict(self.config.rules), self.path_prefix,
            lambda src: self._last_page(src, by_url))
        self.problems_by_src = {}
        for p in self.problems:
            self.problems_by_src.setdefault(p.src, []).append(p)
        log.debug(f"{len(self.graph.tasks)} task pages: {len(pages)} read from their rendering")
        for src, markers in self.found.markers.items():
            for m in markers:
                around = m.filters.get("around") if m.kind == "graph" else None
                if around is not None and around.strip() not in self.graph.by_id:
                    log.warning(f"{self.path_prefix}{src}:{m.line}: <!-- tasks:graph --> is drawn "
                                f"around {around!r}, which is the ID of no task page; name the ID "
                                "of an existing task")
        if self._incremental:
            tasks.extend(self._rebuild_changed(layouts))
        self._rewrite(tasks, layouts)
        self._report()

    def _last_page(self, src: str, by_url: Callable[[], dict[str, str]]) -> pipeline.Page | None:
        """A page --dirty did not render, as its last rendering showed it."""
        last = self.memo.get(src)
        f = self.files_by_src.get(src)
        if last is None or f is None:
            return None
        resolve = rendered.resolver(f.url, src, by_url)
        return pipeline.Page(src, last.meta, last.fm_error, None, _reader(f),
                             _rereader(last, src, self.settings, resolve))

    def _unrendered(self, f: File, config: MkDocsConfig) -> Task:
        """A task page that a dirty build did not render: as its last rendering gave it, or
        read from its source (rendered with the site's Markdown where the scanner cannot)."""
        text = f.content_string
        task = parse(text, f.src_uri, self.settings)
        if task.deferred is not None:
            md = markdown_lib.Markdown(extensions=config.markdown_extensions,
                                      extension_configs=config.mdx_configs or {})
            task = pipeline.from_source(text, f.src_uri, self.settings, lambda t: md.reset().convert(t))
        return task

    def _rewrite(self, tasks: list[Task], layouts: dict[str, rendered.Layout]) -> None:
        """Into each rendered page: dependency links, the header's slot, the markers' slots."""
        assert self.graph is not None
        external = render.external_linker(self.settings.external_url)
        for task in tasks:
            page = self.files_by_src[task.src].page
            if page is None or page.content is None:
                continue
            if task.title is not None:
                page.meta["title"] = escape(task.title, quote=False)  # themes print it raw
            link = self._links[task.src] = self._linker(page.file)  # the header's links too
            edits = inject.dependency_links(page.content, layouts[task.src].dependencies,
                                            self.graph.edges[task.src].items, link, external)
            edits.append(inject.header_slot(task.id, task.title, layouts[task.src].title_end))
            page.content = inject.apply(page.content, edits)
        for src in {*self.found.markers, *(t.src for t in tasks)}:
            f = self.files_by_src.get(src)
            if f is None or f.page is None or f.page.content is None or "tasks:" not in f.page.content:
                continue
            f.page.content, markers = inject.markers_to_slots(f.page.content)
            if markers:  # (those a plugin made too; their filters were not checked in on_files)
                self.markers_by_src[src] = markers

    # First of all plugins (before any that minify the page and drop its comments): the
    # header and the tables go into the HTML written out, see inject.
    @event_priority(100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        src = page.file.src_uri
        if self.graph is None or (src not in self.graph.by_src and src not in self.markers_by_src):
            return None
        return self._guard(f"rendering {src}", lambda: self._late(output, page), None)

    def _late(self, output: str, page: Page) -> str | None:
        if self.graph is None:
            return None
        graph = self.graph
        src = page.file.src_uri
        task = graph.by_src.get(src)
        markers = self.markers_by_src.get(src, [])
        if task is None and not markers:
            return None
        link = self._links.pop(src, None) or self._linker(page.file)

        def header() -> str:
            assert task is not None
            box = render.problems_box(self.problems_by_src.get(src, []))
            return render.header(task, graph, link) + ("\n" + box if box else "")

        rows = self.rows.setdefault(src, {}) if self._incremental and markers else None
        return inject.late(output, (inject.slot(task.id), header) if task is not None else None,
                           markers, graph, link, rows)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.graph is None:
            return
        with no_cycle_collection():  # a record per task, freed right after: see _guard
            text = render.json_text(render.tasks_json(self.graph, self._url_of),
                                    self.json_lines if self._incremental else None)
        folder = os.path.join(config.site_dir, self.language or "")
        path = os.path.join(folder, "tasks.json")
        os.makedirs(folder, exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)

    # -- helpers ---------------------------------------------------------------
    def _guard(self, what: str, run: Callable[[], T], fallback: T) -> T:
        """Under `mkdocs serve` a raise would leave the server stuck: log it and go on.

        The cyclic garbage collector is off meanwhile: what the handlers make is freed by
        reference counting, but their allocations would still start full collections, each
        a walk over everything MkDocs holds (at 5,000 pages ~40 ms, about one a handler)."""
        try:
            with no_cycle_collection():
                return run()
        except (Abort, PluginError):
            raise
        except Exception as exc:
            if self.command != "serve":
                raise
            log.error(f"mkdocs-tasks: internal error while {what}: {exc!r}; the page is shown "
                      "without task markup. Please report this with the page that caused it.")
            return fallback

    def _render_unknown(self, docs: Sequence[File]) -> None:
        """`--dirty` renders only the pages whose source changed. A task or marker page of
        which no earlier rendering is kept (a new process, `build --dirty`, new settings)
        is rendered too: what it shows is known only from its rendering."""
        for f in docs:
            src = f.src_uri
            task = src in self._task_srcs
            if not task and src not in self.found.markers:
                continue
            kept = src in self.memo and (src in self.models or not task)  # (a task: its model too)
            if not kept:
                f.is_modified = _always  # type: ignore[method-assign]

    def _remember(self) -> None:
        """Under `serve --dirty`: each task and marker page rendered this time, as MkDocs
        and the other plugins left it, for later rebuilds that do not render it."""
        keep = {*self._task_srcs, *self.found.markers}
        self.memo = {src: r for src, r in self.memo.items() if src in keep}
        for src in keep:
            page = self.files_by_src[src].page
            if page is not None and page.content is not None:
                self.memo[src] = _Rendering(page.content, page.toc, dict(page.meta),
                                            page._title_from_render, page.present_anchor_ids,
                                            self.front_errors.get(src))

    def _rebuild_changed(self, layouts: dict[str, rendered.Layout]) -> list[Task]:
        """The pages whose output the edits changed are written again, those MkDocs did
        not render from their last rendering; the task pages among them are returned."""
        assert self.graph is not None
        shown = incremental.shown(self.graph, self.problems_by_src)
        before, self.shown = self.shown, shown
        self.models = dict(self.graph.by_src)
        self.urls = {src: url for src, url in self.urls.items() if src in self.models}
        if before is None or before.pages != shown.pages:
            self.rows = {}  # (a row links to other pages: when one moved, make them anew)
        if before is None:
            return []
        restored: list[Task] = []
        again = []
        for src in sorted(incremental.changed_pages(before, shown, self.found.markers)):
            f = self.files_by_src.get(src)
            last = self.memo.get(src)
            if f is None or f.page is None or f.page.content is not None or last is None:
                continue  # (rendered this time: MkDocs writes it)
            last.restore(f.page)
            f.is_modified = _always  # type: ignore[method-assign]
            again.append(src)
            task = self.graph.by_src.get(src)
            if task is not None and last.layout is not None:
                layouts[src] = last.layout
                restored.append(task)
        if again:
            log.debug(f"--dirty: written again for what they show of the edited pages: "
                      f"{', '.join(again)}")
        return restored

    def _check_setup(self, config: MkDocsConfig) -> None:
        if self.found.tasks and "pymdownx.tasklist" not in config.markdown_extensions:
            log.warning("pymdownx.tasklist is not in markdown_extensions, so the checkboxes of "
                        "task pages render as plain text; add it to markdown_extensions")
        for src, markers in self.found.markers.items():
            for m in markers:
                for bad in m.bad_attributes:
                    log.warning(f"{self.path_prefix}{src}:{m.line}: {marker_problem(m, bad)}")

    def _url_of(self, task: Any) -> str | None:
        url = self.urls.get(task.src)
        if url is None:
            f = self.files_by_src.get(task.src)
            if f is None:
                return None
            url = f.url
            if self._incremental:  # (a src's URL holds until the configuration changes)
                self.urls[task.src] = url
        return url

    def _linker(self, page_file: File) -> render.Link:
        assert self.graph is not None
        by_id = self.graph.by_id
        files = self.files_by_src
        seen: dict[str, str | None] = {}  # an index links each task several times

        def link(tid: str) -> str | None:
            if tid in seen:
                return seen[tid]
            task = by_id.get(tid)
            target = files.get(task.src) if task is not None else None
            href = seen[tid] = target.url_relative_to(page_file) if target is not None else None
            return href

        return link

    def _report_unreadable(self) -> None:
        unreadable = self.found.unreadable
        for src, line, why in unreadable:
            log.error(f"{self.path_prefix}{src}:{line}: error: {why}")
        if unreadable and self.command != "serve":
            log.error(f"{_count(len(unreadable), 'page')} could not be read as UTF-8 text")
            raise Abort("Aborted: pages that are not UTF-8 text.")

    def _report(self) -> None:
        for p in self.problems:
            if p.severity == ERROR:
                log.error(p.format())
            else:
                log.warning(p.format())
        fail_on = self.config.fail_on
        if rules.failing(self.problems, fail_on) and self.command != "serve":
            errors, warnings = rules.tally(self.problems)
            assert self.graph is not None
            # the count through the same logger as the problems, then MkDocs' own way out
            log.error(f"{_count(errors, 'error')} and {_count(warnings, 'warning')} in "
                      f"{_count(len(self.graph.tasks), 'task page')}; the build fails on "
                      f"{fail_on}s (fail_on: {fail_on})")
            raise Abort(f"Aborted with problems in task pages (fail_on: {fail_on}).")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _translation(config: MkDocsConfig) -> str | None:
    """The language being built when mkdocs-static-i18n builds a translation, else None.

    That plugin builds the default language, then runs MkDocs' build again for each other
    language with the same config; its pages keep their paths, so a generated index would
    overwrite the default language's, and tasks.json goes into the language's folder.
    """
    i18n = config.plugins.get("i18n")
    current = getattr(i18n, "current_language", None)
    default = getattr(i18n, "default_language", None)
    if isinstance(current, str) and isinstance(default, str) and current != default:
        return current
    return None


def _always() -> bool:
    return True


def _rereader(page: Any, src: str, settings: Any, resolve: rendered.Resolve) -> Callable[[], Any]:
    return lambda: rendered.read(page.content or "", src, settings, resolve)[0]


@dataclass
class _Rendering:
    """A page as MkDocs and the other plugins rendered it, before this plugin's edits."""

    content: str
    toc: Any
    meta: dict[str, Any]
    title: str | None  # the H1 that MkDocs found
    anchors: Any
    fm_error: tuple[int, str] | None
    layout: rendered.Layout | None = None

    def restore(self, page: Page) -> None:
        """A page that this build did not render, given its last rendering to be written."""
        page.markdown = get_data(page.file.content_string)[0]  # (page.title needs it)
        page.meta = dict(self.meta)
        page.content = self.content
        page.toc = self.toc
        page._title_from_render = self.title
        page.present_anchor_ids = self.anchors


def _config_text(config: MkDocsConfig) -> str | None:
    path = config.config_file_path
    try:
        return read_text(path) if path else None
    except (OSError, ValueError):
        return None


def _stamper(docs: Sequence[File]) -> Callable[[str], Stamp | None]:
    by_src = {f.src_uri: f for f in docs}

    def stamp(src: str) -> Stamp | None:
        f = by_src[src]
        if f.abs_src_path is None or f.generated_by:
            return None
        try:
            st = os.stat(f.abs_src_path)
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    return stamp


def _reader(f: File) -> Callable[[], str]:
    def read() -> str:
        path = f.abs_src_path
        return read_text(path) if path is not None and not f.generated_by else f.content_string
    return read
