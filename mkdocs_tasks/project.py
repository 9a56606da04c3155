"""A site's task pages without a build: mkdocs.yml read the way MkDocs reads it.

The command line uses this. It reads only what the plugin needs (docs_dir, exclude_docs,
the URL style and the plugin's own options, validated by the same TasksConfig), walks
docs_dir the way MkDocs' get_files does, and runs the same core as a build.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pathspec
import yaml

from . import graph as graph_mod
from .defaults import CACHE_DIR, DEFAULT_EXCLUDE, DEFAULT_INCLUDE, EXTENSION, default_settings
from .model import Problem, Settings, Task
from .pipeline import Collection, SourceReader, judge, task_path_matcher

PAGE_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")  # mkdocs.utils.markdown_extensions
_DEFAULT_EXCLUDE = [".*", "/templates/"]  # MkDocs' own, before exclude_docs


class ProjectError(Exception):
    """mkdocs.yml cannot be read, or the plugin's options are invalid."""


@dataclass
class Project:
    config_file: Path
    root: Path
    docs_dir: Path
    use_directory_urls: bool
    include: list[str]
    exclude: list[str]
    rules: dict[str, str]
    settings: Settings
    exclude_docs: list[str] = field(default_factory=list)
    plugin_enabled: bool = True
    rewriters: list[str] = field(default_factory=list)  # configured plugins that rewrite Markdown
    cache_dir: Path | None = None  # where what is read from git is kept (None: nowhere)

    @property
    def prefix(self) -> str:
        rel = os.path.relpath(self.docs_dir, self.root).replace(os.sep, "/")
        return "" if rel == "." else rel.rstrip("/") + "/"

    def select(self, paths: list[str]) -> list[str]:
        """Of these files (relative to docs_dir), the documentation pages, sorted."""
        spec = pathspec.GitIgnoreSpec.from_lines(_DEFAULT_EXCLUDE + self.exclude_docs)
        return sorted(p for p in paths if p.endswith(PAGE_SUFFIXES) and not spec.match_file(p))

    def pages(self) -> list[str]:
        """Documentation pages relative to docs_dir, in MkDocs' order, exclusions applied."""
        spec = pathspec.GitIgnoreSpec.from_lines(_DEFAULT_EXCLUDE + self.exclude_docs)
        found: list[str] = []
        for folder, dirs, files in os.walk(self.docs_dir, followlinks=True):
            dirs.sort()
            rel = os.path.relpath(folder, self.docs_dir)
            for name in sorted(files, key=lambda f: (os.path.splitext(f)[0] not in ("index", "README"), f)):
                if not name.endswith(PAGE_SUFFIXES):
                    continue
                src = name if rel == "." else f"{rel}/{name}".replace(os.sep, "/")
                if not spec.match_file(src):
                    found.append(src)
        return found

    def readers(self) -> list[tuple[str, Callable[[], str]]]:
        """Each documentation page with what reads its text (as MkDocs reads it)."""
        docs = str(self.docs_dir)

        def reader(src: str) -> Callable[[], str]:
            def read() -> str:
                with open(os.path.join(docs, src), encoding="utf-8-sig", errors="strict") as fh:
                    return fh.read()
            return read

        return [(src, reader(src)) for src in self.pages()]

    def url(self, src: str) -> str:
        """MkDocs' own File.url for a page."""
        from mkdocs.structure.files import File

        return File(src, str(self.docs_dir), str(self.root / "site"), self.use_directory_urls).url


@dataclass
class Checked:
    collection: Collection
    graph: graph_mod.Graph
    problems: list[Problem]
    rewritten: list[str] = field(default_factory=list)  # src of pages a plugin rewrites in a build


# Plugins that rewrite a page's Markdown before it is rendered, with template syntax that
# the command line cannot expand: a build is the judge of what such a page holds.
REWRITERS = ("macros", "include-markdown", "markdownextradata")
# What a page's body holds (its sections and checkboxes): judged by the build alone on
# those pages. Front matter, identity and dependencies are still checked.
BODY_CODES = frozenset({
    "missing-section", "empty-section", "duplicate-section", "section-order", "no-criteria",
    "malformed-checkbox", "invalid-time-box", "template-placeholder", "status-mismatch",
})


class Renderer:
    """Renders a page the scanner cannot model with the site's own Markdown extensions,
    configured as MkDocs configures them (mkdocs.yml loaded by MkDocs itself, without its
    plugins: `!relative` paths, snippets' base_path, the built-in toc, tables and
    fenced_code), and reads it as a build reads its rendering."""

    def __init__(self, project: Project, make: Callable[[], Any] | None = None) -> None:
        self.project = project
        self._md: Any = None
        self._make = make  # the Markdown another engine renders with (Zensical's extensions)

    def __call__(self, src: str, text: str) -> Task | None:
        from .pipeline import from_source

        md = self._markdown()
        if md is None:
            return None
        return from_source(text, src, self.project.settings, lambda body: str(md.reset().convert(body)))

    def _markdown(self) -> Any:
        if self._md is None:
            import markdown

            try:
                if self._make is not None:  # (MkDocs' configuration is not needed then)
                    self._md = self._make()
                    return self._md or None
                from mkdocs.config import load_config

                cfg = load_config(str(self.project.config_file), plugins=[])
                # (this extension on the page would put its own header in what is read)
                names = [e for e in cfg.markdown_extensions if e != EXTENSION]
                self._md = markdown.Markdown(extensions=names, extension_configs=cfg.mdx_configs or {})
            except Exception as exc:  # noqa: BLE001 - the source reading stands, said once
                print(f"mkdocs-tasks: the site's Markdown extensions could not be loaded ({exc}); "
                      "pages that use them are read from their source", file=sys.stderr)
                self._md = False
        return self._md or None


try:
    from yaml import CSafeLoader as _FastLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _FastLoader  # type: ignore[assignment]


def _loader() -> type[Any]:
    from mkdocs.utils.yaml import get_yaml_loader

    loader: type[Any] = get_yaml_loader()

    class Loader(loader):  # type: ignore[misc]
        pass

    # `!relative` needs a live MkDocs config; none of the keys read here use it
    Loader.add_constructor("!relative", lambda _loader, node: None)
    return Loader


def load(config_file: str | os.PathLike[str] = "mkdocs.yml") -> Project:
    path = Path(config_file).resolve()
    if not path.is_file():
        raise ProjectError(f"{config_file}: no such file; run in the folder of mkdocs.yml or pass -f")
    try:
        text = path.read_text(encoding="utf-8-sig")
        try:  # most files are plain YAML: skip MkDocs' loader and its imports
            data = None if "!" in text or "INHERIT" in text else yaml.load(text, Loader=_FastLoader)
        except yaml.YAMLError:
            data = None
        if data is None:
            from mkdocs.exceptions import ConfigurationError
            from mkdocs.utils.yaml import yaml_load

            try:
                with open(path, encoding="utf-8-sig") as fh:
                    data = yaml_load(fh, loader=_loader())
            except ConfigurationError as exc:
                raise ProjectError(f"{config_file}: {exc}") from None
    except (yaml.YAMLError, OSError, UnicodeDecodeError, ImportError) as exc:
        raise ProjectError(f"{config_file}: {exc}") from None
    if not isinstance(data, dict):
        raise ProjectError(f"{config_file}: expected a mapping of settings")

    options, enabled = _plugin_options(data.get("plugins"))
    if options:
        # validated by the plugin's own Config class, so both read options alike
        from .config import TasksConfig, settings_from

        cfg = TasksConfig(config_file_path=str(path))
        cfg.load_dict(options)
        errors, _warnings = cfg.validate()
        if errors:
            key, err = errors[0]
            raise ProjectError(f"{config_file}: Plugin 'tasks' option '{key}': {err}")
        include, exclude = list(cfg.include), list(cfg.exclude)
        rules_, settings = dict(cfg.rules), settings_from(cfg)
        cache_dir = path.parent / cfg.cache_dir if cfg.cache else None
    else:  # the defaults, without loading MkDocs' config machinery (pre-commit speed)
        include, exclude = list(DEFAULT_INCLUDE), list(DEFAULT_EXCLUDE)
        rules_, settings = {}, default_settings()
        cache_dir = path.parent / CACHE_DIR

    docs = data.get("docs_dir", "docs")
    if not isinstance(docs, str):
        raise ProjectError(f"{config_file}: docs_dir must be a path")
    docs_dir = (path.parent / docs).resolve()
    if not docs_dir.is_dir():
        raise ProjectError(f"{config_file}: docs_dir {docs!r} is not a folder")
    exclude_docs = data.get("exclude_docs") or ""
    return Project(
        config_file=path,
        root=path.parent,
        docs_dir=docs_dir,
        use_directory_urls=bool(data.get("use_directory_urls", True)),
        include=include,
        exclude=exclude,
        rules=rules_,
        settings=settings,
        exclude_docs=[line for line in str(exclude_docs).splitlines() if line.strip()],
        plugin_enabled=enabled,
        rewriters=[name for name in REWRITERS if _plugin_options(data.get("plugins"), name)[1]],
        cache_dir=cache_dir,
    )


def _plugin_options(plugins: Any, name: str = "tasks") -> tuple[dict[str, Any], bool]:
    """The entry of a plugin in `plugins:`, in its list or mapping form: options, enabled."""
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    for entry in plugins or []:
        if entry == name:
            return {}, True
        if isinstance(entry, dict) and name in entry:
            value = entry[name]
            if isinstance(value, dict):
                opts = {k: v for k, v in value.items() if k != "enabled"}
                return opts, value.get("enabled", True) is not False
            return {}, True
    return {}, False


def check(project: Project, reader: SourceReader | None = None,
          pages: list[tuple[str, Callable[[], str]]] | None = None,
          render: Renderer | None = None) -> Checked:
    """What a build reports, without building: the same pipeline, read from the sources.
    `pages`: (src, its text) read some other way than from docs_dir (a git revision);
    `render`: how pages the source reader cannot model are rendered, if not as MkDocs
    would (mkdocs.yml's extensions)."""
    if pages is None:
        pages = project.readers()
    if render is None:
        render = Renderer(project)
    if reader is not None:
        collection = reader.collect(pages, project.settings, project.include, project.exclude, render=render)
    else:
        collection = _collect_once(project, pages, render)
    rewritten = []
    tasks = collection.tasks
    if project.rewriters:
        rewritten = [task.src for task in tasks if task.template]
        tasks = [dataclasses.replace(t, problems=tuple(p for p in t.problems if p.code not in BODY_CODES))
                 if t.template else t for t in tasks]
    graph, problems = judge(tasks, project.settings, project.rules, project.prefix)
    return Checked(collection, graph, problems, rewritten)


# Reading and parsing is most of a check; from this many task pages (by path) on, a second
# process reads the second half of them meanwhile. A fork costs ~2 ms and sending back the
# parsed tasks (without what only the page-local rules read) ~5 ms: 1,000 pages 106 -> 70 ms.
PARALLEL_FROM = 200
JOBS_VARIABLE = "MKDOCS_TASKS_JOBS"  # "1": one process


def _collect_once(project: Project, pages: list[tuple[str, Callable[[], str]]],
                  render: Renderer) -> Collection:
    """All pages' tasks, in the pages' order; in two processes where that is worth it."""

    def collect(part: list[tuple[str, Callable[[], str]]]) -> Collection:
        return SourceReader().collect(part, project.settings, project.include, project.exclude, render=render)

    split = _split(project, [src for src, _ in pages])
    if split is None:
        return collect(pages)
    import pickle

    try:
        read_end, write_end = os.pipe()
    except OSError:  # out of file descriptors: one process will do
        return collect(pages)
    try:
        pid = os.fork()
    except OSError:  # out of processes or memory: likewise
        os.close(read_end)
        os.close(write_end)
        return collect(pages)
    if pid == 0:  # the child: the second half, pickled down the pipe, and gone
        code = 1
        try:
            os.close(read_end)
            data = pickle.dumps(collect(pages[split:]), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            code = 0
        finally:
            os._exit(code)  # no clean-up of the parent's state: it is the parent's
    os.close(write_end)
    first = collect(pages[:split])
    with os.fdopen(read_end, "rb") as fh:
        data = fh.read()
    _, status = os.waitpid(pid, 0)
    try:
        second = pickle.loads(data) if status == 0 else None
    except Exception:  # noqa: BLE001 - whatever went wrong there, the pages are still here
        second = None
    if not isinstance(second, Collection):
        second = collect(pages[split:])  # the child failed: do its half here
    first.tasks.extend(second.tasks)
    first.markers.update(second.markers)
    first.unreadable.extend(second.unreadable)
    return first


def _split(project: Project, sources: list[str]) -> int | None:
    """Where the second process starts (half the task pages on each side), or None."""
    if (os.environ.get(JOBS_VARIABLE, "").strip() == "1" or not hasattr(os, "fork")
            or not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2):
        # (macOS and Windows start processes afresh, which costs more than it saves)
        return None
    is_task = task_path_matcher(project.include, project.exclude)
    where = [i for i, src in enumerate(sources) if is_task(src)]
    if len(where) < PARALLEL_FROM:
        return None
    return where[len(where) // 2]


def from_engine(root: str | os.PathLike[str], docs_dir: str, use_directory_urls: bool,
                exclude_docs: Any = None) -> Project:
    """The project of a site that another engine builds (Zensical), from that engine's
    settings: the plugin's options from mkdocs.yml where the folder has one (Zensical
    reads it too), the defaults otherwise."""
    base = Path(root).resolve()
    docs = (base / docs_dir).resolve()
    if isinstance(exclude_docs, (list, tuple)):
        excluded = [str(line) for line in exclude_docs if str(line).strip()]
    else:
        excluded = [line for line in str(exclude_docs or "").splitlines() if line.strip()]
    if (base / "mkdocs.yml").is_file():
        found = load(base / "mkdocs.yml")
        found.docs_dir, found.use_directory_urls, found.exclude_docs = docs, use_directory_urls, excluded
        return found
    return Project(config_file=base / "zensical.toml", root=base, docs_dir=docs,
                   use_directory_urls=use_directory_urls, include=list(DEFAULT_INCLUDE),
                   exclude=list(DEFAULT_EXCLUDE), rules={}, settings=default_settings(),
                   exclude_docs=excluded, cache_dir=base / CACHE_DIR)


def history_site(project: Project) -> Any:
    """Where the history of the project's task pages is read from (history.Site)."""
    from . import history

    return history.Site(project.docs_dir, project.settings, project.include, project.exclude,
                        lambda src: bool(project.select([src])), project.cache_dir)
