"""A note on every entry (`--note`), and an index on the day for date ranges

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("entry") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch.create_index(op.f("ix_entry_day"), ["day"])


def downgrade() -> None:
    with op.batch_alter_table("entry") as batch:
        batch.drop_index(op.f("ix_entry_day"))
        batch.drop_column("note")
