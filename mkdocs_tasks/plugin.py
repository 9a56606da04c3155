"""MkDocs events only: wiring between MkDocs and the pipeline.

State by lifetime: `command` and `dirty` for the process (on_startup); `kept`, what
`serve --dirty` keeps from one rebuild to the next (dirty.Kept, behind its named key);
`build`, what one build learns, made afresh in on_config.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Literal, TypeVar

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import burnup, ics, inject, pages, pipeline, render, report
from . import history as history_mod
from .config import TasksConfig, settings_from
from .defaults import EXTENSION
from .dirty import Kept, KeptFor
from .frontmatter import split_lines
from .graph import Graph
from .model import Marker, Problem, Settings, Task
from .pipeline import Found, find, no_cycle_collection
from .report import log
from .views import Made

T = TypeVar("T")

CSS_URI = "assets/mkdocs-tasks/tasks.css"
GENERATED_INDEX = "# Tasks\n\n<!-- tasks:index -->\n\n<!-- tasks:graph -->\n"


@dataclass
class Build:
    """What one build learns: made afresh in on_config, so nothing outlives its build
    (MkDocs keeps the plugin from one `serve` rebuild to the next)."""

    settings: Settings
    prefix: str  # docs_dir from the project root, for the problems' paths
    incremental: bool  # `serve --dirty`: what is learnt is kept for the next rebuild
    language: str | None = None  # of a mkdocs-static-i18n build of a translation
    found: Found = field(default_factory=Found)
    files: dict[str, File] = field(default_factory=dict)  # src -> file, every file
    front_errors: dict[str, tuple[int, str]] = field(default_factory=dict)  # front matter MkDocs dropped
    graph: Graph | None = None
    problems: dict[str, list[Problem]] = field(default_factory=dict)  # src -> its page's problems
    slots: dict[str, list[Marker]] = field(default_factory=dict)  # src -> markers of its slots
    links: dict[str, render.Link] = field(default_factory=dict)  # src -> its links, on_env to writing
    history: history_mod.Read | None = None  # what was read of git, when a page draws it


class TasksPlugin(BasePlugin[TasksConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command: str = "build"
        self.dirty = False
        self.kept = Kept()
        self.build = Build(Settings(), "", False)

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command = command
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        docs = os.path.relpath(os.path.abspath(config.docs_dir), root).replace(os.sep, "/")
        build = self.build = Build(settings_from(self.config), "" if docs == "." else docs.rstrip("/") + "/",
                                   self.dirty and self.command == "serve")
        if self.config.ics and not ics.available():
            raise PluginError(ics.MISSING)
        if CSS_URI not in [str(x) for x in config.extra_css]:
            config.extra_css.append(CSS_URI)
        if EXTENSION in config.markdown_extensions:  # (a mkdocs.yml shared with Zensical)
            # the plugin does for the whole site what the extension does page by page
            config.markdown_extensions.remove(EXTENSION)
            config.mdx_configs.pop(EXTENSION, None)
        self.kept.holds_for(KeptFor(build.settings, pages.config_text(config), build.prefix, None)
                            if build.incremental else None)
        return config

    # Last of all plugins (mkdocs-static-i18n takes -100): tasks are found in the final
    # set of files, after others have added, removed or duplicated pages per language.
    @event_priority(-110)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        return self._guard("finding the task pages", lambda: self._find(files, config), files)

    def _find(self, files: Files, config: MkDocsConfig) -> Files:
        build, kept = self.build, self.kept
        build.language = pages.translation(config)
        if kept.key is not None and kept.key.language != build.language:
            # mkdocs-static-i18n builds each language in turn, its pages under the same paths
            kept.holds_for(replace(kept.key, language=build.language))
        index_page = self.config.index_page
        generate = (bool(index_page) and build.language is None
                    and files.get_file_from_path(index_page) is None)
        docs = files.documentation_pages()
        build.found = find([(f.src_uri, pages.reader(f)) for f in docs], build.settings,
                           self.config.include, self.config.exclude,
                           *((pages.stamper(docs), kept.seen) if build.incremental else ()))
        # Each page is read once, here: MkDocs is handed the text (on_page_read_source),
        # unless another plugin gives pages their source.
        if not all(getattr(m, "__self__", None) is self
                   for m in config.plugins.events.get("page_read_source", [])):
            build.found.texts = {}
        if generate and build.found.tasks and not build.found.markers:
            files.append(File.generated(config, index_page, content=GENERATED_INDEX))
            build.found.markers[index_page] = []
        if files.get_file_from_path(CSS_URI) is None:
            css = resources.files("mkdocs_tasks").joinpath("assets/tasks.css").read_text("utf-8")
            files.append(File.generated(config, CSS_URI, content=css))
        build.files = {f.src_uri: f for f in files}
        if self.dirty:
            kept.render_unknown(docs, set(build.found.tasks), build.found.markers)
        report.setup(bool(build.found.tasks), build.found.markers, config, build.prefix, build.settings)
        report.unreadable(build.found.unreadable, build.prefix, self.command != "serve")
        return files

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """The text read in on_files: MkDocs need not read the file again."""
        return self.build.found.texts.pop(page.file.src_uri, None)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str | None:
        if page.meta or not markdown.startswith("---") or page.file.src_uri not in self.build.found.tasks:
            return None  # (most pages: MkDocs read their front matter, or they have none)
        return self._guard(f"reading {page.file.src_uri}", lambda: self._front(markdown, page), None)

    def _front(self, markdown: str, page: Page) -> str | None:
        """MkDocs drops front matter it cannot read and renders it as text: that is an
        `invalid-front-matter` problem, and the page is rendered without it."""
        lines, fm = split_lines(markdown)
        if fm.error is not None:
            self.build.front_errors[page.file.src_uri] = fm.error
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
        build, kept = self.build, self.kept
        if build.incremental:
            kept.remember({*build.found.tasks, *build.found.markers}, build.files, build.front_errors)
        read = pages.read_rendered(build.found.tasks, build.files, build.settings, build.front_errors,
                                   kept if build.incremental else None, config)
        build.graph, problems, tasks = pipeline.judge_rendered(
            read.pages, read.others, build.settings, dict(self.config.rules), build.prefix, read.last)
        for p in problems:
            build.problems.setdefault(p.src, []).append(p)
        log.debug(f"{len(build.graph.tasks)} task pages: {len(read.pages)} read from their rendering")
        report.around(build.graph, build.found.markers, build.prefix)
        if any(m.kind == "history" for ms in build.found.markers.values() for m in ms):
            root = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
            build.history = history_mod.read(history_mod.Site(
                Path(config.docs_dir), build.settings, list(self.config.include), list(self.config.exclude),
                pages.is_page, Path(root, self.config.cache_dir) if self.config.cache else None))
            report.history(build.history)
        if build.incremental:
            charts = burnup.shows(build.history, build.graph, build.found.markers) if build.history else None
            restored, again = kept.changed(build.graph, build.problems, build.found.markers,
                                           build.files, read.layouts, charts)
            tasks.extend(restored)
            if again:
                log.debug("--dirty: written again for what they show of the edited pages: "
                          f"{', '.join(again)}")
        pages.decorate(tasks, read.layouts, build.graph, build.files, build.links)
        build.slots = pages.slots({*build.found.markers, *(t.src for t in tasks)}, build.files)
        report.problems(problems, len(build.graph.tasks), self.config.fail_on, self.command != "serve")

    # First of all plugins (before any that minify the page and drop its comments): the
    # header and the tables go into the HTML written out, see inject.
    @event_priority(100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        graph, src = self.build.graph, page.file.src_uri
        if graph is None or (src not in graph.by_src and src not in self.build.slots):
            return None
        return self._guard(f"rendering {src}", lambda: self._late(output, page, graph), None)

    def _late(self, output: str, page: Page, graph: Graph) -> str:
        build, src = self.build, page.file.src_uri
        task = graph.by_src.get(src)
        markers = build.slots.get(src, [])
        link = build.links.pop(src, None) or pages.linker(graph, build.files, page.file)
        fill = ((inject.slot(task.id), lambda: inject.header(task, graph, link, build.problems.get(src, [])))
                if task is not None else None)
        made = self.kept.made.setdefault(src, Made()) if build.incremental and markers else None
        draw = burnup.drawer(build.history, graph) if build.history is not None else None
        return inject.late(output, fill, markers, graph, link, made, draw)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        build = self.build
        if build.graph is None:
            return

        def url_of(task: Task) -> str | None:
            if build.incremental:
                return self.kept.url(task.src, build.files)
            f = build.files.get(task.src)
            return f.url if f is not None else None

        with no_cycle_collection():  # a record per task, freed right after: see _guard
            text = render.json_text(render.tasks_json(build.graph, url_of),
                                    self.kept.json_lines if build.incremental else None)
        folder = os.path.join(config.site_dir, build.language or "")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "tasks.json"), "w", encoding="utf-8") as fh:
            fh.write(text)
        if self.config.ics:
            with open(os.path.join(folder, "tasks.ics"), "wb") as out:
                out.write(ics.calendar(build.graph, url_of, config.site_url, config.site_name))

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
