"""The plugin's options, typed and validated by MkDocs' own config machinery."""

from __future__ import annotations

import re
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from .defaults import (
    CACHE_DIR,
    DEFAULT_ALIASES,
    DEFAULT_CATEGORIES,
    DEFAULT_EXCLUDE,
    DEFAULT_INCLUDE,
    DEFAULT_PRIORITIES,
    DEFAULT_STATUSES,
    DEFAULT_TYPES,
    KEYS,
)
from .model import Category, Kind, Settings
from .rules import CODES


class CategoryConfig(base.Config):
    name = c.Type(str)
    """The category's name, as written in front matter and shown on the index."""
    description = c.Type(str, default="")
    """One line shown beside the category on the index."""
    example = c.Type(str, default="")
    """An example task title, shown on the index."""


class _Category(c.SubConfig[CategoryConfig]):
    """A category: a plain name, or a mapping with name, description and example."""

    def run_validation(self, value: object) -> CategoryConfig:
        if isinstance(value, str):
            value = {"name": value}
        return super().run_validation(value)


class KindConfig(base.Config):
    sections = c.ListOfItems(c.Type(str))
    """Required H2 sections, in order."""
    progress = c.Type(str)
    """The section whose checkboxes count towards progress."""


class _Kind(c.SubConfig[KindConfig]):
    def run_validation(self, value: object) -> KindConfig:
        config = super().run_validation(value)
        if not config.sections:
            raise ValidationError("'sections' must name at least one section")
        if config.progress not in config.sections:
            raise ValidationError(
                f"'progress' is {config.progress!r}, which is not one of its sections "
                f"{config.sections}"
            )
        return config


class _Names(base.BaseConfigOption[dict[str, str]]):
    """A mapping of names to names, each pair checked by `item`; empty by default."""

    expected = ""  # what the mapping holds, for the message when it is no mapping

    def __init__(self) -> None:
        super().__init__()
        self.default: dict[str, str] = {}

    def run_validation(self, value: object) -> dict[str, str]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ValidationError(f"expected a mapping of {self.expected}")
        return {str(key): self.item(key, item) for key, item in value.items()}

    def item(self, key: object, value: object) -> str:
        raise NotImplementedError


class _Rules(_Names):
    """Problem code -> error, warning or off. YAML reads an unquoted `off` as false: off too."""

    expected = "problem code to error, warning or off"

    def item(self, key: object, value: object) -> str:
        if key not in CODES:
            raise ValidationError(f"unknown problem code {key!r}; the codes are: {', '.join(CODES)}")
        if value is False:
            value = "off"
        if value not in ("error", "warning", "off"):
            raise ValidationError(f"{key}: expected error, warning or off, got {value!r}")
        return str(value)


class _Fields(_Names):
    """Another tool's front matter key -> the key it stands for (owner, tags, depends_on...)."""

    expected = "front matter key to one of: " + ", ".join(KEYS)

    def item(self, key: object, value: object) -> str:
        if value not in KEYS:
            raise ValidationError(f"{key}: {value!r} is no key of a task page; map it to one of: "
                                  f"{', '.join(KEYS)}")
        return str(value)


class _Pattern(c.Type[str]):
    def run_validation(self, value: object) -> str:
        text = super().run_validation(value)
        try:
            re.compile(text)
        except re.error as exc:
            raise ValidationError(f"{text!r} is not a valid regular expression: {exc}") from None
        return text


class _IndexPage(base.BaseConfigOption[Any]):
    """A path relative to docs_dir, or false to generate no index page."""

    def __init__(self, default: Any) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str | bool:
        if value is None:
            value = self.default
        if value is False:
            return False
        if not isinstance(value, str) or not value.endswith(".md") or value.startswith("/"):
            raise ValidationError(
                "expected a page path relative to docs_dir ending in .md "
                f"(e.g. tasks/index.md), or false; got {value!r}"
            )
        return value


class _ExternalUrl(c.Optional[str]):
    def run_validation(self, value: object) -> str | None:
        url = super().run_validation(value)
        if url is not None and "{id}" not in url:
            raise ValidationError(
                f"{url!r} has no {{id}} in it; write e.g. https://tracker.example.com/browse/{{id}}"
            )
        return url


class TasksConfig(base.Config):
    include = c.ListOfItems(c.Type(str), default=DEFAULT_INCLUDE)
    """gitignore-style globs (relative to docs_dir) of pages that are tasks."""
    exclude = c.ListOfItems(c.Type(str), default=DEFAULT_EXCLUDE)
    """Globs of pages that are never tasks by their path."""
    id_pattern = _Pattern(str, default=r"[A-Z][A-Z0-9]*-\d+")
    """Regular expression of a task ID, matched at the start of the file name."""
    categories = c.ListOfItems(_Category(), default=DEFAULT_CATEGORIES)
    """The categories, each a name or {name, description, example}."""
    types = c.DictOfItems(_Kind(), default=DEFAULT_TYPES)
    """Kinds of task: their required sections in order and their progress section."""
    aliases = c.DictOfItems(c.Type(str), default=DEFAULT_ALIASES)
    """Other section names that count as a required section."""
    statuses = c.ListOfItems(c.Type(str), default=DEFAULT_STATUSES)
    """Statuses front matter may set besides the derived todo, in-progress and done."""
    priorities = c.ListOfItems(c.Type(str), default=DEFAULT_PRIORITIES)
    """The priorities front matter may set, most urgent first."""
    fields = _Fields()
    """Other tools' front matter keys read as ours, e.g. {assignee: owner, labels: tags}."""
    external_url = _ExternalUrl(c.Type(str))
    """Where an ID that is no task of the site links, with {id} in it."""
    index_page = _IndexPage(default="tasks/index.md")
    """Page generated with the full index when no page holds a marker, or false."""
    rules = _Rules()
    """Severity per problem code: error, warning or off."""
    fail_on = c.Choice(("error", "warning", "never"), default="error")
    """Which problems fail `mkdocs build`."""
    cache = c.Type(bool, default=True)
    """Keep what has been read from git (the history) in cache_dir, for later builds."""
    cache_dir = c.Type(str, default=CACHE_DIR)
    """The cache's folder, relative to mkdocs.yml (as Material's plugins keep theirs)."""
    ics = c.Type(bool, default=False)
    """Write tasks.ics: the tasks with a due date as a calendar (needs icalendar)."""


def settings_from(config: TasksConfig) -> Settings:
    """The hashable view of the options that the pure core reads."""
    return Settings(
        id_pattern=config.id_pattern,
        categories=tuple(Category(x.name, x.description, x.example) for x in config.categories),
        kinds=tuple(Kind(name, tuple(k.sections), k.progress) for name, k in config.types.items()),
        aliases=tuple(config.aliases.items()),
        statuses=tuple(config.statuses),
        priorities=tuple(config.priorities),
        fields=tuple(config.fields.items()),
        external_url=config.external_url,
        rules=tuple(config.rules.items()),
    )
