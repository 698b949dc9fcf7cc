"""Foods for kidney patients (issue 11, item 11): with a condition of advice.yaml `kidney`
(dialysis, severe CKD) the assessment lists only foods with at most 200 mg potassium in one
portion (USDA SR28) and first says to ask the kidney team before adding foods."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import textstat

from ekbom.cli import main
from ekbom.errors import KnowledgeIssue
from ekbom.foods.table import Food, FoodTable
from ekbom.knowledge.foods_reader import KidneyFoods, pick_foods
from ekbom.knowledge.loader import check_knowledge, load_knowledge
from tests.knowledge_copy import edit

AS_OF = "2026-11-28"
ACTIVE = ("recommended", "consider")
LABS = [
    {"test": "ferritin", "value": 30, "unit": "ug/L", "date": "2026-11-01"},
    {"test": "tsat", "value": 12, "unit": "%", "date": "2026-11-01"},
]


def kidney() -> KidneyFoods:
    foods = load_knowledge().foods
    assert foods is not None
    return foods.advice.kidney


def food(sr: str, per_100g: float | None, portion_g: float = 100.0, iron: float = 5.0) -> Food:
    values = {"iron": iron} if per_100g is None else {"iron": iron, "potassium": per_100g}
    return Food(sr, f"Food {sr}", "Test", "vegan", "non_heme", False, "1 cup", portion_g, values)


def test_kidney_rule_is_data_dialysis_and_severe_ckd_at_200_mg_potassium() -> None:
    rule = kidney()
    assert rule.conditions == {"dialysis", "ckd_severe"}
    assert (rule.column, rule.unit, rule.most_per_portion) == ("potassium", "mg", 200)
    assert rule.advice["citations"] == ("nkf-potassium",)


def test_kidney_foods_keep_exactly_the_limit_and_leave_out_one_mg_more() -> None:
    rule = kidney()
    most = rule.most_per_portion
    assert rule.allows(food("00001", most))  # 200 mg in a 100 g portion stays
    assert not rule.allows(food("00002", most + 1))  # 201 mg goes
    assert rule.allows(food("00003", most * 2, portion_g=50))  # per portion, not per 100 g
    assert not rule.allows(food("00004", (most + 1) * 2, portion_g=50))
    assert not rule.allows(food("00005", None))  # no value: cannot be shown to be low


def test_kidney_picks_leave_out_the_food_above_the_limit() -> None:
    foods = load_knowledge().foods
    assert foods is not None
    most = foods.advice.kidney.most_per_portion
    table = FoodTable(
        {}, ("iron", "potassium"), (food("00001", most, iron=4), food("00002", most + 1, iron=9))
    )
    units = {"iron": "mg"}
    everyone, _ = pick_foods(table, foods.advice, units, lambda f: True)
    assert [f["sr"] for f in everyone[("iron", "vegan")][0]] == ["00002", "00001"]
    first = (foods.advice.kidney.advice,)
    low, _ = pick_foods(table, foods.advice, units, foods.advice.kidney.allows, first)
    listed, advice = low[("iron", "vegan")]
    assert [f["sr"] for f in listed] == ["00001"]
    assert advice[0] == foods.advice.kidney.advice


def run_assess(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str, **profile: Any
) -> str:
    """`ekbom assess` of a 60-year-old man with low iron stores and `profile`; its stdout."""
    path = tmp_path / "me.json"
    path.write_text(json.dumps({"age": 60, "sex": "male", "labs": LABS, **profile}))
    try:
        main(["assess", str(path), "--as-of", AS_OF, *args])
    except SystemExit as exc:
        assert not exc.code
    out, _ = capsys.readouterr()
    return out


def potassium_per_portion() -> dict[str, float | None]:
    foods = load_knowledge().foods
    assert foods is not None
    found: dict[str, float | None] = {}
    for item in foods.table.foods:
        value = item.values.get("potassium")
        found[item.sr] = None if value is None else value * item.portion_g / 100
    return found


@pytest.mark.parametrize("condition", ["dialysis", "ckd_severe"])
def test_assess_kidney_patient_gets_only_low_potassium_foods(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], condition: str
) -> None:
    potassium = potassium_per_portion()
    rule = kidney()
    document = json.loads(run_assess(tmp_path, capsys, "--format", "json", conditions=[condition]))
    active = [n for n in document["nutrients"] if n["verdict"] in ACTIVE]
    assert active and all(n["foods"] for n in active)
    for entry in active:
        for listed in entry["foods"]:
            amount = potassium[listed["sr"]]
            assert amount is not None and amount <= rule.most_per_portion, listed["name"]
        assert entry["food_advice"][0]["message"] == rule.advice["message"]
    assert "nkf-potassium" in document["citations"]


def test_assess_without_kidney_disease_lists_high_potassium_foods(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    potassium = potassium_per_portion()
    document = json.loads(run_assess(tmp_path, capsys, "--format", "json"))
    listed = [f for n in document["nutrients"] for f in n["foods"]]
    assert any((potassium[f["sr"]] or 0) > kidney().most_per_portion for f in listed)
    advice = [a["message"] for n in document["nutrients"] for a in n["food_advice"]]
    assert kidney().advice["message"] not in advice


def test_assess_text_tells_a_dialysis_patient_to_ask_the_kidney_team(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = " ".join(run_assess(tmp_path, capsys, conditions=["dialysis"]).split())
    assert "Ask your kidney team before you add any food" in out
    assert "Lentils" not in out  # 731 mg potassium in a cup


def test_kidney_text_reads_at_grade_8_or_below() -> None:
    text = kidney().advice["message"]
    assert textstat.flesch_kincaid_grade(text) <= 8.0, text


@pytest.mark.usefixtures("private_parse_cache")
def test_kb_check_reports_a_bad_kidney_block(kb_copy: Path) -> None:
    edit(
        kb_copy, "foods/advice.yaml", "conditions: [dialysis, ckd_severe]", "conditions: [dialyis]"
    )
    edit(kb_copy, "foods/advice.yaml", "  column: potassium\n", "  column: sodium\n")
    issues = check_knowledge(kb_copy)

    def found(fragment: str) -> list[KnowledgeIssue]:
        return [i for i in issues if "foods/" in i.path and fragment in i.message]

    assert found("unknown condition 'dialyis'")
    assert found("foods.csv has no 'sodium'")
