"""Account pages: register, sign in, sign out, change password, API tokens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from ekbom.errors import AccountError
from ekbom.store import accounts, sign_in_limit
from ekbom.web import csrf
from ekbom.web.auth import data, page_account, sign_in, sign_out
from ekbom.web.checked_request import CheckedRoute

T = TypeVar("T")
router = APIRouter(include_in_schema=False, route_class=CheckedRoute)
FORM = [Depends(csrf.check)]


def render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    """A page with the CSRF token and the signed-in account's email."""
    context.setdefault("errors", {})
    context.setdefault("values", {})
    context["csrf_token"] = csrf.token(request)
    account = page_account(request)
    if account is not None:
        with data(request).accounts() as session:
            context["signed_in"] = accounts.account_email(session, account)
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status)  # type: ignore[no-any-return]


def _errors(error: AccountError) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in error.problems:
        found.setdefault(problem.location, []).append(problem.message)
    return found


async def _fields(request: Request, *names: str) -> dict[str, str]:
    form = await request.form()
    return {name: str(form.get(name, "")) for name in names}


def _with_session(request: Request, action: Callable[..., T], *args: Any) -> T:
    """Run `action(session, *args)` on the accounts tables (in a worker thread: argon2 takes
    tens of milliseconds and must not hold up the event loop)."""
    with data(request).accounts() as session:
        return action(session, *args)


def _to(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


@router.get("/register")
def register_page(request: Request) -> Response:
    return render(request, "register.html")


@router.post("/register", dependencies=FORM)
async def register(request: Request) -> Response:
    form = await _fields(request, "email", "password", "confirm")
    try:
        account = await run_in_threadpool(
            _with_session,
            request,
            accounts.register,
            form["email"],
            form["password"],
            form["confirm"],
        )
    except AccountError as error:
        values = {"email": form["email"]}
        return render(request, "register.html", 422, errors=_errors(error), values=values)
    response = _to("/diary")
    sign_in(request, response, account)
    return response


@router.get("/login")
def login_page(request: Request) -> Response:
    return render(request, "login.html")


@router.post("/login", dependencies=FORM)
async def login(request: Request) -> Response:
    form = await _fields(request, "email", "password")
    email_key = sign_in_limit.email_key(accounts.normalise_email(form["email"]))
    client_key = sign_in_limit.client_key(request.client.host if request.client else "?")
    wait = await run_in_threadpool(
        _with_session, request, sign_in_limit.retry_after, email_key, client_key
    )
    if wait:
        message = f"Too many failed attempts. Wait {wait} seconds, then try again."
        response = render(request, "login.html", 429, errors={"": [message]}, values=form)
        response.headers["Retry-After"] = str(wait)
        return response
    account = await run_in_threadpool(
        _with_session, request, accounts.authenticate, form["email"], form["password"]
    )
    if account is None:
        await run_in_threadpool(_with_session, request, sign_in_limit.failed, email_key, client_key)
        wrong = {"": ["The email or the password is wrong."]}
        return render(request, "login.html", 401, errors=wrong, values={"email": form["email"]})
    await run_in_threadpool(_with_session, request, sign_in_limit.succeeded, email_key)
    response = _to("/diary")
    sign_in(request, response, account)
    return response


@router.post("/logout", dependencies=FORM)
def logout(request: Request) -> Response:
    response = _to("/login")
    sign_out(request, response)
    return response


@router.get("/account")
def account_page(request: Request) -> Response:
    if page_account(request) is None:
        return _to("/login")
    return render(request, "account.html")


@router.post("/account/password", dependencies=FORM)
async def change_password(request: Request) -> Response:
    account = page_account(request)
    if account is None:
        return _to("/login")
    form = await _fields(request, "current", "new", "confirm")
    try:
        await run_in_threadpool(
            _with_session,
            request,
            accounts.change_password,
            account,
            form["current"],
            form["new"],
            form["confirm"],
        )
    except AccountError as error:
        return render(request, "account.html", 422, errors=_errors(error))
    response = render(request, "account.html", message="Your password is changed.")
    sign_in(request, response, account)
    return response


@router.post("/account/token", dependencies=FORM)
def create_token(request: Request) -> Response:
    account = page_account(request)
    if account is None:
        return _to("/login")
    with data(request).accounts() as session:
        token = accounts.new_api_token(session, account)
    return render(request, "account.html", token=token)
