"""Pieces of the diary page that htmx fetches to update the page in place. Every page works
without them (plain forms); like every form, each needs the CSRF token and a signed-in person.

* `POST /diary/lab/units` (test, unit): the lab form's unit field with only that test's units,
  swapped in when the test is chosen (without JavaScript the field lists every test's units).
* `POST /diary/entries/{id}/delete` with `HX-Request: true` answers the row's replacement, the
  redrawn charts, "did it help?" and the advice instead of a redirect (routes/diary_pages.py).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response

from ekbom.knowledge.models import Knowledge
from ekbom.web import csrf
from ekbom.web.auth import page_account
from ekbom.web.checked_request import CheckedRoute
from ekbom.web.routes.account_pages import render

router = APIRouter(include_in_schema=False, route_class=CheckedRoute)


@router.post("/diary/lab/units", dependencies=[Depends(csrf.check)])
async def lab_units(request: Request) -> Response:
    """The unit field for the chosen test, keeping the chosen unit when that test has it."""
    if page_account(request) is None:
        raise HTTPException(401, "sign in first")
    kb: Knowledge = request.app.state.knowledge
    form = await request.form()
    test = kb.tests.get(str(form.get("test", "")))
    if test is None:
        raise HTTPException(422, f"choose one of the lab tests: {', '.join(kb.tests)}")
    return render(request, "_lab_unit.html", tests=[test], unit=str(form.get("unit", "")))
