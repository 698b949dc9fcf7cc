"""schemathesis against the app's /openapi.json: every generated request (valid and invalid, with
a real API token so the diary routes are reached) gets no 5xx, a status code the schema
declares, and a body that matches the schema declared for that status.

Requests go to a real uvicorn server on 127.0.0.1; the run is bounded (about half a minute on
two busy cores). Skipped when schemathesis is absent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, settings

from tests.web.conftest import web_settings

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")

from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    response_schema_conformance,
    status_code_conformance,
)

from ekbom.web import create_app  # noqa: E402
from tests.web.test_accounts import new_email, register  # noqa: E402
from tests.web.test_diary import _token  # noqa: E402

schema = schemathesis.openapi.from_dict(create_app(web_settings(Path("/nonexistent"))).openapi())
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def auth(server: str) -> dict[str, str]:
    """An account with an API token and one entry, so ids and updates can hit something."""
    with httpx.Client(base_url=server, timeout=30) as client:
        client.get("/")
        register(client, new_email())
        headers = {"Authorization": f"Bearer {_token(client)}"}
        lab = {"date": "2026-11-01", "test": "ferritin", "value": 40, "unit": "ng/mL"}
        client.post("/api/v1/diary/entries", headers=headers, json={"kind": "lab", "fields": lab})
    return headers


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_what_its_schema_declares(case: Any, server: str, auth: dict[str, str]) -> None:
    case.call_and_validate(base_url=server, headers=auth, checks=CHECKS, timeout=30)


def test_schema_declares_the_error_body_not_fastapis() -> None:
    document = schema.raw_schema
    error = document["components"]["schemas"]["ErrorBody"]
    assert set(error["properties"]) == {"ok", "error", "errors", "status"}
    entry = document["paths"]["/api/v1/diary/entries/{entry_id}"]["patch"]["responses"]
    assert {"401", "404", "409", "413", "422"} <= set(entry)
    assert entry["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    assert "HTTPValidationError" not in str(document["paths"])
