"""JSON Schemas of ekbom's documents, shipped in the package's `schema/` folder.

`assessment_schema()` is the JSON Schema (draft 2020-12) of the assessment document of spec
assessment-v1 §2: what `ekbom assess --format json` prints and `Assessment.to_dict()` returns.
A copy lives in `docs/assessment-v1.schema.json`; a test keeps the two identical.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

ASSESSMENT_SCHEMA_FILE = "assessment-v1.schema.json"


@cache
def _schema_text(name: str) -> str:
    return files("ekbom").joinpath("schema", name).read_text(encoding="utf-8")


def assessment_schema() -> dict[str, Any]:
    """The assessment document's JSON Schema, as a fresh dict (safe to modify)."""
    schema: dict[str, Any] = json.loads(_schema_text(ASSESSMENT_SCHEMA_FILE))
    return schema
