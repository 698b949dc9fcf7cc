"""The JSON API under /api/v1: assess a profile, read the knowledge, check the server."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Request

from ekbom.__about__ import __version__
from ekbom.engine import assess
from ekbom.interop.error_body import declared
from ekbom.knowledge.models import Knowledge
from ekbom.web.checked_request import CheckedRoute

router = APIRouter(prefix="/api/v1", tags=["api"], route_class=CheckedRoute)


@router.get("/health")
def health() -> dict[str, Any]:
    """A trivial answer: the server runs (and its version)."""
    return {"ok": True, "version": __version__}


@router.post("/assess", responses=declared(413, 422))
def assess_profile(
    request: Request,
    profile: Annotated[dict[str, Any], Body(description="a profile (spec assessment-v1 §1)")],
    as_of: date | None = None,
    limits: Literal["strictest", "us", "eu"] | None = None,
) -> dict[str, Any]:
    """Assess a profile: the assessment document of spec assessment-v1, as `ekbom assess`
    prints it with `--format json`. An invalid profile answers 422 listing every problem."""
    kb: Knowledge = request.app.state.knowledge
    return assess(profile, as_of=as_of, limits=limits, knowledge=kb).to_dict()


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
