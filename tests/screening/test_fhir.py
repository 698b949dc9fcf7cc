"""The Ibis expressions for FHIR codes, run on DuckDB against plain Python."""

from __future__ import annotations

import pytest

from tests.screening.conftest import needs_screening

pytestmark = needs_screening

ICD = "http://hl7.org/fhir/sid/icd-10-cm"
SNOMED = "http://snomed.info/sct"
SYSTEMS = {"icd10cm": ICD, "snomed": SNOMED}
CODINGS = [
    (ICD, "K50"),
    (ICD, "K50.9"),
    (ICD, " k509 "),
    (ICD, "K5"),
    (ICD, "N18.30"),
    (ICD, "N18"),
    (ICD, "N1"),
    (ICD, "E11.9"),
    (ICD, "E11"),
    (ICD, None),
    (SNOMED, "K50.9"),
    (SNOMED, "91019004"),
    (None, "K50"),
]


def _expected(system: str | None, code: str | None) -> bool:
    if code is None:
        return False
    if system == SNOMED:
        return code.strip() == "91019004"
    key = code.strip().upper().replace(".", "")
    return system == ICD and (key == "E119" or key.startswith(("K50", "N183")))


@pytest.mark.parametrize(("system", "code"), CODINGS)
def test_fhir_code_set_matches_exact_codes_and_prefixes_of_any_length(
    system: str | None, code: str | None
) -> None:
    import ibis
    import pyarrow as pa

    from ekbom.screening.fhir import CodeSet

    codes = CodeSet(["91019004"], ["K50*", "N18.3*", "E11.9"])
    table = ibis.memtable(
        pa.table({"system": pa.array([system], pa.string()), "code": pa.array([code], pa.string())})
    )
    coding = ibis.struct({"system": table.system, "code": table.code})
    found = ibis.duckdb.connect().to_pyarrow(table.select(hit=codes.matches(coding, SYSTEMS)))
    assert found.column("hit").to_pylist() == [_expected(system, code)]
