"""The explicit read schemas: only the FHIR R4 fields the screen uses, one per resource type.

Both engines read NDJSON with these schemas instead of inferring one (inference scans the data and
can type a field wrongly when it is missing from the first rows; stack.md gotchas 4 and 5). A line
that is not JSON, or not a JSON object, reads as a row whose `resourceType` is null; a field of the
wrong JSON type reads as null. The schema is written once, as an Ibis schema, and turned into each
engine's own form.
"""

from __future__ import annotations

import importlib
from typing import Any

from ekbom.screening import _imports

CODING = "array<struct<system: string, code: string>>"
NAMED_CODING = "array<struct<system: string, code: string, display: string>>"
REFERENCE = "struct<reference: string>"

FIELDS: dict[str, dict[str, str]] = {
    "Patient": {
        "resourceType": "string",
        "id": "string",
        "gender": "string",
        "birthDate": "string",
        "deceasedBoolean": "boolean",
        "deceasedDateTime": "string",
    },
    "Condition": {
        "resourceType": "string",
        "id": "string",
        "subject": REFERENCE,
        "code": f"struct<coding: {CODING}>",
        "clinicalStatus": f"struct<coding: {CODING}>",
        "verificationStatus": f"struct<coding: {CODING}>",
        "onsetDateTime": "string",
        "onsetPeriod": "struct<start: string>",
        "abatementDateTime": "string",
        "abatementPeriod": "struct<start: string>",
        "recordedDate": "string",
    },
    "Observation": {
        "resourceType": "string",
        "id": "string",
        "status": "string",
        "subject": REFERENCE,
        "code": f"struct<coding: {CODING}>",
        "effectiveDateTime": "string",
        "effectivePeriod": "struct<start: string>",
        "effectiveInstant": "string",
        "issued": "string",
        "valueQuantity": "struct<value: float64, unit: string, code: string>",
    },
    "MedicationRequest": {
        "resourceType": "string",
        "id": "string",
        "status": "string",
        "intent": "string",
        "subject": REFERENCE,
        "authoredOn": "string",
        "medicationCodeableConcept": f"struct<text: string, coding: {NAMED_CODING}>",
        "medicationReference": REFERENCE,
    },
}


def ibis_schema(resource_type: str) -> Any:
    """The Ibis schema of one resource type."""
    ibis = _imports.ibis()

    return ibis.schema(FIELDS[resource_type])


def duckdb_columns(resource_type: str) -> dict[str, str]:
    """The schema as DuckDB `read_json(columns=...)` wants it: name -> DuckDB type."""
    types = importlib.import_module("ibis.backends.sql.datatypes").DuckDBType
    return {name: types.to_string(kind) for name, kind in ibis_schema(resource_type).items()}


def spark_schema(resource_type: str) -> Any:
    """The schema as a PySpark StructType."""
    schema = importlib.import_module("ibis.backends.pyspark.datatypes").PySparkSchema
    return schema.from_ibis(ibis_schema(resource_type))
