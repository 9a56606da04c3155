"""Property tests (hypothesis, fixed seed, bounded examples) of the rules and renderers,
and the largest graphs through the real command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import task_page, write_site
from mkdocs_tasks import graph as g
from mkdocs_tasks import index as index_view
from mkdocs_tasks import render, rules, svg
from mkdocs_tasks.model import Marker
from mkdocs_tasks.source import parse
from test_robustness import SETTINGS

PROPS = settings(max_examples=150, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow])

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
markup = st.sampled_from(['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><b>x</b>',
                          "&amp;", "'", "<!--", "]]>", "{{ x }}", "`code`", "*em*"])
user_text = st.one_of(text, markup, st.builds(lambda a, b: a + b, text, markup))


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


ALLOWED = {"div", "span", "a", "table", "thead", "tbody", "tr", "th", "td", "caption", "time",
           "details", "summary", "ul", "li", "code", "p", "pre",
           "figure", "figcaption", "svg", "title", "defs", "marker", "path", "g", "rect", "text"}


def _front(title: str, owner: str, category: str, tid: str) -> str:
    import yaml
    return yaml.safe_dump({"id": tid, "title": title, "owner": owner, "category": category})


@PROPS
@given(title=user_text, owner=user_text, category=user_text, tid=user_text)
def test_fragments_never_carry_user_markup(title: str, owner: str, category: str, tid: str) -> None:
    if not title.strip() or not tid.strip() or not owner.strip() or not category.strip():
        return
    src = "---\n" + _front(title, owner, category, tid) + "---\n## Objective\nX\n"
    task = parse(src, "tasks/x.md", SETTINGS)
    other = parse(task_page("Other", deps=f"- {task.id}"), "tasks/security/B-1.md", SETTINGS)
    graph = g.build([task, other], SETTINGS)
    problems = rules.check(graph)

    def link(tid: str) -> str | None:
        return "../x/" if tid in graph.by_id else None

    fragments = [
        render.header(task, graph, link),
        render.header(other, graph, link),
        render.problems_box(problems),
        index_view.index(graph, Marker("index", 1, {}), link),
        svg.block(graph, Marker("graph", 1, {}), link),
        svg.block(graph, Marker("graph", 1, {"format": "mermaid"}), link),
    ]
    for html in fragments:
        parser = _Elements()
        parser.feed(html)
        parser.close()
        # only the plugin's own elements: no tag a user string could have opened
        assert set(parser.tags) <= ALLOWED, (parser.tags, html[:300])
    header = _Elements()
    header.feed(fragments[0])
    shown = "".join(header.text)
    assert task.id in shown and owner.strip() in shown


@PROPS
@given(st.lists(st.tuples(st.integers(0, 30), st.lists(st.integers(0, 30), max_size=4)),
                min_size=1, max_size=30, unique_by=lambda t: t[0]))
def test_rules_on_random_dependency_graphs(spec: list[tuple[int, list[int]]]) -> None:
    tasks = [parse(task_page(f"T{n}", deps="\n".join(f"- T-{d}" for d in deps) or "None"),
                   f"tasks/security/T-{n}.md", SETTINGS) for n, deps in spec]
    graph = g.build(tasks, SETTINGS)
    problems = rules.check(graph)
    ids = {n for n, _ in spec}
    for p in problems:
        assert p.line >= 1 and p.code in rules.CODES
    # reverse edges mirror the forward ones exactly
    edges = {t.id: graph.edges[t.src] for t in graph.tasks}  # (what the graph knows of each)
    for t in graph.tasks:
        for d in edges[t.id].depends_on:
            assert t.id in edges[d].blocks or d == t.id
        for b in edges[t.id].blocks:
            assert t.id in edges[b].depends_on
    # every task on a reported cycle depends on the next one, and only such tasks are reported
    cyclic = {p.task for p in problems if p.code == "dependency-cycle"}
    for cycle in graph.cycles:
        for (a, _), (b, _) in zip(cycle, cycle[1:] + cycle[:1], strict=True):
            assert b.id in edges[a.id].depends_on
    assert cyclic == {t.id for cycle in graph.cycles for t, _ in cycle}
    unknown = {p.message.split('"')[1] for p in problems if p.code == "unknown-dependency"}
    assert unknown == {f"T-{d}" for _, deps in spec for d in deps if d not in ids}
    selfdeps = {p.task for p in problems if p.code == "self-dependency"}
    assert selfdeps == {f"T-{n}" for n, deps in spec if n in deps}


def _check(root: Path) -> dict[str, object]:
    exe = Path(sys.executable).parent / "mkdocs-tasks"
    proc = subprocess.run([str(exe), "check", "--format", "json"], cwd=root, capture_output=True,
                          text=True, timeout=300, env=dict(os.environ))
    assert "RecursionError" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    return dict(json.loads(proc.stdout))


def test_ten_thousand_task_chain_and_cycle_through_the_command_line(tmp_path: Path) -> None:
    n = 10_000
    chain = {f"tasks/security/T-{i}.md": task_page(f"T{i}", deps=f"- T-{i + 1}" if i + 1 < n else "None")
             for i in range(n)}
    data = _check(write_site(tmp_path / "chain", chain))
    assert data["problems"] == [] and data["summary"] == {"errors": 0, "warnings": 0, "tasks": n}

    cycle = {f"tasks/security/T-{i}.md": task_page(f"T{i}", deps=f"- T-{(i + 1) % n}") for i in range(n)}
    data = _check(write_site(tmp_path / "cycle", cycle))
    problems = data["problems"]
    assert isinstance(problems, list) and len(problems) == n
    assert {p["code"] for p in problems} == {"dependency-cycle"}
    # named whole in one problem, on its first member; every other member points there
    whole = [p for p in problems if str(p["message"]).startswith("dependency cycle ")]
    assert len(whole) == 1 and whole[0]["file"] == "docs/tasks/security/T-0.md"
    message = str(whole[0]["message"])
    assert message.startswith("dependency cycle T-0 -> T-1 -> ") and " -> T-9999 -> T-0;" in message
    assert message.count(" -> ") == n
    t5 = next(p for p in problems if p["file"] == "docs/tasks/security/T-5.md")
    assert t5["message"] == ("T-5 -> T-6 is part of a dependency cycle of 10000 tasks, listed at "
                             "docs/tasks/security/T-0.md:17; remove one of its dependencies")
