"""A unit must be chosen, never assumed: no unit list starts on a unit, and a value without a unit
is an error naming the test, on every form and API route that takes a lab (issue 14)."""

from __future__ import annotations

import re

import httpx

from tests.web.conftest import csrf
from tests.web.test_accounts import new_email, register
from tests.web.test_diary import _token

SELECT = re.compile(r'<select id="([^"]*unit)"[^>]*>(.*?)</select>', re.S)
NAMED = "is required for 25-hydroxyvitamin D; use nmol/L, ng/mL"


def _unit_lists(html: str) -> dict[str, str]:
    found = dict(SELECT.findall(html))
    assert found, "no unit list on the page"
    return found


def _first_selected(options: str) -> str:
    """The option a browser shows: the one marked selected, else the first."""
    chosen = re.search(r'<option value="([^"]*)" selected>', options)
    first = re.search(r'<option value="([^"]*)"', options)
    assert first is not None
    return (chosen or first).group(1)


def test_questionnaire_unit_lists_start_on_no_unit(client: httpx.Client) -> None:
    lists = _unit_lists(client.get("/").text)
    assert {"lab_0_unit", "supplement_0_unit"} <= set(lists)
    assert {name: _first_selected(o) for name, o in lists.items()} == dict.fromkeys(lists, "")


def test_diary_unit_lists_start_on_no_unit(client: httpx.Client) -> None:
    register(client, new_email())
    lists = _unit_lists(client.get("/diary").text)
    assert set(lists) == {"lab_unit", "supplement_unit"}
    assert {name: _first_selected(o) for name, o in lists.items()} == dict.fromkeys(lists, "")
    form = {"csrf_token": csrf(client), "test": "vitamin_d", "unit": ""}
    fragment = client.post("/diary/lab/units", data=form, headers={"HX-Request": "true"}).text
    assert _first_selected(_unit_lists(fragment)["lab_unit"]) == ""


def test_questionnaire_value_without_unit_names_the_test(client: httpx.Client) -> None:
    form = {"csrf_token": csrf(client), "age": "50", "sex": "female"}
    form |= {"lab_0_test": "vitamin_d", "lab_0_value": "30", "lab_0_unit": ""}
    response = client.post("/report", data=form)
    assert response.status_code == 422
    assert 'id="lab_0_unit-error">' + NAMED in response.text
    assert 'value="30"' in response.text  # the typed value is kept


def test_questionnaire_value_with_its_unit_is_read_in_that_unit(client: httpx.Client) -> None:
    form = {"csrf_token": csrf(client), "age": "50", "sex": "female"}
    form |= {"lab_0_test": "vitamin_d", "lab_0_value": "30", "lab_0_unit": "ng/mL"}
    response = client.post("/report", data=form)
    assert response.status_code == 200
    assert "30 nmol/L" not in response.text


def test_diary_lab_without_unit_names_the_test(client: httpx.Client) -> None:
    register(client, new_email())
    form = {"csrf_token": csrf(client), "date": "2026-11-01", "test": "vitamin_d", "value": "30"}
    response = client.post("/diary/lab", data=form | {"unit": ""})
    assert response.status_code == 422
    assert 'id="lab_unit-error">' + NAMED in response.text
    assert '<tr id="entry-' not in client.get("/diary").text  # nothing saved


def test_api_lab_without_unit_names_the_test(client: httpx.Client) -> None:
    register(client, new_email())
    headers = {"Authorization": f"Bearer {_token(client)}"}
    lab = {"date": "2026-11-01", "test": "vitamin_d", "value": 30}
    entry = client.post(
        "/api/v1/diary/entries", headers=headers, json={"kind": "lab", "fields": lab}
    )
    profile = {"age": 50, "sex": "female", "labs": [lab]}
    assessed = client.post("/api/v1/assess", json=profile)
    assert (entry.status_code, assessed.status_code) == (422, 422)
    assert entry.json()["errors"] == [{"location": "unit", "message": NAMED}]
    assert assessed.json()["errors"] == [{"location": "labs[0].unit", "message": NAMED}]
