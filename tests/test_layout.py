"""The graph's drawing (layout.py, svg.py), checked against independent computations:
boxes that never overlap, edges that never pass through a box, the crossing count of the
drawing as geometry counts it, cycle members by reachability, layers as short as an
exhaustive search finds them, and the SVG's nodes and edges equal to the tasks."""

from __future__ import annotations

import itertools
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from test_properties import PROPS

from conftest import task_page
from mkdocs_tasks import graph as g
from mkdocs_tasks import layout as L
from mkdocs_tasks import svg
from mkdocs_tasks.model import Marker
from mkdocs_tasks.source import parse
from test_robustness import SETTINGS

graphs = st.integers(1, 14).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n)))


def _bezier(p0: tuple[int, int], p1: tuple[int, int], steps: int = 24) -> list[tuple[float, float]]:
    """Points along svg._path's curve from p0 to p1 (level ends, control points midway)."""
    (x0, y0), (x1, y1) = p0, p1
    mid = (x0 + x1) // 2
    out = []
    for i in range(1, steps):
        t = i / steps
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3
        out.append((a * x0 + b * mid + c * mid + d * x1, a * y0 + b * y0 + c * y1 + d * y1))
    return out


def _reach(n: int, edges: list[tuple[int, int]]) -> list[set[int]]:
    out = [set() for _ in range(n)]
    for u, v in edges:
        out[u].add(v)
    reach = []
    for s in range(n):
        seen, stack = set(), [s]
        while stack:
            for w in out[stack.pop()]:
                if w not in seen:
                    seen.add(w)
                    stack.append(w)
        reach.append(seen)
    return reach


@settings(PROPS, max_examples=300)
@given(graphs)
def test_layout_is_a_drawing_without_overlaps_or_edges_through_boxes(case: tuple[int, Any]) -> None:
    n, edges = case
    lay = L.layout(n, edges)
    w, h = L.NODE_W, L.NODE_H
    boxes = lay.boxes
    assert len(boxes) == n
    for a, b in itertools.combinations(range(n), 2):
        (xa, ya), (xb, yb) = boxes[a], boxes[b]
        assert xa + w <= xb or xb + w <= xa or ya + h <= yb or yb + h <= ya, (a, b, boxes)
    for x, y in boxes:  # inside the canvas
        assert 0 <= x and x + w <= lay.width and 0 <= y and y + h <= lay.height
    distinct = {(u, v) for u, v in edges if u != v}
    assert sorted((u, v) for u, v, _ in lay.edges) == sorted(distinct)
    for u, v, points in lay.edges:
        # from the dependency's box side to the dependent's
        (sx, sy), (ex, ey) = points[0], points[-1]
        assert sy == boxes[u][1] + h // 2 or abs(sy - (boxes[u][1] + h / 2)) <= 1
        assert abs(ey - (boxes[v][1] + h / 2)) <= 1
        assert sx in (boxes[u][0], boxes[u][0] + w) and ex in (boxes[v][0], boxes[v][0] + w)
        samples: list[tuple[float, float]] = []
        for p, q in itertools.pairwise(points):
            if p[1] == q[1]:
                samples += [(p[0] + (q[0] - p[0]) * i / 8, p[1]) for i in range(1, 8)]
            else:
                samples += _bezier(p, q)
        for node, (bx, by) in enumerate(boxes):
            for x, y in samples:
                inside = bx + 1 < x < bx + w - 1 and by + 1 < y < by + h - 1
                assert not inside, (u, v, node, (x, y))
    reach = _reach(n, [(u, v) for u, v in edges])
    for v in range(n):
        assert lay.cyclic[v] == (v in reach[v]), v


@settings(PROPS, max_examples=200)
@given(graphs)
def test_crossing_count_is_what_the_drawing_shows(case: tuple[int, Any]) -> None:
    """Between two columns each edge is one curve with level ends: two of them cross iff
    their ends come in opposite orders. Counted pair by pair from the drawn points."""
    n, edges = case
    lay = L.layout(n, edges)
    spans: dict[int, list[tuple[int, int]]] = {}  # column gap -> (y at left, y at right)
    for _, _, points in lay.edges:
        ordered = sorted(points)
        for p, q in itertools.pairwise(ordered):
            if p[1] != q[1] or p[0] // L.STEP != q[0] // L.STEP:
                if q[0] - p[0] == L.LAYER_GAP:
                    spans.setdefault(p[0], []).append((p[1], q[1]))
    geometric = sum(1 for segs in spans.values() for (a, b), (c, d) in itertools.combinations(segs, 2)
                    if (a - c) * (b - d) < 0)
    assert geometric == lay.crossings


def _brute_length(n: int, edges: set[tuple[int, int]]) -> int:
    best = None
    for ranks in itertools.product(range(n), repeat=n):
        if all(ranks[v] - ranks[u] >= 1 for u, v in edges):
            total = sum(ranks[v] - ranks[u] for u, v in edges)
            best = total if best is None else min(best, total)
    assert best is not None
    return best


@settings(PROPS, max_examples=60)
@given(st.integers(2, 6).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), min_size=1, max_size=8))))
def test_layers_are_as_short_as_an_exhaustive_search_finds(case: tuple[int, Any]) -> None:
    n, pairs = case
    edges = {(min(u, v), max(u, v)) for u, v in pairs if u != v}  # a DAG: low to high
    if not edges:
        return
    nodes = sorted({x for e in edges for x in e})
    local = {v: i for i, v in enumerate(nodes)}
    parts = L._components(len(nodes), [(local[u], local[v], False) for u, v in edges])
    total = 0
    for part in set(parts):
        members = [v for v in range(len(nodes)) if parts[v] == part]
        index = {v: i for i, v in enumerate(members)}
        sub = {(index[local[u]], index[local[v]]) for u, v in edges if parts[local[u]] == part}
        preds: list[list[int]] = [[] for _ in members]
        succs: list[list[int]] = [[] for _ in members]
        for u, v in sub:
            succs[u].append(v)
            preds[v].append(u)
        rank = L._ranks(len(members), preds, succs)
        assert all(rank[v] > rank[u] for u, v in sub)
        total += sum(rank[v] - rank[u] for u, v in sub)
        assert sum(rank[v] - rank[u] for u, v in sub) == _brute_length(len(members), sub)


def _site(n: int, deps: dict[int, list[int]], statuses: dict[int, str] | None = None) -> g.Graph:
    tasks = []
    for i in range(1, n + 1):
        front: dict[str, Any] = {"id": f"PROJ-{i}",
                                 "title": f'Task <b>{i}</b> & "a" title long enough to be cut short'}
        if statuses and i in statuses:
            front["status"] = statuses[i]
        dep = "\n".join(f"- PROJ-{d}" for d in deps.get(i, [])) or "None"
        text = task_page(f"Task <b>{i}</b> & a title long enough to be cut short", deps=dep,
                         front=front)
        if i % 2 == 0:
            text = text.replace("- [ ] Second", "- [x] Second")
        tasks.append(parse(text, f"tasks/security/PROJ-{i}.md", SETTINGS))
    return g.build(tasks, SETTINGS)


def _link(tid: str) -> str:
    return f"../{tid}/"


def test_svg_has_one_node_per_task_and_one_edge_per_dependency() -> None:
    graph = _site(6, {2: [1], 3: [1, 2], 4: [3, 9], 5: [6], 6: [5]}, {1: "blocked"})
    html = svg.block(graph, Marker("graph", 1, {}), _link, number=2)
    nodes = re.findall(r'<a class="(tasks-graph-node[^"]*)" data-task-id="([^"]+)" '
                       r'data-status="([^"]+)" href="([^"]+)">', html)
    assert [tid for _, tid, _, _ in nodes] == [f"PROJ-{i}" for i in range(1, 7)]
    assert {tid: status for _, tid, status, _ in nodes} == {t.id: t.status for t in graph.tasks}
    assert all(href == f"../{tid}/" for _, tid, _, href in nodes)
    cycle = {tid for cls, tid, _, _ in nodes if "tasks-graph-node--cycle" in cls}
    assert cycle == {"PROJ-5", "PROJ-6"}
    edges = re.findall(r'<path class="tasks-graph-edge" data-from="([^"]+)" data-to="([^"]+)"', html)
    assert sorted(edges) == sorted([("PROJ-1", "PROJ-2"), ("PROJ-1", "PROJ-3"), ("PROJ-2", "PROJ-3"),
                                    ("PROJ-3", "PROJ-4"), ("PROJ-6", "PROJ-5"), ("PROJ-5", "PROJ-6")])
    assert 'id="tasks-graph-2-title"' in html and 'url(#tasks-graph-2-arrow)' in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
    # user text escaped; a cut title ends in an ellipsis, the whole one is the tooltip
    assert "<b>" not in html and '"a"' not in html
    assert "<title>PROJ-1: Task &lt;b&gt;1&lt;/b&gt; &amp; &quot;a&quot; title long enough" in html
    assert "&#8230;</text>" in html
    assert "in a dependency cycle (2)" in html and 'data-status="blocked"><span' in html
    assert "mermaid" not in html


def test_around_and_depth_select_a_neighbourhood() -> None:
    chain = {i: [i - 1] for i in range(2, 8)}  # 1 <- 2 <- ... <- 7
    graph = _site(8, chain)

    def ids(filters: dict[str, str]) -> list[str]:
        html = svg.block(graph, Marker("graph", 1, filters), _link)
        return re.findall(r'<a class="tasks-graph-node[^"]*" data-task-id="([^"]+)"', html)

    assert ids({"around": "PROJ-4"}) == ["PROJ-3", "PROJ-4", "PROJ-5"]
    assert ids({"around": "PROJ-4", "depth": "2"}) == [f"PROJ-{i}" for i in range(2, 7)]
    assert ids({"around": "PROJ-4", "depth": "0"}) == ["PROJ-4"]
    assert ids({"around": "PROJ-8", "depth": "3"}) == ["PROJ-8"]  # no edges
    missing = svg.block(graph, Marker("graph", 1, {"around": "PROJ-99"}), _link)
    assert "No task PROJ-99 in this site." in missing
    # the filters first: the even tasks are done, and no edge joins two of them
    assert ids({"status": "done", "around": "PROJ-4", "depth": "5"}) == ["PROJ-4"]
    assert ids({"status": "done", "around": "PROJ-3"}) == []  # PROJ-3 itself is not done


def test_label_is_cut_to_its_box() -> None:
    assert svg.fit("Short", 168, 11) == "Short"
    cut = svg.fit("W" * 60, 168, 11)
    assert cut.endswith("&#8230;") and 0 < len(cut) - len("&#8230;") < 60
    assert svg.fit("<&>" * 3, 168, 11) == "&lt;&amp;&gt;" * 3


def test_marker_attributes_are_checked() -> None:
    from mkdocs_tasks.defaults import default_settings
    from mkdocs_tasks.markers import marker_from_comment, problems
    settings = default_settings()
    ok = marker_from_comment('<!-- tasks:graph around="PROJ-1" depth="2" format="mermaid" -->')
    assert ok is not None and not ok.bad_attributes and problems(ok, settings) == []
    bad = marker_from_comment('<!-- tasks:graph depth="two" format="png" -->')
    assert bad is not None and problems(bad, settings) == [
        '<!-- tasks:graph --> depth="two" cannot be read; use a whole number of steps, such as 2',
        '<!-- tasks:graph --> format="png" cannot be read; use svg or mermaid']
    index = marker_from_comment('<!-- tasks:index around="PROJ-1" -->')
    assert index is not None and index.bad_attributes == ["around"]
    assert problems(index, settings) == [
        "<!-- tasks:index --> has an unknown attribute 'around'; use category, status, type, owner, tag, "
        "priority, due, sort, limit or group"]
