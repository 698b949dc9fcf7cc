"""Fixtures for the population screen: a synthetic export with its truth, the screen's result on
DuckDB, and one Spark session for the whole test session (skipped without PySpark or Java)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import pytest

AS_OF = date(2026, 11, 28)
REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO.parent / "shared" / "data"

needs_screening = pytest.mark.skipif(
    importlib.util.find_spec("ibis") is None or importlib.util.find_spec("duckdb") is None,
    reason="the screening extra is not installed: pip install 'ekbom[screening]'",
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "spark: runs on PySpark (skipped when PySpark or Java is missing)"
    )


def spark_missing() -> str | None:
    """Why Spark tests cannot run here, or None."""
    if importlib.util.find_spec("pyspark") is None:
        return "PySpark is not installed: pip install 'ekbom[spark]'"
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        return "Java (17 or 21) is not installed, which Spark needs"
    return None


class Export(NamedTuple):
    folder: Path
    truth: dict[str, Any]


def make_export(folder: Path, **kwargs: Any) -> Export:
    from ekbom.screening.synth import synthesize

    synthesize(folder, as_of=AS_OF, **kwargs)
    return Export(folder, json.loads((folder / "ground_truth.json").read_text("utf-8")))


@pytest.fixture(scope="session")
def export(tmp_path_factory: pytest.TempPathFactory) -> Export:
    """Many RLS patients (half of the adults) in a small export: two Observation files."""
    from ekbom.screening.synth_people import Rates

    return make_export(
        tmp_path_factory.mktemp("export"),
        patients=900,
        seed=7,
        background=4,
        lines_per_file=2500,
        rates=Rates(rls_adult=0.5, rls_child=0.4),
    )


@pytest.fixture(scope="session")
def duckdb_result(export: Export) -> Any:
    from ekbom.screening import run_screen

    return run_screen(export.folder, as_of=AS_OF)


@pytest.fixture(scope="session")
def spark_session() -> Iterator[Any]:
    reason = spark_missing()
    if reason:
        pytest.skip(reason)
    from ekbom.screening.backends import spark_session as make_session

    session = make_session("local[2]")
    yield session
    session.stop()
