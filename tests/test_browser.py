"""The published pages in a real headless Chromium (Debian's), driven by Playwright."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import build_site, copy_fixture, graph_files, task_page, write_site

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not os.path.exists(CHROMIUM):
    if os.environ.get("MKDOCS_TASKS_REQUIRE_BROWSER"):
        raise RuntimeError(f"{CHROMIUM} is missing; run tests/install-debian.sh")
    pytest.skip("Debian's chromium is not installed (tests/install-debian.sh)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")

EVIL = '<img src=x onerror="alert(1)">'


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that drops a connection it no longer needs (a page closed while a
        stylesheet loads) is no error of the site: no traceback for it."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(_Quiet, directory=str(directory))
    srv = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{srv.server_address[1]}", srv


def site_files() -> dict[str, str]:
    return {
        "index.md": "# Home\n",
        "tasks/index.md": "# Roadmap\n\n<!-- tasks:index -->\n",
        "tasks/infrastructure/PROJ-1-base.md": task_page("Base work"),
        # front matter is plain text: the plugin renders it, so it must escape it
        "tasks/infrastructure/PROJ-2-next.md": task_page(
            None, deps="- PROJ-1: the base", front={"title": f"Next {EVIL}", "owner": f"Eve {EVIL}"}),
    }


@pytest.fixture(scope="module", params=["material", "mkdocs", "readthedocs"])
def published(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = write_site(tmp_path_factory.mktemp(request.param) / "s", site_files(), theme=request.param)
    built = build_site(root)
    assert built.ok, built.messages
    url, srv = serve(built.site)
    yield url
    srv.shutdown()


def test_header_sits_under_the_title_with_a_drawn_badge(browser: Any, published: str) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{published}/tasks/infrastructure/PROJ-2-next/")
    header = page.locator(".tasks-header")
    assert header.count() == 1 and header.is_visible()
    assert header.get_attribute("data-progress") == "1/2"
    # the element right after the page's H1 is the header
    assert page.evaluate(
        "() => { const h = document.querySelector('.tasks-header');"
        " return h.previousElementSibling && h.previousElementSibling.tagName; }") == "H1"
    # the bar is drawn half full: sample its pixels left and right of the middle
    bar = page.locator(".tasks-header .tasks-bar")
    box = bar.bounding_box()
    assert box and box["width"] > 20
    left, right = _bar_pixels(bar.screenshot())
    assert _greenish(left) and not _greenish(right), (left, right)
    # ...and a screen reader hears it: a progress bar saying how many criteria are done
    spoken = header.get_by_role("progressbar")
    assert spoken.count() == 1 and spoken.get_attribute("aria-valuetext") == "1 of 2 criteria done"
    # escaped user text shows as text and runs nothing
    assert f"Eve {EVIL}" in header.inner_text()
    assert page.locator("h1").first.inner_text() == f"Next {EVIL}"
    assert page.locator("img[src=x]").count() == 0
    assert EVIL in page.title()
    assert dialogs == []
    page.close()


def test_dependency_link_leads_to_the_task(browser: Any, published: str) -> None:
    page = browser.new_page()
    page.goto(f"{published}/tasks/infrastructure/PROJ-2-next/")
    page.locator(".tasks-header .tasks-depends a.tasks-ref[data-task-id='PROJ-1']").click()
    page.wait_for_load_state()
    assert page.locator(".tasks-header").get_attribute("data-task-id") == "PROJ-1"
    back = page.locator(".tasks-blocks a.tasks-ref[data-task-id='PROJ-2']")
    assert back.is_visible()
    page.close()


_LINKS = """() => [...document.querySelectorAll(
    '.tasks-header a, .tasks-index-block a, .tasks-blocks a')].map(el => {
  const parse = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = rgb => { const a = rgb.map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * a[0] + 0.7152 * a[1] + 0.0722 * a[2]; };
  let bg = 'rgb(255, 255, 255)';
  for (let n = el; n; n = n.parentElement) { const c = getComputedStyle(n).backgroundColor;
    if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') { bg = c; break; } }
  const f = lum(parse(getComputedStyle(el).color)), b = lum(parse(bg));
  return [(Math.max(f, b) + 0.05) / (Math.min(f, b) + 0.05), el.textContent.trim().slice(0, 20)];
})"""


def test_task_links_are_readable_in_every_theme(browser: Any, published: str) -> None:
    """The links of headers and indexes at least 4.5:1 against what is behind them: in
    the mkdocs and readthedocs themes, whose own link blues are lighter, too."""
    page = browser.new_page(java_script_enabled=False)
    try:
        seen = []
        for path in ("/tasks/", "/tasks/infrastructure/PROJ-2-next/"):
            page.goto(f"{published}{path}")
            links = page.evaluate(_LINKS)
            assert links and not [x for x in links if x[0] < 4.5], (path, links)
            seen += links
        assert len(seen) >= 4
    finally:
        page.close()


def test_index_rows_link_to_their_pages(browser: Any, published: str) -> None:
    page = browser.new_page()
    page.goto(f"{published}/tasks/")
    rows = page.locator("table.tasks-index[data-category='Infrastructure'] tr[data-task-id]")
    assert rows.count() == 2
    assert [rows.nth(i).get_attribute("data-task-id") for i in range(2)] == ["PROJ-1", "PROJ-2"]
    assert page.locator("table.tasks-summary").is_visible()
    # each column's header cell names its column for assistive technology
    # (an Owner column: a task shown has an owner)
    assert page.locator("table.tasks-index th[scope=col]").count() == 7
    assert page.get_by_role("columnheader", name="Depends on").count() == 1
    assert page.get_by_role("columnheader", name="Owner").count() == 1
    # at a desktop width the tables fit their column: no sideways scrolling
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.evaluate("() => { const b = document.querySelector('.tasks-index-block');"
                         " const cells = b.querySelectorAll('table.tasks-summary tr:first-child th');"
                         " const last = cells[cells.length - 1].getBoundingClientRect();"
                         " return last.right <= b.getBoundingClientRect().right + 1; }")
    rows.nth(1).locator("td").first.locator("a.tasks-ref").click()
    page.wait_for_load_state()
    assert page.locator(".tasks-header").get_attribute("data-task-id") == "PROJ-2"
    page.close()


def _bar_pixels(png: bytes) -> tuple[tuple[int, ...], tuple[int, ...]]:
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    w, h = img.size
    return img.getpixel((w // 4, h // 2)), img.getpixel((3 * w // 4, h // 2))


def _greenish(rgb: tuple[int, ...]) -> bool:
    r, g, b = rgb[:3]
    return g > r + 40 and g > b + 40


def _contrast(page: Any, selector: str) -> float:
    return float(page.evaluate("""(sel) => {
      const el = document.querySelector(sel);
      const parse = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
      const lum = rgb => { const a = rgb.map(v => { v /= 255;
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
        return 0.2126 * a[0] + 0.7152 * a[1] + 0.0722 * a[2]; };
      let bg = null, n = el;
      while (n) { const c = getComputedStyle(n).backgroundColor;
        if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') { bg = c; break; }
        n = n.parentElement; }
      const f = lum(parse(getComputedStyle(el).color)), b = lum(parse(bg || 'rgb(255,255,255)'));
      return (Math.max(f, b) + 0.05) / (Math.min(f, b) + 0.05);
    }""", selector))


def test_readable_in_light_dark_and_print(browser: Any, tmp_path: Path) -> None:
    root = write_site(tmp_path / "s", site_files(), theme="material")
    built = build_site(root)
    url, srv = serve(built.site)
    try:
        page = browser.new_page()
        page.goto(f"{url}/tasks/infrastructure/PROJ-2-next/")
        light = _contrast(page, ".tasks-header .tasks-id")
        page.evaluate("() => document.body.setAttribute('data-md-color-scheme', 'slate')")
        dark = _contrast(page, ".tasks-header .tasks-id")
        assert light >= 4.5 and dark >= 4.5, (light, dark)
        page.emulate_media(media="print")
        assert page.locator(".tasks-header").is_visible()
        left, right = _bar_pixels(page.locator(".tasks-header .tasks-bar").screenshot())
        assert _greenish(left) and not _greenish(right), (left, right)
        adjust = page.evaluate(
            "() => getComputedStyle(document.querySelector('.tasks-bar')).printColorAdjust")
        assert adjust == "exact"  # browsers drop backgrounds in print unless told
        pdf = page.pdf()
        assert pdf[:4] == b"%PDF" and len(pdf) > 1000
        page.close()
    finally:
        srv.shutdown()


def test_mermaid_graph_without_mermaid_reads_as_a_list(browser: Any, tmp_path: Path) -> None:
    files = site_files()
    files["tasks/index.md"] = '# Roadmap\n\n<!-- tasks:graph format="mermaid" -->\n'
    root = write_site(tmp_path / "g", files, theme="mkdocs")  # no Mermaid on this theme
    built = build_site(root)
    url, srv = serve(built.site)
    try:
        page = browser.new_page()
        page.goto(f"{url}/tasks/")
        assert not page.locator(".tasks-graph pre.mermaid").is_visible()  # no raw source shown
        assert "graph LR" not in page.locator("body").inner_text()
        page.locator(".tasks-graph-list summary").click()
        item = page.locator(".tasks-graph-list li")
        assert item.count() == 1
        assert item.first.inner_text() == "PROJ-2 depends on PROJ-1"
        item.first.locator("a.tasks-ref[data-task-id='PROJ-1']").click()
        page.wait_for_load_state()
        assert page.locator(".tasks-header").get_attribute("data-task-id") == "PROJ-1"
        page.close()
    finally:
        srv.shutdown()


# --- the dependency graph, drawn at build time --------------------------------------------

_GEOMETRY = """() => {
  const svg = document.querySelector('figure.tasks-graph svg[role=img]');
  const nodes = [...svg.querySelectorAll('a.tasks-graph-node')].map(a => {
    const r = a.querySelector('rect').getBBox();
    const texts = [...a.querySelectorAll('text')].map(t => { const b = t.getBBox();
      return [b.x, b.y, b.width, b.height]; });
    return {id: a.dataset.taskId, status: a.dataset.status, href: a.getAttribute('href'),
            box: [r.x, r.y, r.width, r.height], texts};
  });
  const edges = [...svg.querySelectorAll('path.tasks-graph-edge')].map(p =>
    [p.dataset.from, p.dataset.to]);
  return {title: svg.querySelector(':scope > title').textContent, nodes, edges,
          visible: svg.getBoundingClientRect().width > 0};
}"""

_CONTRAST = """() => {
  const parse = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = rgb => { const a = rgb.map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * a[0] + 0.7152 * a[1] + 0.0722 * a[2]; };
  return [...document.querySelectorAll('a.tasks-graph-node')].map(a => {
    const fill = lum(parse(getComputedStyle(a.querySelector('rect')).fill));
    const text = lum(parse(getComputedStyle(a.querySelector('text')).fill));
    return (Math.max(fill, text) + 0.05) / (Math.min(fill, text) + 0.05);
  });
}"""


def _offline_page(browser: Any, url: str, **options: Any) -> tuple[Any, Any, list[str]]:
    """A page without JavaScript whose every request outside the site is refused."""
    context = browser.new_context(java_script_enabled=False, **options)
    refused: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(url):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return context, context.new_page(), refused


def _widths(browser: Any, site: Path, path: str, widths: tuple[int, ...],
            height: int = 800) -> Iterator[tuple[int, Any]]:
    """The built site's page at `path`, offline and without JavaScript, at each width."""
    url, srv = serve(site)
    try:
        for width in widths:
            context, page, _ = _offline_page(browser, url, viewport={"width": width, "height": height})
            try:
                page.goto(f"{url}{path}")
                yield width, page
            finally:
                context.close()
    finally:
        srv.shutdown()


def _check_graph(page: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The drawn graph against tasks.json: the assertions every theme and mode must pass."""
    shown = page.evaluate(_GEOMETRY)
    assert shown["visible"] and shown["title"].startswith("Dependency graph:")
    tasks = data["tasks"]
    assert sorted(n["id"] for n in shown["nodes"]) == sorted(t["id"] for t in tasks)
    assert {n["id"]: n["status"] for n in shown["nodes"]} == {t["id"]: t["status"] for t in tasks}
    ids = {t["id"] for t in tasks}
    wanted = sorted({(d, t["id"]) for t in tasks for d in t["depends_on"] if d in ids and d != t["id"]})
    assert sorted(map(tuple, shown["edges"])) == wanted
    boxes = [n["box"] for n in shown["nodes"]]
    order = sorted(range(len(boxes)), key=lambda i: boxes[i][0])
    for a_i, a in enumerate(order):  # no two boxes overlap (sweep over x)
        ax, ay, aw, ah = boxes[a]
        for b in order[a_i + 1:]:
            bx, by, bw, bh = boxes[b]
            if bx >= ax + aw:
                break
            assert by >= ay + ah or ay >= by + bh, (shown["nodes"][a]["id"], shown["nodes"][b]["id"])
    for n in shown["nodes"]:  # every label inside its box, in the font the page uses
        x, y, w, h = n["box"]
        for tx, ty, tw, th in n["texts"]:
            assert x <= tx and tx + tw <= x + w and y <= ty and ty + th <= y + h, n
    contrast = page.evaluate(_CONTRAST)
    assert min(contrast) >= 4.5, min(contrast)
    return shown


GRAPH_THEMES = [("material", None), ("material", "slate"), ("mkdocs", None), ("readthedocs", None)]


@contextlib.contextmanager
def _graph_page(browser: Any, root: Path, **options: Any) -> Iterator[tuple[Any, dict[str, Any], list[str]]]:
    """The built site's Roadmap page, offline and without JavaScript, with its tasks.json
    and the requests it was refused."""
    import json
    built = build_site(root)
    assert built.ok, built.messages
    data = json.loads((built.site / "tasks.json").read_text())
    url, srv = serve(built.site)
    context, page, refused = _offline_page(browser, url, **options)
    try:
        page.goto(f"{url}/tasks/")
        yield page, data, refused
    finally:
        context.close()
        srv.shutdown()


@pytest.mark.parametrize(("theme", "scheme"), GRAPH_THEMES,
                         ids=["material", "slate", "mkdocs", "readthedocs"])
def test_graph_is_drawn_offline_without_javascript(browser: Any, tmp_path: Path, theme: str,
                                                   scheme: str | None) -> None:
    config = {"theme": {"name": theme, "palette": {"scheme": scheme}}} if scheme else None
    root = write_site(tmp_path / "g", graph_files(8), config=config, theme=theme)
    with _graph_page(browser, root) as (page, data, refused):
        if scheme:
            assert page.locator("body").get_attribute("data-md-color-scheme") == scheme
        shown = _check_graph(page, data)
        assert not any("mermaid" in r for r in refused)  # nothing asks for Mermaid
        legend = page.locator("ul.tasks-graph-legend li")
        assert {legend.nth(i).get_attribute("data-status") for i in range(legend.count())} == {
            t["status"] for t in data["tasks"]}
        # in print the whole figure fits the page's width, in readable colours
        page.emulate_media(media="print")
        fits = page.evaluate("""() => { const f = document.querySelector('figure.tasks-graph');
          const s = f.querySelector('svg').getBoundingClientRect();
          const scroll = f.querySelector('.tasks-graph-scroll');
          return [s.width, f.parentElement.getBoundingClientRect().width,
                  scroll.scrollWidth - scroll.clientWidth]; }""")
        assert fits[0] <= fits[1] + 1 and fits[2] <= 1, fits
        assert min(page.evaluate(_CONTRAST)) >= 4.5
        page.emulate_media(media="screen")
        # a node is a link to its task's page
        target = next(n for n in shown["nodes"] if n["id"] == "PROJ-3")
        page.locator("a.tasks-graph-node[data-task-id='PROJ-3']").click()
        page.wait_for_load_state()
        assert page.locator(".tasks-header").get_attribute("data-task-id") == "PROJ-3", target


def test_graph_scrolls_inside_the_page_on_a_phone(browser: Any, tmp_path: Path) -> None:
    root = write_site(tmp_path / "g", graph_files(12), theme="material")
    with _graph_page(browser, root, viewport={"width": 390, "height": 800}) as (page, _, _):
        widths = page.evaluate("""() => { const s = document.querySelector('.tasks-graph-scroll');
          return [document.documentElement.scrollWidth, s.scrollWidth, s.clientWidth]; }""")
        assert widths[0] <= 390 and widths[1] > widths[2], widths  # the figure scrolls, not the page


def test_graph_of_300_tasks_passes_the_same_checks(browser: Any, tmp_path: Path) -> None:
    root = write_site(tmp_path / "g", graph_files(300), theme="material")
    with _graph_page(browser, root) as (page, data, _):
        shown = _check_graph(page, data)
        assert len(shown["nodes"]) == 300 and len(shown["edges"]) > 300
        node = page.locator("a.tasks-graph-node[data-task-id='PROJ-250']")
        node.scroll_into_view_if_needed()
        node.click()
        page.wait_for_load_state()
        assert page.locator(".tasks-header").get_attribute("data-task-id") == "PROJ-250"


def test_the_docs_screenshot_script_photographs_the_roadmap_graph(tmp_path: Path) -> None:
    """benchmarks/screenshot.py, as the benchmarks run it: the whole drawings, light and slate."""
    import re
    import subprocess
    import sys

    from PIL import Image, ImageStat

    repo = Path(__file__).resolve().parent.parent
    script = repo / "benchmarks" / "screenshot.py"
    proc = subprocess.run([sys.executable, str(script), "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    light = Image.open(tmp_path / "roadmap-graph.png").convert("L")
    dark = Image.open(tmp_path / "roadmap-graph-slate.png").convert("L")
    roadmap = (repo / "docs" / "tasks" / "index.md").read_text()
    assert "<!-- tasks:graph -->" in roadmap
    # as wide as the drawing of the Roadmap's tasks (one column per layer, unscrolled)
    tasks = len(list((repo / "docs" / "tasks").glob("*/MT-*.md")))
    assert tasks >= 2 and light.size[0] >= 2 * 184 and light.size == dark.size
    assert ImageStat.Stat(light).mean[0] > 180 > 90 > ImageStat.Stat(dark).mean[0]
    assert re.search(r"roadmap-graph\.png", (repo / "docs" / "guide" / "output.md").read_text())
    # the timeline and the history of a synthetic site made a git repository, light and slate
    for name in ("timeline", "history"):
        light, dark = (Image.open(tmp_path / f"{name}{s}.png").convert("L") for s in ("", "-slate"))
        assert light.size == dark.size and light.size[0] >= 600 and light.size[1] >= 100
        assert ImageStat.Stat(light).mean[0] > 180 > 90 > ImageStat.Stat(dark).mean[0]
        assert f"{name}.png" in (repo / "docs" / "guide" / "output.md").read_text()


# --- a laptop and a phone ----------------------------------------------------------------

def _chain(n: int, prefix: str = "PROJ") -> dict[str, str]:
    """n tasks in a line, each depending on the one before: a graph n layers wide."""
    files = {"index.md": "# Home\n", "tasks/index.md": "# Roadmap\n\n<!-- tasks:graph -->\n"}
    for i in range(1, n + 1):
        deps = f"- {prefix}-{i - 1}" if i > 1 else "None"
        files[f"tasks/security/{prefix}-{i}.md"] = task_page(f"Step {i} of the chain", deps=deps)
    return files


_FIT = """() => { const s = document.querySelector('.tasks-graph-scroll');
  const svg = s.querySelector('svg'); const box = svg.getBoundingClientRect();
  return {scroll: s.scrollWidth - s.clientWidth, shown: box.width, drawn: svg.viewBox.baseVal.width,
          column: s.clientWidth, page: document.documentElement.scrollWidth}; }"""


@pytest.mark.parametrize(("layers", "fits"), [(3, True), (4, True), (6, False)])
def test_graph_a_little_wider_than_the_column_is_scaled_to_fit(browser: Any, tmp_path: Path,
                                                               layers: int, fits: bool) -> None:
    """At 1280 px in Material, a graph up to about 1.4 times the text column is drawn at the
    column's width, whole; a wider one keeps its size and scrolls inside its figure."""
    root = write_site(tmp_path / "g", _chain(layers), theme="material")
    with _graph_page(browser, root, viewport={"width": 1280, "height": 900}) as (page, data, _):
        fit = page.evaluate(_FIT)
        assert fit["page"] <= 1280, fit
        if fits:
            assert fit["drawn"] > fit["column"] and fit["scroll"] <= 0, fit  # wider, and not scrolling
            assert abs(fit["shown"] - fit["column"]) <= 1, fit
            right = page.evaluate("""() => { const s = document.querySelector('.tasks-graph-scroll');
              const r = s.getBoundingClientRect().right;
              return [...s.querySelectorAll('a.tasks-graph-node rect')].map(
                n => n.getBoundingClientRect().right - r); }""")
            assert max(right) <= 0, right  # every node shown whole, the last one too
        else:
            assert fit["scroll"] > 0 and abs(fit["shown"] - fit["drawn"]) <= 1, fit
        _check_graph(page, data)


_WORDS = """() => {
  const broken = [], shown = [];
  for (const row of document.querySelectorAll('table.tasks-index tr[data-task-id]')) {
    const cells = [...row.children].map(td => getComputedStyle(td).display !== 'none'
                                               && td.getBoundingClientRect().width > 0);
    shown.push(cells);
    const link = row.children[1].querySelector('a');
    const text = link.firstChild; const words = /[^\\s-]+/g; let m;
    while ((m = words.exec(text.data))) {
      const range = document.createRange();
      range.setStart(text, m.index); range.setEnd(text, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(m[0]);
    }
  }
  return {broken, shown, page: document.documentElement.scrollWidth,
          block: document.querySelector('.tasks-index-block').scrollWidth
                 - document.querySelector('.tasks-index-block').clientWidth};
}"""


@pytest.mark.parametrize("theme", ["material", "mkdocs", "readthedocs"])
def test_index_reads_on_a_phone(browser: Any, tmp_path: Path, theme: str) -> None:
    """At 390 px the page never scrolls sideways and no title breaks inside a word; each
    row keeps its ID, title, status and progress, and leaves out its dependencies."""
    files = {"index.md": "# Home\n", "tasks/index.md": "# Roadmap\n\n<!-- tasks:index -->\n",
             "tasks/security/PROJ-1.md": task_page("Provision a Redis cluster in staging"),
             "tasks/security/PROJ-2.md": task_page(
                 "Configure the session cache with sensible time-to-live defaults", deps="- PROJ-1"),
             "tasks/infrastructure/PROJ-10.md": task_page("Benchmark the checkout path", deps="- PROJ-2")}
    root = write_site(tmp_path / "p", files, theme=theme)
    built = build_site(root)
    assert built.ok, built.messages
    for width, page in _widths(browser, built.site, "/tasks/", (390, 1280)):
        seen = page.evaluate(_WORDS)
        assert seen["page"] <= width and seen["broken"] == [], (width, seen)
        assert len(seen["shown"]) == 3
        if width == 390:  # ID, title, status, progress; not depends on nor blocks
            assert all(cells == [True, True, True, True, False, False] for cells in seen["shown"]), seen
            assert seen["block"] <= 0, seen  # the summary fits too
        else:
            assert all(all(cells) for cells in seen["shown"]), seen


_BOARD = """() => {
  // colours with their alpha composited over what is behind them, as the reader sees them
  const rgba = c => { const v = c.match(/[\\d.]+/g).map(Number);
    return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; };
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3]));
  const background = el => { const layers = [];
    for (let n = el; n; n = n.parentElement) { const c = rgba(getComputedStyle(n).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    let bg = [255, 255, 255];
    for (const layer of layers.reverse()) bg = over(layer, bg);
    return bg; };
  const lum = rgb => { const a = rgb.map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * a[0] + 0.7152 * a[1] + 0.0722 * a[2]; };
  const ratio = el => { const bg = background(el), fg = over(rgba(getComputedStyle(el).color), bg);
    const f = lum(fg), b = lum(bg);
    return (Math.max(f, b) + 0.05) / (Math.min(f, b) + 0.05); };
  const board = document.querySelector('.tasks-board');
  const columns = [...board.querySelectorAll(':scope > .tasks-board-column')].map(c => {
    const r = c.getBoundingClientRect();
    return {value: c.dataset.value, count: Number(c.dataset.count), left: r.left, top: r.top,
            width: r.width, cards: [...c.querySelectorAll('.tasks-card')].map(a => a.dataset.taskId)};
  });
  const texts = [...document.querySelectorAll(
    '.tasks-board-heading, .tasks-board-count, .tasks-board-empty, .tasks-card a, .tasks-card-title, '
    + '.tasks-card .tasks-label, .tasks-card .tasks-priority, .tasks-card .tasks-owner, '
    + '.tasks-card .tasks-due, .tasks-card .tasks-badge, .tasks-card .tasks-badge-percent')]
    .filter(el => el.textContent.trim());
  const contrast = texts.map(el => [ratio(el), el.className, el.textContent.trim().slice(0, 20),
                                    getComputedStyle(el).color, background(el).map(Math.round).join()]);
  return {columns, contrast, page: document.documentElement.scrollWidth,
          board: [board.scrollWidth, board.clientWidth]};
}"""

BOARD_THEMES = [("material", None), ("material", "slate"), ("mkdocs", None), ("readthedocs", None)]


def _views_site(tmp_path: Path, theme: str, scheme: str | None) -> tuple[Any, dict[str, Any]]:
    """The views fixture built in a theme (and palette): the build, and its tasks.json."""
    import json
    root = copy_fixture("views", tmp_path / "v")
    theme_yaml = f"theme:\n  name: {theme}\n" + (f"  palette:\n    scheme: {scheme}\n" if scheme else "")
    cfg = (root / "mkdocs.yml").read_text().replace("theme: material\n", theme_yaml)
    (root / "mkdocs.yml").write_text(cfg)
    built = build_site(root)
    assert built.ok, built.messages
    return built, json.loads((built.site / "tasks.json").read_text())


@pytest.mark.parametrize(("theme", "scheme"), BOARD_THEMES,
                         ids=["material", "slate", "mkdocs", "readthedocs"])
def test_board_reads_in_every_theme_width_and_print(browser: Any, tmp_path: Path, theme: str,
                                                    scheme: str | None) -> None:
    """The fixture's boards, offline and without JavaScript: the status board's columns
    side by side and holding exactly tasks.json's statuses, every text on it at least
    4.5:1 against what is behind it, the page never wider than the window (the board
    scrolls inside it on a phone), and in print the columns one under another."""
    built, data = _views_site(tmp_path, theme, scheme)
    statuses = {t["id"]: t["status"] for t in data["tasks"]}
    for width, page in _widths(browser, built.site, "/boards/", (1280, 390), height=900):
        seen = page.evaluate(_BOARD)
        columns = seen["columns"]
        assert [c["value"] for c in columns] == ["todo", "in-progress", "blocked", "done", "cancelled"]
        assert {tid: c["value"] for c in columns for tid in c["cards"]} == statuses
        assert all(c["count"] == len(c["cards"]) for c in columns)
        assert len({round(c["top"]) for c in columns}) == 1  # side by side
        assert all(a["left"] + a["width"] <= b["left"] for a, b in zip(columns, columns[1:], strict=False))
        assert seen["page"] <= width, seen["page"]  # the page never scrolls sideways
        if width == 390:
            assert seen["board"][0] > seen["board"][1]  # the board scrolls inside it
            assert min(c["width"] for c in columns) >= 150  # columns stay readable
        low = [c for c in seen["contrast"] if c[0] < 4.5]
        assert len(seen["contrast"]) > 20 and not low, low
        if width == 1280:
            page.emulate_media(media="print")
            page.reload()  # (styled for print from the start, as a printout is: Chromium does
            # not always restyle a link in place when the media switches)
            printed = page.evaluate(_BOARD)
            lefts = {round(c["left"]) for c in printed["columns"]}
            tops = [c["top"] for c in printed["columns"]]
            assert len(lefts) == 1 and tops == sorted(tops), printed["columns"]  # one under another
            assert printed["board"][0] <= printed["board"][1]
            assert not [c for c in printed["contrast"] if c[0] < 4.5]
            assert page.pdf()[:4] == b"%PDF"


_TIMELINE = """() => {
  const fig = document.querySelector('figure.tasks-timeline');
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.right, r.width, r.height]; };
  const bars = [...fig.querySelectorAll('a.tasks-timeline-bar')].map(a => {
    const shape = a.querySelector('rect, path'), r = shape.getBoundingClientRect();
    const st = getComputedStyle(shape);
    return {id: a.dataset.taskId, due: a.dataset.due, overdue: a.dataset.overdue === 'true',
            href: new URL(a.getAttribute('href'), location.href).href,  // (an SVG link's href is no string)
            // a bar ends at its right edge, a mark (no start) is centred on its day
            end: shape.tagName === 'rect' ? r.right : r.left + r.width / 2,
            width: r.width, height: r.height, dashed: st.strokeDasharray !== 'none', stroke: st.stroke};
  });
  const today = fig.querySelector('line.tasks-timeline-today').getBoundingClientRect();
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const v = c.map(x => { x /= 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  let bg = [255, 255, 255];
  for (let n = fig; n; n = n.parentElement) { const c = getComputedStyle(n).backgroundColor;
    if (!c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') { bg = rgb(c); break; } }
  const texts = [...fig.querySelectorAll('svg text')].map(t => {
    const a = lum(rgb(getComputedStyle(t).fill)), b = lum(bg);
    return [(Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), t.textContent.slice(0, 20)]; });
  return {bars, today: today.left + today.width / 2, texts, figure: box(fig),
          page: document.documentElement.scrollWidth};
}"""


@pytest.mark.parametrize(("theme", "scheme"), BOARD_THEMES,
                         ids=["material", "slate", "mkdocs", "readthedocs"])
def test_timeline_reads_in_every_theme_width_and_print(browser: Any, tmp_path: Path, theme: str,
                                                       scheme: str | None) -> None:
    """The fixture's timeline, offline and without JavaScript: a visible bar per task with
    a due date (tasks.json's), bar ends in date order, the today line between the tasks
    due before and after today, overdue ones dashed, each bar a link to its task's page,
    text at least 4.5:1, the page never wider than the window; in print too."""
    built, data = _views_site(tmp_path, theme, scheme)
    dated = {t["id"]: t for t in data["tasks"] if t["due"]}
    today = data["today"]
    for width, page in _widths(browser, built.site, "/timeline/", (1280, 390), height=900):
        for mode in ("screen", "print") if width == 1280 else ("screen",):
            page.emulate_media(media=mode)
            if mode == "print":
                page.reload()  # (styled for print from the start, as for the board)
            seen = page.evaluate(_TIMELINE)
            bars = {b["id"]: b for b in seen["bars"]}
            assert sorted(bars) == sorted(dated) and len(seen["bars"]) == len(dated)
            assert all(b["width"] > 4 and b["height"] > 4 for b in bars.values())
            order = sorted(dated, key=lambda t: dated[t]["due"])
            ends = [bars[t]["end"] for t in order]
            assert ends == sorted(ends), (mode, width, ends)
            assert max(bars[t]["end"] for t in dated if dated[t]["due"] < today) < seen["today"]
            assert seen["today"] < min(bars[t]["end"] for t in dated if dated[t]["due"] > today)
            overdue = {t for t, d in dated.items() if d["overdue"]}
            assert overdue and {t for t, b in bars.items() if b["dashed"]} == overdue
            base = page.url.split("/timeline/")[0]
            assert all(bars[t]["href"] == f"{base}/{dated[t]['url']}" for t in dated)
            low = [t for t in seen["texts"] if t[0] < 4.5]
            assert len(seen["texts"]) > 10 and not low, low
            assert seen["page"] <= width, seen["page"]  # the figure scrolls inside the page
        if width == 1280:
            assert page.pdf()[:4] == b"%PDF"
