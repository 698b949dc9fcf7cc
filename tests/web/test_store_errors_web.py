"""Every kind of store error, as the web app says it: its own fix (what to do on the page, or
that the people who run the site must act), never the command line's words: a person in a
browser has no `ekbom db upgrade` to run and no `--db` to check. The database driver's own words
go to the server's log, not to the page."""

from __future__ import annotations

import html as html_lib
import logging
from collections.abc import Iterator
from datetime import date

import httpx
import pytest
from sqlalchemy import create_engine, text

from ekbom.errors import (
    STORE_PROBLEMS,
    Clash,
    StoreError,
    StoreProblem,
)
from ekbom.store import repository
from ekbom.store._errors import ERROR_MAP, HINTS
from ekbom.web.store_fixes import FIXES, web_message
from tests.store.databases import BACKENDS, database_url
from tests.store.error_examples import CONFLICTS, DRIVER_WORDS, NOT_FOUND, example
from tests.web.test_accounts import new_email, register
from tests.web.test_diary import _token
from tests.web.test_shared_store import _server

CLI_WORDS = ("`", "ekbom ", "--", "EKBOM_", "pip ", "sqlite:///", "postgresql+psycopg")


def _cli_words(text: str) -> list[str]:
    return [word for word in CLI_WORDS if word in text]


def test_every_kind_of_store_error_has_a_web_fix() -> None:
    assert set(FIXES) == set(STORE_PROBLEMS)
    assert all(fix.strip() for fix in FIXES.values())


@pytest.mark.parametrize("problem", STORE_PROBLEMS)
def test_the_web_fix_of_every_kind_names_no_command(problem: StoreProblem) -> None:
    message = web_message(example(problem))
    assert message == f"the diary failed ({problem}); {FIXES[problem]}"
    assert _cli_words(message) == []


@pytest.mark.parametrize(
    ("problem", "message"),
    [(problem, message) for *_, problem, message in ERROR_MAP]
    + [(problem, message) for _, problem, message in HINTS],
)
def test_every_translated_database_error_reads_without_command_words(
    problem: StoreProblem, message: str
) -> None:
    shown = web_message(StoreError(message, "/srv/ekbom/diary.db", problem, {}, DRIVER_WORDS))
    assert _cli_words(shown) == [] and "driver says" not in shown


@pytest.mark.parametrize(
    ("clash", "field"),
    [
        (Clash("symptoms", 7, date(2026, 11, 1), "date"), "choose another date"),
        (Clash("supplement", 7, date(2026, 10, 1), "from", "iron"), "choose another start date"),
        (
            Clash("supplement", 7, date(2026, 10, 1), "from", "iron", date(2026, 10, 9)),
            "choose another start date",
        ),
    ],
)
def test_a_clash_names_the_form_field_and_the_entry(clash: Clash, field: str) -> None:
    message = web_message(example("clash", clash))
    assert f"{field}, or delete entry 7 in your history below" in message
    assert _cli_words(message) == []


@pytest.fixture(scope="module")
def signed_in(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[httpx.Client, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("store-errors")
    with database_url("sqlite", folder) as url, _server(url) as base:
        with httpx.Client(base_url=base, timeout=60) as client:
            client.get("/")
            register(client, new_email())
            yield client, {"Authorization": f"Bearer {_token(client)}"}


@pytest.mark.parametrize("problem", STORE_PROBLEMS)
def test_every_kind_reaches_the_api_and_the_page_in_web_words(
    problem: StoreProblem,
    signed_in: tuple[httpx.Client, dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client, api = signed_in
    error = example(problem)
    status = 404 if problem in NOT_FOUND else 409 if problem in CONFLICTS else 503

    def fail(*_args: object, **_kwargs: object) -> None:
        raise error

    monkeypatch.setattr(repository, "list_entries", fail)
    answer = client.get("/api/v1/diary/entries", headers=api)
    assert answer.status_code == status
    body = answer.json()
    assert body["error"] == web_message(error) and body["status"] == status
    page = client.get("/diary")
    shown = html_lib.unescape(page.text)
    assert page.status_code == status and web_message(error) in shown
    for said in (body["error"], shown):
        assert _cli_words(said) == [] and "driver says" not in said


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_diary_database_with_a_missing_table_asks_for_the_operator(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A real database failure (a table dropped behind the site's back), on both backends."""
    folder = tmp_path_factory.mktemp("dropped")
    with database_url(backend, folder) as url, _server(url) as base:
        with httpx.Client(base_url=base, timeout=60) as client:
            client.get("/")
            register(client, new_email())
            api = {"Authorization": f"Bearer {_token(client)}"}
            assert client.get("/api/v1/diary/entries", headers=api).status_code == 200
            engine = create_engine(url)
            with engine.begin() as connection:
                connection.execute(text("DROP TABLE supplement_period"))
            engine.dispose()
            answer = client.get("/api/v1/diary/entries", headers=api)
    assert answer.status_code == 503
    error = answer.json()["error"]
    assert error == f"the diary's tables are missing; {FIXES['tables_missing']}"
    assert "upgrade" in error and _cli_words(error) == []


def test_the_drivers_words_go_to_the_servers_log(
    signed_in: tuple[httpx.Client, dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client, api = signed_in
    error = example("tables_missing")

    def fail(*_args: object, **_kwargs: object) -> None:
        raise error

    monkeypatch.setattr(repository, "list_entries", fail)
    with caplog.at_level(logging.WARNING, logger="ekbom.web"):
        answer = client.get("/api/v1/diary/entries", headers=api)
    assert answer.status_code == 503 and DRIVER_WORDS not in answer.text
    logged = [r.getMessage() for r in caplog.records if r.name == "ekbom.web"]
    assert any("tables_missing" in m and DRIVER_WORDS in m for m in logged), logged
