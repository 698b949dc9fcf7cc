"""The questionnaire's repeated rows through the app, as plain forms: labs (`lab_<n>_*`),
medicines (`medication_<n>`) and supplements (`supplement_<n>_*`), added one at a time, read in
the order typed, and each problem named by its row."""

from __future__ import annotations

import html as html_lib
import re

import httpx

import ekbom
from ekbom.knowledge.questionnaire_words import load_questionnaire_words
from tests.web.conftest import csrf, lab_fields

BASICS = {"age": "45", "sex": "female"}


def _post(client: httpx.Client, path: str, **fields: str) -> httpx.Response:
    return client.post(path, data={"csrf_token": csrf(client), **BASICS, **fields})


def _summary(html: str) -> list[str]:
    summary = html_lib.unescape(html.split('id="error-summary"', 1)[1].split("</ul>", 1)[0])
    return re.findall(r"<li><a [^>]*>([^<]+)</a></li>", summary)


def _ids(html: str, pattern: str) -> list[str]:
    return re.findall(rf'<(?:input|select) [^>]*id="({pattern})"', html)


def test_questionnaire_opens_one_row_of_each(client: httpx.Client) -> None:
    html = client.get("/").text
    assert _ids(html, r"lab_\d+_test") == ["lab_0_test"]
    assert _ids(html, r"medication_\d+") == ["medication_0"]
    assert _ids(html, r"supplement_\d+_nutrient") == ["supplement_0_nutrient"]
    for kind in ("lab", "medication", "supplement"):
        assert f'name="add" value="{kind}"' in html


def test_tests_offered_first_come_first(client: httpx.Client) -> None:
    """Ferritin and TSAT (questionnaire.yaml) head the test list, before every other test."""
    select = re.search(r'<select id="lab_0_test".*?</select>', client.get("/").text, re.S)
    assert select is not None
    offered = re.findall(r'<option value="([^"]*)"', select.group(0))
    first = list(load_questionnaire_words().first_tests)
    assert first == ["ferritin", "tsat"]
    assert offered[:3] == ["", *first]
    assert sorted(offered[1:]) == sorted(ekbom.load_knowledge().tests)


def test_add_another_without_javascript_keeps_every_value(client: httpx.Client) -> None:
    typed = lab_fields({"ferritin": ("12", "ng/mL")}) | {"medication_0": "Zoloft 50 mg"}
    response = _post(client, "/questionnaire", add="lab", **typed)
    html = response.text
    assert response.status_code == 200
    assert _ids(html, r"lab_\d+_test") == ["lab_0_test", "lab_1_test"]
    assert _ids(html, r"medication_\d+") == ["medication_0"]  # only the kind asked for grows
    assert re.search(r'<option value="ferritin" selected>', html)
    assert 'value="12"' in html and 'value="Zoloft 50 mg"' in html and 'value="45"' in html
    assert re.search(r'<option value="ng/mL" selected>', html)
    assert 'formaction="/questionnaire#lab-2"' in html  # the next add asks for a third row
    again = _post(client, "/questionnaire", add="medication", **typed).text
    assert _ids(again, r"medication_\d+") == ["medication_0", "medication_1"]


def test_the_add_address_opened_again_goes_to_the_questionnaire(client: httpx.Client) -> None:
    response = client.get("/questionnaire", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/")


def test_add_another_without_csrf_token_is_refused(client: httpx.Client) -> None:
    response = client.post("/questionnaire", data={"add": "lab", **BASICS})
    assert response.status_code == 403


def test_add_another_keeps_empty_rows_and_ignores_unknown_kinds(client: httpx.Client) -> None:
    rows = {"lab_0_test": "", "lab_1_test": "", "lab_1_value": ""}
    html = _post(client, "/questionnaire", add="lab", **rows).text
    assert _ids(html, r"lab_\d+_test") == ["lab_0_test", "lab_1_test", "lab_2_test"]
    html = _post(client, "/questionnaire", add="everything", **rows).text
    assert _ids(html, r"lab_\d+_test") == ["lab_0_test", "lab_1_test"]


def test_htmx_row_is_the_row_alone_with_the_next_add_button(client: httpx.Client) -> None:
    fragment = client.get("/questionnaire/lab/2").text
    assert "<html" not in fragment
    assert _ids(fragment, r"lab_\d+_\w+") == [
        "lab_2_test",
        "lab_2_value",
        "lab_2_unit",
        "lab_2_date",
    ]
    assert "<legend>Lab 3</legend>" in fragment
    button = re.search(r'<button [^>]*id="add-lab"[^>]*>', fragment)
    assert button is not None and 'hx-swap-oob="true"' in button.group(0)
    assert 'hx-get="/questionnaire/lab/3"' in button.group(0)
    medicine = client.get("/questionnaire/medication/1").text
    assert _ids(medicine, r"medication_\d+") == ["medication_1"]
    supplement = client.get("/questionnaire/supplement/1").text
    assert _ids(supplement, r"supplement_1_\w+") == [
        f"supplement_1_{k}" for k in ("nutrient", "amount", "unit", "per")
    ]


def test_htmx_rows_refuse_unknown_kinds_and_rows(client: httpx.Client) -> None:
    assert client.get("/questionnaire/diagnosis/1").status_code == 404
    assert client.get("/questionnaire/lab/50").status_code == 404
    assert client.get("/questionnaire/lab/-1").status_code == 404
    assert client.get("/questionnaire/lab/x").status_code == 422


def test_labs_are_read_in_row_order_and_match_the_engine(client: httpx.Client) -> None:
    labs = {"vitamin_d": ("20", "ng/mL"), "ferritin": ("12", "ng/mL"), "tsat": ("14", "%")}
    response = _post(client, "/report", **lab_fields(labs))
    assert response.status_code == 200
    profile = {"age": 45, "sex": "female"}
    profile["labs"] = [
        {"test": t, "value": float(v), "unit": u, "date": "2026-11-01"}
        for t, (v, u) in labs.items()
    ]
    step = ekbom.assess(profile).to_dict()["best_first_step"]["text"]
    assert step in html_lib.unescape(response.text)


def test_empty_rows_and_a_test_without_anything_typed_are_left_out(client: httpx.Client) -> None:
    rows = {"lab_0_test": "ferritin", "lab_1_test": "", "lab_1_value": "", "medication_0": ""}
    rows |= {"lab_2_test": "tsat", "lab_2_value": "30", "lab_2_unit": "%"}
    rows |= {"supplement_0_nutrient": "", "supplement_0_amount": "", "supplement_0_per": "day"}
    response = _post(client, "/report", **rows)
    assert response.status_code == 200


def test_row_problems_name_the_row_and_its_test(client: httpx.Client) -> None:
    rows = {"lab_0_test": "ferritin", "lab_0_value": "12", "lab_0_unit": "ng/mL"}
    rows |= {"lab_1_test": "ferritin", "lab_1_value": "40", "lab_1_unit": ""}  # no unit
    rows |= {"lab_2_test": "", "lab_2_value": "30", "lab_2_unit": "%"}  # no test
    rows |= {"lab_3_test": "tsat", "lab_3_value": "", "lab_3_date": "2026-11-01"}  # no result
    response = _post(client, "/report", **rows)
    html = html_lib.unescape(response.text)
    assert response.status_code == 422
    assert _summary(html) == [
        "Lab 3 test: choose which test this result is from",
        "Lab 4 (Transferrin saturation) result: type the transferrin saturation (TSAT) result, "
        "or clear this row",
        "Lab 2 (Serum ferritin) unit: is required for Serum ferritin; use ug/L, ng/mL",
    ]
    assert 'id="lab_2_test-error"' in html and 'id="lab_3_value-error"' in html
    assert 'id="lab_1_unit-error"' in html
    assert 'value="40"' in html and 'value="30"' in html  # every typed value kept


def test_hostile_test_id_is_a_row_problem_not_a_crash(client: httpx.Client) -> None:
    response = _post(client, "/report", lab_0_test="<script>", lab_0_value="5", lab_0_unit="%")
    assert response.status_code == 422
    assert "Lab 1 test: choose which test this result is from" in _summary(response.text)
    assert "<script>" not in response.text


def test_pregnancy_for_a_man_is_a_clear_problem(client: httpx.Client) -> None:
    """Without JavaScript the "If you are a woman" questions show to everyone."""
    html = client.get("/").text
    assert re.search(r'<fieldset class="if-woman" id="if-woman"><legend>If you are a woman', html)
    response = client.post(
        "/report", data={"csrf_token": csrf(client), "age": "40", "sex": "male", "pregnant": "yes"}
    )
    assert response.status_code == 422
    assert "Pregnant: " in "".join(_summary(response.text))


def test_conditions_in_plain_words_the_rare_ones_behind_more(client: httpx.Client) -> None:
    html = client.get("/").text
    kb = ekbom.load_knowledge()
    common = load_questionnaire_words().common_conditions
    shown, more = (
        html.split('id="conditions"', 1)[1].split("</fieldset>", 1)[0].split("<details", 1)
    )
    for condition in kb.conditions.values():
        place = shown if condition.id in common else more
        assert f'value="{condition.id}"' in place
        assert condition.plain[1:] in html_lib.unescape(place)
        if condition.name.lower() != condition.plain.lower():  # never the clinician's words
            assert condition.name not in html_lib.unescape(html)
    assert more.startswith(">")  # <details> closed: nothing rare is ticked
    ticked = _post(client, "/questionnaire", add="lab", conditions="sarcoidosis", age="x").text
    assert "<details open>" in ticked


def test_severity_is_a_scale_of_buttons_with_nothing_chosen(client: httpx.Client) -> None:
    html = client.get("/").text
    values = re.findall(r'<input type="radio" name="severity_nrs" value="(\d+)"( checked)?', html)
    assert [v for v, _ in values] == [str(n) for n in range(11)]
    assert not any(checked for _, checked in values)
    assert not re.search(r'type="radio"[^>]* checked', html)  # no question starts answered
    chosen = _post(client, "/questionnaire", add="lab", severity_nrs="7", smoker="no").text
    assert re.search(r'name="severity_nrs" value="7" checked', chosen)
    assert re.search(r'name="smoker" value="no" checked', chosen)
    assert not re.search(r'name="smoker" value="" checked', chosen)
