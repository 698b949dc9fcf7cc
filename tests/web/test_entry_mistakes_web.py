"""The web questionnaire and the diary lab form show the entry-mistake messages of spec 1.1 §1
beside the field, like any other problem (422, values kept)."""

from __future__ import annotations

import html as html_lib

import httpx

from tests.web.conftest import csrf
from tests.web.test_accounts import new_email, register

TSAT = "0.5 looks like a fraction; transferrin saturation is a percent, so 0.5 is 50 %; enter 50"


def test_questionnaire_refuses_a_tsat_fraction_and_an_iron_salt_weight(client: httpx.Client):
    form = {
        "csrf_token": csrf(client),
        "age": "50",
        "sex": "female",
        "lab_0_test": "tsat",
        "lab_0_value": "0.5",
        "lab_0_unit": "%",
        "supplement_0_nutrient": "iron",
        "supplement_0_amount": "325",
        "supplement_0_unit": "mg",
        "supplement_0_per": "day",
    }
    response = client.post("/report", data=form)
    page = html_lib.unescape(response.text)
    assert response.status_code == 422
    assert 'id="lab_0_value-error"' in page and TSAT in page
    assert 'id="supplement_0_amount-error"' in page
    assert "325 mg a day looks like the weight of an iron salt" in page


def test_diary_lab_form_refuses_a_tsat_fraction(client: httpx.Client):
    register(client, new_email())
    form = {
        "csrf_token": csrf(client),
        "date": "2026-11-01",
        "test": "tsat",
        "value": "0.5",
        "unit": "%",
    }
    response = client.post("/diary/lab", data=form)
    assert response.status_code == 422
    assert TSAT in html_lib.unescape(response.text)
    assert 'id="entry-' not in client.get("/diary").text
