"""Screenshots of the project's own Roadmap graph and board, as the docs show them.

    python benchmarks/screenshot.py                 # docs/assets/{roadmap-graph,board}{,-slate}.png
    python benchmarks/screenshot.py --out /tmp/shots

Builds this repository's docs (mkdocs.yml) into a temporary folder, serves it on a
loopback port and opens the Roadmap page (tasks/) in Debian's Chromium through
Playwright, JavaScript off and every request outside the site refused (what a reader
offline sees), then photographs the graph's figure and the board in Material's light
palette and in slate, unscrolled (the page scrolls them inside the text column when they
are wider). Run with the benchmarks (benchmarks/run.py runs it last) or after the roadmap
changes. Needs /usr/bin/chromium (tests/install-debian.sh) and playwright.
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


def shoot(out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mkdocs-tasks-shot-") as tmp:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"),
                        "-d", tmp], check=True, env=env)
        handler = functools.partial(_Quiet, directory=tmp)
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
                    page.goto(f"{url}/tasks/")
                    page.evaluate("(s) => document.body.setAttribute('data-md-color-scheme', s)", scheme)
                    # the whole drawing and the whole board: unscrolled (the page scrolls
                    # them when they are wider than the text column)
                    page.evaluate("""() => { const s = document.createElement('style');
                      s.textContent = 'figure.tasks-graph.tasks-graph { width: max-content; '
                        + 'max-width: none; } .tasks-graph-scroll { overflow: visible; max-height: none; } '
                        + '.tasks-board.tasks-board { width: max-content; overflow: visible; } '
                        + '.md-sidebar { display: none !important; } .md-header { position: static; }';
                      document.head.appendChild(s); }""")
                    shots = (("figure.tasks-graph", "roadmap-graph"), (".tasks-board", "board"))
                    for selector, name in shots:
                        shot = page.locator(selector).first
                        shot.scroll_into_view_if_needed()
                        shot.screenshot(path=str(out / f"{name}{suffix}.png"))
                        written.append(out / f"{name}{suffix}.png")
                    context.close()
                browser.close()
        finally:
            server.shutdown()
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "assets")
    args = ap.parse_args()
    for path in shoot(args.out):
        print(path)


if __name__ == "__main__":
    main()
