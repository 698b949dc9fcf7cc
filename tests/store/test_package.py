"""`ekbom.store` exports exactly its public names, and stays below the command line."""

from __future__ import annotations

import ast
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
