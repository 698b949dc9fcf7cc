"""schemathesis against the app's /openapi.json: no generated request may get a 5xx answer.

Requests go to a real uvicorn server on 127.0.0.1. Skipped when schemathesis is absent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from tests.web.conftest import web_settings

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")

from ekbom.web import create_app  # noqa: E402

schema = schemathesis.openapi.from_dict(create_app(web_settings(Path("/nonexistent"))).openapi())


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_generated_requests_get_no_5xx(case: Any, server: str) -> None:
    response = case.call(base_url=server, timeout=30)
    assert response.status_code < 500, (case.method, case.path, response.text[:500])
