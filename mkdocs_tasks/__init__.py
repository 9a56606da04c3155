"""mkdocs-tasks: task pages as first-class citizens of an MkDocs site."""

__version__ = "0.1.0"
