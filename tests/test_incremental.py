"""Which pages an edit changes (incremental.changed_pages), held to what the pages show.

On random sites and one random edit, every page's output is rendered before and after
(a task page: its header, problems box, title and dependency links; a marker page: its
index or graph); the pages whose output differs must be exactly the ones changed_pages
names, apart from the edited page itself, which MkDocs renders anyway."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from test_properties import PROPS

from conftest import task_page
from mkdocs_tasks import graph as g
from mkdocs_tasks import incremental, render, rules
from mkdocs_tasks.model import Marker
from mkdocs_tasks.parse import parse
from test_robustness import SETTINGS

MARKERS = {"all.md": [Marker("index", 1, {})],
           "security.md": [Marker("index", 1, {"category": "Security"})],
           "spikes.md": [Marker("index", 1, {"type": "spike"}), Marker("graph", 3, {"status": "done"})],
           "graph.md": [Marker("graph", 1, {})]}

spec = st.fixed_dictionaries({
    "id": st.integers(1, 6), "title": st.sampled_from(["Alpha", "Beta"]),
    "category": st.sampled_from(["Security", "Performance", "Research spike"]),
    "boxes": st.tuples(st.booleans(), st.booleans()),
    "status": st.sampled_from([None, None, "blocked", "cancelled"]),
    "deps": st.lists(st.integers(1, 8), max_size=3),
})
edits = st.sampled_from(["box", "title", "deps", "category", "status", "id", "delete", "add", "rename"])


def _text(s: dict[str, Any]) -> str:
    front: dict[str, Any] = {"id": f"P-{s['id']}", "category": s["category"]}
    if s["status"]:
        front["status"] = s["status"]
    deps = "\n".join(f"- P-{d}" for d in s["deps"]) or "None"
    text = task_page(s["title"], deps=deps, front=front)
    text = text.replace("- [x] First", f"- [{'x' if s['boxes'][0] else ' '}] First")
    return text.replace("- [ ] Second", f"- [{'x' if s['boxes'][1] else ' '}] Second")


def _outputs(pages: dict[str, str]) -> tuple[incremental.Shown, dict[str, Any]]:
    tasks = []
    for src, text in pages.items():
        task = parse(text, src, SETTINGS)
        rules.local(task, SETTINGS)
        tasks.append(task)
    graph = g.build(tasks, SETTINGS)
    problems: dict[str, list[Any]] = {}
    for p in rules.check(graph):
        problems.setdefault(p.src, []).append(p)

    def link(tid: str) -> str | None:
        t = graph.by_id.get(tid)
        return "/" + t.src if t is not None else None

    out: dict[str, Any] = {}
    for t in graph.tasks:
        out[t.src] = (render.header(t, graph, link), render.problems_box(problems.get(t.src, [])),
                      t.title, [[(tid, link(tid)) for tid in d.task_ids] for d in t.dependencies])
    for src, markers in MARKERS.items():
        out[src] = [render.index(graph, m, link) if m.kind == "index" else render.graph_block(graph, m, link)
                    for m in markers]
    return incremental.shown(graph, problems), out


@settings(PROPS, max_examples=400)
@given(site=st.lists(spec, min_size=1, max_size=6), edit=edits, which=st.integers(0, 5),
       new=spec, box=st.integers(0, 1))
def test_changed_pages_are_exactly_those_whose_output_differs(
        site: list[dict[str, Any]], edit: str, which: int, new: dict[str, Any], box: int) -> None:
    srcs = [f"tasks/t{i}.md" for i in range(len(site))]
    k = which % len(site)
    after_specs = {src: dict(s) for src, s in zip(srcs, site, strict=True)}
    s = after_specs[srcs[k]]
    edited = {srcs[k]}
    if edit == "box":
        s["boxes"] = (not s["boxes"][0], s["boxes"][1]) if box == 0 else (s["boxes"][0], not s["boxes"][1])
    elif edit in ("title", "deps", "category", "status", "id"):
        s[edit] = new[edit]
    elif edit == "delete":
        del after_specs[srcs[k]]
    elif edit == "add":
        after_specs["tasks/new.md"] = new
        edited = {"tasks/new.md"}
    else:  # rename
        after_specs["tasks/renamed.md"] = after_specs.pop(srcs[k])
        edited = {"tasks/renamed.md"}
    before, out_before = _outputs({src: _text(s) for src, s in zip(srcs, site, strict=True)})
    after, out_after = _outputs({src: _text(s) for src, s in after_specs.items()})

    differ = {src for src, html in out_after.items() if out_before.get(src) != html}
    named = incremental.changed_pages(before, after, MARKERS)
    assert named - edited == differ - edited
