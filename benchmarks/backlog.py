"""A real backlog: Backlog.md's own task files, read as they are, with and without the plugin.

    python benchmarks/backlog.py CHECKOUT                 # a clone of MrLesk/Backlog.md (or a bare one)
    python benchmarks/backlog.py CHECKOUT --rounds 5 --out /tmp/backlog.md

Copies CHECKOUT/backlog/ to a temporary folder (the checkout is not touched) and builds it
with Material, its task files unchanged: the configuration the Views guide gives for
Backlog.md (`fields:` for `assignee`, `labels`, `dependencies`; `types:` for its sections
and its own `type:` values), the task pages out of `nav`, and a home page with the open
work's board, index and graph. Then:

- what the plugin read, against the front matter read here with PyYAML: every owner,
  label, priority and dependency on a task of the site, page by page (pages whose front
  matter is no YAML are counted apart: the plugin reports them as invalid-front-matter);
- the home page's board against tasks.json: each open task in the column of its status;
- the build's CPU time (user + system of the process) with the plugin and without it (the
  same files and configuration minus `- tasks`), rounds interleaved, the median of the
  paired ratios.

Prints the figures and writes them as a section of docs/benchmarks.md unless --out says
where else; exits 1 when what was read differs from the files.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from run import timed  # noqa: E402
from serve import with_section  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECTION = ("<!-- benchmarks/backlog.py -->", "<!-- /benchmarks/backlog.py -->")
HOME = """# Backlog

## Open work

<!-- tasks:board status="!done" -->

## Open tasks by priority

<!-- tasks:index status="!done" group="priority" -->

## What waits on what

<!-- tasks:graph status="!done" -->
"""
CONFIG = """site_name: Backlog.md
docs_dir: backlog
theme: material
nav:
  - index.md
markdown_extensions:
  - pymdownx.tasklist
plugins:
  - search
"""
PLUGIN = """  - tasks:
      include: ["tasks/*.md", "completed/*.md"]
      exclude: ["**/readme.md"]
      fields: {assignee: owner, labels: tags, dependencies: depends_on}
      types:
        task: &backlog
          sections: [Description, Acceptance Criteria]
          progress: Acceptance Criteria
        bug: *backlog
        chore: *backlog
        enhancement: *backlog
        feature: *backlog
      aliases: {}
      categories: [Tasks, Completed]
      statuses: [blocked, cancelled, "Won't Do", Draft]
      fail_on: never
"""
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def _names(value: Any) -> list[str]:
    """A name or a list of them, as the files write owners and labels."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [str(v).strip() for v in items if v is not None and str(v).strip()]


def compare(docs: Path, data: dict[str, Any]) -> dict[str, Any]:
    """What tasks.json says of each task against its file's front matter."""
    tasks = {t["src"]: t for t in data["tasks"]}
    ids = {t["id"] for t in data["tasks"]}
    counts = {"pages": len(tasks), "no_yaml": 0, "owners": 0, "labels": 0, "priorities": 0,
              "in_site_dependencies": 0}
    wrong: list[str] = []
    for src, t in tasks.items():
        m = _FRONT.match((docs / src).read_text(encoding="utf-8"))
        try:
            front = yaml.safe_load(m.group(1)) if m else {}
        except yaml.YAMLError:
            counts["no_yaml"] += 1
            continue
        owners, labels = _names(front.get("assignee")), _names(front.get("labels"))
        priority = front.get("priority")
        deps = [d for d in _names(front.get("dependencies")) if d in ids]
        counts["owners"] += len(owners)
        counts["labels"] += len(labels)
        counts["priorities"] += priority is not None
        counts["in_site_dependencies"] += len(deps)
        if t["owners"] != owners:
            wrong.append(f"{src}: owners {t['owners']} != {owners}")
        if t["tags"] != labels:
            wrong.append(f"{src}: labels {t['tags']} != {labels}")
        if (t["priority"] or None) != (str(priority).lower() if priority is not None else None):
            wrong.append(f"{src}: priority {t['priority']} != {priority}")
        if not set(deps) <= set(t["depends_on"]):
            missing = sorted(set(deps) - set(t["depends_on"]))
            wrong.append(f"{src}: dependencies {t['depends_on']} lack {missing}")
    return {"counts": counts, "wrong": wrong}


def board(home: str, data: dict[str, Any]) -> tuple[int, list[str]]:
    """The board's cards against tasks.json: each open task in its status's column."""
    body = re.search(r'<div class="tasks-board" data-group="status">(.*?)\n</div>', home, re.S)
    assert body, "no board on the home page"
    shown = {tid: value for value, cards in re.findall(
        r'<section class="tasks-board-column" data-value="([^"]*)"[^>]*>(.*?)</section>', body.group(1), re.S)
        for tid in re.findall(r'<article class="tasks-card" data-task-id="([^"]+)"', cards)}
    wanted = {t["id"]: t["status"] for t in data["tasks"] if t["status"] != "done"}
    wrong = [f"{tid}: on the board under {shown.get(tid)}, tasks.json says {status}"
             for tid, status in wanted.items() if shown.get(tid) != status]
    wrong += [f"{tid}: on the board, not open in tasks.json" for tid in shown.keys() - wanted.keys()]
    return len(shown), wrong


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkout", type=Path, help="a clone of MrLesk/Backlog.md (its backlog/ folder is read)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="mkdocs-tasks-backlog-") as tmp:
        site = Path(tmp)
        if (args.checkout / "backlog").is_dir():
            shutil.copytree(args.checkout / "backlog", site / "backlog")
        else:  # a bare repository (the search tool's fetch): its HEAD's backlog/
            archive = subprocess.run(["git", "-C", str(args.checkout), "archive", "HEAD", "backlog"],
                                     capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(site)], input=archive, check=True)
        (site / "backlog" / "index.md").write_text(HOME)
        (site / "with.yml").write_text(CONFIG + PLUGIN)
        (site / "without.yml").write_text(CONFIG)
        mkdocs = [str(BIN / "mkdocs"), "build", "-q"]
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        subprocess.run([*mkdocs, "-f", "with.yml", "-d", "site"], cwd=site, check=True, env=env,
                       capture_output=True)
        data = json.loads((site / "site" / "tasks.json").read_text())
        read = compare(site / "backlog", data)
        cards, misplaced = board((site / "site" / "index.html").read_text(), data)
        cpu: dict[str, list[float]] = {"without": [], "with": []}
        for r in range(args.rounds):
            for variant in cpu:
                run = [*mkdocs, "-f", f"{variant}.yml", "-d", f"site-{variant}"]
                cpu[variant].append(timed(run, site).cpu)
            print(f"  round {r + 1}: without {cpu['without'][-1]:.2f} s, with {cpu['with'][-1]:.2f} s CPU",
                  file=sys.stderr, flush=True)
        commit = subprocess.run(["git", "-C", str(args.checkout), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip() or "unknown"
    ratio = statistics.median(b / a for a, b in zip(cpu["without"], cpu["with"], strict=True))
    c = read["counts"]
    text = "\n".join([
        SECTION[0], "## A real backlog: Backlog.md's own task files", "",
        f"Regenerate with `python benchmarks/backlog.py CHECKOUT` (a clone of MrLesk/Backlog.md; "
        f"here at {commit}).",
        "Its `backlog/` folder built with Material as the Views guide configures it, the task",
        "pages out of `nav`, a home page with the open work's board, index (grouped by",
        "priority) and graph.", "",
        f"- Read: {c['pages']} task pages; of those whose front matter is YAML "
        f"({c['pages'] - c['no_yaml']}; {c['no_yaml']} are not, and are reported as "
        f"`invalid-front-matter`), {c['owners']} owners, {c['labels']} labels, {c['priorities']} "
        f"priorities and {c['in_site_dependencies']} dependencies on tasks of the site, compared "
        f"with the files read by PyYAML: {len(read['wrong'])} differ.",
        f"- The board: {cards} cards, each in its tasks.json status's column: {len(misplaced)} misplaced.",
        f"- Build CPU (user + system), medians of {args.rounds} rounds interleaved: without the plugin "
        f"{statistics.median(cpu['without']):.2f} s, with it {statistics.median(cpu['with']):.2f} s; "
        f"with / without (paired) {ratio:.3f}.",
        "", SECTION[1], ""])
    print(text)
    for line in read["wrong"] + misplaced:
        print("  " + line, file=sys.stderr)
    page = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    args.out.write_text(with_section(page, text, SECTION), encoding="utf-8")
    return 1 if read["wrong"] or misplaced else 0


if __name__ == "__main__":
    sys.exit(main())
