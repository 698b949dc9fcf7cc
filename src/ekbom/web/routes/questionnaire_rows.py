"""The questionnaire's "Add another" rows (labs, medicines, supplements) and a lab row's units.

* `POST /questionnaire` (any form field, `add` = lab, medication or supplement): without
  JavaScript, "Add another" is a submit button; the questionnaire comes back with one more row
  of that kind and every value typed kept. Nothing is assessed or stored. `GET /questionnaire`
  (that address opened again) goes back to the empty questionnaire.
* `GET /questionnaire/{kind}/{row}`: with htmx, the new row alone, and the "Add another" button
  (out of band) that will ask for the row after it.
* `GET /questionnaire/lab/{row}/units` (`lab_<row>_test`, `lab_<row>_unit`): with htmx, the
  row's unit field with only the chosen test's units (without JavaScript every test's units are
  listed, grouped by test).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from ekbom.knowledge.models import Knowledge
from ekbom.web import csrf
from ekbom.web.checked_request import CheckedRoute
from ekbom.web.form import MAX_ROWS, ROW_KINDS, submitted
from ekbom.web.questionnaire_view import questionnaire_context, row_context
from ekbom.web.routes.account_pages import render

router = APIRouter(include_in_schema=False, route_class=CheckedRoute)


@router.post("/questionnaire", dependencies=[Depends(csrf.check)])
async def add_row(request: Request) -> Response:
    """The questionnaire again, with one more row of the kind asked for."""
    values = submitted(await request.form())
    context = questionnaire_context(request, values, {})
    return render(request, "questionnaire.html", **context)


@router.get("/questionnaire")
def back_to_start() -> Response:
    """The address an "Add another" left in the address bar, opened again: the questionnaire
    (nothing typed is kept anywhere to come back to)."""
    return RedirectResponse("/", status_code=303)


@router.get("/questionnaire/{kind}/{row}")
def new_row(kind: str, row: int, request: Request) -> Response:
    """Row `row` of `kind`, empty, and the "Add another" button for the row after it."""
    _check_row(kind, row)
    context = {**row_context(request.app.state.knowledge), "kind": kind, "row": row}
    context |= {"values": {}, "errors": {}, "medication_names": []}
    return render(request, "_questionnaire_row.html", **context)


@router.get("/questionnaire/lab/{row}/units")
def lab_units(row: int, request: Request) -> Response:
    """The unit field of lab row `row` for the chosen test (every test's units if none)."""
    _check_row("lab", row)
    kb: Knowledge = request.app.state.knowledge
    test = kb.tests.get(request.query_params.get(f"lab_{row}_test", ""))
    unit = request.query_params.get(f"lab_{row}_unit", "")
    context = {**row_context(kb), "row": row, "test": test, "unit": unit, "errors": {}}
    return render(request, "_questionnaire_unit.html", **context)


def _check_row(kind: str, row: int) -> None:
    if kind not in ROW_KINDS:
        raise HTTPException(404, f"there is no such row; rows are: {', '.join(ROW_KINDS)}")
    if not 0 <= row < MAX_ROWS:
        raise HTTPException(404, f"a form has rows 0 to {MAX_ROWS - 1}")
