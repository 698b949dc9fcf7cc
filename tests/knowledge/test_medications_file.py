"""medications.yaml's nutrient medicines, brand contents and reading words: each mistake is
reported at its file and line (expected lines come from the edited text)."""

from __future__ import annotations

from pathlib import Path

import pytest

import ekbom
from ekbom.errors import KnowledgeError
from tests.knowledge_copy import edit

pytestmark = pytest.mark.usefixtures("private_parse_cache")

FILE = "medications.yaml"


def issues_at(folder: Path, check: str) -> list[tuple[int, str]]:
    return [
        (i.line, i.message)
        for i in ekbom.check_knowledge(folder)
        if Path(i.path) == Path(FILE) and i.check == check
    ]


def test_medications_file_unknown_nutrient_id_is_named_at_its_line(kb_copy: Path) -> None:
    line = edit(
        kb_copy,
        FILE,
        "    nutrient: {id: iron, factor: 0.2}",
        "    nutrient: {id: irn, factor: 0.2}",
    )
    (found,) = issues_at(kb_copy, "reference")
    assert found[0] == line
    assert "unknown nutrient 'irn'" in found[1] and "iron" in found[1]


@pytest.mark.parametrize("factor", ["0", "-0.2", "1.5"])
def test_medications_file_factor_out_of_range_is_an_error(kb_copy: Path, factor: str) -> None:
    line = edit(
        kb_copy,
        FILE,
        "    nutrient: {id: iron, factor: 0.2}",
        f"    nutrient: {{id: iron, factor: {factor}}}",
    )
    (found,) = issues_at(kb_copy, "factor")
    assert found[0] == line and "at most 1" in found[1]


def test_medications_file_factor_of_exactly_1_is_accepted(kb_copy: Path) -> None:
    edit(
        kb_copy,
        FILE,
        "    nutrient: {id: iron, factor: 0.2}",
        "    nutrient: {id: iron, factor: 1}",
    )
    assert ekbom.check_knowledge(kb_copy) == []


def test_medications_file_strength_that_is_not_a_number_is_an_error(kb_copy: Path) -> None:
    line = edit(kb_copy, FILE, "strengths: {324: 38}", "strengths: {abc: 38}")
    (found,) = issues_at(kb_copy, "factor")
    assert found[0] == line and "'abc'" in found[1]


def test_medications_file_iv_iron_with_a_factor_is_an_error(kb_copy: Path) -> None:
    line = edit(
        kb_copy,
        FILE,
        "    nutrient: {id: iron, route: iv}\n  - name: ferric carboxymaltose",
        "    nutrient: {id: iron, route: iv, factor: 1}\n  - name: ferric carboxymaltose",
    )
    (found,) = issues_at(kb_copy, "factor")
    assert found[0] == line and "never counted" in found[1]


def test_medications_file_unknown_route_is_an_error(kb_copy: Path) -> None:
    line = edit(
        kb_copy,
        FILE,
        "    nutrient: {id: iron, route: iv}\n  - name: ferric carboxymaltose",
        "    nutrient: {id: iron, route: vein}\n  - name: ferric carboxymaltose",
    )
    (found,) = issues_at(kb_copy, "route")
    assert found[0] == line and "'vein'" in found[1]


def test_medications_file_brand_contents_must_name_its_ingredients(kb_copy: Path) -> None:
    line = edit(
        kb_copy,
        FILE,
        "contents: {doxylamine: 10, pyridoxine: 10}",
        "contents: {doxylamine: 10, folic acid: 10}",
    )
    (found,) = issues_at(kb_copy, "reference")
    assert found[0] == line and "'folic acid'" in found[1]


def test_medications_file_unknown_strength_unit_is_an_error(kb_copy: Path) -> None:
    line = edit(kb_copy, FILE, "    mg: [mg, milligram, milligrams]", "    mgs: [mg]")
    (found,) = issues_at(kb_copy, "unit")
    assert found[0] == line and "'mgs'" in found[1]


def test_medications_file_broken_copy_does_not_load(kb_copy: Path) -> None:
    edit(
        kb_copy,
        FILE,
        "    nutrient: {id: iron, factor: 0.2}",
        "    nutrient: {id: iron, factor: 2}",
    )
    with pytest.raises(KnowledgeError):
        ekbom.load_knowledge(kb_copy)


def test_medications_file_recognised_list_names_its_source() -> None:
    text = (Path(ekbom.__file__).parent / "knowledge" / "data" / FILE).read_text(encoding="utf-8")
    assert "ClinCalc DrugStats" in text
