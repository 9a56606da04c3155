"""A MkDocs build's pages as the pipeline takes them: what reads a page's file, its stamp,
the links between pages, the language a mkdocs-static-i18n build is building, and a task
page that a dirty build did not render. For the plugin (MkDocs-aware, like config.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import markdown as markdown_lib
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.utils import is_markdown_file

from . import inject, pipeline, rendered
from .dirty import Kept
from .graph import Graph
from .model import Body, Marker, Settings, Task
from .pipeline import Stamp, read_text
from .render import Link
from .source import parse


def reader(f: File) -> Callable[[], str]:
    """What reads a page's text, as MkDocs reads it (a generated page's from memory)."""
    def read() -> str:
        path = f.abs_src_path
        return read_text(path) if path is not None and not f.generated_by else f.content_string
    return read


def rereader(page: Any, src: str, settings: Settings, resolve: rendered.Resolve) -> Callable[[], Body]:
    """What reads a page's rendering again (`page`: anything with `content`)."""
    return lambda: rendered.read(page.content or "", src, settings, resolve)[0]


def stamper(docs: Sequence[File]) -> Callable[[str], Stamp | None]:
    """A page's file's (mtime, size), None for a generated page."""
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


def urls(files: dict[str, File]) -> Callable[[], dict[str, str]]:
    """Each page's URL -> its src, made once a link needs it (under --dirty, rarely)."""
    made: dict[str, str] = {}

    def by_url() -> dict[str, str]:
        if not made:
            made.update((f.url, f.src_uri) for f in files.values() if f.is_documentation_page())
        return made

    return by_url


def linker(graph: Graph, files: dict[str, File], page_file: File) -> Link:
    """A task ID -> the URL of its page relative to `page_file`'s."""
    by_id = graph.by_id
    seen: dict[str, str | None] = {}  # an index links each task several times

    def link(tid: str) -> str | None:
        if tid in seen:
            return seen[tid]
        task = by_id.get(tid)
        target = files.get(task.src) if task is not None else None
        href = seen[tid] = target.url_relative_to(page_file) if target is not None else None
        return href

    return link


def read_rendered(srcs: list[str], files: dict[str, File], settings: Settings,
                  front_errors: dict[str, tuple[int, str]], kept: Kept | None,
                  config: MkDocsConfig) -> Rendered:
    """Each task page as the pipeline takes it: the rendered ones read from their HTML (with
    their layouts), those a dirty build did not render as last judged (`kept`) or read
    from their source; and what reads a page --dirty did not render as it last showed."""
    by_url = urls(files)
    out = Rendered([], [], {}, lambda src: None)
    for src in srcs:
        f = files[src]
        page = f.page
        if page is None or page.content is None:  # not rendered this time (--dirty)
            model = kept.models.get(src) if kept is not None and src in kept.renderings else None
            out.others.append(model if model is not None else unrendered(f, config, settings))
            continue
        facts, out.layouts[src] = rendered.read(page.content, src, settings, resolver(f, by_url))
        if kept is not None:
            kept.renderings[src].layout = out.layouts[src]
        out.pages.append(_task_page(f, page, dict(page.meta), front_errors.get(src), facts, settings, by_url))
    if kept is not None:
        def last_page(src: str) -> pipeline.Page | None:
            last, f = kept.renderings.get(src), files.get(src)
            if last is None or f is None:
                return None
            return _task_page(f, last, last.meta, last.fm_error, None, settings, by_url)
        out.last = last_page
    return out


@dataclass
class Rendered:
    pages: list[pipeline.Page]  # the task pages rendered this time
    others: list[Task]  # those that were not (--dirty)
    layouts: dict[str, rendered.Layout]  # src -> where the facts stand in its HTML
    last: Callable[[str], pipeline.Page | None]  # src -> a page not rendered, as it last showed


def resolver(f: File, by_url: Callable[[], dict[str, str]]) -> rendered.Resolve:
    return rendered.resolver(f.url, f.src_uri, by_url)


def _task_page(f: File, holder: Any, meta: dict[str, Any], fm_error: tuple[int, str] | None,
               facts: Body | None, settings: Settings, by_url: Callable[[], dict[str, str]]) -> pipeline.Page:
    """A task page for the pipeline; `holder`: what holds its rendering (`content`)."""
    return pipeline.Page(f.src_uri, meta, fm_error, facts, reader(f),
                         rereader(holder, f.src_uri, settings, resolver(f, by_url)))


def decorate(tasks: list[Task], layouts: dict[str, rendered.Layout], graph: Graph, files: dict[str, File],
             links: dict[str, Link]) -> None:
    """Into each rendered task page: dependency links and the header's slot (inject.decorate),
    the title handed to the theme escaped (themes print it raw); each page's links kept in
    `links` for the header when the page is written."""
    for task in tasks:
        page = files[task.src].page
        if page is None or page.content is None:
            continue
        if task.title is not None:
            page.meta["title"] = escape(task.title, quote=False)
        link = links[task.src] = linker(graph, files, page.file)
        page.content = inject.decorate(page.content, task, layouts[task.src], graph, link)


def slots(srcs: Iterable[str], files: dict[str, File]) -> dict[str, list[Marker]]:
    """Each marker comment left in a rendered page becomes a slot (those a plugin made
    too: their filters were not checked in on_files); src -> the markers of its slots."""
    found = {}
    for src in srcs:
        f = files.get(src)
        if f is None or f.page is None or f.page.content is None or "tasks:" not in f.page.content:
            continue
        f.page.content, markers = inject.markers_to_slots(f.page.content)
        if markers:
            found[src] = markers
    return found


def unrendered(f: File, config: MkDocsConfig, settings: Settings) -> Task:
    """A task page that a dirty build did not render, and of which nothing is kept: read
    from its source (rendered with the site's Markdown where the scanner cannot)."""
    text = f.content_string
    task = parse(text, f.src_uri, settings)
    if task.deferred is not None:
        md = markdown_lib.Markdown(extensions=config.markdown_extensions,
                                  extension_configs=config.mdx_configs or {})
        task = pipeline.from_source(text, f.src_uri, settings, lambda t: md.reset().convert(t))
    return task


def translation(config: MkDocsConfig) -> str | None:
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


def config_text(config: MkDocsConfig) -> str | None:
    path = config.config_file_path
    try:
        return read_text(path) if path else None
    except (OSError, ValueError):
        return None


def is_page(src: str) -> bool:
    """A documentation page, by its path (relative to docs_dir)."""
    return is_markdown_file(src)
