"""Pure unit tests of the core: parser, graph and rules, without MkDocs."""

from __future__ import annotations

import pytest

from mkdocs_tasks import graph as g
from mkdocs_tasks import rules
from mkdocs_tasks.source import parse, read
from mkdocs_tasks.status import status_key
from mkdocs_tasks.text import fold_key, normalise_name
from test_robustness import SETTINGS

BODY = """\
## Objective
O.

## Requirements
- R

## Approach
A.

## Success Criteria
- [x] one
- [ ] two

## Dependencies
{deps}

## Resources
- link
"""


def page(title: str = "T", deps: str = "None", front: str = "") -> str:
    return (f"---\n{front}---\n" if front else "") + f"# {title}\n\n" + BODY.format(deps=deps)


def test_id_from_file_name_prefix_and_front_matter() -> None:
    assert parse(page(), "tasks/PROJ-101-redis-cache.md", SETTINGS).id == "PROJ-101"
    assert parse(page(), "tasks/PROJ-101.md", SETTINGS).id == "PROJ-101"
    # the prefix must be followed by the end or a non-alphanumeric character
    assert parse(page(), "tasks/PROJ-101abc.md", SETTINGS).id == "PROJ-101abc"
    assert parse(page(), "tasks/setup-redis.md", SETTINGS).id == "setup-redis"
    assert parse(page(front="id: OPS-7\n"), "tasks/PROJ-1.md", SETTINGS).id == "OPS-7"


def test_category_from_folder_ignoring_case_and_punctuation() -> None:
    assert parse(page(), "tasks/research-spike/x.md", SETTINGS).category == "Research/Spike"
    assert parse(page(), "tasks/INFRASTRUCTURE/x.md", SETTINGS).category == "Infrastructure"
    assert parse(page(), "tasks/other/x.md", SETTINGS).category is None
    assert parse(page(front="category: security\n"), "x.md", SETTINGS).category == "Security"


def test_kind_inference() -> None:
    assert parse(page(), "tasks/research-spike/x.md", SETTINGS).kind == "spike"
    assert parse("# S\n\n## Time-Box\n1d\n", "tasks/security/x.md", SETTINGS).kind == "spike"
    assert parse(page(), "tasks/security/x.md", SETTINGS).kind == "task"
    bad = parse(page(front="type: epic\n"), "tasks/security/x.md", SETTINGS)
    assert bad.kind == "task" and bad.problems[0].code == "invalid-front-matter"


@pytest.mark.parametrize("heading,name", [
    ("## **Success Criteria:**", "success criteria"),
    ("##   Success Criteria  ", "success criteria"),
    ("## `Dependencies`", "dependencies"),
])
def test_section_names_ignore_markup_case_and_colon(heading: str, name: str) -> None:
    assert normalise_name(heading.lstrip("#")) == name


def test_alias_counts_as_success_criteria() -> None:
    text = page().replace("## Success Criteria", "## Acceptance Criteria")
    _, t = read(text, "tasks/security/x.md", SETTINGS)  # (the page's facts)
    assert [s.name for s in t.sections][3] == "Success Criteria"


def test_line_numbers_after_front_matter_and_crlf() -> None:
    text = page(front="owner: a\nstatus: todo\n").replace("\n", "\r\n")
    t = parse("\ufeff" + text, "tasks/security/x.md", SETTINGS)
    assert t.meta_lines == {"owner": 2, "status": 3}
    assert t.title_line == 5
    _, t = read("\ufeff" + text, "tasks/security/x.md", SETTINGS)  # (the page's facts)
    assert [s.line for s in t.sections] == [7, 10, 13, 16, 20, 23]


def test_dependencies_known_unknown_and_external() -> None:
    deps = ("- PROJ-100: AWS permissions\n- VPC peering (DevOps)\n"
            "- needs UTF-8 locale\n- [see](../security/PROJ-7.md)\n- `PROJ-5` in code\n")
    a = parse(page(deps=deps), "tasks/security/PROJ-1.md", SETTINGS)
    b = parse(page(), "tasks/security/PROJ-100.md", SETTINGS)
    c = parse(page(), "tasks/security/PROJ-7.md", SETTINGS)
    graph = g.build([a, b, c], SETTINGS)
    a, b, c = (graph.edges[t.src] for t in (a, b, c))  # (what the graph knows of each)
    assert list(a.depends_on) == ["PROJ-100", "PROJ-7"]
    # external dependencies are given as the reader sees them: code as its text
    assert list(a.external) == ["VPC peering (DevOps)", "needs UTF-8 locale", "PROJ-5 in code"]
    assert list(b.blocks) == ["PROJ-1"] and list(c.blocks) == ["PROJ-1"]
    assert rules.check(graph) == []


def test_dependencies_none_variants_are_explicitly_empty() -> None:
    for value in ("None", "N/A", "-", "none."):
        _, t = read(page(deps=value), "tasks/security/PROJ-1.md", SETTINGS)  # (the page's facts)
        assert t.dependencies_explicit_none, value
        assert t.dependencies == []


def test_natural_key_orders_digit_runs_as_numbers() -> None:
    ids = ["PROJ-10", "PROJ-2", "ABC-1", "PROJ-1"]
    assert sorted(ids, key=g.natural_key) == ["ABC-1", "PROJ-1", "PROJ-2", "PROJ-10"]


def test_status_keys_ignore_case_space_dash_underscore() -> None:
    assert status_key("In Progress") == status_key("in-progress") == status_key("IN_PROGRESS")
    assert status_key("To Do") == "todo"
    assert fold_key("Research/Spike") == fold_key("research-spike")


def _chain(n: int, cycle: bool) -> list[object]:
    tasks = []
    for i in range(n):
        nxt = (i + 1) % n if cycle else i + 1
        deps = f"- T-{nxt}" if (cycle or i + 1 < n) else "None"
        tasks.append(parse(page(f"T{i}", deps=deps), f"tasks/security/T-{i}.md", SETTINGS))
    return tasks


def test_ten_thousand_chain_and_cycle_without_recursion() -> None:
    chain = g.build(_chain(10_000, cycle=False), SETTINGS)  # type: ignore[arg-type]
    assert chain.cycles == []
    assert list(chain.edges[chain.by_id["T-9999"].src].blocks) == ["T-9998"]
    cyc = g.build(_chain(10_000, cycle=True), SETTINGS)  # type: ignore[arg-type]
    assert len(cyc.cycles) == 1 and len(cyc.cycles[0]) == 10_000
    problems = [p for p in rules.check(cyc) if p.code == "dependency-cycle"]
    assert len(problems) == 10_000
    assert sum(p.message.startswith("dependency cycle T-0 -> T-1 -> T-2") for p in problems) == 1


def test_cycle_reports_each_member_at_the_line_naming_the_next() -> None:
    a = parse(page("A", deps="- Setup\n- PROJ-2"), "tasks/security/PROJ-1.md", SETTINGS)
    b = parse(page("B", deps="- PROJ-3"), "tasks/security/PROJ-2.md", SETTINGS)
    c = parse(page("C", deps="- PROJ-1"), "tasks/security/PROJ-3.md", SETTINGS)
    found = [(p.path, p.line) for p in rules.check(g.build([a, b, c], SETTINGS))]
    assert found == [("tasks/security/PROJ-1.md", 18), ("tasks/security/PROJ-2.md", 17),
                     ("tasks/security/PROJ-3.md", 17)]


def test_missing_section_positions() -> None:
    no_h2 = parse("# Only a title\n\nText.\n", "tasks/security/PROJ-1.md", SETTINGS)
    lines = {p.line for p in rules.check(g.build([no_h2], SETTINGS)) if p.code == "missing-section"}
    assert lines == {1}
    last = parse("# T\n\n## Objective\nO.\n\n## Other\nX.\n", "tasks/security/PROJ-1.md", SETTINGS)
    found = [(p.line, p.message.split('"')[1]) for p in rules.check(g.build([last], SETTINGS))
             if p.code == "missing-section"]
    assert found == [(6, "Requirements"), (6, "Approach"), (6, "Success Criteria"),
                     (6, "Dependencies"), (6, "Resources")]


@pytest.mark.parametrize("text,ok", [
    ("2 days", True), ("3d", True), ("1 week", True), ("4h", True), ("Maximum 2 days of work", True),
    ("half a day", True), ("As long as it takes", False), ("soon", False),
])
def test_time_box_durations(text: str, ok: bool) -> None:
    spike = ("# S\n\n## Objective\nO.\n\n## Time-Box\n" + text + "\n\n## Questions to Answer\n1. Q\n\n"
             "## Deliverables\n- [ ] D\n\n## Out of Scope\n- X\n")
    t = parse(spike, "tasks/research-spike/S-1.md", SETTINGS)
    codes = [p.code for p in rules.check(g.build([t], SETTINGS))]
    assert ("invalid-time-box" not in codes) == ok


def test_default_settings_equal_the_validated_plugin_defaults() -> None:
    """The command line skips MkDocs' config machinery when the plugin has no options."""
    from mkdocs_tasks.config import TasksConfig, settings_from
    from mkdocs_tasks.defaults import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, default_settings

    cfg = TasksConfig()
    cfg.load_dict({})
    errors, warnings = cfg.validate()
    assert errors == [] and warnings == []
    assert settings_from(cfg) == default_settings()
    assert (cfg.include, cfg.exclude, cfg.rules) == (DEFAULT_INCLUDE, DEFAULT_EXCLUDE, {})


def test_placeholder_prefilter_admits_every_placeholder() -> None:
    from mkdocs_tasks.template import PLACEHOLDER_STARTS, PLACEHOLDERS, is_placeholder

    samples = [*PLACEHOLDERS, "Requirement 1", "Deliverable 2 completed", "Question 3"]
    assert all(is_placeholder(p) and p[0] in PLACEHOLDER_STARTS for p in samples)
    assert is_placeholder("Validation performed")  # the skeleton's third criterion
    assert not is_placeholder("Requirement one") and not is_placeholder("Validation performed by QA")


def test_graph_too_long_for_mermaid_is_listed_not_drawn() -> None:
    """Mermaid refuses diagrams over 50,000 characters: past that only the list is shown."""
    from mkdocs_tasks import svg
    from mkdocs_tasks.model import Marker

    def graph_of(n: int) -> g.Graph:
        tasks = [parse(page(title=f"Task number {i} with a longer title",
                            deps=f"- PROJ-{i - 1}" if i > 1 else "None"),
                       f"tasks/security/PROJ-{i}.md", SETTINGS) for i in range(1, n + 1)]
        return g.build(tasks, SETTINGS)

    def link(tid: str) -> str:
        return f"../{tid}/"

    mermaid = Marker("graph", 1, {"format": "mermaid"})
    small = svg.block(graph_of(5), mermaid, link)
    assert '<pre class="mermaid">' in small and "<details class=\"tasks-graph-list\">" in small
    big_graph = graph_of(400)
    big = svg.block(big_graph, mermaid, link)
    assert '<pre class="mermaid">' not in big and "too large for Mermaid" in big
    assert '<details class="tasks-graph-list" open>' in big
    assert big.count("<li>") == 399  # every edge still shown
