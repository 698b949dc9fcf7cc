"""The diary's tables (SQLAlchemy 2 typed ORM).

Every entry has a row in `entry` (its id, owner, kind, day and note) and one in the table of its
kind, joined on the id (joined-table inheritance), so one id space covers all kinds and
`ekbom edit 42` needs no kind. Values are stored as the person wrote them (lab value and unit as on
the report); conversion happens when the diary is assessed, so nothing is lost. Times are UTC,
without a zone.

One store holds several diaries: `owner` says whose an entry or the basics are. The command line's
diary is owner `LOCAL_DIARY` (0); a web account's diary is owner = the account's id (ids start at
1). The rules that hold within one diary (one symptom entry a day, no overlapping periods of a
nutrient) hold per owner, and the repository reads and writes one owner's rows only. The web app's
accounts, sign-in sessions, API tokens and failed sign-ins are tables of the same store.

A change here needs a migration in `migrations/versions/` (a test compares the two).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints, so that migrations (batch mode on SQLite) can refer to every one of them.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SYMPTOMS_ONLY = "kind = 'symptoms'"
MAX_ENTRY_ID = 2**31 - 1  # the largest id the `Integer` id column holds on PostgreSQL and SQLite
LOCAL_DIARY = 0  # the owner of the command line's diary; web accounts own diaries 1, 2, ...


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# One symptom entry per day and diary: a second one would make "the score of that day"
# ambiguous. A partial unique index; its PostgreSQL WHERE is added by `describe_postgresql`.
_ONE_SYMPTOM_ENTRY_A_DAY = Index(
    "uq_entry_symptoms_owner_day",
    "owner",
    "day",
    unique=True,
    sqlite_where=text(SYMPTOMS_ONLY),
)


def describe_postgresql() -> None:
    """Give the tables their PostgreSQL-only options (the partial index's WHERE).

    Not written in the table itself: naming a `postgresql_` option makes SQLAlchemy load its
    whole PostgreSQL dialect (asyncio included, some 30-50 ms of every start) to check the name,
    which a command on a SQLite diary never needs. `make_engine` calls this for a PostgreSQL URL
    and the migrations' environment for a PostgreSQL connection, before any DDL is compiled."""
    _ONE_SYMPTOM_ENTRY_A_DAY.dialect_options["postgresql"]["where"] = text(SYMPTOMS_ONLY)


class EntryTable(Base):
    """What every entry has: id, kind, the day it is about (a supplement's first day), a note."""

    __tablename__ = "entry"
    __table_args__: Any = (
        CheckConstraint("kind IN ('lab', 'symptoms', 'supplement')", name="kind"),
        _ONE_SYMPTOM_ENTRY_A_DAY,
        Index("ix_entry_owner_day", "owner", "day"),
        {"sqlite_autoincrement": True},  # ids are never reused after a delete
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    kind: Mapped[str] = mapped_column(String(16))
    day: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    __mapper_args__: dict[str, Any] = {"polymorphic_on": "kind"}


def _entry_id() -> Mapped[int]:
    return mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True)


class LabTable(EntryTable):
    """A lab result: test id, the value and unit as reported."""

    __tablename__ = "lab_result"

    id: Mapped[int] = _entry_id()
    test: Mapped[str] = mapped_column(String(32))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(32))

    __mapper_args__: dict[str, Any] = {"polymorphic_identity": "lab"}


class SymptomsTable(EntryTable):
    """One day's symptom scores; each may be missing."""

    __tablename__ = "symptom_score"

    id: Mapped[int] = _entry_id()
    severity_nrs: Mapped[float | None] = mapped_column(Float)
    irls_score: Mapped[int | None] = mapped_column(Integer)
    nights_per_week: Mapped[int | None] = mapped_column(Integer)
    leg_cramps: Mapped[bool | None]

    __mapper_args__: dict[str, Any] = {"polymorphic_identity": "symptoms"}


class SupplementTable(EntryTable):
    """A supplement taken from `entry.day` to `ended_on` (the last day taken; None = ongoing)."""

    __tablename__ = "supplement_period"
    __table_args__ = (CheckConstraint("per IN ('day', 'week')", name="per"),)

    id: Mapped[int] = _entry_id()
    nutrient: Mapped[str] = mapped_column(String(32))
    amount: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(8))
    per: Mapped[str] = mapped_column(String(8))
    ended_on: Mapped[date | None] = mapped_column(Date)

    __mapper_args__: dict[str, Any] = {"polymorphic_identity": "supplement"}


class ProfileTable(Base):
    """The stored basics (one row per diary owner): the parts of a profile that are not dated
    entries.

    `age` was true on `age_on`; the age on another day is worked out from the two.
    """

    __tablename__ = "profile"

    owner: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    age: Mapped[int | None] = mapped_column(Integer)
    age_on: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(8))
    pregnant: Mapped[bool | None]
    pregnancy_trimester: Mapped[int | None] = mapped_column(Integer)
    postmenopausal: Mapped[bool | None]
    diet: Mapped[str | None] = mapped_column(String(16))
    conditions: Mapped[list[str]] = mapped_column(JSON)
    medications: Mapped[list[str]] = mapped_column(JSON)
    rls_criteria: Mapped[dict[str, bool]] = mapped_column(JSON)
    caffeine_mg_per_day: Mapped[float | None] = mapped_column(Float)
    alcohol_drinks_per_week: Mapped[float | None] = mapped_column(Float)
    smoker: Mapped[bool | None]
    exercise_minutes_per_week: Mapped[float | None] = mapped_column(Float)
    limits: Mapped[str | None] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(DateTime)


# -- the web app's accounts (issue 7) --------------------------------------------------------


class AccountTable(Base):
    """A web account; its diary is owner = its id. Only the argon2id hash of the password."""

    __tablename__ = "web_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class SessionTable(Base):
    """A sign-in session: the SHA-256 of the cookie value, never the value itself."""

    __tablename__ = "web_session"
    __table_args__ = (Index("ix_web_session_account_id", "account_id"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("web_account.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class TokenTable(Base):
    """An API token for scripts: the SHA-256 of the token, never the token itself."""

    __tablename__ = "web_api_token"
    __table_args__ = (Index("ix_web_api_token_account_id", "account_id"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("web_account.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class LoginFailureTable(Base):
    """A failed sign-in, by what it is counted against (an email or a client address, hashed),
    so that every server process sharing the store sees the same count."""

    __tablename__ = "web_login_failure"
    __table_args__ = (Index("ix_web_login_failure_key", "key", "failed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[datetime] = mapped_column(DateTime)
