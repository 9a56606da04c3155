"""The graph's drawing against Graphviz dot: edge crossings and layout time.

    python benchmarks/graph.py                     # 100, 1,000 and 5,000 tasks
    python benchmarks/graph.py --sizes 100 1000 --out /tmp/graph.md

For each size the synthetic site of benchmarks/generate.py is read with the command
line's reader (mkdocs_tasks.project), and the graph a `<!-- tasks:graph -->` marker draws
(every task, its dependencies inside the site) is laid out by mkdocs_tasks.layout (the
median of three runs, in this process) and by Graphviz `dot -Tplain` on the same nodes
and edges (boxes of the same size, left to right; one run, timed as a subprocess).

Crossings are counted the same way for both drawings, from their geometry: between two
adjacent layers (dot's ranks) every edge is one curve, and two curves cross when their
ends come in opposite orders. For mkdocs-tasks the layout's own count is this
(tests/test_layout.py checks it against the drawn points); for dot, each edge's spline
is sampled where it passes each rank it spans. dot's own figure (`dot -v`, "mincross:
N crossings") is printed beside it. Also: the layers' total edge length (the quantity
both minimise with network simplex) and the size of the drawing.

Graphviz is the yardstick only (Debian's graphviz package); the package never needs it.
Writes its section of docs/benchmarks.md (between SECTION's comments; benchmarks/run.py
keeps it) unless --out says where else. Nothing here asserts: it prints figures.
"""

from __future__ import annotations

import argparse
import bisect
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402
from serve import with_section  # noqa: E402

from mkdocs_tasks import layout, project  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SECTION = ("<!-- benchmarks/graph.py -->", "<!-- /benchmarks/graph.py -->")


def site_graph(size: int, tmp: Path) -> tuple[int, list[tuple[int, int]]]:
    """The nodes and edges the graph marker of the synthetic site draws, as svg.figure
    hands them to the layout."""
    generate(tmp / f"site{size}", size, "mkdocs")
    checked = project.check(project.load(tmp / f"site{size}" / "with.yml"))
    tasks = [t for t in checked.graph.tasks if checked.graph.by_id.get(t.id) is t]
    index = {t.id: i for i, t in enumerate(tasks)}
    edges = [(index[d], i) for i, t in enumerate(tasks) for d in checked.graph.edges[t.src].depends_on
             if d in index]
    return len(tasks), edges


def ours(n: int, edges: list[tuple[int, int]], rounds: int) -> tuple[layout.Layout, float, int]:
    times = []
    drawing = None
    for _ in range(rounds):
        start = time.perf_counter()
        drawing = layout.layout(n, edges)
        times.append(time.perf_counter() - start)
    assert drawing is not None
    # the layers' total edge length, from the columns the boxes sit in
    column = [x // layout.STEP for x, _ in drawing.boxes]
    length = sum(abs(column[v] - column[u]) for u, v in set(edges) if u != v)
    return drawing, statistics.median(times), length


def dot(n: int, edges: list[tuple[int, int]], tmp: Path) -> dict[str, float]:
    width, height = layout.NODE_W / 72, layout.NODE_H / 72  # inches, as dot sizes boxes
    lines = ["digraph G {", "  rankdir=LR;",
             f"  node [shape=box, fixedsize=true, width={width:.3f}, height={height:.3f}];"]
    lines += [f"  n{i};" for i in range(n)]
    lines += [f"  n{u} -> n{v};" for u, v in sorted(set(edges)) if u != v]
    lines.append("}")
    source = tmp / "graph.dot"
    source.write_text("\n".join(lines) + "\n")
    start = time.perf_counter()
    proc = subprocess.run(["dot", "-v", "-Tplain", str(source)], capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - start
    own = sum(int(m) for m in re.findall(r"mincross[^:\n]*: (\d+) crossings", proc.stderr))
    nodes: dict[str, tuple[float, float]] = {}
    splines: list[tuple[str, str, list[tuple[float, float]]]] = []
    for line in proc.stdout.splitlines():
        parts = line.split()
        if parts[0] == "node":
            nodes[parts[1]] = (float(parts[2]), float(parts[3]))
        elif parts[0] == "edge":
            count = int(parts[3])
            coords = [float(v) for v in parts[4:4 + 2 * count]]
            splines.append((parts[1], parts[2], list(zip(coords[::2], coords[1::2], strict=True))))
    ranks = sorted({round(x, 1) for x, _ in nodes.values()})
    rank_of = {name: bisect.bisect_left(ranks, round(x, 1)) for name, (x, _) in nodes.items()}
    gaps: dict[int, list[tuple[float, float]]] = {}
    length = 0
    for tail, head, points in splines:
        a, b = sorted((rank_of[tail], rank_of[head]))
        length += b - a
        ys = {rank_of[tail]: nodes[tail][1], rank_of[head]: nodes[head][1]}
        curve = _sample(points)
        for r in range(a + 1, b):
            ys[r] = _y_at(curve, ranks[r])
        for r in range(a, b):
            gaps.setdefault(r, []).append((ys[r], ys[r + 1]))
    crossings = sum(layout.inversions(segments) for segments in gaps.values())  # as ours are counted
    xs = [x for x, _ in nodes.values()]
    ys_all = [y for _, y in nodes.values()]
    return {"time": elapsed, "crossings": crossings, "own": own, "length": length,
            "width": (max(xs) - min(xs)) * 72 + layout.NODE_W, "height": (max(ys_all) - min(ys_all)) * 72}


def _sample(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Points along dot's piecewise cubic Bezier spline."""
    out = [points[0]]
    for i in range(0, len(points) - 3, 3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[i:i + 4]
        for k in range(1, 33):
            t = k / 32
            a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3
            out.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return out


def _y_at(curve: list[tuple[float, float]], x: float) -> float:
    """Where the sampled curve passes x (the rank's column), interpolated."""
    for (xa, ya), (xb, yb) in zip(curve, curve[1:], strict=False):
        if min(xa, xb) <= x <= max(xa, xb):
            return ya if xa == xb else ya + (yb - ya) * (x - xa) / (xb - xa)
    return min(curve, key=lambda p: abs(p[0] - x))[1]


def table(rows: list[dict[str, float]], rounds: int) -> str:
    lines = ["| tasks | dependencies | crossings, mkdocs-tasks | crossings, dot | ratio | "
             "dot's own count | edge length, ours / dot | layout, mkdocs-tasks | layout, dot | "
             "drawing, ours (px) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        ratio = r["ours"] / r["dot"] if r["dot"] else float("nan")
        lines.append(f"| {r['tasks']:,} | {r['edges']:,} | {r['ours']:,} | {r['dot']:,} | "
                     f"{ratio:.2f} | {r['own']:,} | {r['length']:,} / {r['dot_length']:,} | "
                     f"{r['time']:.2f} s | {r['dot_time']:.2f} s | {r['width']:,} x {r['height']:,} |")
    dot_version = subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr.strip()
    return "\n".join([
        SECTION[0], "## The dependency graph's drawing", "",
        "Regenerate with `python benchmarks/graph.py`. The graph of the synthetic sites",
        "(each task depends on up to three of the 200 before it, every tenth continues a long",
        "chain) laid out by `mkdocs_tasks.layout` (median of "
        f"{rounds} runs, in one process) and by Graphviz `dot -Tplain` on the same nodes and",
        f"edges ({dot_version}; boxes of the same size, left to right). Crossings of both",
        "drawings are counted the same way, from their geometry between adjacent layers;",
        "dot's own count (`dot -v`) beside it. Edge length: the layers' total, which both",
        "minimise by network simplex (equal means both found the optimum).", "",
        *lines, "", SECTION[1], ""])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = ap.parse_args()
    if shutil.which("dot") is None:
        sys.exit("benchmarks/graph.py needs Graphviz's dot as its yardstick: apt-get install graphviz")
    rows = []
    with tempfile.TemporaryDirectory(prefix="mkdocs-tasks-graph-") as name:
        tmp = Path(name)
        for size in args.sizes:
            n, edges = site_graph(size, tmp)
            drawing, took, length = ours(n, edges, args.rounds)
            theirs = dot(n, edges, tmp)
            row = {"tasks": n, "edges": len({e for e in edges if e[0] != e[1]}),
                   "ours": drawing.crossings, "dot": theirs["crossings"], "own": theirs["own"],
                   "length": length, "dot_length": theirs["length"], "time": took,
                   "dot_time": theirs["time"], "width": drawing.width, "height": drawing.height}
            print(row, flush=True)
            rows.append(row)
    text = table(rows, args.rounds)
    print(text)
    page = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    args.out.write_text(with_section(page, text, SECTION), encoding="utf-8")


if __name__ == "__main__":
    main()
