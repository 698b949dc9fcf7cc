"""The trend chart's cut-offs come from the rules' own conditions, not from retyped numbers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ekbom.diary_analysis import decision_thresholds
from ekbom.knowledge.loader import DATA_DIR, load_knowledge

ADULT = {"age": 45, "sex": "female"}


def values(test: str, basics: dict[str, object] | None = ADULT) -> list[float]:
    return [t.value for t in decision_thresholds(load_knowledge(), basics)[test]]


def test_thresholds_ferritin_has_the_spec_targets() -> None:
    found = values("ferritin")
    assert 75 in found and 100 in found and 300 in found


def test_thresholds_tsat_has_20_and_45_with_45_a_safety_cut_off() -> None:
    tsat = {t.value: t for t in decision_thresholds(load_knowledge(), ADULT)["tsat"]}
    assert set(tsat) == {20, 45}
    assert tsat[45].safety and not tsat[20].safety
    assert "I2" in tsat[45].sources and "I7" in tsat[20].sources


def test_thresholds_other_tests_come_from_their_rules() -> None:
    assert values("magnesium") == [0.7, 0.75, 1.05]
    assert values("vitamin_d") == [30, 50, 125]
    assert 148 in values("vitamin_b12")


def test_thresholds_child_only_cut_offs_need_a_child() -> None:
    assert 50 not in values("ferritin")
    assert 50 in values("ferritin", {"age": 10, "sex": "male"})


def test_thresholds_dialysis_cut_offs_need_dialysis() -> None:
    assert 200 not in values("ferritin")
    assert 200 in values("ferritin", {"age": 60, "sex": "male", "conditions": ["dialysis"]})


def test_thresholds_without_basics_keep_only_unguarded_cut_offs() -> None:
    found = values("ferritin", None)
    assert 75 in found and 50 not in found and 200 not in found
    assert "hemoglobin" not in decision_thresholds(load_knowledge(), None)


def test_thresholds_haemoglobin_cut_off_follows_sex() -> None:
    assert values("hemoglobin", {"age": 45, "sex": "male"}) == [13.0]
    assert values("hemoglobin", {"age": 45, "sex": "female"}) == [12.0]


def test_thresholds_follow_an_edited_rule(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(DATA_DIR, folder)
    iron = folder / "rules" / "iron.yaml"
    text = iron.read_text(encoding="utf-8")
    assert "{lab: ferritin, le: 75}" in text
    iron.write_text(text.replace("{lab: ferritin, le: 75}", "{lab: ferritin, le: 70}"), "utf-8")
    edited = [t.value for t in decision_thresholds(load_knowledge(folder), ADULT)["ferritin"]]
    assert 70 in edited


@pytest.mark.parametrize("basics", [{"age": "old"}, {"sex": "female"}])
def test_thresholds_unusable_basics_fall_back_to_unguarded(basics: dict[str, object]) -> None:
    assert values("ferritin", basics) == values("ferritin", None)
