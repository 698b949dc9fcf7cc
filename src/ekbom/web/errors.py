"""The one JSON error shape of ekbom's HTTP endpoints, for every error the web app answers.

    {"ok": false, "error": "what went wrong", "errors": [{"location": …, "message": …}],
     "status": 422}

It is the shape the CDS Hooks endpoints use (`ekbom.interop.cds.app.error_response`). API paths
(`/api/…`) always get it; pages get an HTML error page with the same message.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from ekbom.errors import ConflictError, EntryError, NotFoundError, Problem, ProfileError, StoreError
from ekbom.web.store_fixes import web_message

LOG = logging.getLogger("ekbom.web")

JSON_PATHS = ("/api/", "/cds-services")  # answered in the JSON error shape; others get a page
MESSAGES = {
    400: "the request is malformed",
    401: "sign in first (or send an API token)",
    403: "the request is not allowed",
    404: "there is nothing at this address",
    405: "this address does not accept this method",
    413: "the request is too large",
    422: "the request has invalid values",
    429: "too many attempts; wait a minute and try again",
    500: "the server failed; the error was logged",
}


def error_body(status: int, error: str, problems: Iterable[Problem] = ()) -> dict[str, Any]:
    """The error document."""
    return {
        "ok": False,
        "error": error,
        "errors": [{"location": p.location, "message": p.message} for p in problems],
        "status": status,
    }


def json_error(
    status: int, error: str | None = None, problems: Iterable[Problem] = (), **headers: str
) -> JSONResponse:
    """A JSON error response."""
    body = error_body(status, error or MESSAGES.get(status, "the request failed"), problems)
    return JSONResponse(body, status_code=status, headers=headers or None)


def _location(parts: Iterable[Any]) -> str:
    return ".".join(str(p) for p in parts if p not in ("body", "query", "path"))


def _html_error(request: Request, status: int, message: str, problems: list[Problem]) -> Response:
    templates = request.app.state.templates
    context = {"status": status, "message": message, "problems": problems}
    return templates.TemplateResponse(  # type: ignore[no-any-return]
        request, "error.html", context, status_code=status
    )


def _answer(request: Request, status: int, error: str, problems: list[Problem]) -> Response:
    if request.url.path.startswith(JSON_PATHS):
        return json_error(status, error, problems)
    return _html_error(request, status, error, problems)


def install_error_handlers(app: FastAPI) -> None:
    """Make every error of `app` answer in the one shape."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else None
        text = detail if detail and detail != _reason(exc.status_code) else None
        message = text or MESSAGES.get(exc.status_code, "the request failed")
        problems = list(getattr(exc, "problems", ()))  # checked_request.UnreadableBody has them
        response = _answer(request, exc.status_code, message, problems)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [Problem(_location(e.get("loc", ())), str(e.get("msg"))) for e in exc.errors()]
        return _answer(request, 422, MESSAGES[422], problems)

    @app.exception_handler(ProfileError)
    async def bad_profile(request: Request, exc: ProfileError) -> Response:
        return _answer(request, 422, "the profile is invalid", list(exc.problems))

    @app.exception_handler(EntryError)
    async def bad_entry(request: Request, exc: EntryError) -> Response:
        return _answer(request, 422, f"{exc.what} is invalid", list(exc.problems))

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return _answer(request, 404, web_message(exc), [])

    @app.exception_handler(ConflictError)
    async def conflict(request: Request, exc: ConflictError) -> Response:
        return _answer(request, 409, web_message(exc), [])

    @app.exception_handler(StoreError)
    async def store_failed(request: Request, exc: StoreError) -> Response:
        # The person reads what to do; the operator's log keeps the database's own words.
        LOG.warning("store error (%s): %s", exc.problem, exc)
        return _answer(request, 503, web_message(exc), [])

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        return _answer(request, 500, MESSAGES[500], [])


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
