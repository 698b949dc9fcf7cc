"""The HTML pages: the questionnaire (GET /) and its report (POST /report), no account needed,
nothing stored. Plain forms: everything works without JavaScript (the questionnaire's "Add
another" rows are in routes/questionnaire_rows.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from ekbom import presenter
from ekbom.engine import assess
from ekbom.errors import ProfileError
from ekbom.knowledge.models import Knowledge
from ekbom.web import csrf
from ekbom.web.checked_request import CheckedRoute
from ekbom.web.form import build_profile, field_errors, submitted
from ekbom.web.questionnaire_view import questionnaire_context

router = APIRouter(include_in_schema=False, route_class=CheckedRoute)


@router.get("/")
def questionnaire(request: Request) -> Response:
    """The questionnaire."""
    templates = request.app.state.templates
    context = questionnaire_context(request, {}, {})
    return templates.TemplateResponse(request, "questionnaire.html", context)  # type: ignore[no-any-return]


@router.post("/report", dependencies=[Depends(csrf.check)])
async def report(request: Request) -> Response:
    """The report for the submitted questionnaire, or the questionnaire again with each problem
    beside its field and every typed value kept."""
    templates = request.app.state.templates
    kb: Knowledge = request.app.state.knowledge
    values = submitted(await request.form())
    built = build_profile(values, kb)
    problems = list(built.problems)  # a lab row without its test, and the like
    try:
        document = assess(built.profile, knowledge=kb).to_dict()
    except ProfileError as error:
        problems += error.problems
    if problems:
        context = questionnaire_context(request, values, field_errors(problems, built.fields))
        return templates.TemplateResponse(  # type: ignore[no-any-return]
            request, "questionnaire.html", context, status_code=422
        )
    context = report_context(kb, document)
    return templates.TemplateResponse(request, "report.html", context)  # type: ignore[no-any-return]


def report_context(kb: Knowledge, document: dict[str, Any]) -> dict[str, Any]:
    """What `report.html` reads: the document, the knowledge and the presenter's words, with a
    fresh citation numbering for the page."""
    return {"kb": kb, "doc": document, "p": presenter, "refs": presenter.CitationNumbers()}
