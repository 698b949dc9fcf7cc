"""Accounts, sign-in sessions and API tokens of the web app, kept in the store.

Passwords are hashed with argon2id (argon2-cffi); session ids and API tokens are random and
only their SHA-256 is stored, so a copy of the database signs nobody in. The tables are the
store's (`ekbom.store.tables`, created by its migrations); an account's diary is owner = its id
in the same store (see `ekbom.web.diaries`). Each function is one transaction (`writing` or
`reading`, as in the repository), so database errors leave as StoreErrors and a taken email as
an AccountError.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from ekbom.errors import AccountError, ConflictError, Problem
from ekbom.store.repository import now as _now
from ekbom.store.repository import reading, writing
from ekbom.store.tables import AccountTable, SessionTable, TokenTable

SESSION_DAYS = 14
PASSWORD_MIN = 10
_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("not a real password")  # equal work when the email is unknown


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _check_new(email: str, password: str, confirm: str) -> list[Problem]:
    problems = []
    if "@" not in email or len(email) > 254 or " " in email:
        problems.append(Problem("email", "give an email address such as name@example.org"))
    problems += _check_password(password, confirm, "password")
    return problems


def _check_password(password: str, confirm: str, field: str) -> list[Problem]:
    if len(password) < PASSWORD_MIN:
        return [Problem(field, f"use at least {PASSWORD_MIN} characters")]
    if password != confirm:
        return [Problem("confirm", "the two passwords differ; type the same password twice")]
    return []


def register(session: Session, email: str, password: str, confirm: str) -> int:
    """Create an account; returns its id (AccountError when the form is invalid or taken)."""
    email = normalise_email(email)
    problems = _check_new(email, password, confirm)
    if problems:
        raise AccountError(problems)
    row = AccountTable(email=email, password_hash=_HASHER.hash(password), created_at=_now())
    try:
        with writing(session):
            session.add(row)
    except ConflictError:  # the email's unique index: another account has it
        taken = Problem("email", "this email already has an account; sign in instead")
        raise AccountError([taken]) from None
    return row.id


def authenticate(session: Session, email: str, password: str) -> int | None:
    """The account id when the email and password match, else None."""
    with reading(session):  # a rare rehash writes in the same transaction
        row = session.scalars(
            select(AccountTable).where(AccountTable.email == normalise_email(email))
        ).first()
        stored = row.password_hash if row is not None else _DUMMY
        try:
            _HASHER.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None:
            return None
        if _HASHER.check_needs_rehash(stored):
            row.password_hash = _HASHER.hash(password)
        return row.id


def change_password(
    session: Session, account_id: int, current: str, new: str, confirm: str
) -> None:
    """Replace the password (AccountError when `current` is wrong or `new` too weak); every
    other session of the account is signed out."""
    with writing(session):
        row = session.get(AccountTable, account_id)
        assert row is not None
        try:
            _HASHER.verify(row.password_hash, current)
        except (VerificationError, InvalidHashError):
            raise AccountError([Problem("current", "this is not your current password")]) from None
        problems = _check_password(new, confirm, "new")
        if problems:
            raise AccountError(problems)
        row.password_hash = _HASHER.hash(new)
        session.query(SessionTable).filter(SessionTable.account_id == account_id).delete()


def start_session(session: Session, account_id: int) -> str:
    """A new sign-in session; returns the cookie value."""
    token = secrets.token_urlsafe(32)
    expires = _now() + timedelta(days=SESSION_DAYS)
    with writing(session):
        session.add(
            SessionTable(token_hash=_digest(token), account_id=account_id, expires_at=expires)
        )
    return token


def end_session(session: Session, token: str) -> None:
    with writing(session):
        session.query(SessionTable).filter(SessionTable.token_hash == _digest(token)).delete()


def session_account(session: Session, token: str) -> int | None:
    """The account signed in by this cookie value (None when unknown or expired)."""
    with reading(session):
        row = session.get(SessionTable, _digest(token))
        if row is None or row.expires_at < _now():
            return None
        return row.account_id


def new_api_token(session: Session, account_id: int) -> str:
    """A new API token for scripts (shown once; only its hash is kept)."""
    token = "ekb_" + secrets.token_urlsafe(32)
    with writing(session):
        session.add(TokenTable(token_hash=_digest(token), account_id=account_id, created_at=_now()))
    return token


def token_account(session: Session, token: str) -> int | None:
    with reading(session):
        row = session.get(TokenTable, _digest(token))
        return None if row is None else row.account_id


def account_email(session: Session, account_id: int) -> str:
    with reading(session):
        row = session.get(AccountTable, account_id)
        return row.email if row is not None else ""


def count_accounts(connection: Connection) -> int:
    """How many web accounts keep their diaries in this store (beside the command line's)."""
    return int(connection.scalar(select(func.count()).select_from(AccountTable)) or 0)
