"""Diary pages and the diary API: entries scoped to their owner; another person's id is 404."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from tests.web.conftest import csrf
from tests.web.test_accounts import new_email, register

LAB = {"date": "2026-11-01", "test": "ferritin", "value": "40", "unit": "ng/mL"}


@pytest.fixture
def person_b(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=30) as other:
        other.get("/")
        register(other, new_email())
        yield other


def _signed_in(client: httpx.Client) -> httpx.Client:
    register(client, new_email())
    return client


def _entry_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr id="entry-(\d+)"', html)]


def _token(client: httpx.Client) -> str:
    html = client.post("/account/token", data={"csrf_token": csrf(client)}).text
    found = re.search(r'<code id="api-token">([^<]+)</code>', html)
    assert found
    return found.group(1)


def test_log_lab_shows_in_history_and_chart(client: httpx.Client) -> None:
    _signed_in(client)
    saved = client.post("/diary/lab", data={"csrf_token": csrf(client), **LAB})
    assert saved.status_code == 303
    page = client.get("/diary").text
    assert len(_entry_ids(page)) == 1 and "40 ng/mL" in page and "40.0" not in page
    chart = client.get("/diary/chart.svg")
    assert chart.status_code == 200 and chart.text.lstrip().startswith("<?xml")


def test_history_shows_numbers_as_written(client: httpx.Client) -> None:
    """68 stays 68 and severity 2 stays 2 (not "68.0", "2.0/10"); 6.5 keeps its decimal."""
    _signed_in(client)
    token = csrf(client)
    client.post("/diary/lab", data={"csrf_token": token, **LAB, "value": "68"})
    client.post("/diary/lab", data={"csrf_token": token, **LAB, "value": "6.5"})
    symptoms = {"csrf_token": token, "date": "2026-11-02", "severity_nrs": "2"}
    assert client.post("/diary/symptoms", data=symptoms).status_code == 303
    page = client.get("/diary").text
    assert "68 ng/mL" in page and "6.5 ng/mL" in page and "severity 2/10" in page
    assert "68.0" not in page and "2.0/10" not in page


def test_invalid_entry_keeps_values_and_names_field(client: httpx.Client) -> None:
    _signed_in(client)
    form = {"csrf_token": csrf(client), **LAB, "value": "forty"}
    response = client.post("/diary/lab", data=form)
    assert response.status_code == 422
    assert 'id="lab_value-error"' in response.text and 'value="forty"' in response.text


def test_entry_form_without_csrf_is_refused(client: httpx.Client) -> None:
    _signed_in(client)
    assert client.post("/diary/lab", data=LAB).status_code == 403
    assert _entry_ids(client.get("/diary").text) == []


def test_other_person_cannot_delete_by_guessing_id(
    client: httpx.Client, person_b: httpx.Client
) -> None:
    _signed_in(client)
    client.post("/diary/lab", data={"csrf_token": csrf(client), **LAB})
    (entry_id,) = _entry_ids(client.get("/diary").text)
    replay = person_b.post(f"/diary/entries/{entry_id}/delete", data={"csrf_token": csrf(person_b)})
    assert replay.status_code == 404
    assert _entry_ids(client.get("/diary").text) == [entry_id]
    assert _entry_ids(person_b.get("/diary").text) == []


def test_replayed_form_with_other_persons_csrf_is_refused(
    client: httpx.Client, person_b: httpx.Client
) -> None:
    _signed_in(client)
    form = {"csrf_token": csrf(person_b), **LAB}
    assert client.post("/diary/lab", data=form).status_code == 403


def test_api_needs_token(client: httpx.Client) -> None:
    _signed_in(client)  # a session cookie is not enough for the API
    response = client.get("/api/v1/diary/entries")
    assert response.status_code == 401 and response.json()["status"] == 401
    assert response.headers["www-authenticate"] == "Bearer"
    bad = client.get("/api/v1/diary/entries", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401


def test_api_entries_scoped_to_token_owner(client: httpx.Client, person_b: httpx.Client) -> None:
    _signed_in(client)
    a = {"Authorization": f"Bearer {_token(client)}"}
    b = {"Authorization": f"Bearer {_token(person_b)}"}
    body = {"kind": "symptoms", "fields": {"date": "2026-11-20", "severity_nrs": 6}}
    created = client.post("/api/v1/diary/entries", json=body, headers=a)
    assert created.status_code == 201
    entry_id = created.json()["id"]
    url = f"/api/v1/diary/entries/{entry_id}"
    assert client.get(url, headers=a).json()["severity_nrs"] == 6
    assert person_b.get(url, headers=b).status_code == 404
    assert person_b.patch(url, json={"severity_nrs": 1}, headers=b).status_code == 404
    assert person_b.delete(url, headers=b).status_code == 404
    assert person_b.get("/api/v1/diary/entries", headers=b).json() == {"entries": []}
    # B may log the same day: each person's diary is separate
    assert person_b.post("/api/v1/diary/entries", json=body, headers=b).status_code == 201
    assert client.get(url, headers=a).json()["severity_nrs"] == 6
    assert client.delete(url, headers=a).status_code == 204
    assert client.get(url, headers=a).json()["status"] == 404


def test_api_invalid_entry_lists_problems(client: httpx.Client) -> None:
    _signed_in(client)
    headers = {"Authorization": f"Bearer {_token(client)}"}
    body = {"kind": "lab", "fields": {"date": "2026-11-01", "test": "ferritin", "value": 3}}
    response = client.post("/api/v1/diary/entries", json=body, headers=headers)
    assert response.status_code == 422
    assert [e["location"] for e in response.json()["errors"]] == ["unit"]


def test_api_conflict_is_409(client: httpx.Client) -> None:
    _signed_in(client)
    headers = {"Authorization": f"Bearer {_token(client)}"}
    body = {"kind": "symptoms", "fields": {"date": "2026-11-20", "severity_nrs": 6}}
    client.post("/api/v1/diary/entries", json=body, headers=headers)
    again = client.post("/api/v1/diary/entries", json=body, headers=headers)
    assert again.status_code == 409 and "already" in again.json()["error"]


def test_doctors_report_needs_basics_then_opens_and_downloads(client: httpx.Client) -> None:
    _signed_in(client)
    client.post("/diary/lab", data={"csrf_token": csrf(client), **LAB})
    assert client.get("/diary/report.html").status_code == 422
    saved = client.post(
        "/diary/basics", data={"csrf_token": csrf(client), "age": "52", "sex": "female"}
    )
    assert saved.status_code == 303
    report = client.get("/diary/report.html")
    assert report.status_code == 200
    assert "content-disposition" not in report.headers  # a page in the browser
    assert "<html" in report.text.lower() and "erritin" in report.text
    pdf = client.get("/diary/report.pdf")
    assert pdf.status_code == 200 and "attachment" in pdf.headers["content-disposition"]


def test_basics_form_names_bad_age(client: httpx.Client) -> None:
    _signed_in(client)
    response = client.post("/diary/basics", data={"csrf_token": csrf(client), "age": "900"})
    assert response.status_code == 422 and 'id="age-error"' in response.text
