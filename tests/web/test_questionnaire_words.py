"""`questionnaire.yaml`: the tests offered first, the conditions shown before "More" and the
form's own words are knowledge, checked like any other file, and every word is used."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from ekbom.knowledge.loader import check_knowledge
from ekbom.knowledge.questionnaire_words import load_questionnaire_words
from ekbom.web import create_app
from tests.knowledge_copy import edit
from tests.web.conftest import web_settings

TEMPLATES = Path(__file__).parents[2] / "src/ekbom/web/templates"


def test_every_word_is_read_by_a_template() -> None:
    source = "".join(p.read_text("utf-8") for p in TEMPLATES.glob("*.html"))
    used = set(re.findall(r"qw\.words\.(\w+)", source))
    assert used == set(load_questionnaire_words().words)


@pytest.mark.usefixtures("private_parse_cache")
def test_an_unknown_test_or_condition_is_reported_at_its_line(kb_copy: Path) -> None:
    test = edit(
        kb_copy, "questionnaire.yaml", "first_tests: [ferritin, tsat]", "first_tests: [feritin]"
    )
    condition = edit(
        kb_copy, "questionnaire.yaml", "  - hemochromatosis\n", "  - haemochromatosis\n"
    )
    issues = [(i.line, i.check, i.message) for i in check_knowledge(kb_copy)]
    assert [(line, check) for line, check, _ in issues] == [
        (test, "reference"),
        (condition, "reference"),
    ]
    assert "did you mean 'ferritin'" in issues[0][2]


@pytest.mark.usefixtures("private_parse_cache")
def test_the_words_come_from_the_file(
    tmp_path: Path, kb_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ekbom.interop.cds.app import serve_in_thread

    edit(kb_copy, "questionnaire.yaml", "add_lab: Add another lab result", "add_lab: One more test")
    edit(kb_copy, "questionnaire.yaml", "first_tests: [ferritin, tsat]", "first_tests: [vitamin_d]")
    monkeypatch.setenv("EKBOM_KNOWLEDGE_DIR", str(kb_copy))
    with serve_in_thread(create_app(web_settings(tmp_path))) as url:
        html = httpx.get(url + "/", timeout=30).text
    assert ">One more test</button>" in html and "Add another lab result" not in html
    select = re.search(r'<select id="lab_0_test".*?</select>', html, re.S)
    assert select is not None
    assert re.findall(r'<option value="([^"]*)"', select.group(0))[:3] == [
        "",
        "vitamin_d",
        "ferritin",
    ]


@pytest.mark.usefixtures("private_parse_cache")
def test_a_field_without_a_label_is_reported_at_its_line(kb_copy: Path) -> None:
    line = edit(
        kb_copy,
        "questionnaire.yaml",
        "  sex: {label: Sex at birth}",
        "  sex: {short: Sex}",
    )
    issues = [(i.line, i.check, i.message) for i in check_knowledge(kb_copy)]
    assert issues == [(line, "type", "field 'sex' needs a label")]
