"""Build synthetic sites with and without the plugin and write the table to docs/benchmarks.md.

    python benchmarks/run.py                       # sizes 100 1000 5000, both themes, 5 rounds
    python benchmarks/run.py --sizes 100 1000 --rounds 5 --out /tmp/bench.md

Each size and theme gets one generated site (benchmarks/generate.py); its two
configurations differ only by `- tasks` in `plugins:`. Builds run as separate processes,
interleaved (without, with, without, with, ...), so drift on the machine hits both alike.
Reported: median wall time of each, their ratio, peak RSS of each build process
(os.wait4), `mkdocs-tasks check` as a fraction of the build with the plugin, and, from one
more build with the plugin (benchmarks/hooks.py), the CPU time spent inside each of its
event handlers. Nothing here asserts: it prints figures.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402
from graph import SECTION as GRAPH_SECTION  # noqa: E402
from hooks import EVENTS  # noqa: E402
from screenshot import CHROMIUM, shoot  # noqa: E402
from serve import BOARD_SECTION, SECTION, with_section  # noqa: E402
from versus import SECTION as VERSUS_SECTION  # noqa: E402

# the sections other scripts write into the same page, kept when this one rewrites it
KEPT = (SECTION, BOARD_SECTION, GRAPH_SECTION, VERSUS_SECTION,
        ("<!-- benchmarks/views.py -->", "<!-- /benchmarks/views.py -->"),
        ("<!-- benchmarks/backlog.py -->", "<!-- /benchmarks/backlog.py -->"),
        ("<!-- benchmarks/history.py -->", "<!-- /benchmarks/history.py -->"))

ROOT = Path(__file__).resolve().parent.parent
HOOK_EVENTS = tuple(e for e in EVENTS if e != "on_config")  # on_config: nothing to show
BIN = Path(sys.executable).parent


@dataclass
class Run:
    seconds: float
    rss_mb: float
    cpu: float  # user + system seconds of the process


def timed(cmd: list[str], cwd: Path) -> Run:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0,):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err.decode(errors='replace')[-2000:]}")
    return Run(elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


@dataclass
class Result:
    size: int
    theme: str
    without: list[Run]
    with_: list[Run]
    check: list[Run]
    tags: list[Run]  # Material's tags plugin instead of this one (Material rows only)
    hooks: dict[str, float]  # CPU seconds inside the plugin's handlers, one build (hooks.py)

    def median(self, runs: list[Run]) -> float:
        return statistics.median(r.seconds for r in runs)

    def rss(self, runs: list[Run]) -> float:
        return max(r.rss_mb for r in runs)

    def paired(self, measure: str, runs: list[Run] | None = None) -> float:
        """Median over rounds of with / without, each round's builds run back to back:
        drift of the machine between rounds cancels out."""
        return statistics.median(getattr(b, measure) / getattr(a, measure)
                                 for a, b in zip(self.without, runs or self.with_, strict=True))


def bench(size: int, theme: str, rounds: int, work: Path) -> Result:
    site = work / f"{theme}-{size}"
    generate(site, size, theme)
    res = Result(size, theme, [], [], [], [], {})
    mkdocs = [str(BIN / "mkdocs"), "build", "-q"]
    for i in range(rounds):
        res.without.append(timed([*mkdocs, "-f", "without.yml", "-d", "site-without"], site))
        res.with_.append(timed([*mkdocs, "-f", "with.yml", "-d", "site-with"], site))
        res.check.append(timed([str(BIN / "mkdocs-tasks"), "check", "-f", "with.yml"], site))
        if (site / "tags.yml").exists():
            res.tags.append(timed([*mkdocs, "-f", "tags.yml", "-d", "site-tags"], site))
        print(f"  {theme} {size} round {i + 1}: without {res.without[-1].seconds:.2f}s, "
              f"with {res.with_[-1].seconds:.2f}s, check {res.check[-1].seconds:.2f}s", flush=True)
    out = subprocess.run([sys.executable, str(Path(__file__).parent / "hooks.py"), str(site / "with.yml")],
                         cwd=site, capture_output=True, text=True, check=True).stdout
    res.hooks = json.loads(out.splitlines()[-1])
    print(f"  {theme} {size}: {res.hooks['plugin']:.3f}s CPU in the plugin's handlers", flush=True)
    shutil.rmtree(site, ignore_errors=True)
    return res


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in
                         ("mkdocs", "mkdocs-material", "pymdown-extensions", "mkdocs-tasks"))
    return (f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {versions}; "
            f"{datetime.date.today().isoformat()}")


def table(results: list[Result], rounds: int) -> str:
    lines = [
        "# Benchmarks",
        "",
        "What the plugin costs, measured against the only honest baseline: the same site",
        "built without it. Regenerate this page with `python benchmarks/run.py`.",
        "",
        f"Machine: {machine()}.",
        "",
        f"Each row: one synthetic site from `benchmarks/generate.py`, built {rounds} times with",
        "and without the plugin, interleaved (without, with, without, with, ...). `without` and",
        "`with` are medians of wall time; `with / without` is the median over rounds of each",
        "round's ratio, in wall time and in CPU time (user + system, less disturbed by other",
        "work on the machine); memory is the highest peak RSS of the build process. The task",
        "pages are not in `nav` (only the home page and the index are), as in a real site with",
        "thousands of tasks; this keeps MkDocs' own per-page navigation cost from hiding the",
        "plugin's.",
        "",
        "## Build time",
        "",
        "| tasks | theme | without | with | with / without | CPU with / without | "
        "plugin, per task |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        a, b = r.median(r.without), r.median(r.with_)
        lines.append(
            f"| {r.size:,} | {r.theme} | {a:.2f} s | {b:.2f} s | {r.paired('seconds'):.3f} | "
            f"{r.paired('cpu'):.3f} | {r.hooks['plugin'] / r.size * 1e6:.0f} µs |")
    lines += ["", "## Beside Material's tags plugin", "",
              "The same Material sites built with Material's tags plugin instead of this one (two",
              "tags a page and a tags index page): what a plugin users already run costs for its",
              "own job on the same pages, in the same rounds.", "",
              "| tasks | with tasks / without, CPU | with tags / without, CPU | "
              "with tasks / without, wall | with tags / without, wall |",
              "|---:|---:|---:|---:|---:|"]
    for r in results:
        if r.tags:
            lines.append(f"| {r.size:,} | {r.paired('cpu'):.3f} | {r.paired('cpu', r.tags):.3f} | "
                         f"{r.paired('seconds'):.3f} | {r.paired('seconds', r.tags):.3f} |")
    lines += ["", "`plugin, per task` comes from one more build of each site (`benchmarks/hooks.py`)",
              "that adds up the CPU time spent inside the plugin's event handlers. The difference",
              "of two whole builds divided by the number of tasks swings by as much as itself",
              "from one run to the next; this figure is far steadier, so it is the one that shows",
              "whether the plugin's own cost per task stays flat as the site grows. It leaves out",
              "what the plugin adds to MkDocs' own work (more text for Markdown and search), which",
              "the ratios include.", "",
              "## Memory and the command line", "",
              "| tasks | theme | peak RSS without | peak RSS with | RSS ratio | `check` | "
              "`check` / build |",
              "|---:|---|---:|---:|---:|---:|---:|"]
    for r in results:
        b, c = r.median(r.with_), r.median(r.check)
        ra, rb = r.rss(r.without), r.rss(r.with_)
        lines.append(f"| {r.size:,} | {r.theme} | {ra:.0f} MB | {rb:.0f} MB | {rb / ra:.3f} | "
                     f"{c:.2f} s | {c / b:.3f} |")
    lines += ["", "`check` is `mkdocs-tasks check` on the same site, a whole process from start to",
              "exit; `check / build` divides it by the median build with the plugin.", "",
              "## Inside the plugin", "",
              "CPU time in each of the plugin's event handlers during that one build, in",
              "milliseconds, and their sum as a share of the build's CPU time:", "",
              "| tasks | theme | " + " | ".join(f"`{e}`" for e in HOOK_EVENTS) + " | total | of the build |",
              "|---:|---|" + "---:|" * (len(HOOK_EVENTS) + 2)]
    for r in results:
        events = r.hooks["events"]
        cells = " | ".join(f"{events.get(e, 0.0) * 1000:.0f}" for e in HOOK_EVENTS)
        lines.append(f"| {r.size:,} | {r.theme} | {cells} | {r.hooks['plugin'] * 1000:.0f} | "
                     f"{r.hooks['plugin'] / r.hooks['build']:.1%} |")
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    ap.add_argument("--themes", nargs="+", default=["mkdocs", "material"])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = ap.parse_args()
    # Compiled bytecode for the package under test, as an installed wheel has: where
    # PYTHONDONTWRITEBYTECODE is set, an editable install would recompile it on every run.
    import compileall

    import mkdocs_tasks
    compileall.compile_dir(str(Path(mkdocs_tasks.__file__).parent), quiet=1)
    results = []
    with tempfile.TemporaryDirectory(prefix="mkdocs-tasks-bench-") as tmp:
        for size in args.sizes:
            for theme in args.themes:
                results.append(bench(size, theme, args.rounds, Path(tmp)))
    text = table(results, args.rounds)
    if args.out.exists():  # (the sections of serve.py, graph.py, versus.py, views.py, backlog.py stay)
        old = args.out.read_text(encoding="utf-8")
        for marks in KEPT:
            if marks[0] in old and marks[1] in old:
                kept = old[old.index(marks[0]):old.index(marks[1]) + len(marks[1])]
                text = with_section(text, kept, marks)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    if Path(CHROMIUM).exists():  # the docs' screenshot of the Roadmap's graph, made anew
        for path in shoot(ROOT / "docs" / "assets"):
            print(path)


if __name__ == "__main__":
    main()
