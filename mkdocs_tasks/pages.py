"""A MkDocs build's pages as the pipeline takes them: what reads a page's file, its stamp,
the links between pages, the language a mkdocs-static-i18n build is building, and a task
page that a dirty build did not render. For the plugin (MkDocs-aware, like config.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

import markdown as markdown_lib
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from . import pipeline, rendered
from .graph import Graph
from .model import Body, Settings, Task
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
