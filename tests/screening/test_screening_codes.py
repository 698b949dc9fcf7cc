"""screening.yaml: loads, and every mistake in it is reported with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

import ekbom
from ekbom.knowledge.loader import data_dir
from ekbom.knowledge.screening_codes import GAPS, load_screening_codes, read_screening_file

KB = ekbom.load_knowledge()
PACKAGED = (data_dir() / "screening.yaml").read_text(encoding="utf-8")


def _issues(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "screening.yaml").write_text(text, encoding="utf-8")
    codes, issues = read_screening_file(tmp_path, KB)
    assert (codes is None) == bool(issues)
    return [str(issue) for issue in issues]


def test_screening_codes_packaged_file_loads() -> None:
    codes = load_screening_codes()
    assert [gap.id for gap in codes.gaps] == list(GAPS)
    assert codes.rls_icd10cm == ("G25.81",) and codes.rls_snomed == ("32914008",)
    assert codes.dopamine_agonist_class in KB.classes
    assert {"pramipexole", "ropinirole", "rotigotine"} <= {
        name
        for name, item in KB.ingredients.items()
        if codes.dopamine_agonist_class in item.classes
    }
    assert "venofer" in codes.iron_products


def test_screening_codes_packaged_file_has_no_issues(tmp_path: Path) -> None:
    assert _issues(tmp_path, PACKAGED) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "dopamine_agonist_class: dopamine_agonist",
            "dopamine_agonist_class: agonists",
            "unknown medication class 'agonists'",
        ),
        (
            "iron_studies: [ferritin, tsat]",
            "iron_studies: [ferritin, tsatt]",
            "unknown lab test 'tsatt'",
        ),
        (
            "overload_red_flag: iron_overload_suspected",
            "overload_red_flag: overload",
            "unknown red flag 'overload'",
        ),
        ("  icd10cm: [G25.81]", "  icd10cm: [G2581X9Q]", "is not an ICD-10-CM code"),
        (
            "  - id: trigger_medication\n",
            "  - id: trigger_medicines\n",
            "unknown gap 'trigger_medicines'",
        ),
        ("iron_nutrient: iron", "iron_nutrient: iron\nextra_key: 1", "unknown key 'extra_key'"),
    ],
)
def test_screening_codes_mistakes_are_located(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in PACKAGED
    issues = _issues(tmp_path, PACKAGED.replace(old, new))
    assert any(expected in issue and issue.startswith("screening.yaml:") for issue in issues), (
        issues
    )


def test_screening_codes_every_gap_is_required(tmp_path: Path) -> None:
    text = PACKAGED.replace(
        "  - id: no_iron_studies\n"
        "    title: No ferritin or TSAT in the 12 months before the screening day\n",
        "",
    )
    issues = _issues(tmp_path, text)
    assert any("gaps needs no_iron_studies" in issue for issue in issues), issues


def test_screening_codes_are_checked_by_kb_check(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "knowledge"
    shutil.copytree(data_dir(), folder)
    (folder / "screening.yaml").write_text(
        PACKAGED.replace("iron_nutrient: iron", "iron_nutrient: irn"), encoding="utf-8"
    )
    issues = [str(issue) for issue in ekbom.check_knowledge(folder)]
    assert any(
        issue.startswith("screening.yaml:") and "unknown nutrient 'irn'" in issue
        for issue in issues
    )
