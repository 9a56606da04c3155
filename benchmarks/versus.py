"""The plugin's own cost, this checkout against another one, measured interleaved on the
same machine: for a change that means to cost nothing (a refactoring).

    git archive BASE | tar -x -C /tmp/before        # the code before, anywhere
    python benchmarks/versus.py /tmp/before --tasks 1000 --rounds 5

Generates a synthetic Material site (benchmarks/generate.py), then builds it with each
checkout's package in turn (PYTHONPATH puts the other checkout first), round after round,
through benchmarks/hooks.py: the CPU seconds inside the plugin's handlers per task, and
the peak RSS of the build process. With --dirty, the figures are those of a `serve
--dirty` rebuild after ticking one checkbox (hooks.py --dirty-edit). Prints the medians
and their ratio, after / before.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def one(code: Path, config: Path, edit: Path | None) -> tuple[float, float]:
    """(plugin CPU seconds, peak RSS in MiB) of one build with the package of `code`."""
    env = {**os.environ, "PYTHONPATH": str(code), "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, str(HERE / "hooks.py"), str(config)]
    if edit is not None:
        cmd += ["--dirty-edit", str(edit)]
    out = json.loads(subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout)
    return float(out["plugin"]), float(out["peak_rss_mib"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before", type=Path, help="the other checkout (its folder holds mkdocs_tasks/)")
    ap.add_argument("--tasks", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--dirty", action="store_true", help="a serve --dirty rebuild after one tick")
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from generate import generate

    with tempfile.TemporaryDirectory(prefix="mkdocs-tasks-versus-") as tmp:
        site = Path(tmp) / "site"
        generate(site, args.tasks, "material")
        config = site / "with.yml"
        edit = next(site.glob("docs/tasks/*/BENCH-5-*.md")) if args.dirty else None
        runs: dict[str, list[tuple[float, float]]] = {"before": [], "after": []}
        for _ in range(args.rounds):
            for name, code in (("before", args.before.resolve()), ("after", ROOT)):
                runs[name].append(one(code, config, edit))
    what = "serve --dirty rebuild" if args.dirty else "build"
    print(f"{args.tasks} tasks, {args.rounds} rounds interleaved, {what}:")
    medians = {}
    for name, got in runs.items():
        cpu = statistics.median(c for c, _ in got)
        rss = statistics.median(r for _, r in got)
        medians[name] = (cpu, rss)
        print(f"  {name:6}  plugin CPU {cpu:.3f} s ({1e6 * cpu / args.tasks:.0f} us a task; "
              f"runs {', '.join(f'{c:.3f}' for c, _ in got)}), peak RSS {rss:.1f} MiB")
    (cb, rb), (ca, ra) = medians["before"], medians["after"]
    print(f"  after / before: plugin CPU {ca / cb:.3f}, peak RSS {ra / rb:.3f}")


if __name__ == "__main__":
    main()
