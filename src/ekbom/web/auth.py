"""Who is asking: the signed-in account of a page (session cookie) or of an API call (token)."""

from __future__ import annotations

from fastapi import HTTPException, Request
from fastapi.responses import Response

from ekbom.store import accounts
from ekbom.web.diaries import WebData

SESSION_COOKIE = "ekbom_session"


def data(request: Request) -> WebData:
    web: WebData = request.app.state.data
    return web


def page_account(request: Request) -> int | None:
    """The account signed in through the session cookie, or None."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    with data(request).accounts() as session:
        return accounts.session_account(session, token)


def api_account(request: Request) -> int:
    """The account of an API token (`Authorization: Bearer …`); 401 without a valid one."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    account = None
    if scheme.lower() == "bearer" and token:
        with data(request).accounts() as session:
            account = accounts.token_account(session, token.strip())
    if account is None:
        raise HTTPException(
            401,
            "send an API token: Authorization: Bearer <token> (create one on /account)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return account


def sign_in(request: Request, response: Response, account_id: int) -> None:
    with data(request).accounts() as session:
        token = accounts.start_session(session, account_id)
    secure = bool(request.app.state.settings.https)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=secure,
        max_age=accounts.SESSION_DAYS * 86400,
    )


def sign_out(request: Request, response: Response) -> None:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with data(request).accounts() as session:
            accounts.end_session(session, token)
    response.delete_cookie(SESSION_COOKIE)
