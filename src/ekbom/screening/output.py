"""The output: one row per screened patient with active RLS, in a fixed schema, as Parquet or CSV.

Both engines' results are collected as pyarrow tables and conformed to `SCHEMA` here, so the
files they write are the same. Rows are sorted by patient id.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ekbom.screening import _imports

FORMATS = ("parquet", "csv")
GAP_COLUMNS = (
    "no_iron_studies",
    "iron_indicated_untreated",
    "iron_with_overload_risk",
    "trigger_medication",
    "dopamine_agonist_without_iron_studies",
)
# name, pyarrow type name, meaning (docs/screening.md shows this table).
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("patient_id", "string", "Patient.id"),
    ("age", "int64", "whole years on the screening day (null without a birth date)"),
    ("sex", "string", "Patient.gender as written (female, male, other, unknown)"),
    ("pregnant", "bool", "an active pregnancy condition"),
    ("dialysis", "bool", "an active dialysis condition"),
    ("ferritin", "float64", "current ferritin, ug/L (null when none in the last 365 days)"),
    ("ferritin_date", "date32", "its day"),
    ("tsat", "float64", "current transferrin saturation, % (measured, else derived)"),
    ("tsat_date", "date32", "its day"),
    ("tsat_derived", "bool", "TSAT computed from serum iron and TIBC of one day"),
    ("crp", "float64", "current CRP, mg/L"),
    ("crp_date", "date32", "its day"),
    ("iron_verdict", "string", "recommended, consider, test_first, not_indicated or avoid"),
    ("iron_rule", "string", "id of the iron rule that decided (rules/iron.yaml)"),
    ("iron_needs_clinician", "bool", "the verdict needs a clinician (spec §3)"),
    ("iron_medication", "bool", "an active iron medicine"),
    ("dopamine_agonist", "bool", "an active dopamine agonist"),
    ("trigger_medications", "string", "trigger ingredients of active medicines, comma-separated"),
    *((gap, "bool", "care gap (see Gaps)") for gap in GAP_COLUMNS),
)


def schema() -> Any:
    pa = _imports.pyarrow()

    kinds = {
        "string": pa.string(),
        "int64": pa.int64(),
        "bool": pa.bool_(),
        "float64": pa.float64(),
        "date32": pa.date32(),
    }
    return pa.schema([(name, kinds[kind]) for name, kind, _ in COLUMNS])


def select(facts: Any) -> Any:
    """The output columns of the facts table, as Ibis expressions, sorted by patient id."""
    from ekbom.screening.compile import lab_column

    triggers = facts.trigger_ingredients.sort().join(", ").nullif("")
    columns = {
        "patient_id": facts.patient,
        "age": facts.age,
        "sex": facts.sex,
        "pregnant": facts.pregnant,
        "dialysis": facts.condition_dialysis,
        "tsat_derived": facts.tsat_derived,
        "iron_verdict": facts.iron_verdict,
        "iron_rule": facts.iron_rule,
        "iron_needs_clinician": facts.iron_needs_clinician,
        "iron_medication": facts.iron_medication,
        "dopamine_agonist": facts.dopamine_agonist,
        "trigger_medications": triggers,
        **{gap: facts[gap] for gap in GAP_COLUMNS},
    }
    for test in ("ferritin", "tsat", "crp"):
        columns[test] = facts[lab_column(test)]
        columns[f"{test}_date"] = facts[lab_column(test) + "_date"]
    return facts.select(**{name: columns[name] for name, _, _ in COLUMNS}).order_by("patient_id")


def conform(table: Any) -> Any:
    """`table` cast to the output schema (dates from YYYY-MM-DD text)."""
    pa = _imports.pyarrow()

    target = schema()
    arrays = [
        table.column(name).cast(field.type)
        for name, field in zip(target.names, target, strict=True)
    ]
    return pa.Table.from_arrays(arrays, schema=target)


def write(table: Any, path: Path, fmt: str) -> None:
    """Write the rows as Parquet or CSV (a header row, dates as YYYY-MM-DD, booleans true/false)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        pq = _imports.pyarrow_parquet()

        pq.write_table(table, path)
    else:
        pcsv = _imports.pyarrow_csv()

        pcsv.write_csv(table, path)


def summary_path(path: Path) -> Path:
    """Where the summary JSON goes: beside the output (`gaps.parquet` -> `gaps.summary.json`)."""
    return path.with_name(path.name.rsplit(".", 1)[0] + ".summary.json")


def write_summary(summary: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
