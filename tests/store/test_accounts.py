"""Web accounts kept by the store: its errors are ekbom errors, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from ekbom.errors import AccountError, EkbomError
from ekbom.store import Store
from ekbom.store.accounts import authenticate, count_accounts, register
from ekbom.store.sign_in_limit import EMAIL_LIMIT, email_key, failed, retry_after

PASSWORD = "a long password"


def test_a_taken_email_is_an_account_error_naming_the_field(session: Session) -> None:
    first = register(session, "Ann@Example.org", PASSWORD, PASSWORD)
    with pytest.raises(AccountError) as caught:
        register(session, " ann@example.org", PASSWORD, PASSWORD)
    assert isinstance(caught.value, EkbomError)
    assert [p.location for p in caught.value.problems] == ["email"]
    assert authenticate(session, "ann@example.org", PASSWORD) == first


def test_count_accounts_counts_every_account(store: Store, session: Session) -> None:
    register(session, "a@example.org", PASSWORD, PASSWORD)
    register(session, "b@example.org", PASSWORD, PASSWORD)
    with store.engine.connect() as connection:
        assert count_accounts(connection) == 2


def test_the_sign_in_limit_starts_at_the_limit_not_before(session: Session) -> None:
    key, client = email_key("c@example.org"), "client"
    for _ in range(EMAIL_LIMIT - 1):
        failed(session, key)
    assert retry_after(session, key, client) == 0
    failed(session, key)
    assert retry_after(session, key, client) > 0
