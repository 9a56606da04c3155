"""MkDocs events only: wiring between MkDocs and the pure core."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from importlib import resources
from typing import Any, Literal, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import graph as graph_mod
from . import inject, render, rules
from .collect import Collection, Collector, no_cycle_collection
from .config import TasksConfig, settings_from
from .model import ERROR, Marker, Problem

log = get_plugin_logger(__name__)
T = TypeVar("T")

CSS_URI = "assets/mkdocs-tasks/tasks.css"
GENERATED_INDEX = "# Tasks\n\n<!-- tasks:index -->\n\n<!-- tasks:graph -->\n"


class TasksPlugin(BasePlugin[TasksConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command: str = "build"
        self.dirty = False
        self.collector = Collector()  # kept across serve rebuilds: a cache keyed on content
        self._reset()

    def _reset(self) -> None:
        self.collection = Collection()
        self.graph: graph_mod.Graph | None = None
        self.problems: list[Problem] = []
        self.problems_by_src: dict[str, list[Problem]] = {}
        self.files_by_src: dict[str, File] = {}
        self.language: str | None = None  # of a mkdocs-static-i18n build of a translation
        self.fragments: dict[str, list[str]] = {}  # src -> HTML of each sentinel in its page
        self.markers_by_src: dict[str, list[Marker]] = {}  # src -> markers of its slots

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
        return config

    # Last of all plugins (mkdocs-static-i18n takes -100): tasks are read from the final
    # set of files, after others have added, removed or duplicated pages per language.
    @event_priority(-110)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        return self._guard("reading the task pages", lambda: self._collect(files, config), files)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        return self._guard(f"rendering {page.file.src_uri}", lambda: self._inject(markdown, page), None)

    def _collect(self, files: Files, config: MkDocsConfig) -> Files:
        pages = [(f.src_uri, _reader(f)) for f in files.documentation_pages()]
        # (the cyclic collector is off here, see _guard and collect.no_cycle_collection)
        self.collection = self.collector.collect(
            pages, self.settings, self.config.include, self.config.exclude,
            lean=self.command != "serve",
        )
        self.graph = graph_mod.build(self.collection.tasks, self.settings)
        self.problems = rules.check(self.graph, dict(self.config.rules), self.path_prefix)
        log.debug(f"{len(self.collection.tasks)} task pages: {self.collector.parsed} parsed, "
                  f"{self.collector.hits} unchanged since the last build")
        self.problems_by_src = {}
        for p in self.problems:
            self.problems_by_src.setdefault(p.src, []).append(p)
        if self.command != "serve":
            # one build and done: what only the rules read need not live through rendering
            for task in self.collection.tasks:
                task.compact()
            self.collector.forget()

        self.language = _translation(config)
        index_page = self.config.index_page
        if (index_page and self.language is None and self.graph.tasks and not self.collection.markers
                and files.get_file_from_path(index_page) is None):
            files.append(File.generated(config, index_page, content=GENERATED_INDEX))
            self.collection.markers[index_page] = []
        if files.get_file_from_path(CSS_URI) is None:
            css = resources.files("mkdocs_tasks").joinpath("assets/tasks.css").read_text("utf-8")
            files.append(File.generated(config, CSS_URI, content=css))
        self.files_by_src = {f.src_uri: f for f in files}
        if self.dirty:
            self._rebuild_dependents(files, config)
        self._check_setup(config)
        self._report()
        return files

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        return self._guard(f"rendering {page.file.src_uri}", lambda: self._fill(html, page), None)

    def _inject(self, markdown: str, page: Page) -> str | None:
        task = self.graph.by_src.get(page.file.src_uri) if self.graph else None
        if task is None or self.graph is None:
            return None
        text, self.fragments[task.src] = inject.task_markdown(
            markdown, task, self.graph, self._linker(page.file), page.meta)
        return text

    def _fill(self, html: str, page: Page) -> str | None:
        if self.graph is None:
            return None
        src = page.file.src_uri
        task = self.graph.by_src.get(src)
        if task is None and src not in self.collection.markers:
            return None
        html, markers = inject.content(html, task.id if task is not None else None,
                                       self.fragments.pop(src, []), src in self.collection.markers)
        if markers:
            self.markers_by_src[src] = markers
        else:
            self.markers_by_src.pop(src, None)
        return html

    # First of all plugins (before any that minify the page and drop its comments): the
    # header and the tables go into the HTML written out, see inject.content.
    @event_priority(100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        return self._guard(f"rendering {page.file.src_uri}", lambda: self._late(output, page), None)

    def _late(self, output: str, page: Page) -> str | None:
        if self.graph is None:
            return None
        graph = self.graph
        src = page.file.src_uri
        task = graph.by_src.get(src)
        markers = self.markers_by_src.get(src, [])
        if task is None and not markers:
            return None
        link = self._linker(page.file)

        def header() -> str:
            assert task is not None
            box = render.problems_box(self.problems_by_src.get(src, []))
            return render.header(task, graph, link) + ("\n" + box if box else "")

        return inject.late(output, header if task is not None else None, markers, graph, link)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.graph is None:
            return
        with no_cycle_collection():  # a record per task, freed right after: see _guard
            text = render.json_text(render.tasks_json(self.graph, self._url_of))
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
        except PluginError:
            raise
        except Exception as exc:
            if self.command != "serve":
                raise
            log.error(f"mkdocs-tasks: internal error while {what}: {exc!r}; the page is shown "
                      "without task markup. Please report this with the page that caused it.")
            return fallback

    def _rebuild_dependents(self, files: Files, config: MkDocsConfig) -> None:
        """`--dirty` rebuilds only changed pages, but a task's header and every index show
        other tasks too: when any task page changed, appeared or went away since the last
        build, every task page and every page with a marker is built again."""
        assert self.graph is not None
        pages = [f for f in files.documentation_pages()
                 if f.src_uri in self.graph.by_src or f.src_uri in self.collection.markers]
        changed = any(f.is_modified() for f in pages if f.src_uri in self.graph.by_src)
        try:
            with open(os.path.join(config.site_dir, "tasks.json"), encoding="utf-8") as fh:
                before = {t["src"] for t in json.load(fh)["tasks"]}
        except (OSError, ValueError, KeyError, TypeError):
            before = None
        if changed or before != set(self.graph.by_src):
            for f in pages:
                f.is_modified = _always  # type: ignore[method-assign]

    def _check_setup(self, config: MkDocsConfig) -> None:
        if self.graph and self.graph.tasks and "pymdownx.tasklist" not in config.markdown_extensions:
            log.warning("pymdownx.tasklist is not in markdown_extensions, so the checkboxes of "
                        "task pages render as plain text; add it to markdown_extensions")
        for src, markers in self.collection.markers.items():
            for m in markers:
                for bad in m.bad_attributes:
                    log.warning(f"{self.path_prefix}{src}:{m.line}: <!-- tasks:{m.kind} --> has "
                                f'an unknown filter {bad!r}; use category="...", status="..." '
                                'or type="..."')

    def _url_of(self, task: Any) -> str | None:
        f = self.files_by_src.get(task.src)
        return f.url if f is not None else None

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

    def _report(self) -> None:
        for src, line, why in self.collection.unreadable:
            log.error(f"{self.path_prefix}{src}:{line}: error: {why}")
        if self.collection.unreadable and self.command != "serve":
            raise PluginError(f"mkdocs-tasks: {_count(len(self.collection.unreadable), 'page')} "
                              "could not be read as UTF-8 text")
        for p in self.problems:
            if p.severity == ERROR:
                log.error(p.format())
            else:
                log.warning(p.format())
        fail_on = self.config.fail_on
        if rules.failing(self.problems, fail_on) and self.command != "serve":
            errors, warnings = rules.tally(self.problems)
            raise PluginError(
                f"mkdocs-tasks: {_count(errors, 'error')} and {_count(warnings, 'warning')} "
                f"in task pages; the build fails on {fail_on}s (fail_on: {fail_on})"
            )


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


def _reader(f: File) -> Any:
    return lambda: f.content_string
