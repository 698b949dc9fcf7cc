"""The fragments htmx swaps into the diary page: the lab unit field and a deleted row. Each is
a form post like any other: it needs the CSRF token and a signed-in person."""

from __future__ import annotations

import re

import httpx

import ekbom
from tests.web.conftest import csrf
from tests.web.test_accounts import new_email, register
from tests.web.test_diary import LAB

HTMX = {"HX-Request": "true"}


def _options(html: str) -> list[str]:
    return re.findall(r'<option value="([^"]+)"', html)


def test_lab_units_fragment_lists_only_the_chosen_tests_units(client: httpx.Client) -> None:
    register(client, new_email())
    kb = ekbom.load_knowledge()
    for test in ("ferritin", "vitamin_d", "magnesium"):
        form = {"csrf_token": csrf(client), "test": test, "date": "", "value": ""}
        response = client.post("/diary/lab/units", data=form, headers=HTMX)
        assert response.status_code == 200, response.text
        assert response.text.lstrip().startswith('<div class="field" id="lab_unit-field">')
        assert "<html" not in response.text
        assert _options(response.text) == list(kb.tests[test].units)


def test_lab_units_fragment_keeps_a_unit_the_test_has(client: httpx.Client) -> None:
    register(client, new_email())
    form = {"csrf_token": csrf(client), "test": "ferritin", "unit": "ng/mL"}
    kept = client.post("/diary/lab/units", data=form, headers=HTMX).text
    assert '<option value="ng/mL" selected>' in kept
    other = client.post("/diary/lab/units", data=form | {"unit": "nmol/L"}, headers=HTMX).text
    assert " selected" not in other


def test_lab_units_fragment_needs_csrf_sign_in_and_a_known_test(
    client: httpx.Client, server: str
) -> None:
    with httpx.Client(base_url=server, timeout=30) as stranger:
        stranger.get("/")
        form = {"csrf_token": csrf(stranger), "test": "ferritin"}
        assert stranger.post("/diary/lab/units", data=form).status_code == 401
    register(client, new_email())
    assert client.post("/diary/lab/units", data={"test": "ferritin"}).status_code == 403
    wrong = client.post("/diary/lab/units", data={"csrf_token": "x" * 43, "test": "ferritin"})
    assert wrong.status_code == 403
    unknown = client.post("/diary/lab/units", data={"csrf_token": csrf(client), "test": "ferrit"})
    assert unknown.status_code == 422 and "ferritin" in unknown.text


def _add_lab(client: httpx.Client) -> int:
    client.post("/diary/lab", data={"csrf_token": csrf(client), **LAB})
    found = re.findall(r'<tr id="entry-(\d+)"', client.get("/diary").text)
    assert found
    return int(found[0])


def test_htmx_delete_answers_the_row_and_chart_in_place(client: httpx.Client) -> None:
    register(client, new_email())
    first = _add_lab(client)
    second = _add_lab(client)
    response = client.post(
        f"/diary/entries/{second}/delete", data={"csrf_token": csrf(client)}, headers=HTMX
    )
    assert response.status_code == 200 and "<html" not in response.text
    assert f'<tr id="entry-{second}" class="deleted">' in response.text
    assert 'role="status">Deleted the lab entry of 2026-11-01.' in response.text
    assert '<div id="chart-area" hx-swap-oob="true">' in response.text
    # entries are left: each chart is fetched again, for a phone and for a wide screen
    assert f'srcset="/diary/chart/ferritin.svg?size=narrow&amp;after={second}"' in response.text
    assert f'src="/diary/chart/ferritin.svg?size=wide&amp;after={second}"' in response.text
    page = client.get("/diary").text
    assert f'id="entry-{second}"' not in page and f'id="entry-{first}"' in page
    last = client.post(
        f"/diary/entries/{first}/delete", data={"csrf_token": csrf(client)}, headers=HTMX
    )
    assert "Log a few entries to see your charts." in last.text and "<img" not in last.text


def test_htmx_delete_needs_csrf_and_changes_nothing_without(client: httpx.Client) -> None:
    register(client, new_email())
    entry = _add_lab(client)
    refused = client.post(f"/diary/entries/{entry}/delete", data={}, headers=HTMX)
    assert refused.status_code == 403
    assert f'id="entry-{entry}"' in client.get("/diary").text


def test_htmx_delete_of_a_supplement_redraws_did_it_help(client: httpx.Client) -> None:
    register(client, new_email())
    period = {"nutrient": "magnesium", "amount": "100", "unit": "mg", "per": "day"}
    period |= {"from": "2026-11-01", "csrf_token": csrf(client)}
    assert client.post("/diary/supplement", data=period).status_code == 303
    page = client.get("/diary").text
    assert "Did it help?" in page
    [entry] = re.findall(r'<tr id="entry-(\d+)"', page)
    response = client.post(
        f"/diary/entries/{entry}/delete", data={"csrf_token": csrf(client)}, headers=HTMX
    )
    assert '<div id="help-area" hx-swap-oob="true">' in response.text
    assert "Did it help?" not in response.text  # no supplement is left to ask about
