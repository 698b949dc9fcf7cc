"""The JSON API: /api/v1/assess equals the engine's document; one error shape for all errors."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import yaml

import ekbom
from tests.web.conftest import AS_OF, mixed_profile

EXAMPLE = Path(ekbom.__file__).parent / "cli" / "example-profile.yaml"
ERROR_KEYS = {"ok", "error", "errors", "status"}
JSON = {"content-type": "application/json"}


def test_assess_document_equals_engine_for_example(client: httpx.Client) -> None:
    profile = json.loads(json.dumps(yaml.safe_load(EXAMPLE.read_text("utf-8")), default=str))
    response = client.post("/api/v1/assess", json=profile)
    assert response.status_code == 200
    assert response.json() == ekbom.assess(profile).to_dict()


def test_assess_a_profile_too_large_for_the_event_loop_answers_the_same(
    client: httpx.Client,
) -> None:
    """Over `ON_THE_LOOP_BYTES` the assessment runs in a worker thread: the same document."""
    from ekbom.web.routes.api import ON_THE_LOOP_BYTES

    profile = json.loads(json.dumps(yaml.safe_load(EXAMPLE.read_text("utf-8")), default=str))
    profile["medications"] = [f"metformin 500 mg twice a day (bottle {i})" for i in range(600)]
    assert len(json.dumps(profile)) > ON_THE_LOOP_BYTES
    response = client.post("/api/v1/assess", json=profile)
    assert response.status_code == 200
    assert response.json() == ekbom.assess(profile).to_dict()


def test_assess_document_equals_engine_with_as_of_and_limits(client: httpx.Client) -> None:
    response = client.post(
        "/api/v1/assess", params={"as_of": AS_OF, "limits": "eu"}, json=mixed_profile()
    )
    expected = ekbom.assess(mixed_profile(), as_of=AS_OF, limits="eu").to_dict()
    assert response.status_code == 200
    assert response.json() == expected
    assert response.json()["limits"] == "eu"


def test_assess_invalid_profile_lists_every_problem(client: httpx.Client) -> None:
    response = client.post("/api/v1/assess", json={"age": 400, "labs": [{"test": "ferritin"}]})
    body = response.json()
    assert response.status_code == 422
    assert set(body) == ERROR_KEYS and body["ok"] is False and body["status"] == 422
    locations = {e["location"] for e in body["errors"]}
    assert {"age", "sex", "labs[0].value"} <= locations


def test_assess_non_object_body_uses_error_shape(client: httpx.Client) -> None:
    response = client.post(
        "/api/v1/assess", content=b"[1, 2", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert set(response.json()) == ERROR_KEYS


def test_assess_bad_query_uses_error_shape(client: httpx.Client) -> None:
    response = client.post("/api/v1/assess", params={"limits": "moon"}, json={"age": 3})
    body = response.json()
    assert response.status_code == 422
    assert body["errors"][0]["location"] == "limits"


def test_unknown_api_path_and_method_use_error_shape(client: httpx.Client) -> None:
    missing = client.get("/api/v1/nothing-here")
    wrong = client.get("/api/v1/assess")
    assert (missing.status_code, wrong.status_code) == (404, 405)
    assert set(missing.json()) == ERROR_KEYS == set(wrong.json())


def test_knowledge_lists_tests_with_their_own_units(client: httpx.Client) -> None:
    body = client.get("/api/v1/knowledge").json()
    kb = ekbom.load_knowledge()
    units = {t["id"]: t["units"] for t in body["tests"]}
    assert units == {t.id: list(t.units) for t in kb.tests.values()}
    assert "Zoloft" in body["medications"]["brands"]
    assert {n["id"] for n in body["nutrients"]} == set(kb.nutrients)


def test_openapi_lists_the_api(client: httpx.Client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/v1/assess", "/api/v1/knowledge", "/api/v1/health"} <= set(paths)


def test_cds_hooks_discovery_is_mounted(client: httpx.Client) -> None:
    response = client.get("/cds-services")
    assert response.status_code == 200
    assert response.json()["services"]


def test_assess_body_that_is_no_profile_names_the_body(client: httpx.Client) -> None:
    for content, sent in ((b"[1, 2]", "JSON list"), (b"", "nothing"), (b'"x"', "JSON str")):
        response = client.post("/api/v1/assess", content=content, headers=JSON)
        assert response.status_code == 422
        assert response.json()["errors"] == [
            {"location": "body", "message": f"must be a profile, a JSON object; {sent} was sent"}
        ]


def test_assess_bad_date_in_query_names_it(client: httpx.Client) -> None:
    response = client.post("/api/v1/assess", params={"as_of": "2026-02-30"}, json={"age": 3})
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "location": "as_of",
        "message": "is not a date; use YYYY-MM-DD",
    }
