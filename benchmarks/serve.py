"""`mkdocs serve --dirty` after one edit, with and without the plugin.

    python benchmarks/serve.py                          # 1,000 and 5,000 tasks, Material
    python benchmarks/serve.py --sizes 1000 --edits 5 --out /tmp/serve.md
    python benchmarks/serve.py --board               # a board and filtered indexes too

writes its section of docs/benchmarks.md (between SECTION's comments; benchmarks/run.py
keeps it when it rewrites the page) unless --out says where else.

For each size one synthetic site (benchmarks/generate.py) is served twice on a loopback
port, without the plugin and with it (the two configurations differ only by `- tasks`).
In each server the same edits are made to the same files: a checkbox of a task that other
tasks depend on is ticked, the rebuild awaited, and unticked again, `--edits` times each;
in two cases, a tick that only moves the task's progress and a tick that completes it (its
status becomes done, so the tasks that depend on it stop waiting on it). Reported, as
medians: the rebuild as MkDocs times it ("Documentation built in ... seconds") and the
time from the save to the server's "Reloading browsers" (its log read every 10 ms), which
adds the file watcher's wait for more changes (0.25 s) and reloading mkdocs.yml. With the
plugin each rebuild is also checked over HTTP: the edited task's header shows its new
progress. With --board the site's front matter has owners, due dates and priorities and
its index page a board by status and two filtered indexes too (generate.BOARD), each card
a view the edit may change; that table is a section of its own. Then, for each edit,
benchmarks/hooks.py --dirty-edit times the plugin's own handlers in one such rebuild (in
one process, CPU time; the median of three runs).
Nothing here asserts: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from generate import BOARD, generate  # noqa: E402
from hooks import EVENTS as ALL_EVENTS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EVENTS = tuple(e for e in ALL_EVENTS if e not in ("on_config", "on_page_read_source", "on_page_markdown"))
BIN = Path(sys.executable).parent
_BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")
_DONE = "Reloading browsers"
SECTION = ("<!-- benchmarks/serve.py -->", "<!-- /benchmarks/serve.py -->")
BOARD_SECTION = ("<!-- benchmarks/serve.py --board -->", "<!-- /benchmarks/serve.py --board -->")


@dataclass
class Edit:
    """One task page and the line of the checkbox that is ticked and unticked."""

    path: Path
    line: int
    url: str
    done: int
    total: int


@dataclass
class Figures:
    built: list[float] = field(default_factory=list)  # each rebuild
    felt: list[float] = field(default_factory=list)  # save -> browsers reloaded
    hooks: dict[str, Any] = field(default_factory=dict)  # benchmarks/hooks.py --dirty-edit


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Serve:
    def __init__(self, site: Path, config: str) -> None:
        self.port = _port()
        self.log = site / f"serve-{config}.log"
        self._out = open(self.log, "w")
        self.proc = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "--dirty", "-f", f"{config}.yml",
             "-a", f"127.0.0.1:{self.port}"],
            cwd=site, stdout=self._out, stderr=subprocess.STDOUT,
            # (PYTHONWARNINGS: else MkDocs drops a "built in" line that repeats the last one)
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore"))
        self.rebuilds = 0
        self._wait(lambda text: "Serving on" in text, 1800)

    def _wait(self, done: Callable[[str], bool], timeout: float) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"mkdocs serve stopped:\n{self.log.read_text()[-3000:]}")
            if done(self.log.read_text()):
                return time.perf_counter()
            time.sleep(0.01)
        raise SystemExit(f"nothing in {timeout}s:\n{self.log.read_text()[-3000:]}")

    def rebuild(self, timeout: float = 1800) -> tuple[float, float]:
        """The next rebuild: its seconds, as MkDocs says, and when browsers were reloaded."""
        n = self.rebuilds = self.rebuilds + 1
        end = self._wait(lambda text: text.count(_DONE) >= n, timeout)
        return float(_BUILT.findall(self.log.read_text())[n]), end  # ([0]: the first build)

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=30) as r:
            return str(r.read().decode("utf-8"))

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=60)
        self._out.close()


def choose(site: Path, tasks: list[dict[str, object]], last_box: bool) -> Edit:
    """The task that most others depend on, among those with at least two unticked boxes
    (`last_box`: exactly one, so that ticking it completes the task)."""
    def fits(t: dict[str, object]) -> bool:
        p = t["progress"]
        assert isinstance(p, dict)
        left = p["total"] - p["done"]
        return t["type"] == "task" and (left == 1 if last_box else left >= 2)

    best = max((t for t in tasks if fits(t)), key=lambda t: len(t["blocks"]))  # type: ignore[arg-type]
    path = site / "docs" / str(best["src"])
    lines = path.read_text().split("\n")
    start = lines.index("## Success Criteria")
    line = next(i for i in range(start, len(lines)) if "- [ ] " in lines[i])
    p = best["progress"]
    assert isinstance(p, dict)
    return Edit(path, line, str(best["url"]), p["done"], p["total"])


def toggle(edit: Edit, tick: bool) -> None:
    lines = edit.path.read_text().split("\n")
    old, new = ("- [ ] ", "- [x] ") if tick else ("- [x] ", "- [ ] ")
    lines[edit.line] = lines[edit.line].replace(old, new, 1)
    edit.path.write_text("\n".join(lines))


def measure(server: Serve, edit: Edit, edits: int, check: bool) -> Figures:
    out = Figures()
    for _ in range(edits):
        for tick in (True, False):
            time.sleep(0.3)  # (the page just written is older than the next save)
            saved = time.perf_counter()
            toggle(edit, tick)
            built, end = server.rebuild()
            out.built.append(built)
            out.felt.append(end - saved)
            if check:
                done = edit.done + (1 if tick else 0)
                page = server.get(edit.url)
                if f'data-progress="{done}/{edit.total}"' not in page:
                    raise SystemExit(f"{edit.url} does not show {done}/{edit.total} after the edit")
    return out


def bench(size: int, theme: str, edits: int, work: Path,
          board: bool = False) -> dict[str, dict[str, Figures]]:
    site = work / f"site-{size}"
    generate(site, size, theme, fields=board)
    if board:
        index = site / "docs" / "tasks" / "index.md"
        index.write_text(index.read_text().replace("# Tasks\n\n", "# Tasks\n\n" + BOARD + "\n", 1))
    results: dict[str, dict[str, Figures]] = {}
    with_server = Serve(site, "with")
    try:
        tasks = json.loads(with_server.get("tasks.json"))["tasks"]
        cases = {"progress": choose(site, tasks, last_box=False),
                 "completes": choose(site, tasks, last_box=True)}
        for case, edit in cases.items():
            blocks = next(len(t["blocks"]) for t in tasks if str(site / "docs" / t["src"]) == str(edit.path))
            print(f"  {size} tasks, {case}: {edit.path.name} ({edit.done}/{edit.total}, "
                  f"{blocks} tasks depend on it)", file=sys.stderr)
        for case, edit in cases.items():
            results.setdefault(case, {})["with"] = measure(with_server, edit, edits, check=True)
    finally:
        with_server.stop()
    without = Serve(site, "without")
    try:
        for case, edit in cases.items():
            results[case]["without"] = measure(without, edit, edits, check=False)
    finally:
        without.stop()
    for case, edit in cases.items():
        runs = []
        for _ in range(3):  # (one process each; the run with the median plugin time is shown)
            out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "hooks.py"), "with.yml",
                                  "--dirty-edit", str(edit.path)], cwd=site, capture_output=True,
                                 text=True, check=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        results[case]["with"].hooks = sorted(runs, key=lambda r: r["plugin"])[1]
    return results


def table(all_results: dict[int, dict[str, dict[str, Figures]]], theme: str, edits: int,
          board: bool = False) -> str:
    rows = ["| tasks | edit | rebuild without | rebuild with | with / without | save to reload, "
            "without | save to reload, with | with / without |", "|---:|---|---:|---:|---:|---:|---:|---:|"]
    inside = ["| tasks | edit | " + " | ".join(f"`{e}`" for e in EVENTS) + " | plugin | of the rebuild |",
              "|---:|---|" + "---:|" * (len(EVENTS) + 2)]
    for size, cases in all_results.items():
        for case, f in cases.items():
            wo, wi = statistics.median(f["without"].built), statistics.median(f["with"].built)
            fwo, fwi = statistics.median(f["without"].felt), statistics.median(f["with"].felt)
            rows.append(f"| {size:,} | {case} | {wo:.2f} s | {wi:.2f} s | {wi / wo:.2f} | "
                        f"{fwo:.2f} s | {fwi:.2f} s | {fwi / fwo:.2f} |")
            h = f["with"].hooks
            cells = " | ".join(f"{h['events'].get(e, 0.0) * 1000:.0f}" for e in EVENTS)
            inside.append(f"| {size:,} | {case} | {cells} | {h['plugin'] * 1000:.0f} | "
                          f"{h['plugin'] / h['build']:.1%} |")
    marks = BOARD_SECTION if board else SECTION
    views = ["With a board and filtered indexes (`python benchmarks/serve.py --board`): the index page",
             "holds a board by status (a card per task) and two filtered indexes besides the full",
             "index and the graph; owners, due dates and priorities in the front matter.", ""]
    return "\n".join([
        marks[0], "## `mkdocs serve --dirty`" + (" with a board" if board else ""), "",
        *(views if board else []),
        f"Regenerate with `python benchmarks/serve.py`. Theme {theme}; one synthetic site per",
        "size (the task pages out of `nav`), served with `--dirty` once without the plugin and",
        "once with it. In each server a checkbox of the task that most others depend on is",
        f"ticked and unticked, {edits} times each: *progress* ticks one of several open boxes,",
        "*completes* ticks the last one (the task becomes done, so its dependents stop",
        "waiting on it). Medians of the rebuild as MkDocs times it, and of the time from the",
        "save to the server's reload (with the file watcher's 0.25 s wait and reloading",
        "`mkdocs.yml`).", "", *rows, "",
        "The plugin's own handlers in one such rebuild (`benchmarks/hooks.py --dirty-edit`,",
        "CPU milliseconds, the run with the median total of three):", "", *inside, "", marks[1], ""])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    ap.add_argument("--theme", default="material", choices=["mkdocs", "material"])
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    ap.add_argument("--board", action="store_true", help="a board and two filtered indexes on the index page")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="mkdocs-tasks-serve-") as tmp:
        results = {size: bench(size, args.theme, args.edits, Path(tmp), args.board) for size in args.sizes}
    text = table(results, args.theme, args.edits, args.board)
    print(text)
    page = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    args.out.write_text(with_section(page, text, BOARD_SECTION if args.board else SECTION), encoding="utf-8")


def with_section(page: str, section: str, marks: tuple[str, str] = SECTION) -> str:
    """The page with a benchmark's section (between `marks`) in place of the last one, or
    at its end."""
    if marks[0] in page and marks[1] in page:
        start, end = page.index(marks[0]), page.index(marks[1]) + len(marks[1])
        return page[:start] + section.rstrip("\n") + page[end:]
    return page.rstrip("\n") + "\n\n" + section


if __name__ == "__main__":
    main()
