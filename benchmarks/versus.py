"""The plugin's own cost, this checkout against another one, measured interleaved on the
same machine: for a change that means to cost nothing (a refactoring).

    git archive BASE | tar -x -C /tmp/before        # the code before, anywhere
    python benchmarks/versus.py /tmp/before --tasks 1000 5000 --rounds 5 [--out docs/benchmarks.md]

For each size, generates a synthetic Material site (benchmarks/generate.py), then builds
it with each checkout's package in turn (PYTHONPATH puts the other checkout first),
round after round, through benchmarks/hooks.py: the CPU seconds inside the plugin's
handlers, and the peak RSS of the build process; for a build, and for a `serve --dirty`
rebuild after ticking one checkbox (hooks.py --dirty-edit, the least costly of 5).
BEFORE and --after must each hold every module the other imports (an editable install
lends the missing ones from this checkout). Prints the medians and their
ratio, after / before; with --out, writes them as a section of that page.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SECTION = ("<!-- benchmarks/versus.py -->", "<!-- /benchmarks/versus.py -->")


REPEAT = 5  # dirty rebuilds a run, the least costly of them counted (hooks.py --repeat)


def one(code: Path, config: Path, edit: Path | None) -> tuple[float, float]:
    """(plugin CPU seconds, peak RSS in MiB) of one build with the package of `code`."""
    env = {**os.environ, "PYTHONPATH": str(code), "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, str(HERE / "hooks.py"), str(config)]
    if edit is not None:
        cmd += ["--dirty-edit", str(edit), "--repeat", str(REPEAT)]
    out = json.loads(subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout)
    return float(out["plugin"]), float(out["peak_rss_mib"])


@dataclass
class Row:
    tasks: int
    mode: str
    before: list[tuple[float, float]]
    after: list[tuple[float, float]]

    def median(self, side: str, k: int) -> float:
        return statistics.median(run[k] for run in getattr(self, side))

    def line(self) -> str:
        cb, ca = self.median("before", 0), self.median("after", 0)
        rb, ra = self.median("before", 1), self.median("after", 1)
        per = 1e6 / self.tasks
        return (f"| {self.tasks:,} | {self.mode} | {cb * per:.0f} µs | {ca * per:.0f} µs | {ca / cb:.3f} "
                f"| {rb:.1f} MiB | {ra:.1f} MiB | {ra / rb:.3f} |")


def measure(before: Path, after: Path, tasks: int, rounds: int, work: Path, modes: list[str]) -> list[Row]:
    sys.path.insert(0, str(HERE))
    from generate import generate

    site = work / f"site-{tasks}"
    generate(site, tasks, "material")
    config = site / "with.yml"
    edit = next(site.glob("docs/tasks/*/BENCH-5-*.md"))
    rows = []
    for mode, ticked in (("build", None), ("serve --dirty rebuild", edit)):
        if mode.split()[0] not in modes:
            continue
        row = Row(tasks, mode, [], [])
        for _ in range(rounds):
            row.before.append(one(before, config, ticked))
            row.after.append(one(after, config, ticked))
        rows.append(row)
        print(row.line(), flush=True)
    return rows


def section(rows: list[Row], rounds: int, label: str) -> str:
    return "\n".join([
        SECTION[0], "## Against the code before a change", "",
        f"Regenerate with `python benchmarks/versus.py BEFORE`. {label}: this checkout against the "
        f"code before it, on one synthetic Material site per size, {rounds} rounds interleaved "
        "(before, after, before, ...), each a build in a process of its own through "
        "`benchmarks/hooks.py`: the CPU time inside the plugin's handlers per task, and the "
        "build process's peak RSS (medians); *serve --dirty rebuild* is a rebuild after one "
        "checkbox is ticked or unticked, the plugin instance kept as `serve` keeps it (of "
        f"{REPEAT} such rebuilds in each run, the least costly).", "",
        "| tasks | build | plugin CPU before | after | after / before | peak RSS before | after "
        "| after / before |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
        *[r.line() for r in rows], "", SECTION[1], ""])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before", type=Path, help="the other checkout (its folder holds mkdocs_tasks/)")
    ap.add_argument("--tasks", type=int, nargs="+", default=[1000])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--modes", nargs="+", choices=["build", "serve"], default=["build", "serve"],
                    help="a build, a serve --dirty rebuild, or both")
    ap.add_argument("--after", type=Path, default=ROOT, help="the checkout after (default: this one)")
    ap.add_argument("--label", default="The reshape of the core (issue 20)",
                    help="what the change is, for the page")
    ap.add_argument("--out", type=Path, help="write the section into this page (docs/benchmarks.md)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="mkdocs-tasks-versus-") as tmp:
        before, after = args.before.resolve(), args.after.resolve()
        rows = [row for size in args.tasks
                for row in measure(before, after, size, args.rounds, Path(tmp), args.modes)]
    text = section(rows, args.rounds, args.label)
    print(text)
    if args.out:
        from serve import with_section

        page = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        args.out.write_text(with_section(page, text, SECTION), encoding="utf-8")


if __name__ == "__main__":
    main()
