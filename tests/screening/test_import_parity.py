"""One rule source, end to end through FHIR: the same export read by the FHIR import and assessed
by `ekbom.assess` gives every screened patient the screen's iron verdict and rule.

The other parity test builds profiles from the ground truth; this one reads the records the way
`ekbom assess --fhir` and the CDS Hooks service do, so it also checks that the import and the
screen agree on which results, conditions and medicines count. A patient whose serum iron is
above TIBC on one day is the one deliberate difference: spec §1 makes that profile an error, while
the screen leaves the derived TSAT out and counts it (`derived_tsat_over_100`), so that one bad
pair does not stop a population screen (its summary counts the current such pairs).
"""

from __future__ import annotations

from typing import Any

import ekbom
from ekbom.errors import FhirError
from ekbom.interop.fhir_import import import_fhir
from ekbom.interop.resources import RawResource, read_ndjson
from ekbom.screening.inputs import find_inputs
from tests.screening.conftest import AS_OF, Export, needs_screening

pytestmark = needs_screening


def _resources(export: Export) -> list[RawResource]:
    """Every resource of the four types the screen reads (bad lines are the screen's to count)."""
    inputs = find_inputs(export.folder)
    found: list[RawResource] = []
    for kind in ("Patient", "Condition", "Observation", "MedicationRequest"):
        for path in inputs.files(kind):
            for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                try:
                    found += read_ndjson(line, f"{path.name} line {number}")
                except FhirError:
                    continue
    return found


def test_import_and_assess_give_every_screened_patient_the_screens_iron_verdict(
    export: Export, duckdb_result: Any
) -> None:
    screened = {row["patient_id"]: row for row in duckdb_result.table.to_pylist()}
    profiles = {
        p.patient_id: p.profile for p in import_fhir(_resources(export), as_of=AS_OF).profiles
    }
    compared = refused = 0
    differ: list[str] = []
    for pid, row in screened.items():
        try:
            document = ekbom.assess(profiles[pid], as_of=AS_OF).to_dict()
        except ekbom.ProfileError as error:
            assert "is more than TIBC" in str(error), error
            assert row["tsat"] is None, row  # the screen left that TSAT out
            refused += 1
            continue
        iron = next(n for n in document["nutrients"] if n["nutrient"] == "iron")
        compared += 1
        if (iron["verdict"], iron["rule_ids"][0]) != (row["iron_verdict"], row["iron_rule"]):
            differ.append(f"{pid}: assess {iron['verdict']} {iron['rule_ids']}, screen {row}")
    assert differ == []
    assert compared > 300 and refused <= compared // 50
