"""The web form asks caffeine as people count it (cups of coffee and tea, cans of cola) and turns
it into mg a day with the factors of `caffeine_drinks.yaml`."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from ekbom.knowledge.caffeine_drinks import load_caffeine_drinks
from ekbom.knowledge.loader import check_knowledge, load_knowledge
from ekbom.web.form import build_profile
from tests.knowledge_copy import edit
from tests.web.conftest import csrf

BASE = {"age": "50", "sex": "female"}


def _caffeine(**typed: str) -> object:
    built = build_profile(BASE | typed, load_knowledge())
    return built.profile.get("lifestyle", {}).get("caffeine_mg_per_day"), built.fields


def test_cups_become_mg_with_the_factors_of_the_data() -> None:
    assert {d.id: d.mg for d in load_caffeine_drinks().drinks} == {
        "coffee": 90,
        "tea": 40,
        "cola": 35,
    }
    mg, fields = _caffeine(caffeine_coffee="2", caffeine_cola="1")
    assert mg == 215  # 2 * 90 + 1 * 35
    assert fields["lifestyle.caffeine_mg_per_day"] == "caffeine_coffee"
    assert _caffeine(caffeine_tea="0.5", caffeine_mg_per_day="80")[0] == 100  # 20 + 80 other
    assert _caffeine(caffeine_coffee="0")[0] == 0  # "none" is an answer
    assert _caffeine()[0] is None  # nothing typed: not asked


def test_a_count_that_is_not_a_number_is_named_at_its_field() -> None:
    mg, fields = _caffeine(caffeine_coffee="1", caffeine_tea="two")
    assert mg == "two" and fields["lifestyle.caffeine_mg_per_day"] == "caffeine_tea"
    mg, fields = _caffeine(caffeine_cola="-1")
    assert mg == -1 and fields["lifestyle.caffeine_mg_per_day"] == "caffeine_cola"


def test_questionnaire_asks_cups_and_reports_the_caffeine(client: httpx.Client) -> None:
    page = client.get("/").text
    assert 'id="caffeine_coffee"' in page and "Cups of coffee a day" in page
    assert "Caffeine, mg a day" not in page
    advice = "Cut down on coffee, tea, cola and energy drinks"  # from 100 mg a day
    form = {"csrf_token": csrf(client), **BASE, "caffeine_coffee": "1"}
    one_cup = client.post("/report", data=form)  # 90 mg
    assert one_cup.status_code == 200 and advice not in one_cup.text
    form["caffeine_cola"] = "1"
    and_a_cola = client.post("/report", data=form)  # 125 mg
    assert and_a_cola.status_code == 200 and advice in and_a_cola.text
    wrong = client.post("/report", data=form | {"caffeine_tea": "two"})
    assert wrong.status_code == 422 and 'id="caffeine_tea-error"' in wrong.text


@pytest.mark.usefixtures("private_parse_cache")
def test_a_factor_of_zero_is_reported(kb_copy: Path) -> None:
    line = edit(kb_copy, "caffeine_drinks.yaml", "    mg: 35", "    mg: 0")
    assert [(i.line, i.check) for i in check_knowledge(kb_copy)] == [(line - 2, "range")]
