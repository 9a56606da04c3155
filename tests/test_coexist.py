"""The plugin next to the plugins a real Material site runs: search, tags, blog, i18n, minify."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import build_site, task_page, tree_digest, write_site


def test_search_tags_and_blog_alongside(tmp_path: Path) -> None:
    root = write_site(tmp_path / "m", {
        "index.md": "# Home\n",
        "tags.md": "# Tags\n\n<!-- material/tags -->\n",
        "blog/index.md": "# Blog\n",
        "blog/posts/hello.md": "---\ndate: 2026-11-01\n---\n# Hello\n\nA post.\n",
        "tasks/infrastructure/PROJ-101-redis.md": task_page(
            "Configure Redis caching", front={"tags": ["cache", "redis"], "owner": "alice"}),
        "tasks/infrastructure/PROJ-102.md": task_page("Follow-up", deps="- PROJ-101"),
    }, theme="material", config={
        "plugins": ["search", "tags", "blog", "tasks"],
        "markdown_extensions": ["pymdownx.tasklist", "toc"],
    })
    before = tree_digest(root / "docs")
    built = build_site(root, strict=True)
    assert built.ok, built.messages
    assert built.warnings() == []
    assert tree_digest(root / "docs") == before
    page = (built.site / "tasks" / "infrastructure" / "PROJ-101-redis" / "index.html").read_text()
    assert 'data-task-id="PROJ-101"' in page and 'class="tasks-blocks"' in page
    # searchable by ID and by title
    docs = json.loads((built.site / "search" / "search_index.json").read_text())["docs"]
    hits = [d["location"] for d in docs if "PROJ-101" in d["text"] or "PROJ-101" in d["title"]]
    assert any(loc.startswith("tasks/infrastructure/PROJ-101-redis/") for loc in hits)
    assert any("Configure Redis caching" in d["title"] for d in docs)
    # the index tables are left out of Material's search: an ID leads to its task page
    index_entries = [d for d in docs if d["location"].startswith("tasks/") and "PROJ" not in d["location"]]
    assert index_entries and not any("Configure Redis caching" in d["text"] for d in index_entries)
    # Material's tags index lists the task under its tags; the blog still builds
    tags = (built.site / "tags" / "index.html").read_text()
    assert re.search(r'href="\.\./tasks/infrastructure/PROJ-101-redis/[^"]*"', tags)
    assert (built.site / "blog" / "index.html").is_file()
    assert len(json.loads((built.site / "tasks.json").read_text())["tasks"]) == 2


def test_static_i18n_translations_are_not_duplicate_tasks(tmp_path: Path) -> None:
    root = write_site(tmp_path / "i", {
        "index.md": "# Home\n",
        "index.fr.md": "# Accueil\n",
        "tasks/security/PROJ-1.md": task_page("First"),
        "tasks/security/PROJ-1.fr.md": task_page("Premier"),
        "tasks/security/PROJ-2.md": task_page("Second", deps="- PROJ-1"),
    }, theme="material", config={"plugins": [
        "search",
        {"i18n": {"docs_structure": "suffix", "languages": [
            {"locale": "en", "default": True, "name": "English"},
            {"locale": "fr", "name": "Français"}]}},
        "tasks",
    ]})
    built = build_site(root, strict=True)
    assert built.ok, built.messages
    assert built.problems() == []
    en = json.loads((built.site / "tasks.json").read_text())["tasks"]
    fr = json.loads((built.site / "fr" / "tasks.json").read_text())["tasks"]
    assert [(t["id"], t["title"], t["url"]) for t in en] == [
        ("PROJ-1", "First", "tasks/security/PROJ-1/"), ("PROJ-2", "Second", "tasks/security/PROJ-2/")]
    assert [(t["id"], t["title"]) for t in fr] == [("PROJ-1", "Premier"), ("PROJ-2", "Second")]
    assert all(t["url"].startswith("fr/") for t in fr)
    premier = (built.site / "fr" / "tasks" / "security" / "PROJ-1" / "index.html").read_text()
    assert 'data-task-id="PROJ-1"' in premier and "Premier" in premier
    assert 'class="tasks-blocks"' in premier
    index = (built.site / "tasks" / "index.html").read_text()  # generated, default language
    assert re.findall(r'<tr data-task-id="([^"]+)">', index) == ["PROJ-1", "PROJ-2"]
    assert ">First</a>" in index


def test_minify_that_drops_comments_keeps_header_and_index(tmp_path: Path) -> None:
    """The header and the index go into the written page through comment slots: they
    must be filled before a minifier that removes comments sees the page."""
    root = write_site(tmp_path / "min", {
        "index.md": "# Home\n",
        "tasks/index.md": "# Roadmap\n\n<!-- tasks:index -->\n",
        "tasks/security/PROJ-1.md": task_page("First"),
        "tasks/security/PROJ-2.md": task_page("Second", deps="- PROJ-1"),
    }, config={"plugins": [
        "search",
        {"minify": {"minify_html": True, "htmlmin_opts": {"remove_comments": True}}},
        "tasks",
    ]})
    built = build_site(root, strict=True)
    assert built.ok, built.messages
    page = (built.site / "tasks" / "security" / "PROJ-2" / "index.html").read_text()
    # (htmlmin drops the quotes around attribute values)
    assert re.search(r'class="?tasks-header\b', page) and "<!--" not in page
    assert re.search(r'class="?tasks-depends\b', page) and "PROJ-1" in page
    index = (built.site / "tasks" / "index.html").read_text()
    assert len(re.findall(r'<table class="?tasks-index\b', index)) == 1
    assert "mkdocs-tasks:" not in index and "<!--" not in index
