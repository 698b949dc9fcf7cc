"""The one JSON error body of ekbom's HTTP endpoints, as OpenAPI declares it:

    {"ok": false, "error": "what went wrong", "errors": [{"location": …, "message": …}],
     "status": 422}

`declared(401, 404, …)` is the `responses=` of a route: each status with this body and what it
means, so the schema says what the API really answers (schemathesis checks it does).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel


class ErrorItem(BaseModel):
    """One problem: where it is (a field, `labs[0].unit`) and what to do about it."""

    location: str
    message: str


class ErrorBody(BaseModel):
    """Every error answer of the API and of /cds-services."""

    ok: Literal[False]
    error: str
    errors: list[ErrorItem]
    status: int


MEANINGS = {
    400: "the request is malformed (CDS Hooks: not UTF-8 JSON, or not a hook request)",
    401: "no or unknown API token (send Authorization: Bearer TOKEN)",
    404: "no such address, service or diary entry",
    409: "the entry clashes with the diary (a day already logged, overlapping periods)",
    412: "the prefetch lacks data the service needs",
    413: "the request body is larger than 20 MB",
    422: "invalid values; `errors` lists every problem with its location",
    429: "too many failed sign-ins; wait Retry-After seconds",
}


def declared(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI responses for `statuses`, each with the error body."""
    return {s: {"model": ErrorBody, "description": MEANINGS[s]} for s in statuses}
