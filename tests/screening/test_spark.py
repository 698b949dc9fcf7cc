"""The same screen on PySpark (local mode): identical output to DuckDB on the same export."""

from __future__ import annotations

from typing import Any

import pytest

from ekbom.screening import EngineOptions, run_screen
from tests.screening.conftest import AS_OF, Export, needs_screening

pytestmark = [
    needs_screening,
    pytest.mark.spark,
    # py4j (PySpark's bridge to the JVM) leaves sockets for the garbage collector to close.
    pytest.mark.filterwarnings("ignore:unclosed <socket:ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


@pytest.fixture(scope="module")
def spark_result(export: Export, spark_session: Any) -> Any:
    return run_screen(
        export.folder,
        engine="spark",
        as_of=AS_OF,
        options=EngineOptions(spark_session=spark_session),
    )


def test_spark_output_equals_duckdb_output(spark_result: Any, duckdb_result: Any) -> None:
    assert spark_result.table.schema == duckdb_result.table.schema
    assert spark_result.table.to_pylist() == duckdb_result.table.to_pylist()


def test_spark_summary_equals_duckdb_summary(spark_result: Any, duckdb_result: Any) -> None:
    def comparable(summary: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in summary.items() if k not in ("engine", "seconds")}

    assert spark_result.summary["engine"] == "spark"
    assert comparable(spark_result.summary) == comparable(duckdb_result.summary)


def test_spark_output_matches_the_truth(spark_result: Any, export: Export) -> None:
    rows = spark_result.table.to_pylist()
    assert [r["patient_id"] for r in rows] == [r["patient_id"] for r in export.truth["rows"]]
    assert [r["iron_rule"] for r in rows] == [r["iron_rule"] for r in export.truth["rows"]]
