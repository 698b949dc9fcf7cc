"""The first diary schema: entries (lab results, symptom scores, supplement periods) and basics

Revision ID: 0001
Revises:
Create Date: 2026-11-28

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SYMPTOMS_ONLY = "kind = 'symptoms'"


def upgrade() -> None:
    op.create_table(
        "entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('lab', 'symptoms', 'supplement')", name=op.f("ck_entry_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("uq_entry_symptoms_day"),
        "entry",
        ["day"],
        unique=True,
        sqlite_where=sa.text(SYMPTOMS_ONLY),
        postgresql_where=sa.text(SYMPTOMS_ONLY),
    )
    op.create_table(
        "lab_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("test", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        *_child_keys("lab_result"),
    )
    op.create_table(
        "symptom_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("severity_nrs", sa.Float(), nullable=True),
        sa.Column("irls_score", sa.Integer(), nullable=True),
        sa.Column("nights_per_week", sa.Integer(), nullable=True),
        sa.Column("leg_cramps", sa.Boolean(), nullable=True),
        *_child_keys("symptom_score"),
    )
    op.create_table(
        "supplement_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nutrient", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("per", sa.String(length=8), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.CheckConstraint("per IN ('day', 'week')", name=op.f("ck_supplement_period_per")),
        *_child_keys("supplement_period"),
    )
    op.create_table(
        "profile",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("age_on", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(length=8), nullable=True),
        sa.Column("pregnant", sa.Boolean(), nullable=True),
        sa.Column("pregnancy_trimester", sa.Integer(), nullable=True),
        sa.Column("postmenopausal", sa.Boolean(), nullable=True),
        sa.Column("diet", sa.String(length=16), nullable=True),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("medications", sa.JSON(), nullable=False),
        sa.Column("rls_criteria", sa.JSON(), nullable=False),
        sa.Column("caffeine_mg_per_day", sa.Float(), nullable=True),
        sa.Column("alcohol_drinks_per_week", sa.Float(), nullable=True),
        sa.Column("smoker", sa.Boolean(), nullable=True),
        sa.Column("exercise_minutes_per_week", sa.Float(), nullable=True),
        sa.Column("limits", sa.String(length=16), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_profile_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile")),
    )


def _child_keys(table: str) -> list[sa.Constraint]:
    """The primary key of a kind's table, which is also its link to `entry`."""
    return [
        sa.ForeignKeyConstraint(
            ["id"], ["entry.id"], name=op.f(f"fk_{table}_id_entry"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def downgrade() -> None:
    for table in ("profile", "supplement_period", "symptom_score", "lab_result"):
        op.drop_table(table)
    op.drop_index(op.f("uq_entry_symptoms_day"), table_name="entry")
    op.drop_table("entry")
