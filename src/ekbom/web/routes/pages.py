"""The HTML pages: the questionnaire (GET /), its report (POST /report) and the report's PDF
(POST /report.pdf: the report page re-posts the same answers from hidden fields), no account
needed, nothing stored. Plain forms: everything works without JavaScript (the questionnaire's
"Add another" rows are in routes/questionnaire_rows.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ekbom import presenter
from ekbom.engine import assess
from ekbom.errors import ProfileError
from ekbom.knowledge.models import Knowledge
from ekbom.report import report_body, report_pdf
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


async def _assessed(request: Request) -> tuple[dict[str, str], dict[str, Any] | Response]:
    """The submitted answers and their assessment document, or the questionnaire again with each
    problem beside its field and every typed value kept."""
    templates = request.app.state.templates
    kb: Knowledge = request.app.state.knowledge
    values = submitted(await request.form())
    built = build_profile(values, kb)
    problems = list(built.problems)  # a lab row without its test, and the like
    document: dict[str, Any] = {}
    try:
        document = assess(built.profile, knowledge=kb).to_dict()
    except ProfileError as error:
        problems += error.problems
    if problems:
        context = questionnaire_context(request, values, field_errors(problems, built.fields))
        page = templates.TemplateResponse(request, "questionnaire.html", context, status_code=422)
        return values, page
    return values, document


@router.post("/report", dependencies=[Depends(csrf.check)])
async def report(request: Request) -> Response:
    """The report for the submitted questionnaire, with a button for its PDF."""
    values, document = await _assessed(request)
    if isinstance(document, Response):
        return document
    templates = request.app.state.templates
    toolbar = templates.get_template("_report_toolbar.html").render(
        pdf_form=values, csrf_token=csrf.token(request)
    )
    context = report_context(request.app.state.knowledge, document, toolbar)
    return templates.TemplateResponse(request, "report.html", context)  # type: ignore[no-any-return]


@router.post("/report.pdf", dependencies=[Depends(csrf.check)])
async def report_as_pdf(request: Request) -> Response:
    """The same report as a PDF (the template the doctor's report uses), to save or print."""
    _, document = await _assessed(request)
    if isinstance(document, Response):
        return document
    # WeasyPrint takes a moment: in a worker thread, so other requests are not held up
    pdf = await run_in_threadpool(report_pdf, document, request.app.state.knowledge)
    return pdf_response(pdf, str(document.get("as_of") or date.today()))


def pdf_response(pdf: bytes, day: str) -> Response:
    """A PDF to download as `ekbom-report-DATE.pdf`."""
    headers = {
        "Content-Disposition": f'attachment; filename="ekbom-report-{day}.pdf"',
        "Cache-Control": "no-store",
    }
    return Response(pdf, media_type="application/pdf", headers=headers)


def report_context(kb: Knowledge, document: dict[str, Any], toolbar: str = "") -> dict[str, Any]:
    """What `report.html` reads: the report of `ekbom.report` (its words from the presenter),
    with `toolbar` (the page's buttons) under its action card."""
    return {"title": presenter.REPORT_TITLE, "report": report_body(document, kb, toolbar=toolbar)}
