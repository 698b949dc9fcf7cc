"""Every route of the web app reads its request through `CheckedRoute`: a JSON body or a form that
ekbom cannot keep (not UTF-8, not JSON, nested too deep, a NUL character or a lone surrogate
in any text) answers 422 naming the field, before any route code or the store sees it. So
SQLite and PostgreSQL answer the same, and nothing is written.

    router = APIRouter(route_class=CheckedRoute)
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.routing import APIRoute
from starlette.datastructures import FormData

from ekbom.errors import Problem
from ekbom.interop.json_body import BadBody, parse_json, text_problem


class UnreadableBody(HTTPException):
    """422 with the problems of the request (the error handlers list them)."""

    def __init__(
        self,
        problems: tuple[Problem, ...] | list[Problem],
        message: str = "the request cannot be read",
    ) -> None:
        super().__init__(422, message)
        self.problems = tuple(problems)


class CheckedRequest(Request):
    """A request whose `json()` and `form()` refuse text no store can keep."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            try:
                self._json = parse_json(await self.body())
            except BadBody as exc:
                raise UnreadableBody(exc.problems) from exc
        return self._json

    async def _get_form(self, **limits: Any) -> FormData:  # starlette's form() reads through it
        form = await super()._get_form(**limits)
        problems = [
            Problem(key, message)
            for key, value in form.multi_items()
            if isinstance(value, str) and (message := text_problem(value))
        ]
        if problems:
            raise UnreadableBody(problems)
        return form


class CheckedRoute(APIRoute):
    """An APIRoute that hands its endpoint (and dependencies) a CheckedRequest."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def checked(request: Request) -> Response:
            return await handle(CheckedRequest(request.scope, request.receive))

        return checked
