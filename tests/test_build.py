"""A site written from the template, built for real in every theme and URL style."""

from __future__ import annotations

import itertools
import json
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import (
    SPIKE_BODY,
    build_site,
    dedent,
    graph_files,
    run_mkdocs,
    task_page,
    tree_digest,
    write_site,
)
from mkdocs_tasks import layout

THEMES = ["material", "mkdocs", "readthedocs"]

CATEGORY_TABLE = (r'<table class="tasks-index" data-group="category" data-value="[^"]*" '
                  r'data-category="([^"]+)"')


def template_site() -> dict[str, str]:
    return {
        "index.md": "# Home\n\nWelcome.\n",
        "tasks/index.md": "# Roadmap\n\n<!-- tasks:index -->\n\n## Graph\n\n<!-- tasks:graph -->\n",
        "tasks/infrastructure/PROJ-100-aws-access.md": task_page(
            "AWS access", deps="None", body=None,
        ).replace("- [ ] Second criterion", "- [x] Second criterion"),
        "tasks/infrastructure/PROJ-101-redis-cache.md": task_page(
            "Configure Redis caching",
            deps="- PROJ-100: AWS permissions for ElastiCache provisioning\n"
                 "- [The OAuth spike](../research-spike/PROJ-10.md)\n"
                 "- Redis 7.0+ required, needs UTF-8 locale",
            front={"owner": "alice", "due": "2026-12-15", "tags": ["cache", "redis"]},
        ),
        "tasks/security/PROJ-2 rotate keys.md": task_page(
            "Rotate keys", deps="- PROJ-101", front={"category": "Security"},
        ),
        "tasks/research-spike/PROJ-10.md": "# Evaluate OAuth libraries\n\n" + SPIKE_BODY,
    }


def _hrefs(html: str, cls: str) -> list[tuple[str, str]]:
    return re.findall(rf'<a class="{cls}" data-task-id="([^"]+)" href="([^"]+)"', html)


def _element(html: str, opening: str) -> str:
    """The whole <div> that starts with `opening`, nested divs included."""
    start = re.search(opening, html)
    assert start, opening
    depth, pos = 0, start.start()
    for m in re.finditer(r"<(/?)div\b", html[pos:]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return html[pos:pos + m.end()]
    raise AssertionError("unclosed div")


def _page(site: Path, src: str, directory_urls: bool) -> Path:
    stem = src[:-3]
    if directory_urls:
        return site / (stem[:-len("index")] if stem.endswith("index") else stem + "/") / "index.html"
    return site / (stem + ".html")


def _resolve(site: Path, page: Path, href: str) -> Path:
    target = unquote(href.split("#")[0])
    path = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), target)))
    return path / "index.html" if target.endswith("/") or path.is_dir() else path


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("directory_urls", [True, False])
def test_template_site_in_every_theme(tmp_path: Path, theme: str, directory_urls: bool) -> None:
    root = write_site(tmp_path / "s", template_site(), theme=theme,
                      config={"use_directory_urls": directory_urls})
    before = tree_digest(root / "docs")
    built = build_site(root, strict=True)
    assert built.ok, built.messages
    assert built.warnings() == []
    assert tree_digest(root / "docs") == before
    site = built.site

    redis = _page(site, "tasks/infrastructure/PROJ-101-redis-cache.md", directory_urls).read_text()
    head = _element(redis, r'<div class="tasks-header" data-task-id="PROJ-101" data-status="in-progress" '
                           r'data-progress="1/2">')
    assert "1/2" in head and "50%" in head and 'style="--tasks-pct: 50%"' in head
    assert "alice" in head and "2026-12-15" in head
    # header sits directly under the title
    assert re.search(r"<h1[^>]*>Configure Redis caching</h1>\s*<div class=\"tasks-header\"", redis)
    # in-site dependencies are links in the header; the spike is not done, so it is waited on
    deps = re.search(r'<div class="tasks-depends">(.*?)</div>', head, re.S)
    assert deps and [i for i, _ in _hrefs(deps.group(1), "tasks-ref")] == ["PROJ-100", "PROJ-10"]
    waiting = re.search(r'<div class="tasks-waiting">(.*?)</div>', head, re.S)
    assert waiting and [i for i, _ in _hrefs(waiting.group(1), "tasks-ref")] == ["PROJ-10"]
    blocks = re.search(r'<div class="tasks-blocks">(.*?)</div>', head, re.S)
    assert blocks and [i for i, _ in _hrefs(blocks.group(1), "tasks-ref")] == ["PROJ-2"]
    # the dependency line in the page body became a working link too; ID-shaped text stayed text
    assert re.search(r'<li><a class="tasks-ref" data-task-id="PROJ-100" href="[^"]+">PROJ-100</a>: AWS',
                     redis)
    assert "needs UTF-8 locale" in redis and 'data-task-id="UTF-8"' not in redis

    page = _page(site, "tasks/infrastructure/PROJ-101-redis-cache.md", directory_urls)
    for tid, href in _hrefs(redis, "tasks-ref"):
        assert _resolve(site, page, href).is_file(), (tid, href)

    spike = _page(site, "tasks/research-spike/PROJ-10.md", directory_urls).read_text()
    assert re.search(r'data-task-id="PROJ-10" data-status="in-progress" data-progress="1/2"', spike)
    assert "tasks-kind--spike" in spike
    assert 'class="tasks-blocks"' in spike and 'data-task-id="PROJ-101"' in spike

    # the index: a summary and one table per category, rows in natural ID order
    index_page = _page(site, "tasks/index.md", directory_urls)
    index = index_page.read_text()
    assert '<table class="tasks-summary">' in index
    tables = re.findall(CATEGORY_TABLE + r'>(.*?)</table>', index, re.S)
    assert [name for name, _ in tables] == ["Infrastructure", "Security", "Research/Spike"]
    rows = {name: re.findall(r'<tr data-task-id="([^"]+)">', body) for name, body in tables}
    assert rows == {"Infrastructure": ["PROJ-100", "PROJ-101"], "Security": ["PROJ-2"],
                    "Research/Spike": ["PROJ-10"]}
    for tid, href in _hrefs(index, "tasks-ref"):
        assert _resolve(site, index_page, href).is_file(), (tid, href)
    # the graph drawn in the page: a node per task, an edge per dependency, no Mermaid
    nodes = re.findall(r'<a class="tasks-graph-node[^"]*" data-task-id="([^"]+)" data-status="([^"]+)" '
                       r'href="([^"]+)"', index)
    assert sorted(tid for tid, _, _ in nodes) == ["PROJ-10", "PROJ-100", "PROJ-101", "PROJ-2"]
    for tid, _, href in nodes:
        assert _resolve(site, index_page, href).is_file(), (tid, href)
    edges = re.findall(r'<path class="tasks-graph-edge" data-from="([^"]+)" data-to="([^"]+)"', index)
    assert sorted(edges) == [("PROJ-10", "PROJ-101"), ("PROJ-100", "PROJ-101"), ("PROJ-101", "PROJ-2")]
    assert "mermaid" not in index

    data = json.loads((site / "tasks.json").read_text())
    assert data["version"] == 1
    assert [t["id"] for t in data["tasks"]] == ["PROJ-2", "PROJ-10", "PROJ-100", "PROJ-101"]
    redis_json = next(t for t in data["tasks"] if t["id"] == "PROJ-101")
    assert redis_json == {
        "id": "PROJ-101", "title": "Configure Redis caching", "type": "task",
        "category": "Infrastructure", "status": "in-progress",
        "progress": {"done": 1, "total": 2},
        "url": "tasks/infrastructure/PROJ-101-redis-cache/" if directory_urls
        else "tasks/infrastructure/PROJ-101-redis-cache.html",
        "src": "tasks/infrastructure/PROJ-101-redis-cache.md",
        "depends_on": ["PROJ-100", "PROJ-10"], "blocks": ["PROJ-2"],
        "external_dependencies": ["Redis 7.0+ required, needs UTF-8 locale"],
        "owner": "alice", "owners": ["alice"], "due": "2026-12-15", "start": None, "overdue": False,
        "priority": None, "tags": ["cache", "redis"],
    }
    spaced = next(t for t in data["tasks"] if t["id"] == "PROJ-2")
    assert "%20" in spaced["url"] and spaced["src"] == "tasks/security/PROJ-2 rotate keys.md"
    done = next(t for t in data["tasks"] if t["id"] == "PROJ-100")
    assert done["status"] == "done" and done["blocks"] == ["PROJ-101"]


def test_strict_cli_build_of_template_site_passes(tmp_path: Path) -> None:
    root = write_site(tmp_path / "s", template_site(), theme="material")
    proc = run_mkdocs(root, "build", "--strict")
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr


def test_generated_index_page_when_no_marker(tmp_path: Path) -> None:
    files = template_site()
    del files["tasks/index.md"]
    root = write_site(tmp_path / "g", files)
    built = build_site(root, strict=True)
    assert built.ok, built.messages
    index = (built.site / "tasks" / "index.html").read_text()
    assert index.count('<table class="tasks-index"') == 3
    assert index.count('<figure class="tasks-graph"') == 1
    assert not (root / "docs" / "tasks" / "index.md").exists()


def test_search_indexes_the_id_not_the_header_or_the_index(tmp_path: Path) -> None:
    """Search plugins index a page before the header and the tables go in: the ID is
    found, the header's labels and the index rows (other pages' titles) are not."""
    files = template_site()
    root = write_site(tmp_path / "s", files, config={"plugins": ["search", "tasks"]})
    built = build_site(root, strict=True)
    assert built.ok, built.messages
    docs = json.loads((built.site / "search" / "search_index.json").read_text())["docs"]
    text = "\n".join(d["text"] for d in docs)
    assert "PROJ-101" in text
    assert "Depends on" not in text and "Blocks" not in text and "tasks-header" not in text
    index_text = "\n".join(d["text"] for d in docs if d["location"].split("#")[0] == "tasks/")
    assert index_text and "Configure Redis" not in index_text
    for page in built.site.rglob("*.html"):
        html = page.read_text()
        assert "mkdocs-tasks:header" not in html and "MkDocsTasks" not in html, page
    page = (built.site / "tasks" / "infrastructure" / "PROJ-101-redis-cache" / "index.html").read_text()
    assert page.count('class="tasks-header"') == 1


def test_header_follows_the_title_wherever_the_title_is(tmp_path: Path) -> None:
    """A page that opens with its H1 gets the header after the first </h1>; a page with
    text above its H1, or none, gets it through a mark under the title in the Markdown."""
    root = write_site(tmp_path / "h", {
        "tasks/security/PROJ-1.md": task_page("Opens with its title"),
        "tasks/security/PROJ-2.md": "<h1>Raw heading first</h1>\n\nIntro text.\n\n"
                                    + task_page("Title after an intro"),
        "tasks/security/PROJ-3.md": task_page(None, front={"title": "Titled in front matter"}),
        "tasks/security/PROJ-4.md": "---\nowner: bob\n---\n\n\n" + task_page("After blank lines"),
    }, extensions=["pymdownx.tasklist", "md_in_html"])
    built = build_site(root, strict=True)
    assert built.ok, built.messages
    for n, title in [(1, "Opens with its title"), (2, "Title after an intro"),
                     (3, "Titled in front matter"), (4, "After blank lines")]:
        html = (built.site / "tasks" / "security" / f"PROJ-{n}" / "index.html").read_text()
        assert html.count('class="tasks-header"') == 1, n
        assert re.search(rf"<h1[^>]*>{title}</h1>\s*<div class=\"tasks-header\"", html), n


def test_no_generated_index_when_disabled_or_a_marker_exists(tmp_path: Path) -> None:
    files = template_site()
    del files["tasks/index.md"]
    root = write_site(tmp_path / "off", files, plugin={"index_page": False})
    assert not (build_site(root).site / "tasks" / "index.html").exists()
    files["index.md"] = "# Home\n\n<!-- tasks:index category=\"Security\" -->\n"
    root = write_site(tmp_path / "marker", files)
    built = build_site(root)
    assert not (built.site / "tasks" / "index.html").exists()
    home = (built.site / "index.html").read_text()
    assert re.findall(CATEGORY_TABLE, home) == ["Security"]


def test_marker_filters(tmp_path: Path) -> None:
    files = template_site()
    files["filters.md"] = dedent("""
        # Filters

        ## Spikes
        <!-- tasks:index type="spike" -->

        ## Done
        <!-- tasks:index status="done" -->

        ## Example of the marker, in code, left alone

            <!-- tasks:index -->

        ```
        <!-- tasks:graph -->
        ```
        """)
    built = build_site(write_site(tmp_path / "f", files))
    html = (built.site / "filters" / "index.html").read_text()
    tables = re.findall(CATEGORY_TABLE + r'>(.*?)</table>', html, re.S)
    ids = [re.findall(r'<tr data-task-id="([^"]+)">', body) for _, body in tables]
    assert ids == [["PROJ-10"], ["PROJ-100"]]
    assert html.count("&lt;!-- tasks:index --&gt;") == 1
    assert html.count("&lt;!-- tasks:graph --&gt;") == 1


def test_natural_order_in_index(tmp_path: Path) -> None:
    files = {f"tasks/security/PROJ-{n}.md": task_page(f"Task {n}") for n in (10, 2, 1, 21)}
    built = build_site(write_site(tmp_path / "n", files))
    index = (built.site / "tasks" / "index.html").read_text()
    assert re.findall(r'<tr data-task-id="([^"]+)">', index) == ["PROJ-1", "PROJ-2", "PROJ-10", "PROJ-21"]


def test_external_url_links_unknown_ids(tmp_path: Path) -> None:
    root = write_site(tmp_path / "e", {
        "tasks/security/PROJ-1.md": task_page("Linked", deps="- JIRA-7: upstream fix"),
    }, plugin={"external_url": "https://tracker.example.com/browse/{id}"}, config={})
    built = build_site(root, strict=True)
    assert built.ok and built.problems() == []
    html = (built.site / "tasks" / "security" / "PROJ-1" / "index.html").read_text()
    assert '<a class="tasks-external" href="https://tracker.example.com/browse/JIRA-7">JIRA-7</a>' in html
    assert 'data-task-id="JIRA-7"' not in html


def test_user_text_is_escaped_everywhere(tmp_path: Path) -> None:
    evil = '<img src=x onerror=alert(1)>'
    root = write_site(tmp_path / "x", {
        "tasks/security/PROJ-1.md": task_page(
            None, front={"title": f"Title {evil}", "owner": f"O {evil}", "category": "Security",
                         "id": "PROJ-1"}),
        "tasks/security/PROJ-2.md": task_page(f"H1 {evil} & more", deps="- PROJ-1"),
    }, theme="material", plugin={"categories": ["Security", f"Cat {evil}"]})
    built = build_site(root)
    assert built.ok, built.messages
    for page in built.site.rglob("*.html"):
        html = page.read_text()
        if page.parent.name == "PROJ-2":
            # the H1 the user wrote in Markdown is theirs: Markdown keeps raw HTML by design
            html = re.sub(r"<h1[^>]*>H1 <img[^\n]*</h1>", "", html, count=1)
        assert "<img src=x" not in html, page
    one = (built.site / "tasks" / "security" / "PROJ-1" / "index.html").read_text()
    assert "<title>Title &lt;img src=x onerror=alert(1)&gt;" in one
    assert re.search(r"<h1[^>]*>Title &(lt|#60);img", one)
    data = json.loads((built.site / "tasks.json").read_text())
    assert data["tasks"][0]["title"] == f"Title {evil}"


def test_status_from_front_matter(tmp_path: Path) -> None:
    root = write_site(tmp_path / "st", {
        "tasks/security/PROJ-1.md": task_page("Blocked", front={"status": "Blocked"}),
        "tasks/security/PROJ-2.md": task_page("Agrees", front={"status": "In Progress"}),
        "tasks/security/PROJ-3.md": task_page("Unknown", front={"status": "wip"}),
    }, plugin={"fail_on": "never"})
    built = build_site(root)
    data = {t["id"]: t["status"] for t in json.loads((built.site / "tasks.json").read_text())["tasks"]}
    assert data == {"PROJ-1": "blocked", "PROJ-2": "in-progress", "PROJ-3": "in-progress"}
    assert built.problems() == [
        'docs/tasks/security/PROJ-3.md:2: error [invalid-front-matter] PROJ-3: status "wip" is unknown; '
        "use one of: todo, in-progress, done, blocked, cancelled (or add it under statuses: in mkdocs.yml)"
    ]


def test_type_front_matter_makes_any_page_a_task(tmp_path: Path) -> None:
    root = write_site(tmp_path / "t", {
        "guide/ops/OPS-1.md": task_page("Outside tasks/", front={"type": "task", "category": "Security"}),
        "guide/plain.md": "# Not a task\n",
    })
    built = build_site(root, strict=True)
    assert built.ok
    ids = [t["id"] for t in json.loads((built.site / "tasks.json").read_text())["tasks"]]
    assert ids == ["OPS-1"]


def test_custom_types_categories_and_aliases(tmp_path: Path) -> None:
    body = "## Goal\nG.\n\n## Acceptance Criteria\n- [x] a\n- [ ] b\n"
    root = write_site(tmp_path / "c", {
        "work/bugs/BUG-1.md": "---\ntype: bug\n---\n# A bug\n\n" + body,
    }, plugin={
        "include": ["work/**/*.md"],
        "categories": [{"name": "Bugs", "description": "Defects", "example": "Fix crash"}],
        "types": {"bug": {"sections": ["Goal", "Success Criteria"], "progress": "Success Criteria"}},
    })
    built = build_site(root, strict=True)
    assert built.ok, built.messages
    task = json.loads((built.site / "tasks.json").read_text())["tasks"][0]
    assert (task["type"], task["category"], task["progress"]) == ("bug", "Bugs", {"done": 1, "total": 2})


@pytest.mark.parametrize("bad,expect", [
    ({"fail_on": "sometimes"}, "fail_on"),
    ({"rules": {"no-such-code": "off"}}, "unknown problem code 'no-such-code'"),
    ({"rules": {"missing-title": "loud"}}, "missing-title"),
    ({"id_pattern": "[A-Z"}, "not a valid regular expression"),
    ({"index_page": 3}, "index_page"),
    ({"external_url": "https://tracker/browse"}, "has no {id}"),
    ({"types": {"task": {"sections": ["A"], "progress": "B"}}}, "'progress' is 'B'"),
    ({"categories": [{"description": "no name"}]}, "name"),
])
def test_invalid_config_is_a_config_error(tmp_path: Path, bad: dict[str, object], expect: str) -> None:
    root = write_site(tmp_path / "bad", {"index.md": "# Home\n"}, plugin=bad)
    proc = run_mkdocs(root, "build")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "Aborted with a configuration error" in proc.stdout + proc.stderr
    assert expect in proc.stderr


def test_setup_warnings_missing_tasklist_and_unknown_filter(tmp_path: Path) -> None:
    root = write_site(tmp_path / "w", {
        "index.md": '# Home\n\n<!-- tasks:index categroy="Security" -->\n',
        "tasks/security/PROJ-1.md": task_page("One"),
    }, extensions=[])
    built = build_site(root, strict=True)
    assert not built.ok
    assert any("pymdownx.tasklist is not in markdown_extensions" in w for w in built.warnings())
    assert any(w.endswith("docs/index.md:3: <!-- tasks:index --> has an unknown attribute 'categroy'; "
                          "use category, status, type, owner, tag, priority, due, sort, limit or group")
               for w in built.warnings())


def test_dirty_build_keeps_indexes_and_reverse_edges_complete(tmp_path: Path) -> None:
    files = template_site()
    root = write_site(tmp_path / "d", files)
    assert run_mkdocs(root, "build").returncode == 0
    site = root / "site"
    index = site / "tasks" / "index.html"
    node = '<a class="tasks-graph-node" data-task-id="PROJ-10" data-status="{}"'
    assert node.format("in-progress") in index.read_text()
    # finish the spike: its own page, the index and the pages that waited on it must follow
    spike = root / "docs" / "tasks" / "research-spike" / "PROJ-10.md"
    spike.write_text(spike.read_text().replace("- [ ] Comparison matrix", "- [x] Comparison matrix"))
    proc = run_mkdocs(root, "build", "--dirty")
    assert proc.returncode == 0, proc.stderr
    row = re.search(r'<tr data-task-id="PROJ-10">.*?</tr>', index.read_text())
    assert row and "tasks-status--done" in row.group(0)
    assert node.format("done") in index.read_text()  # and the graph's node
    redis = (site / "tasks" / "infrastructure" / "PROJ-101-redis-cache" / "index.html").read_text()
    waiting = re.search(r'<div class="tasks-waiting">(.*?)</div>', redis)
    assert waiting is None  # PROJ-100 and PROJ-10 are both done now
    # a deleted task leaves every index and reverse edge
    (root / "docs" / "tasks" / "security" / "PROJ-2 rotate keys.md").unlink()
    assert run_mkdocs(root, "build", "--dirty").returncode == 0
    assert 'data-task-id="PROJ-2"' not in index.read_text()
    redis = (site / "tasks" / "infrastructure" / "PROJ-101-redis-cache" / "index.html").read_text()
    assert 'class="tasks-blocks"' not in redis
    ids = [t["id"] for t in json.loads((site / "tasks.json").read_text())["tasks"]]
    assert ids == ["PROJ-10", "PROJ-100", "PROJ-101"]


def test_graph_marker_attributes_are_checked(tmp_path: Path) -> None:
    root = write_site(tmp_path / "w", {
        "index.md": '# Home\n\n<!-- tasks:graph around="PROJ-9" depth="two" -->\n',
        "tasks/security/PROJ-1.md": task_page("One"),
    })
    built = build_site(root, strict=True)
    assert not built.ok
    warnings = built.warnings()
    assert any(w.endswith('docs/index.md:3: <!-- tasks:graph --> depth="two" cannot be read; use a whole '
                          "number of steps, such as 2") for w in warnings), warnings
    assert any(w.endswith("docs/index.md:3: <!-- tasks:graph --> is drawn around 'PROJ-9', which is "
                          "the ID of no task page; name the ID of an existing task") for w in warnings)


def test_a_site_of_5000_tasks_builds_with_the_whole_graph(tmp_path: Path) -> None:
    """Past Mermaid's limit the graph is still drawn whole: a node per task, an edge per
    dependency inside the site, no two boxes overlapping (the task pages out of nav, as
    large sites keep them: MkDocs itself draws the whole nav on every page)."""
    root = write_site(tmp_path / "big", graph_files(5000), config={"nav": ["index.md", "tasks/index.md"]})
    built = build_site(root)
    assert built.ok, built.messages
    data = json.loads((built.site / "tasks.json").read_text())
    html = (built.site / "tasks" / "index.html").read_text()
    nodes = re.findall(r'<a class="tasks-graph-node[^"]*" data-task-id="([^"]+)" data-status="([^"]+)"'
                       r' href="[^"]+"><title>[^<]*</title><rect x="(\d+)" y="(\d+)"', html)
    assert {tid: status for tid, status, _, _ in nodes} == {t["id"]: t["status"] for t in data["tasks"]}
    assert len(nodes) == 5000
    ids = {t["id"] for t in data["tasks"]}
    edges = re.findall(r'<path class="tasks-graph-edge" data-from="([^"]+)" data-to="([^"]+)"', html)
    assert sorted(edges) == sorted((d, t["id"]) for t in data["tasks"] for d in t["depends_on"] if d in ids)
    boxes = sorted((int(x), int(y)) for _, _, x, y in nodes)
    by_column: dict[int, list[int]] = {}
    for x, y in boxes:
        by_column.setdefault(x, []).append(y)
    for ys in by_column.values():  # boxes share columns; in each one they never overlap
        assert all(b - a >= layout.NODE_H for a, b in itertools.pairwise(sorted(ys)))
    assert len({x for x, _ in boxes}) > 1 and all(x % layout.STEP == layout.MARGIN for x, _ in boxes)


def _header_of(site: Path, page: str) -> str:
    return _element((site / page).read_text(), r'<div class="tasks-header"')


def test_header_depends_waits_and_rounds_as_a_reader_expects(tmp_path: Path) -> None:
    """Depends on lists every dependency (in-site ones linked, an unknown ID and plain text
    as written); a finished task waits on nothing; percentages round to the nearest whole
    number but never read 100% early nor 0% late."""
    six = "\n".join(f"- [{'x' if i < 1 else ' '}] Criterion {i}" for i in range(6))
    five_of_six = six.replace("- [ ]", "- [x]", 4)
    hundred = "\n".join(f"- [{'x' if i < 199 else ' '}] C{i}" for i in range(200))
    one = "\n".join(f"- [{'x' if i < 1 else ' '}] C{i}" for i in range(200))

    def with_criteria(page: str, boxes: str) -> str:
        head, rest = page.split("## Success Criteria\n", 1)
        return f"{head}## Success Criteria\n{boxes}\n\n## Dependencies{rest.split('## Dependencies', 1)[1]}"

    files = {
        "tasks/security/PROJ-1.md": with_criteria(task_page("One sixth"), six),
        "tasks/security/PROJ-2.md": with_criteria(task_page("Five sixths"), five_of_six),
        "tasks/security/PROJ-3.md": with_criteria(task_page("Almost"), hundred),
        "tasks/security/PROJ-4.md": with_criteria(task_page("Barely"), one),
        # done, and its dependency is not: nothing to wait on any more
        "tasks/security/PROJ-5.md": task_page(
            "Finished early", deps="- PROJ-1\n- JIRA-9: the vendor's fix\n- Legal sign-off").replace(
                "- [ ] Second", "- [x] Second"),
        "tasks/security/PROJ-6.md": task_page("Dropped", deps="- PROJ-1", front={"status": "cancelled"}),
        "tasks/security/PROJ-7.md": task_page("Still open", deps="- PROJ-1"),
    }
    built = build_site(write_site(tmp_path / "h", files, plugin={"fail_on": "never"}))
    percent = {}
    for n in (1, 2, 3, 4):
        head = _header_of(built.site, f"tasks/security/PROJ-{n}/index.html")
        percent[n] = re.search(r'class="tasks-badge-percent">(\d+)%<', head).group(1)  # type: ignore[union-attr]
        assert f'aria-valuenow="{percent[n]}"' in head
    assert percent == {1: "17", 2: "83", 3: "99", 4: "1"}

    done = _header_of(built.site, "tasks/security/PROJ-5/index.html")
    assert 'data-status="done"' in done and "tasks-waiting" not in done
    depends = re.search(r'<div class="tasks-depends">(.*?)</div>', done, re.S)
    assert depends is not None
    assert [i for i, _ in _hrefs(depends.group(1), "tasks-ref")] == ["PROJ-1"]
    assert '<span class="tasks-unknown">JIRA-9</span>' in depends.group(1)
    assert '<span class="tasks-dependency-text">Legal sign-off</span>' in depends.group(1)
    cancelled = _header_of(built.site, "tasks/security/PROJ-6/index.html")
    assert 'data-status="cancelled"' in cancelled and "tasks-waiting" not in cancelled
    still = _header_of(built.site, "tasks/security/PROJ-7/index.html")
    assert re.search(r'<div class="tasks-waiting">.*data-task-id="PROJ-1"', still)


def test_summary_draws_no_bar_for_a_category_without_tasks(tmp_path: Path) -> None:
    files = {"tasks/index.md": "# Roadmap\n\n<!-- tasks:index -->\n",
             "tasks/security/PROJ-1.md": task_page("Only one")}
    built = build_site(write_site(tmp_path / "s", files))
    index = (built.site / "tasks" / "index.html").read_text()
    summary = re.search(r'<table class="tasks-summary">(.*?)</table>', index, re.S)
    assert summary is not None
    assert re.findall(r'<tr data-category="([^"]+)">', summary.group(1)) == ["Security"]
    assert "0/0" not in summary.group(1)
    assert ('<p class="tasks-summary-empty">No tasks yet in: Infrastructure, Configuration, '
            'Refactoring, Performance, Documentation, Research/Spike.</p>') in index
