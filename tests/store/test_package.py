"""`ekbom.store` exports exactly its public names, and stays below the command line."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import ekbom.store as store

SRC = Path(store.__file__).parent


def test_store_all_is_sorted_and_complete() -> None:
    assert list(store.__all__) == sorted(store.__all__)
    public = {name for name in vars(store) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(store, name)).__name__ == "module"}
    assert set(store.__all__) == public - modules


def test_store_never_imports_the_command_line() -> None:
    offending = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offending += [f"{path.name}: {n}" for n in names if n.startswith(("ekbom.cli", "rich"))]
    assert offending == []


def test_a_sqlite_diary_loads_no_postgresql_dialect(tmp_path: Path) -> None:
    """Reading a SQLite diary that is up to date loads neither the engine nor SQLAlchemy's
    PostgreSQL dialect (30-50 ms of every diary command's start)."""
    url = f"sqlite:///{tmp_path / 'diary.db'}"
    store.open_store(store.StoreSettings(url, "--db")).close()  # created and migrated here
    code = (
        "import sys\n"
        "from ekbom.store import StoreSettings, open_store, repository\n"
        f"opened = open_store(StoreSettings({url!r}, '--db'))\n"
        "with opened.session() as session:\n"
        "    repository.list_entries(session)\n"
        "opened.close()\n"
        "print(sorted(m for m in ('sqlalchemy.dialects.postgresql', 'ekbom.engine')"
        " if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_postgresql_engine_gets_the_partial_index_of_symptoms() -> None:
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateIndex

    from ekbom.store.session import make_engine
    from ekbom.store.tables import EntryTable

    make_engine(store.StoreSettings("postgresql+psycopg://ekbom@127.0.0.1:1/none", "--db"))
    [index] = [i for i in EntryTable.__table__.indexes if i.name == "uq_entry_symptoms_owner_day"]
    ddl = str(CreateIndex(index).compile(dialect=postgresql.dialect()))
    assert ddl.endswith("WHERE kind = 'symptoms'")
