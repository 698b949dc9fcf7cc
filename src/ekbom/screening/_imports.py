"""The optional libraries of the screen, imported when a screen runs (never at import time).

ibis and pyarrow ship no type information (no py.typed), so they are imported through
`importlib` and typed as Any here, in one place, instead of silencing mypy at every import.
"""

from __future__ import annotations

import importlib
from typing import Any


def ibis() -> Any:
    return importlib.import_module("ibis")


def ibis_operations() -> Any:
    return importlib.import_module("ibis.expr.operations")


def pyarrow() -> Any:
    return importlib.import_module("pyarrow")


def pyarrow_parquet() -> Any:
    return importlib.import_module("pyarrow.parquet")


def pyarrow_csv() -> Any:
    return importlib.import_module("pyarrow.csv")
