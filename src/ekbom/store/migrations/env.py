"""Alembic environment of the diary (shipped in the package; `ekbom db upgrade` runs it).

ekbom passes its own connection (with its SQLite settings, inside one transaction) through
`config.attributes["connection"]`. Run by the `alembic` command instead, it connects to
`sqlalchemy.url` from the config, or `EKBOM_DATABASE_URL`.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection, create_engine

from ekbom.store.tables import Base, describe_postgresql

config = context.config


def _run(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        describe_postgresql()
    # render_as_batch: SQLite cannot alter or drop most columns in place, so changes are made by
    # copying the table. compare_type: autogenerate notices a changed column type too.
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or os.environ["EKBOM_DATABASE_URL"]
    with create_engine(url).connect() as fresh:
        _run(fresh)
        fresh.commit()


if context.is_offline_mode():  # pragma: no cover - ekbom never asks for SQL scripts
    raise SystemExit("ekbom's migrations run against a database; offline (--sql) mode is off")
run_migrations_online()
