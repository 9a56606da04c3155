"""`mkdocs_tasks.extension`: the plugin's page-by-page part as a Python-Markdown extension.

    markdown.markdown(text, extensions=["mkdocs_tasks.extension", "pymdownx.tasklist"])

On one page of plain Python-Markdown: the page's front matter is read (and kept out of the
HTML, as MkDocs keeps it), the page is read from its rendering as a build reads it, and
the header (ID, kind, category, status, progress) goes under its title, with the box of
its problems; each problem is logged as `path:line: severity [code] message`. The page
knows no other task, so dependencies are named, not linked. Headings get IDs (the `toc`
extension is added when it is not there), as MkDocs gives them. (The Zensical side, which
reads the whole site, is not written yet.)
"""

from __future__ import annotations

import logging
from typing import Any

from markdown import Extension, Markdown
from markdown.extensions.toc import TocExtension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from . import graph as graph_mod
from . import inject, render, rendered, rules
from .defaults import default_settings
from .model import ERROR
from .parse import split_lines

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
        settings = default_settings()
        src = ext.getConfig("path")
        task, layout = rendered.from_rendering(ext.text, text, src, settings)
        rules.local(task, settings)
        graph = graph_mod.build([task], settings)
        problems = rules.check(graph)
        for p in problems:
            log.log(logging.ERROR if p.severity == ERROR else logging.WARNING, p.format())
        html = render.header(task, graph, lambda tid: None)
        box = render.problems_box(problems)
        edit = inject.header_slot(task.id, task.title, layout.title_end)
        out = inject.apply(text, [edit])
        return out.replace(inject.slot(task.id), html + ("\n" + box if box else ""), 1)


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


def makeExtension(**kwargs: Any) -> TasksExtension:  # noqa: N802 (Python-Markdown's name)
    return TasksExtension(**kwargs)
