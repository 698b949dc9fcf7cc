"""`check_knowledge` on broken copies of the packaged knowledge: each problem at its file and line.

Every test copies the packaged data folder, breaks exactly one thing, and checks that the issue
names the file (relative to the folder), the line holding the mistake and the check that found it.
Expected lines are computed from the edited text, never written in by hand.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import ekbom
from ekbom.errors import KnowledgeIssue
from ekbom.knowledge.loader import DATA_DIR
from tests.knowledge_copy import edit

pytestmark = pytest.mark.usefixtures("private_parse_cache")


def line_of_text(folder: Path, relative: str, needle: str) -> int:
    text = (folder / relative).read_text(encoding="utf-8")
    assert text.count(needle) == 1, f"{needle!r} occurs {text.count(needle)} times in {relative}"
    return text.count("\n", 0, text.index(needle)) + 1


def matching(
    issues: list[KnowledgeIssue], path: str, check: str, fragment: str = ""
) -> list[KnowledgeIssue]:
    return [
        issue
        for issue in issues
        if Path(issue.path) == Path(path) and issue.check == check and fragment in issue.message
    ]


def the_issue(
    issues: list[KnowledgeIssue], path: str, check: str, fragment: str = ""
) -> KnowledgeIssue:
    found = matching(issues, path, check, fragment)
    listing = "\n".join(str(i) for i in issues) or "(no issues)"
    assert len(found) == 1, f"want one {check!r} issue in {path} about {fragment!r}:\n{listing}"
    return found[0]


def assert_line(issue: KnowledgeIssue, *lines: int) -> None:
    assert issue.line in lines, f"{issue} should be on line {' or '.join(map(str, lines))}"


# --- the packaged data -------------------------------------------------------------------------


def test_check_knowledge_packaged_data_has_no_issues() -> None:
    issues = ekbom.check_knowledge(DATA_DIR)
    assert issues == [], "\n".join(str(i) for i in issues)


def test_check_knowledge_untouched_copy_has_no_issues(kb_copy: Path) -> None:
    assert ekbom.check_knowledge(kb_copy) == []


# --- one broken thing per test -----------------------------------------------------------------


def test_check_knowledge_unknown_rule_key_with_did_you_mean(kb_copy: Path) -> None:
    line = edit(
        kb_copy,
        "rules/iron.yaml",
        "    verdict: avoid\n    summary: Do not take iron or vitamin C pills.",
        "    verdikt: avoid\n    summary: Do not take iron or vitamin C pills.",
    )
    issue = the_issue(ekbom.check_knowledge(kb_copy), "rules/iron.yaml", "unknown-key", "verdikt")
    assert_line(issue, line)
    assert "did you mean 'verdict'?" in issue.message


def test_check_knowledge_duplicate_rule_id(kb_copy: Path) -> None:
    first = line_of_text(kb_copy, "rules/iron.yaml", "  - id: iron.known-overload\n")
    line = edit(
        kb_copy, "rules/iron.yaml", "  - id: iron.overload-labs\n", "  - id: iron.known-overload\n"
    )
    issue = the_issue(
        ekbom.check_knowledge(kb_copy), "rules/iron.yaml", "duplicate-id", "iron.known-overload"
    )
    assert_line(issue, line)
    assert f"line {first}" in issue.message


def test_check_knowledge_duplicate_yaml_key(kb_copy: Path) -> None:
    first = edit(kb_copy, "rules/iron.yaml", "    spec: I1\n", "    spec: I1\n    spec: I1b\n")
    issue = the_issue(ekbom.check_knowledge(kb_copy), "rules/iron.yaml", "yaml", "spec")
    assert_line(issue, first + 1)
    assert "duplicate" in issue.message
    assert f"line {first}" in issue.message


def test_check_knowledge_dangling_citation_id(kb_copy: Path) -> None:
    line = edit(
        kb_copy,
        "rules/iron.yaml",
        "citations: [aasld-2011, easl-hfe, msd-hemochromatosis]",
        "citations: [aasld-2011, no-such-source-2099, msd-hemochromatosis]",
    )
    issue = the_issue(
        ekbom.check_knowledge(kb_copy), "rules/iron.yaml", "citation", "no-such-source-2099"
    )
    assert_line(issue, line)


def test_check_knowledge_dangling_citation_in_interactions(kb_copy: Path) -> None:
    line = edit(
        kb_copy,
        "interactions.yaml",
        "citations: [synthroid-pi-2024]\n    ask: Ask your prescriber if your thyroid pill can move"
        " to another time of day, such as bedtime.\n  - id: iron-levodopa",
        "citations: [synthroid-pi-2099]\n    ask: Ask your prescriber if your thyroid pill can move"
        " to another time of day, such as bedtime.\n  - id: iron-levodopa",
    )
    issue = the_issue(
        ekbom.check_knowledge(kb_copy), "interactions.yaml", "citation", "synthroid-pi-2099"
    )
    assert_line(issue, line)


@pytest.mark.parametrize("factor", ["0", "-1", "'one'"])
def test_check_knowledge_lab_unit_non_positive_factor(kb_copy: Path, factor: str) -> None:
    line = edit(
        kb_copy, "labs.yaml", "units: {ug/L: 1, ng/mL: 1}", f"units: {{ug/L: 1, ng/mL: {factor}}}"
    )
    issue = the_issue(ekbom.check_knowledge(kb_copy), "labs.yaml", "unit", "ng/mL")
    assert_line(issue, line)
    assert "positive" in issue.message


def test_check_knowledge_canonical_unit_missing_from_units(kb_copy: Path) -> None:
    units_line = edit(kb_copy, "labs.yaml", "units: {ug/L: 1, ng/mL: 1}", "units: {ng/mL: 1}")
    canonical_line = units_line - 1
    issue = the_issue(ekbom.check_knowledge(kb_copy), "labs.yaml", "unit", "canonical")
    assert_line(issue, canonical_line, units_line)
    assert "ug/L" in issue.message


def test_check_knowledge_condition_names_unknown_lab_test(kb_copy: Path) -> None:
    line = edit(kb_copy, "rules/iron.yaml", "{lab: tsat, ge: 45}", "{lab: tsaturation, ge: 45}")
    issue = the_issue(ekbom.check_knowledge(kb_copy), "rules/iron.yaml", "condition", "tsaturation")
    assert_line(issue, line)


def test_check_knowledge_missing_names_unknown_lab_test(kb_copy: Path) -> None:
    line = edit(kb_copy, "rules/iron.yaml", "when: {missing: ferritin}", "when: {missing: feritin}")
    issue = the_issue(ekbom.check_knowledge(kb_copy), "rules/iron.yaml", "condition", "feritin")
    assert_line(issue, line)


def test_check_knowledge_unknown_verdict(kb_copy: Path) -> None:
    line = edit(
        kb_copy,
        "rules/iron.yaml",
        "    verdict: avoid\n    summary: Do not take iron or vitamin C pills.",
        "    verdict: shun\n    summary: Do not take iron or vitamin C pills.",
    )
    issue = the_issue(ekbom.check_knowledge(kb_copy), "rules/iron.yaml", "verdict")
    assert_line(issue, line)


def test_check_knowledge_unknown_verdict_is_named(kb_copy: Path) -> None:
    edit(
        kb_copy,
        "rules/iron.yaml",
        "    verdict: avoid\n    summary: Do not take iron or vitamin C pills.",
        "    verdict: shun\n    summary: Do not take iron or vitamin C pills.",
    )
    issue = the_issue(ekbom.check_knowledge(kb_copy), "rules/iron.yaml", "verdict")
    assert "'shun'" in issue.message, f"say which verdict is wrong: {issue}"


def test_check_knowledge_last_rule_must_match_everyone(kb_copy: Path) -> None:
    rule_line = line_of_text(kb_copy, "rules/vitamin_e.yaml", "  - id: vitamin_e.not-indicated\n")
    when_line = edit(
        kb_copy, "rules/vitamin_e.yaml", "    when: {}\n", "    when: {condition: dialysis}\n"
    )
    issue = the_issue(ekbom.check_knowledge(kb_copy), "rules/vitamin_e.yaml", "fallthrough")
    assert_line(issue, rule_line, when_line)


def test_check_knowledge_invalid_yaml_syntax(kb_copy: Path) -> None:
    line = edit(kb_copy, "lifestyle.yaml", "  - id: stop_smoking\n", "  - id: stop: smoking\n")
    issue = the_issue(ekbom.check_knowledge(kb_copy), "lifestyle.yaml", "yaml")
    assert_line(issue, line)


@pytest.mark.parametrize("relative", ["lifestyle.yaml", "citations.yaml", "rules/folate.yaml"])
def test_check_knowledge_missing_file(kb_copy: Path, relative: str) -> None:
    (kb_copy / relative).unlink()
    issues = ekbom.check_knowledge(kb_copy)
    issue = the_issue(issues, relative, "missing-file")
    assert_line(issue, 1)


def test_check_knowledge_reports_every_problem_at_once(kb_copy: Path) -> None:
    edit(kb_copy, "rules/iron.yaml", "{lab: tsat, ge: 45}", "{lab: tsaturation, ge: 45}")
    edit(kb_copy, "rules/vitamin_e.yaml", "    when: {}\n", "    when: {condition: dialysis}\n")
    edit(kb_copy, "lifestyle.yaml", "  - id: stop_smoking\n", "  - id: stop: smoking\n")
    issues = ekbom.check_knowledge(kb_copy)
    assert matching(issues, "rules/iron.yaml", "condition", "tsaturation")
    assert matching(issues, "rules/vitamin_e.yaml", "fallthrough")
    assert matching(issues, "lifestyle.yaml", "yaml")


def test_load_knowledge_broken_copy_raises_knowledge_error(kb_copy: Path) -> None:
    edit(kb_copy, "rules/iron.yaml", "{lab: tsat, ge: 45}", "{lab: tsaturation, ge: 45}")
    with pytest.raises(ekbom.KnowledgeError) as caught:
        ekbom.load_knowledge(kb_copy)
    assert matching(list(caught.value.issues), "rules/iron.yaml", "condition", "tsaturation")


# --- `ekbom kb check` --------------------------------------------------------------------------

ISSUE_LINE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+): (?P<check>[a-z][a-z-]*): (?P<message>.+)$"
)


def run_kb_check(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EKBOM_")}
    env["EKBOM_CACHE_DIR"] = str(cwd / "parse-cache")
    return subprocess.run(
        [sys.executable, "-m", "ekbom", "kb", "check", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_kb_check_broken_copy_prints_issue_lines_and_exits_1(kb_copy: Path, tmp_path: Path) -> None:
    line = edit(kb_copy, "rules/iron.yaml", "{lab: tsat, ge: 45}", "{lab: tsaturation, ge: 45}")
    edit(kb_copy, "lifestyle.yaml", "  - id: stop_smoking\n", "  - id: stop: smoking\n")
    expected = [str(issue) for issue in ekbom.check_knowledge(kb_copy)]
    result = run_kb_check(str(kb_copy), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    output = result.stdout + result.stderr
    issue_lines = [text for text in output.splitlines() if ISSUE_LINE.match(text)]
    assert issue_lines == expected
    parsed = [ISSUE_LINE.match(text) for text in issue_lines]
    assert any(
        m is not None
        and Path(m["path"]) == Path("rules/iron.yaml")
        and int(m["line"]) == line
        and m["check"] == "condition"
        and "tsaturation" in m["message"]
        for m in parsed
    ), output
    assert any(m is not None and Path(m["path"]) == Path("lifestyle.yaml") for m in parsed)


def test_kb_check_packaged_data_exits_0(tmp_path: Path) -> None:
    result = run_kb_check(cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not [t for t in (result.stdout + result.stderr).splitlines() if ISSUE_LINE.match(t)]


def test_kb_check_explicit_packaged_folder_exits_0(tmp_path: Path) -> None:
    result = run_kb_check(str(DATA_DIR), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_kb_check_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run_kb_check(str(tmp_path / "nowhere"), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
