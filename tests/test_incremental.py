"""Which pages an edit changes (incremental.changed_pages), held to what the pages show.

On random sites and one random edit, every page's output is rendered before and after
(a task page: its header, problems box, title and dependency links; a marker page: its
index, board, graph or timeline); the pages whose output differs must be exactly the ones changed_pages
names, apart from the edited page itself, which MkDocs renders anyway."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from test_properties import PROPS

from conftest import task_page
from mkdocs_tasks import board, incremental, render, rules, svg, timeline
from mkdocs_tasks import graph as g
from mkdocs_tasks import index as index_view
from mkdocs_tasks.model import Marker
from mkdocs_tasks.source import parse
from test_robustness import SETTINGS

MARKERS = {"all.md": [Marker("index", 1, {})],
           "security.md": [Marker("index", 1, {"category": "Security"})],
           "spikes.md": [Marker("index", 1, {"type": "spike"}), Marker("graph", 3, {"status": "done"})],
           "graph.md": [Marker("graph", 1, {})],
           "around.md": [Marker("graph", 1, {"around": "P-2"}),
                         Marker("graph", 3, {"around": "P-1", "depth": "2", "category": "Security"})],
           "mermaid.md": [Marker("graph", 1, {"format": "mermaid"})],
           "board.md": [Marker("board", 1, {})],
           "people.md": [Marker("board", 1, {"group": "owner", "limit": "2"}),
                         Marker("index", 3, {"owner": "ann", "sort": "-due"})],
           "soon.md": [Marker("index", 1, {"due": "7d", "group": "due"}),
                       Marker("board", 3, {"group": "priority", "tag": "api", "status": "todo,blocked"})],
           "late.md": [Marker("graph", 1, {"due": "overdue"}), Marker("index", 3, {"due": "overdue"})],
           "when.md": [Marker("timeline", 1, {}),
                       Marker("timeline", 3, {"group": "owner", "status": "!done", "sort": "due",
                                              "limit": "2"})]}
TODAY = dt.date(2026, 12, 1)
VIEWS = {"index": index_view.index, "board": board.board, "graph": svg.block, "timeline": timeline.timeline}

spec = st.fixed_dictionaries({
    "id": st.integers(1, 6), "title": st.sampled_from(["Alpha", "Beta"]),
    "category": st.sampled_from(["Security", "Performance", "Research spike"]),
    "boxes": st.tuples(st.booleans(), st.booleans()),
    "status": st.sampled_from([None, None, "blocked", "cancelled"]),
    "deps": st.lists(st.integers(1, 8), max_size=3),
    "owner": st.sampled_from([None, "ann", "bo", ["ann", "bo"]]),
    "due": st.sampled_from([None, "2026-11-28", "2026-12-01", "2026-12-05", "2026-12-20"]),
    "start": st.sampled_from([None, "2026-11-20", "2026-12-02"]),
    "priority": st.sampled_from([None, "high", "low"]),
    "tags": st.sampled_from([None, ["api"], ["api", "ui"]]),
})
edits = st.sampled_from(["box", "title", "deps", "category", "status", "id", "delete", "add", "rename",
                         "owner", "due", "start", "priority", "tags", "day"])


def _text(s: dict[str, Any]) -> str:
    front: dict[str, Any] = {"id": f"P-{s['id']}", "category": s["category"]}
    for key in ("status", "owner", "due", "start", "priority", "tags"):
        if s.get(key):
            front[key] = s[key]
    deps = "\n".join(f"- P-{d}" for d in s["deps"]) or "None"
    text = task_page(s["title"], deps=deps, front=front)
    text = text.replace("- [x] First", f"- [{'x' if s['boxes'][0] else ' '}] First")
    return text.replace("- [ ] Second", f"- [{'x' if s['boxes'][1] else ' '}] Second")


def _outputs(pages: dict[str, str], today: dt.date = TODAY) -> tuple[incremental.Shown, dict[str, Any]]:
    tasks = []
    for src, text in pages.items():
        task = parse(text, src, SETTINGS)  # (with its page's own problems)
        tasks.append(task)
    graph = g.build(tasks, SETTINGS, today)
    problems: dict[str, list[Any]] = {}
    for p in rules.check(graph):
        problems.setdefault(p.src, []).append(p)

    def link(tid: str) -> str | None:
        t = graph.by_id.get(tid)
        return "/" + t.src if t is not None else None

    out: dict[str, Any] = {}
    for t in graph.tasks:
        out[t.src] = (render.header(t, graph, link), render.problems_box(problems.get(t.src, [])),
                      t.title,
                      [[(tid, link(tid)) for tid in task_ids] for task_ids, _ in graph.edges[t.src].items])
    for src, markers in MARKERS.items():
        out[src] = [VIEWS[m.kind](graph, m, link) for m in markers]
    return incremental.shown(graph, problems), out


@settings(PROPS, max_examples=400)
@given(site=st.lists(spec, min_size=1, max_size=6), edit=edits, which=st.integers(0, 5),
       new=spec, box=st.integers(0, 1), days=st.integers(1, 30))
def test_changed_pages_are_exactly_those_whose_output_differs(
        site: list[dict[str, Any]], edit: str, which: int, new: dict[str, Any], box: int,
        days: int) -> None:
    srcs = [f"tasks/t{i}.md" for i in range(len(site))]
    k = which % len(site)
    after_specs = {src: dict(s) for src, s in zip(srcs, site, strict=True)}
    s = after_specs[srcs[k]]
    edited = {srcs[k]}
    if edit == "box":
        s["boxes"] = (not s["boxes"][0], s["boxes"][1]) if box == 0 else (s["boxes"][0], not s["boxes"][1])
    elif edit in ("title", "deps", "category", "status", "id", "owner", "due", "start", "priority", "tags"):
        s[edit] = new[edit]
    elif edit == "day":  # no file changes; the next build is on a later day
        edited = set()
    elif edit == "delete":
        del after_specs[srcs[k]]
    elif edit == "add":
        after_specs["tasks/new.md"] = new
        edited = {"tasks/new.md"}
    else:  # rename
        after_specs["tasks/renamed.md"] = after_specs.pop(srcs[k])
        edited = {"tasks/renamed.md"}
    before, out_before = _outputs({src: _text(s) for src, s in zip(srcs, site, strict=True)})
    later = TODAY + dt.timedelta(days=days if edit == "day" else 0)
    after, out_after = _outputs({src: _text(s) for src, s in after_specs.items()}, later)

    differ = {src for src, html in out_after.items() if out_before.get(src) != html}
    named = incremental.changed_pages(before, after, MARKERS, SETTINGS)
    assert named - edited == differ - edited


def test_find_reads_again_only_the_pages_whose_file_changed() -> None:
    from mkdocs_tasks.pipeline import Seen, find

    texts = {"tasks/a.md": _text({**_SPEC, "id": 1}), "board.md": "# Board\n\n<!-- tasks:index -->\n",
             "notes.md": "# Notes\n", "b.md": "---\ntype: spike\n---\n# B\n"}
    stamps = {src: (1, len(t)) for src, t in texts.items()}
    reads: list[str] = []

    def pages() -> list[tuple[str, Any]]:
        def reader(src: str) -> Any:
            return lambda: reads.append(src) or texts[src]
        return [(src, reader(src)) for src in texts]

    seen: Seen = {}
    first = find(pages(), SETTINGS, ["tasks/**"], [], stamps.get, seen)
    assert sorted(reads) == sorted(texts) and first.tasks == ["tasks/a.md", "b.md"]
    reads.clear()
    texts["notes.md"] = "---\ntype: task\n---\n# Now a task\n"
    stamps["notes.md"] = (2, len(texts["notes.md"]))
    del texts["board.md"]
    again = find(pages(), SETTINGS, ["tasks/**"], [], stamps.get, seen)
    assert reads == ["notes.md"]  # the others by their stamps, unread
    assert again.tasks == ["tasks/a.md", "notes.md", "b.md"] and not again.markers
    assert set(seen) == {"tasks/a.md", "notes.md", "b.md"}
    assert list(again.texts) == ["notes.md"]  # (MkDocs reads the others itself if it needs them)


_SPEC: dict[str, Any] = {"title": "Alpha", "category": "Security", "boxes": (True, False),
                         "status": None, "deps": []}


@settings(PROPS, max_examples=200)
@given(site=st.lists(spec, min_size=1, max_size=6), days=st.integers(1, 30))
def test_the_day_passing_changes_exactly_the_pages_that_show_it(
        site: list[dict[str, Any]], days: int) -> None:
    """No file changes, the next build is later: due phrases, overdue marks and the due
    filters and groups move; the pages that show them, and only those, are named."""
    texts = {f"tasks/t{i}.md": _text(s) for i, s in enumerate(site)}
    before, out_before = _outputs(texts)
    after, out_after = _outputs(texts, TODAY + dt.timedelta(days=days))
    differ = {src for src, html in out_after.items() if out_before.get(src) != html}
    assert incremental.changed_pages(before, after, MARKERS, SETTINGS) == differ
