"""Deterministic synthetic MkDocs sites written from the task template.

    python benchmarks/generate.py OUT_DIR --tasks 1000 [--theme mkdocs|material]

writes OUT_DIR/with.yml (plugins: search, tasks), OUT_DIR/without.yml (plugins: search)
and, with Material, OUT_DIR/tags.yml (plugins: search and its tags, the yardstick: a plugin users
already run, doing its own job on the same pages) sharing one docs/ folder, so the builds
differ only by the plugin. N tasks spread over
the seven categories, one in nine a spike; dependencies form a DAG (each task depends on
up to three earlier ones, every tenth continues a long chain); pages carry fenced code,
nested checklists, a paragraph of prose and two tags; an index page holds the markers,
docs/tags.md the tags plugin's listing. With `fields=True` (--fields) the front matter
also gives owners (one or two, or none), due dates around 2026-12-01 (half of them with a
start) and priorities, for
the views that filter and group by them (benchmarks/views.py, serve.py --board).
"""

from __future__ import annotations

import argparse
import datetime
import random
import shutil
from pathlib import Path

CATEGORIES = ["infrastructure", "configuration", "refactoring", "performance", "security",
              "documentation", "research-spike"]
WORDS = ("cache session redis tls cluster failover deploy config pipeline module payment index "
         "query latency audit token rotate runbook limit schema queue worker metric alert").split()


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def task_text(i: int, deps: list[int], rng: random.Random, spike: bool) -> str:
    boxes = rng.randint(2, 8)
    checked = rng.randint(0, boxes)
    criteria = []
    for b in range(boxes):
        mark = "x" if b < checked else " "
        criteria.append(f"- [{mark}] {_sentence(rng, 6)}")
        if b % 3 == 2:
            criteria.append(f"    - [{mark}] {_sentence(rng, 4)}")
    code = "```python\n# not a heading\nfor item in items:\n    - [ ] not a checkbox\n```\n"
    if spike:
        return (f"# Spike {i}: {_sentence(rng, 4)}\n\n## Objective\n{_sentence(rng, 20)}\n\n"
                f"## Time-Box\n{rng.randint(1, 5)} days\n\n## Questions to Answer\n"
                f"1. {_sentence(rng, 8)}\n2. {_sentence(rng, 8)}\n\n{code}\n"
                "## Deliverables\n" + "\n".join(criteria) + "\n\n## Out of Scope\n"
                f"- {_sentence(rng, 5)}\n")
    dep_lines = "\n".join(f"- BENCH-{d}: {_sentence(rng, 3)}" for d in deps) or "None"
    if rng.random() < 0.3:
        dep_lines = dep_lines.replace("None", "") + f"\n- {_sentence(rng, 5)} (external)"
    return (f"# Task {i}: {_sentence(rng, 4)}\n\n## Objective\n{_sentence(rng, 30)}\n\n"
            "## Requirements\n" + "\n".join(f"- {_sentence(rng, 7)}" for _ in range(4)) + "\n\n"
            f"## Approach\n{_sentence(rng, 25)}\n\n{code}\n"
            "## Success Criteria\n" + "\n".join(criteria) + "\n\n"
            f"## Dependencies\n{dep_lines.strip()}\n\n## Resources\n- https://example.com/{i}\n")


OWNERS = (None, "ann", "bo", ["ann", "cy"], "dee")
PRIORITIES = (None, "high", "medium", "low")
BOARD = ('<!-- tasks:board -->\n\n<!-- tasks:index status="!done" owner="ann" sort="-due" -->\n\n'
         '<!-- tasks:index due="14d" group="priority" limit="20" -->\n')


def _fields(i: int) -> str:
    """Owner, due date and priority of task i, as front matter lines."""
    lines = []
    owner = OWNERS[i % len(OWNERS)]
    if isinstance(owner, list):
        lines.append("owner:\n" + "".join(f"  - {o}\n" for o in owner))
    elif owner:
        lines.append(f"owner: {owner}\n")
    if i % 3 == 0:  # from a fortnight before 2026-12-01 to three weeks after
        due = datetime.date(2026, 11, 1) + datetime.timedelta(days=i % 35 + 16)
        lines.append(f"due: {due.isoformat()}\n")
        if i % 2 == 0:  # every other one with a start, one to two weeks before
            lines.append(f"start: {(due - datetime.timedelta(days=7 + i % 8)).isoformat()}\n")
    if PRIORITIES[i % 4]:
        lines.append(f"priority: {PRIORITIES[i % 4]}\n")
    return "".join(lines)


def generate(out: Path, n: int, theme: str, seed: int = 7, fields: bool = False) -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    (docs / "tasks").mkdir(parents=True)
    (docs / "index.md").write_text("# Benchmark site\n\nSynthetic tasks.\n")
    (docs / "tasks" / "index.md").write_text(
        "# Tasks\n\n<!-- tasks:index -->\n\n## Graph\n\n<!-- tasks:graph -->\n")
    (docs / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n")
    for i in range(1, n + 1):
        spike = i % 9 == 0
        cat = "research-spike" if spike else CATEGORIES[i % 6]
        deps: list[int] = []
        if not spike and i > 1:
            if i % 10 == 0 and i > 10:
                deps.append(i - 10)  # long chains: 10, 20, 30, ...
            for _ in range(rng.randint(0, 3)):
                d = rng.randint(max(1, i - 200), i - 1)
                if d % 9 and d not in deps:
                    deps.append(d)
        folder = docs / "tasks" / cat
        folder.mkdir(exist_ok=True)
        # two tags a page, which Material's tags plugin lists on docs/tags.md (the yardstick)
        front = (f"---\ntags:\n  - {WORDS[i % len(WORDS)]}\n  - {WORDS[(i * 7) % len(WORDS)]}\n"
                 + (_fields(i) if fields else "") + "---\n")
        (folder / f"BENCH-{i}-{WORDS[i % len(WORDS)]}.md").write_text(front + task_text(i, deps, rng, spike))
    base = (f"site_name: Benchmark {n}\ntheme:\n  name: {theme}\n"
            "markdown_extensions:\n  - pymdownx.tasklist\n  - pymdownx.superfences\n"
            # thousands of tasks live behind their index, not in the sidebar
            "nav:\n  - index.md\n  - tasks/index.md\n  - tags.md\n")
    variants = [("with", "  - search\n  - tasks\n"), ("without", "  - search\n")]
    if theme == "material":  # the tags plugin needs Material's templates
        variants.append(("tags", "  - search\n  - material/tags\n"))
    for variant, plugins in variants:
        (out / f"{variant}.yml").write_text(base + "docs_dir: docs\nplugins:\n" + plugins)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--tasks", type=int, default=1000)
    ap.add_argument("--theme", default="mkdocs", choices=["mkdocs", "material"])
    ap.add_argument("--fields", action="store_true", help="owners, due dates and priorities too")
    args = ap.parse_args()
    generate(args.out, args.tasks, args.theme, fields=args.fields)


if __name__ == "__main__":
    main()
