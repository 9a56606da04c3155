"""What time costs: the history chart read from git, and the timeline, against what users
already build.

    python benchmarks/history.py                        # both sizes, into docs/benchmarks.md
    python benchmarks/history.py --sizes 200:300 --rounds 3 --out /tmp/history.md

For each size TASKS:COMMITS, a synthetic Material site (benchmarks/generate.py, with owners,
due dates and priorities) is made a git repository whose history walks it from nothing to
its final state: the first commit holds a tenth of the tasks with every box open, each
later one (a commit every 8 hours) adds a task or ticks a box of the two oldest tasks
not yet as far as they get (dates through GIT_COMMITTER_DATE). Then, rounds interleaved,
the build's CPU (user + system of the process): *without* a history marker; *first*,
the index page with `<!-- tasks:history -->` and no cache (every page version read from
git); *cached*, the same with the cache of the build before. The page versions read,
and the first build's extra cost per version, show that the cost grows with what is
read, not with commits times tasks.

The timeline: on a site of --timeline tasks (every third with a due date), the CPU of
drawing `<!-- tasks:timeline -->` against the dependency graph's layout of the same tasks,
in this process (the least of three).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402
from run import timed  # noqa: E402
from serve import with_section  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECTION = ("<!-- benchmarks/history.py -->", "<!-- /benchmarks/history.py -->")
START = 1767225600  # 2026-01-01


def _git(root: Path, *args: str, when: int | None = None) -> None:
    env = dict(os.environ)
    if when is not None:
        env.update(GIT_COMMITTER_DATE=f"{when} +0000", GIT_AUTHOR_DATE=f"{when} +0000")
    subprocess.run(["git", "-c", "user.name=B", "-c", "user.email=b@example.com", "-c",
                    "init.defaultBranch=main", *args], cwd=root, check=True, capture_output=True, env=env)


def repository(site: Path, tasks: int, commits: int) -> None:
    """The generated site's history: from a tenth of its tasks, all open, to all of them."""
    generate(site, tasks, "material", fields=True)
    final = {p: p.read_text() for p in sorted((site / "docs" / "tasks").rglob("BENCH-*.md"))}
    rng = random.Random(11)
    order = list(final)
    rng.shuffle(order)
    shown = order[:max(1, tasks // 10)]
    pending = order[len(shown):]
    ticks = {p: 0 for p in final}  # boxes ticked so far, in the order they come
    final_ticks = {p: text.count("- [x] ") for p, text in final.items()}

    def write(p: Path) -> None:
        text, seen = final[p], 0
        out = []
        for line in text.split("\n"):
            if line.lstrip().startswith("- [x] "):
                seen += 1
                if seen > ticks[p]:
                    line = line.replace("- [x] ", "- [ ] ", 1)
            out.append(line)
        p.write_text("\n".join(out))

    for p in final:
        p.unlink()
    (site / ".gitignore").write_text("site*/\n.cache/\n")
    _git(site, "init", "-q")
    for p in shown:
        write(p)
    _git(site, "add", "-A")
    _git(site, "commit", "-qm", "start", when=START)
    adds, added = len(pending), 0
    for c in range(1, commits):
        if added < c * adds // (commits - 1):  # (the additions spread evenly)
            p = pending.pop()
            shown.append(p)
            write(p)
            added += 1
        else:  # a box of each of the two oldest tasks not yet as far as they get
            for p in [q for q in shown if ticks[q] < final_ticks[q]][:2]:
                ticks[p] += 1
                write(p)
        _git(site, "add", "-A")
        _git(site, "commit", "-qm", f"step {c}", "--allow-empty", when=START + c * 8 * 3600)


def measure(tasks: int, commits: int, rounds: int, work: Path) -> dict[str, object]:
    site = work / f"history-{tasks}-{commits}"
    repository(site, tasks, commits)
    index = site / "docs" / "tasks" / "index.md"
    plain = index.read_text()
    marked = plain + "\n## Progress\n\n<!-- tasks:history -->\n"
    cpu: dict[str, list[float]] = {"without": [], "first": [], "cached": []}
    build = [str(BIN / "mkdocs"), "build", "-q", "-f", "with.yml", "-d", "site-h"]
    for r in range(rounds):
        index.write_text(plain)
        cpu["without"].append(timed(build, site).cpu)
        index.write_text(marked)
        shutil.rmtree(site / ".cache", ignore_errors=True)
        cpu["first"].append(timed(build, site).cpu)
        cpu["cached"].append(timed(build, site).cpu)
        print(f"  {tasks}:{commits} round {r + 1}: "
              + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in cpu.items()), file=sys.stderr, flush=True)
    index.write_text(plain)
    versions = _versions(site)
    def paired(kind: str) -> float:
        return statistics.median(b / a for a, b in zip(cpu["without"], cpu[kind], strict=True))

    return {"tasks": tasks, "commits": commits, "versions": versions,
            **{k: statistics.median(v) for k, v in cpu.items()},
            "first_ratio": paired("first"), "cached_ratio": paired("cached")}


def _versions(site: Path) -> int:
    """The page versions a first build reads from git (one per blob and path)."""
    sys.path.insert(0, str(ROOT))
    from mkdocs_tasks import history, project

    got = history.read(project.history_site(project.load(site / "with.yml")))
    return len(got.history.versions) if got.history is not None else 0


def timeline_versus_graph(tasks: int, work: Path) -> dict[str, float]:
    """CPU of drawing the timeline of `tasks` tasks against laying out their graph."""
    sys.path.insert(0, str(ROOT))
    from mkdocs_tasks import layout, project, timeline
    from mkdocs_tasks.model import Marker

    site = work / f"timeline-{tasks}"
    generate(site, tasks, "material", fields=True)
    graph = project.check(project.load(site / "with.yml")).graph
    marker = Marker("timeline", 1, {})
    index = {t.id: i for i, t in enumerate(graph.tasks)}
    edges = [(index[d], i) for i, t in enumerate(graph.tasks) for d in graph.edges[t.src].depends_on
             if d in index]

    def least(run: object) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            run()  # type: ignore[operator]
            best = min(best, time.process_time() - start)
        return best

    drawn = least(lambda: timeline.timeline(graph, marker, lambda tid: None))
    laid = least(lambda: layout.layout(len(graph.tasks), edges))
    dated = sum(t.due is not None for t in graph.tasks)
    return {"tasks": tasks, "dated": dated, "timeline": drawn, "layout": laid}


def section(rows: list[dict[str, object]], line: dict[str, float], rounds: int) -> str:
    out = [SECTION[0], "## Time: the history from git, and the timeline", "",
           "Regenerate with `python benchmarks/history.py`. A synthetic Material site made a git",
           "repository whose commits (one every 8 hours) add its tasks and tick their boxes; its",
           "build's CPU (user + system) *without* a history marker, the *first* build with",
           "`<!-- tasks:history -->` on the index page (no cache: every page version read from",
           "git), and the *cached* one after it; medians of "
           f"{rounds} rounds interleaved.", "",
           "| tasks | commits | page versions read | without | first | cached | first / without "
           "| cached / without | first's extra per version |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        extra = (float(r["first"]) - float(r["without"])) / max(int(r["versions"]), 1)  # type: ignore[call-overload,arg-type]
        out.append(f"| {r['tasks']:,} | {r['commits']:,} | {r['versions']:,} | {r['without']:.2f} s | "
                   f"{r['first']:.2f} s | {r['cached']:.2f} s | {r['first_ratio']:.2f} | "
                   f"{r['cached_ratio']:.3f} | {extra * 1000:.2f} ms |")
    out += ["", f"The timeline of {int(line['tasks']):,} tasks ({int(line['dated']):,} with a due date "
            f"drawn): {line['timeline'] * 1000:.0f} ms of CPU, against {line['layout'] * 1000:.0f} ms for "
            f"laying out their dependency graph ({line['timeline'] / line['layout']:.3f} of it; the least "
            "of three).", "", SECTION[1], ""]
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", nargs="+", default=["200:300", "1000:2000"], help="TASKS:COMMITS")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--timeline", type=int, default=5000)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="mkdocs-tasks-history-") as tmp:
        rows = [measure(*map(int, size.split(":")), args.rounds, Path(tmp)) for size in args.sizes]
        line = timeline_versus_graph(args.timeline, Path(tmp))
    text = section(rows, line, args.rounds)
    print(text)
    page = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    args.out.write_text(with_section(page, text, SECTION), encoding="utf-8")


if __name__ == "__main__":
    main()
