"""One build of a site with the plugin, timing the plugin's own event handlers.

    python benchmarks/hooks.py SITE_DIR/with.yml
    python benchmarks/hooks.py SITE_DIR/with.yml --dirty-edit SITE_DIR/docs/tasks/.../BENCH-5-x.md

Prints a JSON object: the CPU seconds spent inside each of the plugin's event handlers
(user + system time of this process, `time.process_time`), their sum, the CPU seconds of
the whole build, and the process's peak RSS. Whole-build timings of two builds differ by a few percent
from one run to the next; the time inside the handlers is what the plugin itself costs
and varies far less, so it shows whether that cost per task stays flat as a site grows.
(What the plugin adds to MkDocs' own work, such as more text for Markdown and search, is
not in it; the with / without columns of the table include everything.)

With --dirty-edit, as under `mkdocs serve --dirty`: one build, then a checkbox of that page
is ticked and the site rebuilt dirty (the same plugin instance, as serve keeps it); the
figures are those of the rebuild. With --repeat N, the box is ticked and unticked N times,
a rebuild each time, and the figures are those of the least costly rebuild.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections import Counter
from typing import Any

EVENTS = ("on_config", "on_files", "on_page_read_source", "on_page_markdown", "on_env", "on_post_page",
          "on_post_build")


def main() -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from mkdocs_tasks.plugin import TasksPlugin

    spent: Counter[str] = Counter()
    for name in EVENTS:  # before load_config, which binds the handlers
        handler = getattr(TasksPlugin, name)

        def timed(self: Any, *args: Any, _handler: Any = handler, _name: str = name,
                  **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return _handler(self, *args, **kwargs)
            finally:
                spent[_name] += time.process_time() - start

        if hasattr(handler, "mkdocs_priority"):  # @event_priority: keep the plugin's place
            timed.mkdocs_priority = handler.mkdocs_priority  # type: ignore[attr-defined]
        setattr(TasksPlugin, name, timed)

    site_dir = os.path.join(os.path.dirname(sys.argv[1]), "site-hooks")
    config = load_config(sys.argv[1], site_dir=site_dir)
    dirty = len(sys.argv) > 3 and sys.argv[2] == "--dirty-edit"
    config.plugins.on_startup(command="serve" if dirty else "build", dirty=dirty)
    start = time.process_time()
    build(config, dirty=dirty)
    total = time.process_time() - start
    if dirty:
        # the checkbox ticked, then unticked, ... each time a rebuild: the figures are
        # those of the rebuild whose plugin time is the least (the least disturbed by
        # whatever else the machine did meanwhile)
        repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 1
        with open(sys.argv[3], encoding="utf-8") as fh:
            text = fh.read()
        at = text.index("- [ ] ", text.index("## Success Criteria"))
        ticked = text[:at] + "- [x] " + text[at + 6:]
        best: tuple[float, float, dict[str, float]] | None = None
        for k in range(repeat):
            with open(sys.argv[3], "w", encoding="utf-8") as fh:
                fh.write(ticked if k % 2 == 0 else text)
            spent.clear()
            config = load_config(sys.argv[1], site_dir=site_dir)  # (serve reloads it too)
            start = time.process_time()
            build(config, dirty=True)
            total = time.process_time() - start
            if best is None or sum(spent.values()) < sum(best[2].values()):
                best = (sum(spent.values()), total, dict(spent))
        with open(sys.argv[3], "w", encoding="utf-8") as fh:
            fh.write(text)
        assert best is not None
        total = best[1]
        spent.clear()
        spent.update(best[2])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # (KiB on Linux)
    print(json.dumps({"events": dict(spent), "plugin": sum(spent.values()), "build": total,
                      "peak_rss_mib": peak}))


if __name__ == "__main__":
    main()
