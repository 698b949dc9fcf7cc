"""What the diary's use cases and the store report, the web app says in its own words: the form
field to correct or the form to fill in, never a command to run."""

from __future__ import annotations

import html as html_lib

import httpx

from tests.web.conftest import csrf
from tests.web.test_accounts import new_email, register


def test_symptoms_twice_a_day_are_shown_at_the_date_field(client: httpx.Client) -> None:
    register(client, new_email())
    form = {"csrf_token": csrf(client), "date": "2026-11-01", "severity_nrs": "5"}
    assert client.post("/diary/symptoms", data=form).status_code == 303
    response = client.post("/diary/symptoms", data={**form, "csrf_token": csrf(client)})
    page = html_lib.unescape(response.text)
    assert response.status_code == 409
    assert 'id="symptoms_date-error"' in page
    assert "symptoms for 2026-11-01 are already in the diary as entry " in page
    assert "choose another date, or delete entry " in page
    assert "`ekbom" not in page


def test_overlapping_supplement_is_shown_at_the_start_date_field(client: httpx.Client) -> None:
    register(client, new_email())
    form = {"date": "", "from": "2026-10-01", "nutrient": "iron", "amount": "65", "unit": "mg"}
    first = client.post("/diary/supplement", data={**form, "csrf_token": csrf(client)})
    assert first.status_code == 303
    again = {**form, "from": "2026-11-01", "csrf_token": csrf(client)}
    response = client.post("/diary/supplement", data=again)
    page = html_lib.unescape(response.text)
    assert response.status_code == 409
    assert 'id="supplement_from-error"' in page
    assert "choose another start date, or delete entry " in page
    assert "`ekbom" not in page


def test_report_without_age_and_sex_points_at_about_you(client: httpx.Client) -> None:
    register(client, new_email())
    response = client.get("/diary/report.html")
    page = html_lib.unescape(response.text)
    assert response.status_code == 422
    assert 'is not stored in the diary; fill it in under "About you" on your diary page' in page
    assert "`ekbom" not in page
