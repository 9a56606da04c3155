"""A dependency item's text -> what it names: the ID-shaped words outside code and URLs,
and the task pages it links to. Both readers of a page and the dependency links use this.
"""

from __future__ import annotations

import posixpath
import re
import sys

from .model import Dependency, IdRef
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


def from_source(line_no: int, text: str, col: int, src: str, id_re: re.Pattern[str]) -> Dependency:
    """One item of the Dependencies section as written in the source."""
    dep = Dependency(line_no, inline_text(text))
    link_spans: list[tuple[int, int]] = []
    masked = text
    if "](" in text:
        for m in MARKDOWN_LINK.finditer(text):
            target = m.group("target").strip("<>")
            link_spans.append((m.start(), m.end()))
            path = target.split("#", 1)[0].split("?", 1)[0]
            if path.endswith(".md") and "://" not in path and not path.startswith("mailto:"):
                if path.startswith("/"):
                    resolved = posixpath.normpath(path.lstrip("/"))
                else:
                    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src), path))
                dep.link_targets.append(resolved)
        # keep a link's text (it may name an ID), blank its target; columns stay put
        masked = MARKDOWN_LINK.sub(lambda m: f"[{m.group('text')}]".ljust(len(m.group(0))), masked)
    if "`" in masked:
        masked = mask(masked, CODE_SPAN)
    if may_hold_url(masked):
        masked = mask(masked, URL)
    add_refs(dep, masked, link_spans, id_re, col)
    return dep


def add_refs(dep: Dependency, masked: str, link_spans: list[tuple[int, int]], id_re: re.Pattern[str],
             col: int = 0) -> None:
    """The words of an item's text (links' text kept, code and URLs blanked) as its refs;
    whether the first is ID-shaped. Both readers of a page use this."""
    first = True
    for tm in TOKEN.finditer(masked):
        token, start = sys.intern(tm.group(0)), tm.start()
        if first:
            dep.first_token_is_id = bool(id_re.fullmatch(token))
            first = False
        if link_spans and any(a <= start < b for a, b in link_spans):
            dep.refs.append(IdRef(token, dep.line, -1, -1))  # inside a link: never rewritten
        else:
            dep.refs.append(IdRef(token, dep.line, col + start, col + tm.end()))
