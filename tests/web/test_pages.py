"""The questionnaire and report pages through the app (no JavaScript: plain form posts)."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

import ekbom
from ekbom.web import create_app
from tests.knowledge_copy import edit
from tests.web.conftest import MIXED_LABS, csrf, lab_fields, mixed_profile, web_settings

ROW = {test: row for row, test in enumerate(MIXED_LABS)}  # the lab row of each test in _form


def _form(client: httpx.Client, **extra: str) -> dict[str, str]:
    data = {"csrf_token": csrf(client), "age": "50", "sex": "female"}
    return data | lab_fields(MIXED_LABS) | extra


def _verdicts(html: str) -> dict[str, str]:
    found = re.findall(r'class="card verdict-(\w+)" id="nutrient-(\w+)"', html)
    return {nutrient: verdict for verdict, nutrient in found}


def test_questionnaire_offers_only_each_tests_units(client: httpx.Client) -> None:
    """Without JavaScript every test's units, each under its test; with htmx only the chosen
    test's units (the row's unit field fetched when the test is chosen)."""
    html = client.get("/").text
    units = re.search(r'<select id="lab_0_unit".*?</select>', html, re.S)
    assert units is not None
    ferritin = re.search(r'<optgroup label="Serum ferritin">(.*?)</optgroup>', units.group(0))
    assert ferritin is not None
    assert re.findall(r'<option value="([^"]+)"', ferritin.group(1)) == ["ug/L", "ng/mL"]
    field = client.get("/questionnaire/lab/0/units", params={"lab_0_test": "ferritin"}).text
    assert re.findall(r'<option value="([^"]*)"', field) == ["", "ug/L", "ng/mL"]


def test_questionnaire_controls_all_have_labels(client: httpx.Client) -> None:
    html = client.get("/").text
    ids = re.findall(r'<(?:input|select) [^>]*id="([^"]+)"', html)
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    assert ids and set(ids) <= labelled


def test_report_with_mixed_units_matches_engine(client: httpx.Client) -> None:
    response = client.post("/report", data=_form(client))
    expected = ekbom.assess(mixed_profile()).to_dict()
    assert response.status_code == 200
    assert _verdicts(response.text) == {n["nutrient"]: n["verdict"] for n in expected["nutrients"]}
    assert _verdicts(response.text)["magnesium"] == "recommended"


def test_report_shows_red_flags_and_disclaimer(client: httpx.Client) -> None:
    form = _form(client, lab_0_value="900", lab_1_value="60")
    html = client.post("/report", data=form).text
    assert "Red flags: talk to a doctor soon" in html
    assert ekbom.assess(mixed_profile()).to_dict()["disclaimer"] in html


def test_validation_error_is_beside_field_and_keeps_values(client: httpx.Client) -> None:
    form = _form(client, age="fifty", lab_0_value="3O", medication_0="Zoloft 50 mg")
    response = client.post("/report", data=form)
    html = response.text
    assert response.status_code == 422
    assert 'id="age-error"' in html and 'id="lab_0_value-error"' in html
    assert 'value="fifty"' in html and 'value="3O"' in html and 'value="Zoloft 50 mg"' in html
    assert re.search(r'<option value="mg/dL" selected>', html)


def test_error_summary_names_the_field_of_each_message(client: httpx.Client) -> None:
    form = _form(client, age="fifty", lab_0_value="3O", supplement_0_nutrient="iron")
    html = client.post("/report", data=form).text
    summary = html.split('id="error-summary"', 1)[1].split("</ul>", 1)[0]
    items = re.findall(r'<li><a href="#([a-z0-9_]+)">([^<:]+): ', summary)
    assert ("age", "Age") in items and ("lab_0_value", "Lab 1 (Serum ferritin) result") in items
    assert ("supplement_0_amount", "Supplement 1 amount") in items
    assert len(items) == summary.count("<li>")  # every message names its field


def test_form_without_csrf_token_is_refused(client: httpx.Client) -> None:
    form = _form(client)
    del form["csrf_token"]
    assert client.post("/report", data=form).status_code == 403


def test_form_with_wrong_csrf_token_is_refused(client: httpx.Client) -> None:
    response = client.post("/report", data=_form(client, csrf_token="forged"))
    assert response.status_code == 403


def test_csrf_cookie_is_httponly_and_samesite(client: httpx.Client) -> None:
    with httpx.Client(base_url=str(client.base_url)) as fresh:
        header = fresh.get("/").headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=lax" in header and "secure" not in header


def test_only_pages_hand_out_a_csrf_cookie(client: httpx.Client) -> None:
    """A script calling the JSON API, CDS Hooks or a static file gets no CSRF cookie (none of
    them takes a form); the first page a browser opens still does."""
    with httpx.Client(base_url=str(client.base_url)) as fresh:
        for path in ("/api/v1/health", "/cds-services", "/static/style.css"):
            response = fresh.get(path)
            assert response.status_code == 200, path
            assert "set-cookie" not in response.headers, path
        assert not fresh.cookies
        assert "ekbom_csrf=" in fresh.get("/").headers["set-cookie"]


@pytest.mark.usefixtures("private_parse_cache")
def test_questionnaire_asks_the_criteria_questions_of_the_knowledge(
    tmp_path: Path, kb_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The five plain-word questions come from rls_questions.yaml, not from the template."""
    from ekbom.interop.cds.app import serve_in_thread

    old = "Does it start or get worse when you sit or lie still?"
    new = "Does it start when you sit still for a long time?"
    edit(kb_copy, "rls_questions.yaml", old, new)
    monkeypatch.setenv("EKBOM_KNOWLEDGE_DIR", str(kb_copy))
    with serve_in_thread(create_app(web_settings(tmp_path))) as url:
        html = httpx.get(url + "/", timeout=30).text
    assert new in html and old not in html
    questions = ekbom.load_knowledge(kb_copy).rls_questions
    for key, question in questions.items():
        assert f'name="criterion_{key}"' in html and question in html
