"""Diary pages for the signed-in person: the diary's advice, entry forms, one chart per panel
(for a phone or a wide screen), "did it help?", "About you" and the history."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from ekbom import presenter
from ekbom.diary.analysis import report_parts, report_pdf
from ekbom.diary.entries import add_entry, set_basics
from ekbom.diary_analysis import AnalysisError
from ekbom.errors import ConflictError, EntryError
from ekbom.knowledge.models import Knowledge
from ekbom.knowledge.vocabulary import ENTRY_KINDS
from ekbom.report import report_body
from ekbom.store import repository
from ekbom.web import csrf
from ekbom.web.auth import page_account
from ekbom.web.checked_request import CheckedRoute
from ekbom.web.diary_advice import diary_advice
from ekbom.web.diary_view import (
    basics_context,
    basics_in_web_words,
    basics_unset,
    chart_panels,
    chart_svg,
    conflict_errors,
    diary,
    did_it_help,
    form_fields,
    panel_svg,
)
from ekbom.web.form import build_basics, field_errors, submitted
from ekbom.web.routes.account_pages import render
from ekbom.web.routes.pages import pdf_response

router = APIRouter(include_in_schema=False, route_class=CheckedRoute)
FORM = [Depends(csrf.check)]


def _page(
    request: Request,
    account: int,
    status: int = 200,
    basics_form: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    kb: Knowledge = request.app.state.knowledge
    with diary(request, account) as session:
        entries = repository.list_entries(session)
        answers = did_it_help(session, kb, date.today())
        charts = chart_panels(session, kb, date.today())
        basics = repository.get_basics(session)
        found = diary_advice(session, date.today())
    context = {
        "basics": basics,
        **basics_context(kb, basics, basics_form),
        "kb": kb,
        "entries": list(reversed(entries)),
        "answers": answers,
        "charts": charts,
        "advice_found": found,
        "today": date.today().isoformat(),
        **extra,
    }
    return render(request, "diary.html", status, **context)


@router.get("/diary")
def diary_page(request: Request) -> Response:
    account = page_account(request)
    if account is None:
        return RedirectResponse("/login", status_code=303)
    return _page(request, account)


@router.post("/diary/basics", dependencies=FORM)
async def save_basics(request: Request) -> Response:
    account = page_account(request)
    if account is None:
        return RedirectResponse("/login", status_code=303)
    form = submitted(await request.form())
    built = build_basics(form)
    changes = dict(built.profile)
    try:
        with diary(request, account) as session:  # one write: the whole form or nothing
            set_basics(session, changes=changes, unset=basics_unset(changes))
    except EntryError as error:
        errors = field_errors(error.problems, built.fields)
        return _page(request, account, 422, form, errors=errors, open_form="basics")
    return RedirectResponse("/diary", status_code=303)


@router.get("/diary/report.html")
def doctors_report(request: Request) -> Response:
    """The report for the doctor as a page in the browser (the template of its PDF), with
    "Print / Save as PDF"."""
    account = page_account(request)
    if account is None:
        return RedirectResponse("/login", status_code=303)
    kb: Knowledge = request.app.state.knowledge
    with diary(request, account) as session, basics_in_web_words():
        document, parts = report_parts(session, kb, date.today())
    toolbar = request.app.state.templates.get_template("_report_toolbar.html").render(
        pdf_url="/diary/report.pdf"
    )
    report = report_body(document, kb, parts, toolbar=toolbar)
    title = presenter.DOCTOR_REPORT_SUBTITLE
    return render(request, "report.html", title=title, report=report)


@router.get("/diary/report.pdf")
def doctors_report_pdf(request: Request) -> Response:
    """The report for the doctor as a PDF: the one `ekbom report --out report.pdf` writes."""
    account = page_account(request)
    if account is None:
        return RedirectResponse("/login", status_code=303)
    kb: Knowledge = request.app.state.knowledge
    today = date.today()
    with diary(request, account) as session, basics_in_web_words():
        pdf = report_pdf(session, kb, today)
    return pdf_response(pdf, today.isoformat())


@router.post("/diary/{kind}", dependencies=FORM)
async def add(kind: str, request: Request) -> Response:
    account = page_account(request)
    if account is None:
        return RedirectResponse("/login", status_code=303)
    if kind not in ENTRY_KINDS:
        raise HTTPException(404, "there is no such diary form")
    form = {k: str(v) for k, v in (await request.form()).items()}
    try:
        with diary(request, account) as session:
            add_entry(session, kind=kind, fields=form_fields(kind, form))
    except EntryError as error:
        errors: dict[str, list[str]] = {}
        for problem in error.problems:
            errors.setdefault(f"{kind}_{problem.location}", []).append(problem.message)
        return _page(request, account, 422, errors=errors, values=form, open_form=kind)
    except ConflictError as error:
        errors = conflict_errors(kind, error)
        return _page(request, account, 409, errors=errors, values=form, open_form=kind)
    return RedirectResponse("/diary#history", status_code=303)


@router.post("/diary/entries/{entry_id}/delete", dependencies=FORM)
def delete(entry_id: int, request: Request) -> Response:
    account = page_account(request)
    if account is None:
        return RedirectResponse("/login", status_code=303)
    with diary(request, account) as session:
        entry = repository.delete_entry(session, entry_id=entry_id)  # NotFoundError -> 404
        if request.headers.get("HX-Request") != "true":
            return RedirectResponse("/diary#history", status_code=303)
        # htmx: the row, the chart and the answers, redrawn in place
        kb = request.app.state.knowledge
        charts = chart_panels(session, kb, date.today())
        answers = did_it_help(session, kb, date.today())
        found = diary_advice(session, date.today())  # the advice may change with the entry
    return render(
        request,
        "_entry_deleted.html",
        entry=entry,
        entry_id=entry_id,
        charts=charts,
        answers=answers,
        advice_found=found,
        kb=kb,
    )


@router.get("/diary/chart.svg")
def chart(request: Request) -> Response:
    account = page_account(request)
    if account is None:
        return RedirectResponse("/login", status_code=303)
    kb: Knowledge = request.app.state.knowledge
    with diary(request, account) as session:
        svg = chart_svg(session, kb, date.today())
    if svg is None:
        raise HTTPException(404, "the diary is empty: log an entry first")
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


@router.get("/diary/chart/{panel}.svg")
def chart_panel(panel: str, request: Request, size: str = "wide") -> Response:
    """One chart of the diary page: `size=narrow` draws it for a phone."""
    account = page_account(request)
    if account is None:
        return RedirectResponse("/login", status_code=303)
    if size not in ("wide", "narrow"):
        raise HTTPException(422, "size must be wide or narrow")
    kb: Knowledge = request.app.state.knowledge
    try:
        with diary(request, account) as session:
            svg = panel_svg(session, kb, date.today(), panel, size == "narrow")
    except AnalysisError as error:
        raise HTTPException(404, error.hint) from None
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})
