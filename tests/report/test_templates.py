"""The report's templates write no words of their own (every word comes from `ekbom.presenter`
and so from `text.yaml`), and the action card names who the first step is taken with."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import ekbom
from ekbom import presenter as p
from ekbom.knowledge.loader import load_knowledge
from ekbom.report import report_body
from ekbom.report.render import HERE

WEB_TEMPLATES = Path(ekbom.__file__).parent / "web" / "templates"
TEMPLATES = [
    *sorted((HERE / "templates").glob("*.html")),
    WEB_TEMPLATES / "report.html",
    WEB_TEMPLATES / "_report_toolbar.html",
]


def words_written_in(template: str) -> list[str]:
    text = re.sub(r"{#.*?#}", " ", template, flags=re.S)  # comments
    text = re.sub(r"{[{%].*?[}%]}", " ", text, flags=re.S)  # expressions and statements
    text = re.sub(r"<[^>]*>", " ", text)  # tags and their attributes
    return re.findall(r"[A-Za-z]{2,}", text)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.name)
def test_a_template_writes_no_words(path: Path) -> None:
    assert words_written_in(path.read_text("utf-8")) == []


def test_the_word_check_finds_a_label_written_in_a_template() -> None:
    assert words_written_in('<h2 id="x">{{ p.TESTS_TITLE }}</h2><p>Not needed</p>') == [
        "Not",
        "needed",
    ]


def _card(profile: dict[str, Any]) -> str:
    doc = ekbom.assess(profile).to_dict()
    page = str(report_body(doc, load_knowledge()))
    card = re.search(r'<section class="action-card".*?</section>', page, re.S)
    assert card is not None
    return card.group(0)


def test_a_clinical_first_step_is_taken_with_the_doctor_the_sentence_names() -> None:
    pregnant = {
        "age": 30,
        "sex": "female",
        "pregnant": True,
        "pregnancy_trimester": 2,
        "labs": [{"test": "hemoglobin", "value": 9.5, "unit": "g/dL"}],
    }
    card = _card(pregnant)
    assert "your pregnancy care team" in card.lower()
    assert f"{p.WITH_WHOM_TITLE}:</strong> Your pregnancy care team." in card


def test_a_first_step_to_talk_over_is_taken_with_the_doctor() -> None:
    """Magnesium for cramps is self-directed, but the step says to talk it over: no "yourself"."""
    cramps = {
        "age": 40,
        "sex": "male",
        "labs": [
            {"test": "ferritin", "value": 200, "unit": "ng/mL"},
            {"test": "tsat", "value": 30, "unit": "%"},
            {"test": "vitamin_d", "value": 40, "unit": "ng/mL"},
        ],
        "symptoms": {"leg_cramps": True},
    }
    doc = ekbom.assess(cramps).to_dict()
    assert doc["best_first_step"]["action"] == "consider"
    assert f"{p.WITH_WHOM_TITLE}:</strong> Your doctor." in _card(cramps)


def test_a_self_directed_start_is_taken_by_the_person() -> None:
    doc = {
        "best_first_step": {"action": "start", "nutrient": "magnesium", "text": "Start taking"},
        "nutrients": [{"nutrient": "magnesium", "dose": {"self_directed": True}}],
    }
    assert p.with_whom(doc, load_knowledge()) == p.SELF_DIRECTED_STEP
    doc["nutrients"][0]["dose"]["self_directed"] = False
    assert p.with_whom(doc, load_knowledge()) == "Your doctor."


def test_no_all_clear_line_above_a_nutrient_to_avoid() -> None:
    """Taking an avoided nutrient is a verdict, not a red flag: the report does not say "Red
    flags: none raised." just above "Do not take" (read as all clear by a tired person)."""
    kb = load_knowledge()
    on_aspirin = {
        "age": 70,
        "sex": "male",
        "medications": ["aspirin 81 mg"],
        "supplements": [{"nutrient": "vitamin_e", "amount": 268, "unit": "mg", "per": "day"}],
    }
    doc = ekbom.assess(on_aspirin).to_dict()
    assert not doc["red_flags"]
    assert any(n["verdict"] == "avoid" for n in doc["nutrients"])
    page = str(report_body(doc, kb))
    assert p.label(kb, "red_flags_none") not in page
    assert f'<h2 id="flags-h">{p.label(kb, "avoid_title")}</h2>' in page
    calm = str(report_body(ekbom.assess({"age": 40, "sex": "female"}).to_dict(), kb))
    assert p.label(kb, "red_flags_none") in calm
