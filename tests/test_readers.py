"""One model, two readers: the source scanner and the rendered-page reader give the same
facts for any page the scanner models, and the scanner says so when it cannot model one.

Pages are random arrangements of sections and blocks, container syntaxes included
(admonitions, details, tabs, /// blocks, md_in_html), rendered by Python-Markdown with
the extensions MkDocs and Material sites use.
"""

from __future__ import annotations

from typing import Any

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_tasks import rendered
from mkdocs_tasks.defaults import default_settings
from mkdocs_tasks.frontmatter import split_lines
from mkdocs_tasks.model import Body
from mkdocs_tasks.rules import _DURATION
from mkdocs_tasks.source import read_body

SETTINGS = default_settings()
_MD = markdown.Markdown(
    extensions=["toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html",
                "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist",
                "pymdownx.blocks.admonition", "pymdownx.blocks.details"],
    extension_configs={"pymdownx.tabbed": {"alternate_style": True},
                       "pymdownx.tasklist": {"custom_checkbox": True},
                       "toc": {"permalink": True}})

SECTIONS = ["Objective", "Requirements", "Approach", "Success Criteria", "Dependencies",
            "Resources", "Time-Box", "Deliverables", "Acceptance Criteria", "**Notes:**"]
PLAIN = [
    "text line", "text line\nmore text", "- [ ] box\n- [x] done",
    "- [ ] box\n    - [x] nested\n    * [ ] star", "* [ ] a\n+ [X] b\n1. [ ] c", "- item\n- [ ] box",
    "- [] bad\n- [ x] bad", "- [ ]", "-[ ] glued", "Intro:\n- [ ] glued to paragraph",
    "```\n- [ ] in code\n## not heading\n```", "~~~~\n- [x] code\n~~~~", "    - [ ] indented code",
    "<!--\n- [ ] comment\n-->", "<!-- one line -->", "<div>\n- [ ] raw\n</div>",
    "- [ ] box\n\n    more of the item\n\n    - [ ] nested after blank", "1. [ ] one\n2. [x] two",
    "- [x]no space", "- [ ] with `code` and [link](x.md)", "  - [ ] two spaces",
    "> - [ ] quoted\n> - [x] quoted", "> > - [ ] nested quote", "Text\n> - [ ] quote glued", "***",
    "2 days", "soon", "None", "- PROJ-1: the first", "- [PROJ-2](PROJ-2.md) and PROJ-3",
    "- needs UTF-8 locale", "- `PROJ-5` in code", "PROJ-7 as text", "- [ ] PROJ-8 as a checkbox",
    "[What needs to be accomplished and why]", "- Requirement 1", "- [ ] Deliverable 1 completed",
    "### Sub heading", "Setext\n---", "| a | b |\n|---|---|\n| - [ ] x | y |",
    # blocks that touch without a blank line, each once a disagreement
    "> - [ ] quoted\n### Sub heading\n> - [x] quoted", "text line\n```\n- [ ] in code\n```",
    "text line\n    - [ ] indented continuation", "- PROJ-1: the first\nlazy text line",
]
CONTAINERS = [
    '!!! note "Box"\n    - [x] in admonition\n    - [ ] second',
    '??? tip\n    - [ ] in details', '???+ info "Open"\n    - [x] open details\n    - [] bad',
    '=== "A"\n\n    - [x] tab a\n\n=== "B"\n\n    - [ ] tab b',
    "/// details | Block\n- [ ] block item\n///", "/// admonition | Note\n    type: note\n\n- [x] b\n///",
    "<div markdown>\n\n- [x] in div\n\n</div>",
    '- item\n\n    !!! warning\n\n        - [ ] in list admonition',
    '!!! note\n    - PROJ-4: inside a box',
]


def facts(body: Body) -> tuple[Any, ...]:
    """What both readers must agree on (the source reader alone knows lines)."""
    return (
        body.title,
        [(s.name, bool(s.content), (sum(c.checked for c in s.checkboxes), len(s.checkboxes)),
          bool(_DURATION.search(s.text or "")) if s.text is not None else None) for s in body.sections],
        sorted(why for _, why in body.malformed),
        sorted(text for _, text in body.placeholders),
        [(d.text, list(d.refs), list(d.link_targets), d.first_token_is_id) for d in body.dependencies],
        body.dependencies_explicit_none,
    )


def both(text: str) -> tuple[Body, Body]:
    lines, fm = split_lines(text)
    source = read_body(lines, fm.body_index, "tasks/x.md", SETTINGS)
    _MD.reset()
    html = _MD.convert("\n".join(lines[fm.body_index:]))
    seen, _ = rendered.read(html, "tasks/x.md", SETTINGS, rendered.resolver("", "tasks/x.md", {}))
    return source, seen


page = st.tuples(
    st.sampled_from(["# Title\n\n", "# Use **bold** & `code`\n\n", ""]),
    st.lists(st.tuples(st.sampled_from(SECTIONS),
                       st.lists(st.sampled_from(PLAIN + CONTAINERS), max_size=4)), max_size=5),
)
compared = {"modelled": 0, "deferred": 0}


@settings(max_examples=500, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(page)
def test_the_two_readers_agree_wherever_the_scanner_models_the_page(spec: Any) -> None:
    title, sections = spec
    text = title + "".join(f"## {name}\n\n" + "\n\n".join(blocks) + "\n\n" for name, blocks in sections)
    source, seen = both(text)
    uses_container = any(b in CONTAINERS for _, blocks in sections for b in blocks)
    if source.deferred is not None:
        compared["deferred"] += 1
        return
    # the scanner defers on every container syntax: a page it models holds none
    assert not uses_container, text
    compared["modelled"] += 1
    assert facts(source) == facts(seen), text


def test_both_kinds_of_page_were_compared() -> None:
    """The property above ran on pages of both kinds (it runs first, in file order)."""
    assert compared["modelled"] >= 100 and compared["deferred"] >= 100, compared


def test_the_rendered_reader_counts_inside_every_container() -> None:
    text = "# T\n\n## Success Criteria\n\n" + "\n\n".join(CONTAINERS) + "\n"
    source, seen = both(text)
    assert source.deferred == (5, "an admonition or details block")
    boxes = seen.sections[0].checkboxes
    # 2 + 1 + 1 + 2 + 1 + 1 + 1 + 1 drawn, 5 of them checked
    assert (sum(c.checked for c in boxes), len(boxes)) == (5, 10)
    assert [why[:6] for _, why in seen.malformed] == ['"[]" i']


REQUIRED = ["Objective", "Requirements", "Approach", "Success Criteria", "Dependencies", "Resources"]
GOOD = {"Success Criteria": "- [x] done\n- [ ] open", "Dependencies": "None"}


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["---\ncategory: Security\n---\n"] * 3 + [
           "---\ncategory: Nope\n---\n", "---\ncategory: Security\nstatus: done\n---\n", ""]),
       st.lists(st.tuples(st.sampled_from(REQUIRED + ["Time-Box", "Notes", "Notes", "Notes"]),
                          st.sampled_from(["text line", "", "- [ ]", "- [x] done", "GOOD",
                                           "[What needs to be accomplished and why]",
                                           "<!-- only a comment -->"])),
                max_size=3),
       st.booleans())
def test_a_page_called_clean_has_no_page_local_problem(front: str, extra: list[tuple[str, str]],
                                                      template: bool) -> None:
    """rules.clean spares the rules one by one on most pages: it must never call clean a
    page on which one of them finds something."""
    from mkdocs_tasks import rules
    from mkdocs_tasks.source import parse, read

    sections = [(name, GOOD.get(name, "Plain text.")) for name in REQUIRED] if template else []
    sections += [(name, GOOD.get(name, "Plain text.") if body == "GOOD" else body) for name, body in extra]
    text = front + "# T\n\n" + "".join(f"## {n}\n{b}\n\n" for n, b in sections)
    task = parse(text, "tasks/x.md", SETTINGS)
    _, body = read(text, "tasks/x.md", SETTINGS)  # (the facts the rules read)
    found = rules.each_local(task, body, SETTINGS)
    if rules.clean(task, body, SETTINGS):
        assert found == [], text
        clean_pages.append(text)


clean_pages: list[str] = []


def test_clean_pages_were_seen() -> None:
    assert len(clean_pages) >= 5, len(clean_pages)
