"""Screenshots of the project's own Roadmap graph and board, and of a timeline and a
history, as the docs show them.

    python benchmarks/screenshot.py     # docs/assets/{roadmap-graph,board,timeline,history}{,-slate}.png
    python benchmarks/screenshot.py --out /tmp/shots

Builds this repository's docs (mkdocs.yml) into a temporary folder, serves it on a
loopback port and opens the Roadmap page (tasks/) in Debian's Chromium through
Playwright, JavaScript off and every request outside the site refused (what a reader
offline sees), then photographs the graph's figure and the board in Material's light
palette and in slate, unscrolled (the page scrolls them inside the text column when they
are wider). Then the same for a page with a timeline and a history on a synthetic site
made a git repository with dated commits (benchmarks/history.py), today 2026-12-01. Run
with the benchmarks (benchmarks/run.py runs it last) or after the roadmap changes. Needs
/usr/bin/chromium (tests/install-debian.sh), playwright and git.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
WIDTH = 1100  # the browser's width: the figure as a desktop reader sees it


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # (a page closed mid-load)
            super().handle_error(request, client_address)


# What each photograph shows: (page, selector, file name) on the site it is taken of
ROADMAP_SHOTS = (("tasks/", "figure.tasks-graph", "roadmap-graph"), ("tasks/", ".tasks-board", "board"))
TIME_SHOTS = (("time/", "figure.tasks-timeline", "timeline"), ("time/", "figure.tasks-history", "history"))
TIME_PAGE = ("# Time\n\n## Timeline\n\n<!-- tasks:timeline status=\"!cancelled\" -->\n\n"
             "## History\n\n<!-- tasks:history -->\n")
PALETTE = ("  palette:\n    - scheme: default\n      toggle: {icon: material/brightness-7, name: Dark}\n"
           "    - scheme: slate\n      toggle: {icon: material/brightness-4, name: Light}\n")


def shoot(out: Path) -> list[Path]:
    """The Roadmap's graph and board (this repository's docs), and a timeline and a
    history (a synthetic site made a git repository, benchmarks/history.py)."""
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1796083200"}  # 2026-12-01
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="mkdocs-tasks-shot-") as tmp:
        site = Path(tmp) / "roadmap"
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"),
                        "-d", str(site)], check=True, env=env)
        written += _photograph(site, ROADMAP_SHOTS, out)
        from history import repository

        repo = Path(tmp) / "time"
        repository(repo, 21, 90)  # (a month: tasks added, boxes ticked, some finished)
        (repo / "docs" / "time.md").write_text(TIME_PAGE)
        config = repo / "with.yml"
        config.write_text(config.read_text().replace("  name: material\n", "  name: material\n" + PALETTE, 1))
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d",
                        str(Path(tmp) / "time-site")], check=True, env=env, cwd=repo)
        written += _photograph(Path(tmp) / "time-site", TIME_SHOTS, out)
    return written


def _photograph(site: Path, shots: tuple[tuple[str, str, str], ...], out: Path) -> list[Path]:
    """Each shot of the built site, served on a loopback port, in light and slate."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    written = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for scheme, suffix in (("default", ""), ("slate", "-slate")):
                context = browser.new_context(java_script_enabled=False,
                                              viewport={"width": WIDTH, "height": 900},
                                              device_scale_factor=1)
                context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(url)
                              else r.abort())
                page = context.new_page()
                for path, selector, name in shots:
                    if not page.url.endswith(path):
                        page.goto(f"{url}/{path}")
                        page.evaluate("(s) => document.body.setAttribute('data-md-color-scheme', s)", scheme)
                        # whole drawings and boards: unscrolled (the page scrolls them when they
                        # are wider than the text column)
                        page.evaluate(_UNSCROLLED)
                    shot = page.locator(selector).first
                    shot.scroll_into_view_if_needed()
                    shot.screenshot(path=str(out / f"{name}{suffix}.png"))
                    written.append(out / f"{name}{suffix}.png")
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return written


_UNSCROLLED = """() => { const s = document.createElement('style');
  s.textContent = 'figure.tasks-graph.tasks-graph, figure.tasks-timeline.tasks-timeline, '
    + 'figure.tasks-history.tasks-history { width: max-content; max-width: none; } '
    + ':is(.tasks-graph-scroll, .tasks-timeline-scroll, .tasks-history-scroll) { overflow: visible; '
    + 'max-height: none; } .tasks-board.tasks-board { width: max-content; overflow: visible; } '
    + '.md-sidebar { display: none !important; } .md-header { position: static; }';
  document.head.appendChild(s); }"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "assets")
    args = ap.parse_args()
    for path in shoot(args.out):
        print(path)


if __name__ == "__main__":
    main()
