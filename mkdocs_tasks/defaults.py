"""The plugin's defaults, from the template: shared by the MkDocs config and the command line.

Plain data with no MkDocs import, so the command line can build the default settings
without loading MkDocs' configuration machinery.
"""

from __future__ import annotations

from typing import Any

from .model import Category, Kind, Settings

DEFAULT_CATEGORIES: list[dict[str, str]] = [
    {"name": "Infrastructure", "description": "Server, cloud, network setup",
     "example": "Provision staging environment"},
    {"name": "Configuration", "description": "Settings, parameters, env setup",
     "example": "Configure CI/CD pipeline"},
    {"name": "Refactoring", "description": "Code improvements, no new features",
     "example": "Extract payment module"},
    {"name": "Performance", "description": "Optimization, caching, tuning",
     "example": "Add database indexes"},
    {"name": "Security", "description": "Hardening, audits, fixes",
     "example": "Update dependencies for CVE"},
    {"name": "Documentation", "description": "Technical docs, runbooks",
     "example": "Document API rate limits"},
    {"name": "Research/Spike", "description": "Investigation with time-box",
     "example": "Evaluate OAuth libraries"},
]

DEFAULT_TYPES: dict[str, dict[str, Any]] = {
    "task": {
        "sections": ["Objective", "Requirements", "Approach", "Success Criteria",
                     "Dependencies", "Resources"],
        "progress": "Success Criteria",
    },
    "spike": {
        "sections": ["Objective", "Time-Box", "Questions to Answer", "Deliverables",
                     "Out of Scope"],
        "progress": "Deliverables",
    },
}

DEFAULT_ALIASES: dict[str, str] = {"Acceptance Criteria": "Success Criteria"}
DEFAULT_STATUSES: list[str] = ["blocked", "cancelled"]
DEFAULT_PRIORITIES: list[str] = ["high", "medium", "low"]
# The front matter keys a task page's values come from (what `fields:` may map onto)
KEYS = ("id", "title", "type", "category", "status", "owner", "due", "start", "priority", "tags",
        "depends_on")
DEFAULT_INCLUDE: list[str] = ["tasks/**/*.md"]
DEFAULT_EXCLUDE: list[str] = ["**/index.md"]
CACHE_DIR = ".cache/plugin/tasks"  # relative to mkdocs.yml, as Material's plugins keep theirs


def default_settings() -> Settings:
    """The core's settings when mkdocs.yml gives the plugin no options."""
    return Settings(
        categories=tuple(Category(**c) for c in DEFAULT_CATEGORIES),
        kinds=tuple(Kind(name, tuple(k["sections"]), k["progress"]) for name, k in DEFAULT_TYPES.items()),
        aliases=tuple(DEFAULT_ALIASES.items()),
        statuses=tuple(DEFAULT_STATUSES),
        priorities=tuple(DEFAULT_PRIORITIES),
    )


EXTENSION = "mkdocs_tasks.extension"  # the Python-Markdown extension's name (for Zensical)
