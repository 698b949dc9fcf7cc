"""The web app on the diary's own store, SQLite or PostgreSQL: accounts and their diaries live
beside the command line's diary in one database and never see each other's entries; failed
sign-ins are counted in the store, so two server processes on one store share the limit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from ekbom.diary import entries as diary_entries
from ekbom.interop.cds.app import serve_in_thread
from ekbom.store import StoreSettings, open_store
from ekbom.store import repository as repo
from ekbom.store.sign_in_limit import EMAIL_LIMIT
from ekbom.store.tables import AccountTable, EntryTable, LoginFailureTable
from ekbom.web import WebSettings, create_app
from tests.store.databases import BACKENDS, database_url
from tests.web.conftest import csrf
from tests.web.test_accounts import PASSWORD, login, new_email, register
from tests.web.test_diary import _token

SYMPTOMS = {"kind": "symptoms", "fields": {"date": "2026-11-20", "severity_nrs": 6}}


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database_url(request.param, tmp_path) as url:
        yield url


@contextmanager
def _server(url: str) -> Iterator[str]:
    """A server of its own (its own app, engine and connections) on the store at `url`."""
    app = create_app(WebSettings(StoreSettings(url, "--db")))
    try:
        with serve_in_thread(app) as base:
            yield base
    finally:
        app.state.data.close()  # the server runs without lifespan events


@contextmanager
def _browser(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=30) as client:
        client.get("/")
        yield client


def _api_token(client: httpx.Client) -> dict[str, str]:
    return {"Authorization": f"Bearer {_token(client)}"}


def test_web_diaries_and_the_command_lines_diary_share_one_store(store_url: str) -> None:
    with _server(store_url) as base:
        with _browser(base) as a, _browser(base) as b:
            register(a, email_a := new_email())
            register(b, new_email())
            headers_a, headers_b = _api_token(a), _api_token(b)
            made = a.post("/api/v1/diary/entries", json=SYMPTOMS, headers=headers_a)
            assert made.status_code == 201
            assert b.get("/api/v1/diary/entries", headers=headers_b).json() == {"entries": []}
            assert b.post("/api/v1/diary/entries", json=SYMPTOMS, headers=headers_b).is_success
            entry_a = made.json()["id"]
            assert b.get(f"/api/v1/diary/entries/{entry_a}", headers=headers_b).status_code == 404

    store = open_store(StoreSettings(store_url, "--db"))
    with store.session() as local:  # `ekbom log` on the same database
        assert repo.list_entries(local) == []
        diary_entries.add_entry(
            local, kind="symptoms", fields=SYMPTOMS["fields"], today=date(2026, 12, 1)
        )
    with store.engine.connect() as connection:
        account_a = connection.scalar(select(AccountTable.id).where(AccountTable.email == email_a))
        owners = sorted(connection.scalars(select(EntryTable.owner)).all())
    store.close()
    assert len(owners) == 3 and owners[0] == 0 and account_a in owners

    with _server(store_url) as base:  # a new server finds everything again
        with _browser(base) as a:
            assert login(a, email_a).status_code == 303
            listed = a.get("/api/v1/diary/entries", headers=_api_token(a)).json()["entries"]
            assert [e["id"] for e in listed] == [entry_a]


def test_failed_sign_ins_count_across_servers_on_one_store(store_url: str) -> None:
    email = new_email()
    with _server(store_url) as first, _server(store_url) as second:
        with _browser(first) as one, _browser(second) as two:
            register(one, email)
            one.post("/logout", data={"csrf_token": csrf(one)})
            codes = [
                login(one if i % 2 else two, email, f"guess {i}").status_code
                for i in range(EMAIL_LIMIT)
            ]
            assert codes == [401] * EMAIL_LIMIT
            blocked = login(one, email, PASSWORD)
            assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
            assert login(two, email, PASSWORD).status_code == 429
    store = open_store(StoreSettings(store_url, "--db"))
    with store.engine.connect() as connection:
        keys = connection.scalars(select(LoginFailureTable.key)).all()
    store.close()
    assert keys and all(email not in key and "127.0.0.1" not in key for key in keys)
