"""What a board and two filtered indexes cost the plugin, on 1,000 task pages.

    python benchmarks/views.py                       # 1,000 tasks, 7 rounds
    python benchmarks/views.py --tasks 5000 --rounds 5 --out /tmp/views.md

One synthetic Material site (benchmarks/generate.py --fields: owners, due dates and
priorities in the front matter, the task pages out of `nav`) is built with its index
page in two versions: *plain*, the full index and the graph (what generate.py writes),
and *views*, the same with a board by status and two filtered indexes before them
(generate.BOARD). Each build runs in a process of its own through benchmarks/hooks.py,
the two versions interleaved round after round; reported are the medians of the CPU time
inside the plugin's handlers per task, and of a `serve --dirty` rebuild after ticking one
box (hooks.py --dirty-edit --repeat 5). SOURCE_DATE_EPOCH is fixed (2026-12-01), as the
views' due filters read the day. Nothing here asserts: it prints figures, and writes them
as a section of docs/benchmarks.md unless --out says where else.
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

sys.path.insert(0, str(Path(__file__).parent))
from generate import BOARD, generate  # noqa: E402
from serve import with_section  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SECTION = ("<!-- benchmarks/views.py -->", "<!-- /benchmarks/views.py -->")
DAY = "1796083200"  # 2026-12-01


def _hooks(site: Path, edit: Path | None) -> float:
    cmd = [sys.executable, str(ROOT / "benchmarks" / "hooks.py"), str(site / "with.yml")]
    if edit is not None:
        cmd += ["--dirty-edit", str(edit), "--repeat", "5"]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=DAY)
    out = subprocess.run(cmd, cwd=site, capture_output=True, text=True, env=env, check=True).stdout
    return float(json.loads(out.strip().splitlines()[-1])["plugin"])


def measure(tasks: int, rounds: int, work: Path) -> dict[str, dict[str, list[float]]]:
    site = work / f"views-{tasks}"
    generate(site, tasks, "material", fields=True)
    index = site / "docs" / "tasks" / "index.md"
    plain = index.read_text()
    pages = {"plain": plain, "views": plain.replace("# Tasks\n\n", "# Tasks\n\n" + BOARD + "\n", 1)}
    assert pages["views"] != plain
    edit = next((site / "docs" / "tasks").rglob("BENCH-1-*.md"))  # the task most others wait on
    figures: dict[str, dict[str, list[float]]] = {v: {"build": [], "dirty": []} for v in pages}
    for r in range(rounds):
        for version, text in pages.items():
            index.write_text(text)
            figures[version]["build"].append(_hooks(site, None) / tasks)
            figures[version]["dirty"].append(_hooks(site, edit))
        print(f"  round {r + 1}: " + ", ".join(
            f"{v} {f['build'][-1] * 1e6:.0f} µs/task, dirty {f['dirty'][-1] * 1e3:.0f} ms"
            for v, f in figures.items()), file=sys.stderr, flush=True)
    return figures


def section(figures: dict[str, dict[str, list[float]]], tasks: int, rounds: int) -> str:
    def med(version: str, kind: str) -> float:
        return statistics.median(figures[version][kind])

    def paired(kind: str) -> float:
        return statistics.median(b / a for a, b in zip(figures["plain"][kind], figures["views"][kind],
                                                        strict=True))

    return "\n".join([
        SECTION[0], "## Views: a board and filtered indexes", "",
        f"Regenerate with `python benchmarks/views.py`. One synthetic Material site of {tasks:,}",
        "task pages (owners, due dates and priorities in their front matter; out of `nav`), its",
        "index page *plain* (the full index and the graph) or with *views* too: a board by status,",
        '`<!-- tasks:index status="!done" owner="ann" sort="-due" -->` and',
        '`<!-- tasks:index due="14d" group="priority" limit="20" -->`. CPU inside the plugin\'s',
        f"handlers (`benchmarks/hooks.py`), medians of {rounds} rounds interleaved; *dirty* is a",
        "`serve --dirty` rebuild after ticking a box of the task most others depend on (the",
        "least costly of 5 a run).", "",
        "| index page | build, µs per task | dirty rebuild, ms |", "|---|---:|---:|",
        f"| plain | {med('plain', 'build') * 1e6:.0f} | {med('plain', 'dirty') * 1e3:.1f} |",
        f"| views | {med('views', 'build') * 1e6:.0f} | {med('views', 'dirty') * 1e3:.1f} |",
        f"| views / plain (paired) | {paired('build'):.3f} | {paired('dirty'):.3f} |",
        "", SECTION[1], ""])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tasks", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="mkdocs-tasks-views-") as tmp:
        figures = measure(args.tasks, args.rounds, Path(tmp))
    text = section(figures, args.tasks, args.rounds)
    print(text)
    page = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    args.out.write_text(with_section(page, text, SECTION), encoding="utf-8")


if __name__ == "__main__":
    main()
