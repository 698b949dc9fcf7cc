"""Extreme input gets a 4xx with a clear message, on SQLite and PostgreSQL: the server keeps
answering and nothing is written (issue 14). Each request is sent to a real uvicorn server."""

from __future__ import annotations

import html as html_lib
from collections.abc import Iterator

import httpx
import pytest

from ekbom.interop.json_body import MAX_BODY, MAX_DEPTH
from ekbom.store.tables import MAX_ENTRY_ID
from ekbom.web.store_fixes import FIXES
from tests.store.databases import BACKENDS, database_url
from tests.web.conftest import csrf
from tests.web.test_accounts import PASSWORD, new_email, register
from tests.web.test_diary import _token
from tests.web.test_shared_store import _server

LAB = {"date": "2026-11-01", "test": "ferritin", "value": 40, "unit": "ng/mL"}
HUGE_IDS = ["99999999999999999999999", "9223372036854775808", str(MAX_ENTRY_ID + 1), "0", "-1"]
JSON = {"content-type": "application/json"}


class Site:
    """A signed-in browser and its API token on one server, with the diary's first entry."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        register(client, new_email())
        self.api = {"Authorization": f"Bearer {_token(client)}"}
        added = client.post("/api/v1/diary/entries", headers=self.api, json=_entry(LAB))
        assert added.status_code == 201, added.text
        self.entry = added.json()

    def entries(self) -> list[dict[str, object]]:
        listed = self.client.get("/api/v1/diary/entries", headers=self.api)
        assert listed.status_code == 200
        return list(listed.json()["entries"])

    def still_up(self) -> None:
        """The server answers the next request, and the diary is as it was."""
        assert self.client.get("/api/v1/health").json()["ok"] is True
        assert self.entries() == [self.entry]


def _entry(fields: dict[str, object]) -> dict[str, object]:
    return {"kind": "lab", "fields": fields}


@pytest.fixture(scope="module", params=BACKENDS)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("hostile")
    with database_url(request.param, folder) as url, _server(url) as base:
        with httpx.Client(base_url=base, timeout=60) as client:
            client.get("/")
            yield Site(client)


def _problems(response: httpx.Response) -> list[str]:
    body = response.json()
    assert set(body) == {"ok", "error", "errors", "status"}
    assert body["status"] == response.status_code
    return [f"{e['location']}: {e['message']}" for e in body["errors"]]


@pytest.mark.parametrize("entry_id", HUGE_IDS)
@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_api_entry_id_beyond_the_column_is_404(site: Site, method: str, entry_id: str) -> None:
    body = {"note": "x"} if method == "PATCH" else None
    response = site.client.request(
        method, f"/api/v1/diary/entries/{entry_id}", headers=site.api, json=body
    )
    assert response.status_code == 404
    assert response.json()["error"] == _no_entry(entry_id)
    site.still_up()


def _no_entry(entry_id: str) -> str:
    return f"there is no entry {int(entry_id)} in the diary; {FIXES['no_entry']}"


def test_largest_entry_id_is_an_ordinary_404(site: Site) -> None:
    response = site.client.get(f"/api/v1/diary/entries/{MAX_ENTRY_ID}", headers=site.api)
    assert response.status_code == 404
    site.still_up()


@pytest.mark.parametrize("entry_id", HUGE_IDS)
def test_page_delete_of_an_id_beyond_the_column_is_404(site: Site, entry_id: str) -> None:
    form = {"csrf_token": csrf(site.client)}
    response = site.client.post(f"/diary/entries/{entry_id}/delete", data=form)
    assert response.status_code == 404
    assert _no_entry(entry_id) in html_lib.unescape(response.text)
    site.still_up()


def _raw_json(site: Site, method: str, path: str, body: bytes) -> httpx.Response:
    return site.client.request(method, path, headers={**site.api, **JSON}, content=body)


def test_lone_surrogate_in_a_new_entrys_note_is_422(site: Site) -> None:
    body = b'{"kind":"lab","fields":{"date":"2026-11-02","test":"ferritin","value":40,'
    body += b'"unit":"ng/mL","note":"\\ud800"}}'
    response = _raw_json(site, "POST", "/api/v1/diary/entries", body)
    assert response.status_code == 422
    assert _problems(response) == [
        "body.fields.note: contains a lone UTF-16 surrogate (like \\ud800), which is not text; "
        "remove it"
    ]
    site.still_up()


def test_lone_surrogate_in_a_patch_is_422(site: Site) -> None:
    path = f"/api/v1/diary/entries/{site.entry['id']}"
    response = _raw_json(site, "PATCH", path, b'{"note":"a\\udfffb"}')
    assert response.status_code == 422
    assert _problems(response)[0].startswith("body.note: contains a lone UTF-16 surrogate")
    site.still_up()


def test_lone_surrogate_in_a_medication_of_assess_is_422(site: Site) -> None:
    body = b'{"age":50,"sex":"female","medications":["Zoloft","\\ud800 50 mg"]}'
    response = _raw_json(site, "POST", "/api/v1/assess", body)
    assert response.status_code == 422
    assert _problems(response)[0].startswith("body.medications[1]: contains a lone UTF-16")
    site.still_up()


def test_nul_in_a_note_is_422_on_every_backend(site: Site) -> None:
    added = site.client.post(
        "/api/v1/diary/entries",
        headers=site.api,
        json=_entry({**LAB, "date": "2026-11-03", "note": "a\u0000b"}),
    )
    patched = site.client.patch(
        f"/api/v1/diary/entries/{site.entry['id']}", headers=site.api, json={"note": "a\u0000b"}
    )
    assert (added.status_code, patched.status_code) == (422, 422)
    assert _problems(added) == ["body.fields.note: contains a NUL character (\\u0000); remove it"]
    assert _problems(patched) == ["body.note: contains a NUL character (\\u0000); remove it"]
    site.still_up()


def test_nul_in_a_diary_forms_note_is_422(site: Site) -> None:
    form = {"csrf_token": csrf(site.client), **LAB, "date": "2026-11-04", "note": "a\u0000b"}
    response = site.client.post("/diary/lab", data={k: str(v) for k, v in form.items()})
    assert response.status_code == 422
    assert "note: contains a NUL character" in response.text
    site.still_up()


@pytest.mark.parametrize("page", ["/register", "/login"])
def test_nul_in_the_email_of_a_sign_in_form_is_422(site: Site, page: str) -> None:
    with httpx.Client(base_url=str(site.client.base_url), timeout=60) as stranger:
        stranger.get("/")
        form = {"csrf_token": csrf(stranger), "email": "nul\u0000@example.org"}
        form |= {"password": PASSWORD, "confirm": PASSWORD}
        response = stranger.post(page, data=form)
    assert response.status_code == 422
    assert "email: contains a NUL character" in response.text
    site.still_up()


def _cds(site: Site, body: bytes) -> httpx.Response:
    return site.client.post("/cds-services/ekbom-rls-nutrients", content=body, headers=JSON)


def test_cds_hooks_body_of_huge_nested_arrays_is_400(site: Site) -> None:
    response = _cds(site, b"[" * 100_000 + b"]" * 100_000)
    assert response.status_code == 400
    assert _problems(response) == [
        f"body: is nested deeper than {MAX_DEPTH} levels; send a flatter document"
    ]
    site.still_up()


def test_cds_hooks_body_of_a_deeply_nested_object_is_400(site: Site) -> None:
    response = _cds(site, b'{"a":' * 100_000 + b"1" + b"}" * 100_000)
    assert response.status_code == 400
    assert "nested deeper" in _problems(response)[0]
    site.still_up()


def test_cds_hooks_body_nested_to_the_limit_is_read(site: Site) -> None:
    inside = b"[" * (MAX_DEPTH - 2) + b"]" * (MAX_DEPTH - 2)
    response = _cds(site, b'{"hook":"patient-view","x":' + inside + b"}")
    assert response.status_code == 400  # read, then refused for what it lacks, not its depth
    assert not any("nested deeper" in p for p in _problems(response))
    site.still_up()


def test_cds_hooks_body_of_invalid_utf8_is_400(site: Site) -> None:
    response = _cds(site, b'{"hook":"order-sign","context":{"patientId":"\xff\xfe"}}')
    assert response.status_code == 400
    assert _problems(response) == ["body: is not UTF-8 text (byte 45 cannot be read); send UTF-8"]
    site.still_up()


def test_api_body_of_invalid_utf8_or_deep_nesting_is_422(site: Site) -> None:
    for body in (b'{"age":50,"sex":"\xff"}', b"[" * 100_000 + b"]" * 100_000):
        response = _raw_json(site, "POST", "/api/v1/assess", body)
        assert response.status_code == 422
        assert _problems(response)[0].startswith("body: is ")
    site.still_up()


def _streamed(size: int) -> Iterator[bytes]:
    """`size` bytes in 1 MB chunks, each a form field of its own (starlette refuses one form
    field over 1 MB by itself, so the limit under test is reached only this way)."""
    chunk = b"x" * 999_998 + b"=&"
    for _ in range(size // len(chunk)):
        yield chunk


FORM = {"content-type": "application/x-www-form-urlencoded"}


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/api/v1/assess", JSON),
        ("/cds-services/ekbom-rls-nutrients", JSON),
        ("/report", FORM),
        ("/diary/lab", FORM),
    ],
)
def test_body_over_the_limit_is_413_by_length_and_by_stream(
    site: Site, path: str, headers: dict[str, str]
) -> None:
    by_length = site.client.post(path, content=b"x" * (MAX_BODY + 1), headers=headers)
    by_stream = site.client.post(path, content=_streamed(MAX_BODY + 1_000_000), headers=headers)
    assert (by_length.status_code, by_stream.status_code) == (413, 413)
    for response in (by_length, by_stream):
        assert f"larger than {MAX_BODY} bytes" in response.text
    site.still_up()
