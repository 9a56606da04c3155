"""What a change does to the board: the tasks of two revisions compared, by ID.

Each side is a list of tasks.json records; the result is SPEC.md's `diff` JSON, and a
Markdown summary and table for a pull-request comment or a job summary.
"""

from __future__ import annotations

from typing import Any

Record = dict[str, Any]
# what `diff` compares (SPEC.md): status, progress, title, category, dependencies
COMPARED = ("status", "progress", "title", "category", "depends_on")


def compare(before: list[Record], after: list[Record]) -> dict[str, Any]:
    """Tasks added, removed and changed, each list in the records' (natural ID) order."""
    old = _by_id(before)
    new = _by_id(after)
    return {
        "added": [r for tid, r in new.items() if tid not in old],
        "removed": [r for tid, r in old.items() if tid not in new],
        "changed": [{"id": tid, "before": old[tid], "after": r} for tid, r in new.items()
                    if tid in old and any(old[tid][k] != r[k] for k in COMPARED)],
    }


def _by_id(records: list[Record]) -> dict[str, Record]:
    out: dict[str, Record] = {}
    for r in records:
        out.setdefault(r["id"], r)  # (a duplicate ID: its first page, as the graph takes it)
    return out


def _cell(value: object) -> str:
    """Text safe in a Markdown table cell of a comment: no pipe, no line break, no HTML."""
    text = "" if value is None else str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _progress(r: Record) -> str:
    return f"{r['progress']['done']}/{r['progress']['total']}"


def _arrow(before: str, after: str) -> str:
    return before if before == after else f"{before} → {after}"


def markdown(result: dict[str, Any]) -> str:
    added, removed, changed = result["added"], result["removed"], result["changed"]
    if not (added or removed or changed):
        return "**Tasks:** no task changed.\n"
    parts = [f"{len(added)} added"] if added else []
    if removed:
        parts.append(f"{len(removed)} removed")
    if changed:
        parts.append(f"{len(changed)} changed")
    done = [c["id"] for c in changed
            if c["after"]["status"] == "done" and c["before"]["status"] != "done"]
    summary = f"**Tasks:** {', '.join(parts)}"
    if done:
        summary += f"; completes {', '.join(_cell(t) for t in done)}"
    moved = [f"{_cell(c['id'])} from {_progress(c['before'])} to {_progress(c['after'])}"
             for c in changed if c["after"]["status"] != "done"
             and c["before"]["progress"] != c["after"]["progress"]]
    if moved:
        summary += f"; moves {', '.join(moved)}"
    rows = [summary + ".", "", "| Task | Change | Title | Category | Status | Progress | Depends on |",
            "|---|---|---|---|---|---|---|"]

    def row(tid: str, kind: str, b: Record, a: Record) -> str:
        cells = [_arrow(b[k] or "", a[k] or "") for k in ("title", "category", "status")]
        cells += [_arrow(_progress(b), _progress(a)),
                  _arrow(", ".join(b["depends_on"]), ", ".join(a["depends_on"]))]
        return f"| {_cell(tid)} | {kind} | " + " | ".join(_cell(c) for c in cells) + " |"

    rows += [row(c["id"], "changed", c["before"], c["after"]) for c in changed]
    rows += [row(r["id"], "added", r, r) for r in added]
    rows += [row(r["id"], "removed", r, r) for r in removed]
    return "\n".join(rows) + "\n"
