"""CSRF protection for every form (double submit): each browser gets a random token in an
HttpOnly cookie, every form carries it in a hidden field, and a POST whose field does not
match the cookie is refused with 403 before anything else runs."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import Response

COOKIE = "ekbom_csrf"
FIELD = "csrf_token"


def token(request: Request) -> str:
    """This browser's CSRF token (for the hidden field of a form)."""
    return str(request.state.csrf)


async def check(request: Request) -> None:
    """Refuse (403) a form whose CSRF field is missing or wrong."""
    form = await request.form()
    sent = form.get(FIELD)
    cookie = request.cookies.get(COOKIE, "")
    if not isinstance(sent, str) or not cookie or not hmac.compare_digest(sent, cookie):
        raise HTTPException(403, "the form has expired or came from another site; reload the page")


def install(app: FastAPI, secure: bool) -> None:
    """Give each browser a token cookie (HttpOnly, SameSite=Lax, Secure when `secure`)."""

    @app.middleware("http")
    async def csrf_cookie(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        existing = request.cookies.get(COOKIE)
        request.state.csrf = existing or secrets.token_urlsafe(32)
        response = await call_next(request)
        if not existing:
            response.set_cookie(
                COOKIE, request.state.csrf, httponly=True, samesite="lax", secure=secure
            )
        return response
