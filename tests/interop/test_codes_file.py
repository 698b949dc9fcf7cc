"""fhir_codes.yaml and cds_hooks.yaml: checked strictly, each problem at its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

import ekbom
from ekbom import profile as profile_keys
from ekbom.errors import KnowledgeError, KnowledgeIssue
from ekbom.knowledge.interop_codes import load_interop_codes
from ekbom.knowledge.loader import DATA_DIR, load_knowledge
from tests.knowledge_copy import edit

pytestmark = pytest.mark.usefixtures("private_parse_cache")


def the_issue(issues: list[KnowledgeIssue], path: str, check: str, fragment: str) -> KnowledgeIssue:
    found = [i for i in issues if i.path == path and i.check == check and fragment in i.message]
    assert len(found) == 1, "\n".join(map(str, issues)) or "(no issues)"
    return found[0]


def test_interop_files_packaged_have_no_issues() -> None:
    assert ekbom.check_knowledge(DATA_DIR) == []


def test_interop_codes_load_once_and_cover_every_condition() -> None:
    codes = load_interop_codes()
    assert load_interop_codes() is codes
    assert set(codes.export_codes) == set(load_knowledge().conditions)


def test_interop_profile_facts_cover_every_symptom_lifestyle_and_criterion_key() -> None:
    facts = set(load_interop_codes().profile_facts)
    wanted = {"diet"}
    wanted |= {f"symptoms.{k}" for k in profile_keys.SYMPTOM_KEYS if k != "rls_criteria"}
    wanted |= {f"symptoms.rls_criteria.{k}" for k in profile_keys.CRITERIA}
    wanted |= {f"lifestyle.{k}" for k in profile_keys.LIFESTYLE_KEYS}
    assert facts == wanted


def test_interop_red_flag_titles_cover_every_red_flag_and_fit_a_card() -> None:
    titles = load_interop_codes().red_flag_titles
    assert set(titles) == set(load_knowledge().red_flags)
    assert all(len(title) < 140 for title in titles.values())


@pytest.mark.parametrize(
    ("relative", "old", "new", "check", "fragment"),
    [
        (
            "fhir_codes.yaml",
            "  - ids: [sarcoidosis]\n",
            "  - ids: [sarcoid]\n",
            "reference",
            "sarcoid",
        ),
        ("fhir_codes.yaml", 'snomed: ["31541009"]', 'snomed: ["31541OO9"]', "code", "31541OO9"),
        ("fhir_codes.yaml", '["D86*"]', '["86D"]', "code", "86D"),
        ("fhir_codes.yaml", '"mL/min": mL/min/1.73m2}', '"mL/min": mL/h}', "unit", "mL/h"),
        ("fhir_codes.yaml", "fraction: 0.33", "fraction: 3.3", "range", "fraction"),
        (
            "fhir_codes.yaml",
            "nutrient: zinc, fraction",
            "nutrient: tin, fraction",
            "reference",
            "tin",
        ),
        ("fhir_codes.yaml", "UNT: IU", "UNT: units", "unit", "UNT"),
        (
            "fhir_codes.yaml",
            "  medication_active: [active]\n",
            "  medication_actives: [active]\n",
            "unknown-key",
            "medication_actives",
        ),
        (
            "fhir_codes.yaml",
            "observation_used: [final, amended, corrected, preliminary]",
            "observation_used: []",
            "type",
            "empty",
        ),
        (
            "fhir_codes.yaml",
            "smoker: {value: boolean}",
            "smoker: {value: yes-no}",
            "reference",
            "smoker",
        ),
        (
            "cds_hooks.yaml",
            "    hook: order-sign\n",
            "    hook: order-signed\n",
            "reference",
            "hook",
        ),
        (
            "cds_hooks.yaml",
            "  hypermagnesaemia:",
            "  hypermagnesemia:",
            "reference",
            "hypermagnesemia",
        ),
        (
            "cds_hooks.yaml",
            "  supplements:\n    template",
            "  statements:\n    template",
            "unknown-key",
            "statements",
        ),
        (
            "cds_hooks.yaml",
            "vitamin_c, vitamin_e]",
            "vitamin_c, vitamin_k]",
            "reference",
            "vitamin_k",
        ),
    ],
    ids=lambda value: value if "\n" not in str(value) and len(str(value)) < 20 else "",
)
def test_interop_files_broken_copy_reports_file_line_and_check(
    kb_copy: Path, relative: str, old: str, new: str, check: str, fragment: str
) -> None:
    line = edit(kb_copy, relative, old, new)
    issue = the_issue(ekbom.check_knowledge(kb_copy), relative, check, fragment)
    assert abs(issue.line - line) <= 2, f"{issue} should be near line {line}"


def test_interop_files_condition_without_export_code_is_reported(kb_copy: Path) -> None:
    edit(
        kb_copy,
        "fhir_codes.yaml",
        "  - ids: [bariatric_surgery]\n",
        "  - ids: [bariatric_surgery, malabsorption]\n",
    )
    issue = the_issue(
        ekbom.check_knowledge(kb_copy), "fhir_codes.yaml", "missing-key", "bariatric_surgery"
    )
    assert "export" in issue.message


def test_interop_files_long_red_flag_title_is_reported(kb_copy: Path) -> None:
    line = edit(
        kb_copy,
        "cds_hooks.yaml",
        '  anaemia: "Haemoglobin',
        '  anaemia: "' + "x" * 140 + " Haemoglobin",
    )
    assert (
        the_issue(ekbom.check_knowledge(kb_copy), "cds_hooks.yaml", "length", "anaemia").line
        == line
    )


def test_interop_files_missing_file_is_an_issue_and_loading_raises(kb_copy: Path) -> None:
    (kb_copy / "cds_hooks.yaml").unlink()
    the_issue(ekbom.check_knowledge(kb_copy), "cds_hooks.yaml", "missing-file", "cds_hooks.yaml")
    with pytest.raises(KnowledgeError):
        load_interop_codes(kb_copy)
