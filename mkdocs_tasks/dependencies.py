"""A dependency item's text -> what it names: the ID-shaped words outside code and URLs,
and the task pages it links to. Both readers of a page and the dependency links use this.
"""

from __future__ import annotations

import posixpath
import re
import sys

from .model import Dependency
from .text import inline_text

MARKDOWN_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<target><[^>]*>|[^)\s]*)(?:\s+[\"'][^)]*[\"'])?\)")
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
URL = re.compile(r"(?:https?|ftp|mailto):[^\s<>)\]]+|<[^<>\s]+>")
_URL_STARTS = ("http:", "https:", "ftp:", "mailto:")
TOKEN = re.compile(r"(?<![\w/.#@-])[A-Za-z0-9](?:[\w.-]*[A-Za-z0-9])?")
NONE_WRITTEN = {"none", "n/a", "na", "-", "—", "–"}  # a Dependencies section that says "none"


def may_hold_url(text: str) -> bool:
    """Whether _URL can match: most dependency items ("PROJ-1: why") hold none."""
    return "<" in text or ":" in text and any(k in text for k in _URL_STARTS)


def mask(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def from_source(line_no: int, text: str, src: str, id_re: re.Pattern[str]) -> Dependency:
    """One item of the Dependencies section as written in the source."""
    targets: list[str] = []
    masked = text
    if "](" in text:
        for m in MARKDOWN_LINK.finditer(text):
            target = m.group("target").strip("<>")
            path = target.split("#", 1)[0].split("?", 1)[0]
            if path.endswith(".md") and "://" not in path and not path.startswith("mailto:"):
                if path.startswith("/"):
                    resolved = posixpath.normpath(path.lstrip("/"))
                else:
                    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src), path))
                targets.append(resolved)
        # keep a link's text (it may name an ID), blank its target
        masked = MARKDOWN_LINK.sub(lambda m: f"[{m.group('text')}]".ljust(len(m.group(0))), masked)
    if "`" in masked:
        masked = mask(masked, CODE_SPAN)
    return item(line_no, inline_text(text), masked, targets, id_re)


def item(line: int, text: str, masked: str, targets: list[str], id_re: re.Pattern[str]) -> Dependency:
    """A dependency from its text and the same text with code blanked (links' text kept):
    its words, URLs left out, and whether the first is ID-shaped. Both readers use this."""
    if may_hold_url(masked):
        masked = mask(masked, URL)
    refs = tuple(sys.intern(m.group(0)) for m in TOKEN.finditer(masked))
    return Dependency(line, text, refs, tuple(targets), bool(refs) and bool(id_re.fullmatch(refs[0])))
