"""Several diaries in one store (`owner` on entries and basics), and the web app's accounts,
sign-in sessions, API tokens and failed sign-ins

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04

Every existing entry and the stored basics become the command line's diary (owner 0). The one
symptom entry a day rule becomes one a day per owner. Web tables that an earlier development
version created outside the migrations are kept as they are, with their indexes added.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SYMPTOMS_ONLY = "kind = 'symptoms'"
KIND_TABLES = ("lab_result", "symptom_score", "supplement_period")
WEB_TABLES = ("web_login_failure", "web_api_token", "web_session", "web_account")


def _owner() -> sa.Column[int]:
    return sa.Column("owner", sa.Integer(), server_default=sa.text("0"), nullable=False)


def upgrade() -> None:
    # A plain ADD COLUMN: copying the table (batch mode) would lose SQLite's AUTOINCREMENT.
    op.add_column("entry", _owner())
    op.drop_index(op.f("uq_entry_symptoms_day"), table_name="entry")
    op.drop_index(op.f("ix_entry_day"), table_name="entry")
    op.create_index("ix_entry_owner_day", "entry", ["owner", "day"])
    op.create_index(
        "uq_entry_symptoms_owner_day",
        "entry",
        ["owner", "day"],
        unique=True,
        sqlite_where=sa.text(SYMPTOMS_ONLY),
        postgresql_where=sa.text(SYMPTOMS_ONLY),
    )
    with op.batch_alter_table("profile") as batch:
        batch.add_column(_owner())
        batch.drop_constraint(op.f("ck_profile_single_row"), type_="check")
        batch.drop_constraint(op.f("pk_profile"), type_="primary")
        batch.drop_column("id")
        batch.create_primary_key(op.f("pk_profile"), ["owner"])
    # On SQLite an INTEGER PRIMARY KEY takes the row id when a copied row gives it no value, so
    # set it: the one row of the single-diary schema is the command line's diary.
    op.execute("UPDATE profile SET owner = 0")
    _create_web_tables()


def _create_web_tables() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "web_account" not in existing:
        op.create_table(
            "web_account",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("email", sa.String(length=254), nullable=False),
            sa.Column("password_hash", sa.String(length=200), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_web_account")),
            sa.UniqueConstraint("email", name=op.f("uq_web_account_email")),
        )
    for table, time_column in (("web_session", "expires_at"), ("web_api_token", "created_at")):
        if table not in existing:
            op.create_table(
                table,
                sa.Column("token_hash", sa.String(length=64), nullable=False),
                sa.Column("account_id", sa.Integer(), nullable=False),
                sa.Column(time_column, sa.DateTime(), nullable=False),
                sa.ForeignKeyConstraint(
                    ["account_id"],
                    ["web_account.id"],
                    name=op.f(f"fk_{table}_account_id_web_account"),
                    ondelete="CASCADE",
                ),
                sa.PrimaryKeyConstraint("token_hash", name=op.f(f"pk_{table}")),
            )
        op.create_index(f"ix_{table}_account_id", table, ["account_id"])
    op.create_table(
        "web_login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_login_failure")),
    )
    op.create_index("ix_web_login_failure_key", "web_login_failure", ["key", "failed_at"])


def downgrade() -> None:
    """Back to one diary per store: only the command line's diary (owner 0) is kept."""
    for table in WEB_TABLES:
        op.drop_table(table)
    others = "SELECT id FROM entry WHERE owner <> 0"
    for table in KIND_TABLES:  # foreign keys are off on SQLite while migrating: no cascade
        op.execute(f"DELETE FROM {table} WHERE id IN ({others})")
    op.execute("DELETE FROM entry WHERE owner <> 0")
    op.execute("DELETE FROM profile WHERE owner <> 0")
    with op.batch_alter_table("profile") as batch:
        batch.add_column(sa.Column("id", sa.Integer(), server_default=sa.text("1")))
        batch.drop_constraint(op.f("pk_profile"), type_="primary")
        batch.drop_column("owner")
        batch.alter_column("id", nullable=False, server_default=None)
        batch.create_primary_key(op.f("pk_profile"), ["id"])
        batch.create_check_constraint(op.f("ck_profile_single_row"), sa.text("id = 1"))
    op.drop_index("uq_entry_symptoms_owner_day", table_name="entry")
    op.drop_index("ix_entry_owner_day", table_name="entry")
    op.create_index(op.f("ix_entry_day"), "entry", ["day"])
    op.create_index(
        op.f("uq_entry_symptoms_day"),
        "entry",
        ["day"],
        unique=True,
        sqlite_where=sa.text(SYMPTOMS_ONLY),
        postgresql_where=sa.text(SYMPTOMS_ONLY),
    )
    with op.batch_alter_table("entry", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("owner")
