"""The JSON API under /api/v1: assess a profile, read the knowledge, check the server."""

from __future__ import annotations

from datetime import date
from typing import Any

import pydantic_core
from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from ekbom.__about__ import __version__
from ekbom.engine import assess
from ekbom.errors import Problem
from ekbom.interop.error_body import declared
from ekbom.knowledge.models import Knowledge
from ekbom.web.checked_request import CheckedRoute, UnreadableBody


def json_text(document: dict[str, Any]) -> bytes:
    """The document as compact UTF-8 JSON; pydantic-core's encoder takes a third of the time
    of the standard library's for the 23 KB assessment document."""
    return pydantic_core.to_json(document)


router = APIRouter(prefix="/api/v1", tags=["api"], route_class=CheckedRoute)


@router.get("/health")
def health() -> dict[str, Any]:
    """A trivial answer: the server runs (and its version)."""
    return {"ok": True, "version": __version__}


LIMITS = ("strictest", "us", "eu")
# Profiles up to this size are assessed on the event loop, larger ones in a worker thread. The
# example profile is 1.2 KB of JSON (0.5 ms); 16 KB is about 500 medicines (about 4 ms).
ON_THE_LOOP_BYTES = 16 * 1024
# What FastAPI would declare for `profile: dict` in the body and `as_of`, `limits` in the query;
# the route reads them itself (FastAPI's parameter machinery cost an eighth of each assessment).
ASSESS_OPENAPI = {
    "parameters": [
        {"name": "as_of", "in": "query", "required": False,
         "schema": {"type": "string", "format": "date"},
         "description": "the day to assess on (YYYY-MM-DD); today when left out"},
        {"name": "limits", "in": "query", "required": False,
         "schema": {"type": "string", "enum": list(LIMITS)},
         "description": "which upper limits to apply"},
    ],
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {
            "type": "object", "additionalProperties": True, "title": "Profile",
            "description": "a profile (spec assessment-v1 §1)"}}},
    },
}  # fmt: skip


@router.post(
    "/assess",
    response_model=dict[str, Any],
    responses=declared(413, 422),
    openapi_extra=ASSESS_OPENAPI,
)
async def assess_profile(request: Request) -> Response:
    """Assess a profile: the assessment document of spec assessment-v1, as `ekbom assess`
    prints it with `--format json`. An invalid profile answers 422 listing every problem."""
    # The assessment and its JSON text are made in one go and answered at once (FastAPI would
    # otherwise validate and encode the 23 KB document again through its response model). A
    # profile of a usual size is assessed on the event loop: under a millisecond of CPU, and on a
    # quiet 2-core machine the thread-pool trip cost 15 % of the requests per second and doubled
    # p99 (docs/web.md, Speed). A large body goes to a worker thread, so that one huge profile
    # cannot hold every other connection for its whole assessment.
    as_of, limits = _options(request)
    profile = await request.json()  # CheckedRequest: 422 naming the problem when unreadable
    if not isinstance(profile, dict):
        given = "nothing" if profile is None else f"JSON {type(profile).__name__}"
        problem = Problem("body", f"must be a profile, a JSON object; {given} was sent")
        raise UnreadableBody([problem], "the profile is invalid")
    kb: Knowledge = request.app.state.knowledge
    if len(await request.body()) <= ON_THE_LOOP_BYTES:
        text = _assessed(profile, as_of, limits, kb)
    else:
        text = await run_in_threadpool(_assessed, profile, as_of, limits, kb)
    return Response(text, media_type="application/json")


def _assessed(
    profile: dict[str, Any], as_of: date | None, limits: str | None, kb: Knowledge
) -> bytes:
    """The assessment document as JSON text."""
    return json_text(assess(profile, as_of=as_of, limits=limits, knowledge=kb).to_dict())


def _options(request: Request) -> tuple[date | None, str | None]:
    """The query's `as_of` and `limits`; 422 naming each one that is wrong."""
    query = request.query_params
    problems = []
    as_of = None
    if "as_of" in query:
        try:
            as_of = date.fromisoformat(query["as_of"])
        except ValueError:
            problems.append(Problem("as_of", "is not a date; use YYYY-MM-DD"))
    limits = query.get("limits")
    if limits is not None and limits not in LIMITS:
        problems.append(Problem("limits", f"must be one of: {', '.join(LIMITS)}"))
    if problems:
        raise UnreadableBody(problems, "the request has invalid values")
    return as_of, limits


@router.get("/knowledge")
def knowledge(request: Request) -> dict[str, Any]:
    """What a profile may hold: nutrients, lab tests with their units, and the vocabularies."""
    kb: Knowledge = request.app.state.knowledge
    return {
        "nutrients": [
            {"id": n.id, "name": n.name, "plain": n.plain, "unit": n.unit, "assessed": n.assessed}
            for n in kb.nutrients.values()
        ],
        "tests": [
            {
                "id": t.id,
                "name": t.name,
                "plain": t.plain,
                "units": list(t.units),
                "canonical": t.canonical,
                "loinc": list(t.loinc),
            }
            for t in kb.tests.values()
        ],
        "conditions": [{"id": c.id, "name": c.name} for c in kb.conditions.values()],
        "medications": {
            "ingredients": sorted(i.name for i in kb.ingredients.values()),
            "brands": sorted(b.name for b in kb.brands.values()),
        },
    }
