"""Front matter: read by YAML itself, so that a broken one is a problem with its line
(MkDocs drops front matter it cannot read, and strips the lines it would count by).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .text import TAB_LENGTH, unix_text

try:  # the C loader is several times faster; fall back where libyaml is absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_FM_OPEN = re.compile(r"^---[ \t]*$")
_FM_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_FM_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:")
_FM_ITEM = re.compile(r"^[ \t]*- ")


@dataclass
class FrontMatter:
    data: dict[str, Any]
    key_lines: dict[str, int]
    body_index: int  # 0-based index of the first body line
    error: tuple[int, str] | None = None  # (line, message)
    present: bool = False
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # key -> its list's `- ` lines


def split_front_matter(lines: list[str]) -> FrontMatter:
    if not lines or not _FM_OPEN.match(lines[0]):
        return FrontMatter({}, {}, 0)
    close = None
    for i in range(1, len(lines)):
        if _FM_CLOSE.match(lines[i]):
            close = i
            break
    if close is None:
        return FrontMatter(
            {}, {}, 0,
            (1, 'front matter opened with "---" on line 1 is never closed; '
                'add a line "---" after the last key'),
            present=False,
        )
    key_lines: dict[str, int] = {}
    item_lines: dict[str, list[int]] = {}
    key = None  # the key whose block list the next `- ` lines are
    for i in range(1, close):
        m = _FM_KEY.match(lines[i])
        if m:
            key = m.group(1) if m.group(1) not in key_lines else None
            if key is not None:
                key_lines[key] = i + 1
        elif key is not None and _FM_ITEM.match(lines[i]):
            item_lines.setdefault(key, []).append(i + 1)
    raw = "\n".join(lines[1:close])
    try:
        data = yaml.load(raw, Loader=_Loader) if raw.strip() else {}
    except yaml.YAMLError as exc:
        # where the broken construct began (an unclosed "[") says more than where YAML gave up
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = 2 + mark.line if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        if context:
            problem = f"{context}: {problem}"
        return FrontMatter(
            {}, key_lines, close + 1,
            (min(line, close), f"front matter is not valid YAML ({problem}); "
                               "fix the YAML between the two \"---\" lines"),
            present=True,
        )
    except Exception as exc:  # noqa: BLE001 - any loader failure is the user's YAML
        return FrontMatter({}, key_lines, close + 1,
                           (1, f"front matter could not be read ({exc})"), present=True)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return FrontMatter(
            {}, key_lines, close + 1,
            (2, f"front matter is a {type(data).__name__}, not a mapping of keys; "
                "write it as `key: value` lines"),
            present=True,
        )
    return FrontMatter(data, key_lines, close + 1, present=True, item_lines=item_lines)


def split_lines(text: str) -> tuple[list[str], FrontMatter]:
    """Lines as Python-Markdown reads them; YAML reads the front matter with its tabs intact."""
    text = unix_text(text)
    lines = text.split("\n")
    fm = split_front_matter(lines)
    if "\t" in text:
        for i in range(fm.body_index, len(lines)):
            if "\t" in lines[i]:
                lines[i] = lines[i].expandtabs(TAB_LENGTH)
    return lines, fm
