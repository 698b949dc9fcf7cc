"""CSRF protection for every form (double submit): each browser gets a random token in an
HttpOnly cookie, every form carries it in a hidden field, and a POST whose field does not
match the cookie is refused with 403 before anything else runs."""

from __future__ import annotations

import hmac
import secrets

from fastapi import FastAPI, HTTPException, Request
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "ekbom_csrf"
FIELD = "csrf_token"
# Paths that never show or take a form (JSON API, CDS Hooks, static files): no token is made
# for them, so a script calling the API pays for no random token and gets no cookie it does not
# need. A browser gets its token with the first page, which is never one of these.
FORMLESS = ("/api/", "/cds-services", "/static/")


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
    app.add_middleware(_TokenCookie, secure=secure)


class _TokenCookie:
    """Plain ASGI middleware (no per-request task and body streaming, unlike @app.middleware):
    puts the browser's token, or a new one, in `request.state.csrf`, and sets the cookie when
    the browser had none."""

    def __init__(self, app: ASGIApp, secure: bool) -> None:
        self.app = app
        self.attributes = "; HttpOnly; Path=/; SameSite=lax" + ("; Secure" if secure else "")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(FORMLESS):
            await self.app(scope, receive, send)
            return
        existing = Request(scope).cookies.get(COOKIE)
        value = existing or secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf"] = value
        if existing:
            await self.app(scope, receive, send)
            return
        cookie = f"{COOKIE}={value}{self.attributes}"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookie)
