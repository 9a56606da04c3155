"""Markdown text as the reader sees it: names compared, inline markup taken off, lines
as Python-Markdown reads them. Shared by both readers of a page, the rules and the views.
"""

from __future__ import annotations

import functools
import html
import re

TAB_LENGTH = 4  # Python-Markdown's default, used by MkDocs
_INLINE_MARKUP = re.compile(r"[*_`~]+")
_ATTR_LIST = re.compile(r"(?<!\\)\{[:#.][^}]*\}\s*$")  # a heading's attr_list suffix (not `\{`)


@functools.lru_cache(maxsize=8192)
def normalise_name(text: str) -> str:
    """Section name as compared: no markup, no trailing colon, case folded."""
    text = re.sub(r"<[^>]+>", "", text)
    text = _INLINE_MARKUP.sub("", text)
    text = _ATTR_LIST.sub("", text)
    text = text.strip().rstrip(":").strip()
    return re.sub(r"\s+", " ", text).casefold()


@functools.lru_cache(maxsize=8192)
def fold_key(text: str) -> str:
    """Case, spaces and punctuation ignored: `Research/Spike` == `research-spike`."""
    return re.sub(r"[\W_]+", "", text).casefold()


def plain_title(text: str) -> str:
    """A heading's text as the reader sees it (its attr_list suffix dropped)."""
    return inline_text(_ATTR_LIST.sub("", text))


_INLINE = re.compile(
    r"(?P<code>(`+)(?P<code_text>.+?)\2)"
    r"|!\[(?P<alt>[^\]]*)\]\([^)]*\)"
    r"|\[(?P<link_text>[^\]]*)\](?:\([^)]*\)|\[[^\]]*\])"
    r"|<(?P<auto>(?:https?|ftp|mailto):[^<>\s]+)>"
    r"|<(?:/?[A-Za-z][^<>@ ]*(?: [^<>]*)?|!--.*?--)>"  # a tag as Python-Markdown reads one
    r"|\\(?P<escaped>[\\`*_{}\[\]()#+.!-])"
)
_EMPHASIS = re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1|(?<!\w)(_{1,3})(?=\S)(.+?)(?<=\S)\3(?!\w)")


def inline_text(text: str) -> str:
    """Inline Markdown as the reader sees it: the text of links and code, no emphasis
    markers or tags, entities decoded, runs of white space as one space. What the
    rendered-page reader takes from the HTML of the same text (see rendered.text_of)."""
    if not any(c in text for c in "`[]<>*_\\&"):
        return " ".join(text.split())
    kept: list[str] = []  # code and escaped characters: no emphasis inside

    def inline(m: re.Match[str]) -> str:
        if m.group("code") is not None:
            kept.append(m.group("code_text").strip())
        elif m.group("escaped") is not None:
            kept.append(m.group("escaped"))
        elif m.group("link_text") is not None:
            return m.group("link_text")
        elif m.group("alt") is not None:
            return ""
        elif m.group("auto") is not None:
            kept.append(m.group("auto"))
        else:
            return ""
        return f"\x00{len(kept) - 1}\x00"

    text = _INLINE.sub(inline, text)
    for _ in range(3):  # nested emphasis: ***a*** and **a _b_**
        text = _EMPHASIS.sub(lambda m: m.group(2) if m.group(1) else m.group(4), text)
    text = re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)
    return " ".join(html.unescape(text).split())


def unix_text(text: str) -> str:
    """No BOM, LF line ends only."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def normalise_text(text: str) -> str:
    """What Python-Markdown does before it reads a line: no BOM, LF only, tabs expanded."""
    text = unix_text(text)
    if "\t" in text:
        text = text.expandtabs(TAB_LENGTH)
    return text
