"""What the plugin and the command line put out on every fixture site, to hold a change
that means to change nothing (a refactoring) to "byte for byte the same".

    python benchmarks/outputs.py --save /tmp/before      # on the code before
    python benchmarks/outputs.py --compare /tmp/before   # on the code after: exit 1 on a difference

Builds each site with `mkdocs build` in a subprocess (the test suite's fixture sites, a
site of the suite's graph generator, a synthetic Material site of benchmarks/generate.py
and this repository's own docs), and records for each: every HTML page and `tasks.json`
(a digest of each file), the problem lines the build logged, and what `mkdocs-tasks check
--format json` and `list --format json` print. Sites that fail on their problems are built
with `fail_on: never`, so that their pages are written too.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
PROBLEM = re.compile(r"(\S+:\d+: (?:error|warning) \[[a-z-]+\] .*)$")
EXE = str(Path(sys.executable).parent / "mkdocs-tasks")


def _sites(work: Path, docs_rev: str) -> dict[str, Path]:
    """Each site to build: its name -> its mkdocs.yml (copied under `work`). This
    repository's docs are taken as committed at `docs_rev`, so that a change's own edits
    of the docs (a new page in the nav changes every page) do not count."""
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate  # noqa: E402

    from conftest import graph_files, write_site  # noqa: E402 (the suite's own generator)

    sites: dict[str, Path] = {}
    for name in ("problems", "tricky", "containers"):
        shutil.copytree(FIXTURES / name, work / name)
        sites[name] = work / name / "mkdocs.yml"
    sites["graph"] = write_site(work / "graph", graph_files(60)) / "mkdocs.yml"
    flat = write_site(work / "flat", graph_files(25), config={"use_directory_urls": False})
    sites["flat-urls"] = flat / "mkdocs.yml"
    generate(work / "synthetic", 300, "material")
    sites["synthetic"] = work / "synthetic" / "with.yml"
    (work / "own").mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", docs_rev, "docs", "mkdocs.yml",
                              "CHANGELOG.md", "README.md"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(work / "own")], input=archive, check=True)
    sites["own-docs"] = work / "own" / "mkdocs.yml"
    for config in sites.values():  # pages are written even where problems would fail the build
        text = config.read_text()
        if "fail_on" not in text:
            config.write_text(re.sub(r"^(\s*)- tasks\s*$", r"\1- tasks:\n\1    fail_on: never", text,
                                     count=1, flags=re.M))
    return sites


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def record(config: Path) -> dict[str, Any]:
    # (SOURCE_DATE_EPOCH: the mkdocs theme writes the build date into index.html)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore",
           "SOURCE_DATE_EPOCH": "1790000000"}
    site = config.parent / f"site-{config.stem}"
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)],
                           capture_output=True, text=True, env=env, cwd=config.parent)
    problems = [m.group(1) for line in build.stderr.splitlines() if (m := PROBLEM.search(line))]
    files = {p.relative_to(site).as_posix(): _digest(p.read_bytes())
             for p in sorted(site.rglob("*")) if p.suffix == ".html" or p.name == "tasks.json"}
    check = subprocess.run([EXE, "check", "--format", "json", "-f", str(config)], capture_output=True,
                           text=True, env=env, cwd=config.parent)
    listed = subprocess.run([EXE, "list", "--format", "json", "-f", str(config)], capture_output=True,
                            text=True, env=env, cwd=config.parent)
    return {"build": build.returncode, "problems": problems, "files": files,
            "check": [check.returncode, check.stdout], "list": [listed.returncode, listed.stdout]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write the record into this folder")
    group.add_argument("--compare", type=Path, help="compare with the record in this folder")
    args = ap.parse_args()
    before: dict[str, Any] = {}
    if args.compare:
        before = json.loads((args.compare / "outputs.json").read_text())
        rev = before.pop("docs-rev")
    else:
        rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True,
                             text=True, check=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="mkdocs-tasks-outputs-") as tmp:
        now = {name: record(config) for name, config in _sites(Path(tmp), rev).items()}
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        saved = {**now, "docs-rev": rev}
        (args.save / "outputs.json").write_text(json.dumps(saved, indent=1, sort_keys=True))
        for name, r in now.items():
            print(f"{name}: {len(r['files'])} files, {len(r['problems'])} problem lines")
        return 0
    differ = 0
    for name in sorted({*before, *now}):
        a, b = before.get(name), now.get(name)
        if a == b:
            print(f"{name}: the same ({len(b['files'])} files, {len(b['problems'])} problem lines)")
            continue
        differ += 1
        if a is None or b is None:
            print(f"{name}: only {'after' if a is None else 'before'}")
            continue
        for key in ("build", "problems", "check", "list"):
            if a[key] != b[key]:
                print(f"{name}: {key} differs")
        changed = sorted(k for k in {*a["files"], *b["files"]} if a["files"].get(k) != b["files"].get(k))
        if changed:
            print(f"{name}: {len(changed)} files differ: {', '.join(changed[:8])}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
