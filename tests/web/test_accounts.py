"""Accounts through the app: register, sign in and out, change password, rate limiting."""

from __future__ import annotations

import itertools
from pathlib import Path

import httpx

from ekbom.web import create_app
from tests.web.conftest import csrf, web_settings

_numbers = itertools.count()
PASSWORD = "correct horse battery"


def new_email() -> str:
    return f"person{next(_numbers)}@example.org"


def register(client: httpx.Client, email: str, password: str = PASSWORD) -> httpx.Response:
    form = {"csrf_token": csrf(client), "email": email, "password": password, "confirm": password}
    return client.post("/register", data=form)


def login(client: httpx.Client, email: str, password: str = PASSWORD) -> httpx.Response:
    return client.post(
        "/login", data={"csrf_token": csrf(client), "email": email, "password": password}
    )


def test_register_signs_in_and_opens_diary(client: httpx.Client) -> None:
    email = new_email()
    response = register(client, email)
    assert response.status_code == 303 and response.headers["location"] == "/diary"
    cookie = response.headers["set-cookie"].lower()
    assert "ekbom_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    page = client.get("/diary")
    assert page.status_code == 200 and email in page.text


def test_register_twice_with_same_email_is_refused(client: httpx.Client) -> None:
    email = new_email()
    register(client, email)
    with httpx.Client(base_url=str(client.base_url)) as other:
        other.get("/")
        again = register(other, email.upper())
    assert again.status_code == 422 and "already has an account" in again.text


def test_register_short_password_keeps_email(client: httpx.Client) -> None:
    response = register(client, "short@example.org", "short")
    assert response.status_code == 422
    assert 'value="short@example.org"' in response.text and "at least 10" in response.text


def test_diary_without_session_redirects_to_login(client: httpx.Client) -> None:
    response = client.get("/diary")
    assert response.status_code == 303 and response.headers["location"] == "/login"


def test_sign_out_then_back_in(client: httpx.Client) -> None:
    email = new_email()
    register(client, email)
    out = client.post("/logout", data={"csrf_token": csrf(client)})
    assert out.status_code == 303
    assert client.get("/diary").status_code == 303
    assert login(client, email).status_code == 303
    assert client.get("/diary").status_code == 200


def test_old_session_cookie_is_dead_after_sign_out(client: httpx.Client) -> None:
    register(client, new_email())
    old = client.cookies.get("ekbom_session")
    client.post("/logout", data={"csrf_token": csrf(client)})
    with httpx.Client(base_url=str(client.base_url), cookies={"ekbom_session": old or ""}) as c:
        assert c.get("/diary").status_code == 303


def test_wrong_password_is_refused(client: httpx.Client) -> None:
    email = new_email()
    register(client, email)
    client.post("/logout", data={"csrf_token": csrf(client)})
    response = login(client, email, "not the password")
    assert response.status_code == 401 and "wrong" in response.text


def test_wrong_passwords_are_rate_limited(client: httpx.Client) -> None:
    email = new_email()
    register(client, email)
    client.post("/logout", data={"csrf_token": csrf(client)})
    codes = [login(client, email, f"guess number {i}").status_code for i in range(5)]
    blocked = login(client, email)  # even the right password waits now
    assert codes == [401] * 5
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0


def test_change_password(client: httpx.Client) -> None:
    email = new_email()
    register(client, email)
    form = {"csrf_token": csrf(client), "current": PASSWORD, "new": "a new long password"}
    changed = client.post("/account/password", data=form | {"confirm": "a new long password"})
    assert changed.status_code == 200 and "password is changed" in changed.text
    client.post("/logout", data={"csrf_token": csrf(client)})
    assert login(client, email).status_code == 401
    assert login(client, email, "a new long password").status_code == 303


def test_change_password_needs_current(client: httpx.Client) -> None:
    register(client, new_email())
    form = {
        "csrf_token": csrf(client),
        "current": "wrong one!",
        "new": "x" * 12,
        "confirm": "x" * 12,
    }
    assert client.post("/account/password", data=form).status_code == 422


def test_account_forms_need_csrf(client: httpx.Client) -> None:
    email = new_email()
    form = {"email": email, "password": PASSWORD, "confirm": PASSWORD}
    assert client.post("/register", data=form).status_code == 403
    register(client, email)
    assert client.post("/logout").status_code == 403
    assert client.post("/account/token").status_code == 403


def test_cookies_are_secure_behind_https(tmp_path: Path) -> None:
    from ekbom.interop.cds.app import serve_in_thread

    app = create_app(web_settings(tmp_path)._replace(https=True))
    with serve_in_thread(app) as url, httpx.Client(base_url=url) as http:
        first = http.get("/")
        assert "secure" in first.headers["set-cookie"].lower()
        token = http.cookies.get("ekbom_csrf") or ""
        form = {"csrf_token": token, "email": new_email(), "password": PASSWORD}
        # httpx does not send Secure cookies over plain http, so send the token explicitly
        response = http.post(
            "/register",
            data=form | {"confirm": PASSWORD},
            headers={"cookie": f"ekbom_csrf={token}"},
        )
    session_cookie = response.headers["set-cookie"].lower()
    assert "ekbom_session=" in session_cookie and "secure" in session_cookie
