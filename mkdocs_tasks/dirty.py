"""What `mkdocs serve --dirty` keeps from one rebuild to the next, behind one named key.

A dirty build renders only the pages whose source changed. What the plugin shows on a
page also shows other tasks (a header shows the status of what the task depends on, an
index row a task's progress), so the plugin keeps, for the next rebuild: each task and
marker page's last rendering (as MkDocs and the other plugins left it), each task as last
judged, what every page showed (incremental.Shown), what on_files learnt of each file by
its stamp, what the marker pages' views made, tasks.json's lines and the pages' URLs.
After the rebuild the pages whose output an edit changed are written again, those MkDocs
did not render from their last rendering, and no others. All of it holds for one
configuration (KeptFor): another one, and nothing kept holds.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from . import incremental
from .graph import Graph
from .model import Marker, Problem, Settings, Task
from .pipeline import Seen
from .rendered import Layout
from .views import Made


@dataclass(frozen=True)
class KeptFor:
    """What everything kept holds for: the plugin's settings, mkdocs.yml's text, where
    docs_dir is, and the language an i18n build is building."""

    settings: Settings
    config_text: str | None
    prefix: str
    language: str | None


@dataclass
class Rendering:
    """A page as MkDocs and the other plugins rendered it, before this plugin's edits."""

    content: str
    toc: Any
    meta: dict[str, Any]
    title: str | None  # the H1 that MkDocs found
    anchors: Any
    fm_error: tuple[int, str] | None
    layout: Layout | None = None

    def restore(self, page: Page) -> None:
        """A page that this build did not render, given its last rendering to be written."""
        page.markdown = get_data(page.file.content_string)[0]  # (page.title needs it)
        page.meta = dict(self.meta)
        page.content = self.content
        page.toc = self.toc
        page._title_from_render = self.title  # (MkDocs' own attribute: the H1 it found)
        page.present_anchor_ids = self.anchors


@dataclass
class Kept:
    key: KeptFor | None = None
    renderings: dict[str, Rendering] = field(default_factory=dict)  # src -> last rendering
    models: dict[str, Task] = field(default_factory=dict)  # src -> the task, as last judged
    shown: incremental.Shown | None = None  # what the last build's pages showed
    seen: Seen = field(default_factory=dict)  # src -> what on_files learnt, by the file's stamp
    made: dict[str, Made] = field(default_factory=dict)  # marker page src -> what its views made
    json_lines: dict[str, tuple[dict[str, Any], str]] = field(default_factory=dict)  # src -> line
    urls: dict[str, str] = field(default_factory=dict)  # src -> its page's URL

    def holds_for(self, key: KeptFor | None) -> None:
        """Keep on with what was learnt if it holds for `key`; else forget it all."""
        if key != self.key:
            for f in dataclasses.fields(self):
                setattr(self, f.name, f.default_factory() if callable(f.default_factory) else f.default)
            self.key = key

    def render_unknown(self, docs: Sequence[File], tasks: set[str], markers: Mapping[str, Any]) -> None:
        """`--dirty` renders only the pages whose source changed. A task or marker page of
        which no earlier rendering is kept (a new process, `build --dirty`, new settings)
        is rendered too: what it shows is known only from its rendering."""
        for f in docs:
            src = f.src_uri
            task = src in tasks
            if not task and src not in markers:
                continue
            if not (src in self.renderings and (src in self.models or not task)):  # (a task: its model)
                f.is_modified = _always  # type: ignore[method-assign]

    def remember(self, keep: set[str], files: Mapping[str, File],
                 front_errors: Mapping[str, tuple[int, str]]) -> None:
        """Each task and marker page rendered this time, as MkDocs and the other plugins
        left it, for later rebuilds that do not render it."""
        self.renderings = {src: r for src, r in self.renderings.items() if src in keep}
        for src in keep:
            page = files[src].page
            if page is not None and page.content is not None:
                self.renderings[src] = Rendering(page.content, page.toc, dict(page.meta),
                                                 page._title_from_render, page.present_anchor_ids,
                                                 front_errors.get(src))

    def changed(self, graph: Graph, problems: Mapping[str, Sequence[Problem]],
                markers: Mapping[str, Sequence[Marker]], files: Mapping[str, File],
                layouts: dict[str, Layout], histories: Mapping[str, object] | None = None,
                ) -> tuple[list[Task], list[str]]:
        """The pages whose output the edits changed are written again, those MkDocs did
        not render from their last rendering; the task pages among them are returned
        (their layouts added to `layouts`), and every page written again. `histories`:
        what each page's history charts show."""
        shown = incremental.shown(graph, problems, histories)
        before, self.shown = self.shown, shown
        self.models = dict(graph.by_src)
        self.urls = {src: url for src, url in self.urls.items() if src in self.models}
        if before is None or before.pages != shown.pages:
            self.made = {}  # (a row links to other pages: when one moved, make them anew)
        if before is None:
            return [], []
        restored: list[Task] = []
        again = []
        for src in sorted(incremental.changed_pages(before, shown, markers, graph.settings)):
            f = files.get(src)
            last = self.renderings.get(src)
            if f is None or f.page is None or f.page.content is not None or last is None:
                continue  # (rendered this time: MkDocs writes it)
            last.restore(f.page)
            f.is_modified = _always  # type: ignore[method-assign]
            again.append(src)
            task = graph.by_src.get(src)
            if task is not None and last.layout is not None:
                layouts[src] = last.layout
                restored.append(task)
        return restored, again

    def url(self, src: str, files: Mapping[str, File]) -> str | None:
        """A page's URL (which holds until the configuration changes)."""
        url = self.urls.get(src)
        if url is None:
            f = files.get(src)
            if f is None:
                return None
            url = self.urls[src] = f.url
        return url


def _always() -> bool:
    return True

