"""Problems as SARIF 2.1.0, for GitHub code scanning and other SARIF readers.

One rule per problem code (its description, its default level), one result per problem
(its code, configured level, message, file and line), in the order `--format json` lists
them. A page that cannot be read is no problem of a rule: it is a tool execution
notification, with its file and line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .model import Problem
from .rules import CODES, DEFAULT_SEVERITY, DESCRIPTIONS

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "off": "none"}


def _location(uri: str, line: int) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": {"uri": uri, "uriBaseId": "SRCROOT"},
                                 "region": {"startLine": max(1, line)}}}


def log(problems: list[Problem], unreadable: list[tuple[str, int, str]],
        uri_of: Callable[[str], str], version: str, root_uri: str) -> dict[str, Any]:
    """`uri_of(path)`: a problem's path (from the project root) as a URI from `root_uri`,
    the repository's root."""
    index = {code: i for i, code in enumerate(CODES)}
    rules = [{
        "id": code,
        "shortDescription": {"text": DESCRIPTIONS[code]},
        "help": {"text": f"{DESCRIPTIONS[code]}; see the problem codes in the mkdocs-tasks guide",
                 "markdown": f"`{code}`: {DESCRIPTIONS[code]}"},
        "defaultConfiguration": {"level": _LEVEL[DEFAULT_SEVERITY[code]]},
    } for code in CODES]
    results = [{
        "ruleId": p.code,
        "ruleIndex": index[p.code],
        "level": _LEVEL.get(p.severity, "warning"),
        "message": {"text": f"{p.task}: {p.message}"},
        "locations": [_location(uri_of(p.path), p.line)],
    } for p in problems]
    notifications = [{"level": "error", "message": {"text": why}, "locations": [_location(uri_of(f), line)]}
                     for f, line, why in unreadable]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "mkdocs-tasks", "version": version, "rules": rules}},
            "originalUriBaseIds": {"SRCROOT": {"uri": root_uri}},
            "invocations": [{"executionSuccessful": True,
                             "toolExecutionNotifications": notifications}],
            "results": results,
        }],
    }
