"""Ibis expressions for FHIR basics: references, dates and codes. The same on every engine.

Dates are compared as ISO strings (`YYYY-MM-DD`), which sorts correctly and needs no time-zone
parsing: a result's day is the date as written in the record (its local day). A partial date
counts as its first day (`2025` is 2025-01-01, `2025-03` is 2025-03-01).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ekbom.knowledge.interop_codes import normalise_icd
from ekbom.screening import _imports

# A reference to a Patient: `Patient/123`, `https://x/fhir/Patient/123/_history/2` or, inside a
# transaction Bundle turned into NDJSON, `urn:uuid:123`.
_PATIENT_PATH = r"Patient/([^/]+)"
_URN = r"^urn:uuid:(.+)$"


def patient_id(reference: Any) -> Any:
    """The Patient id a reference points to (null when it does not point to a Patient)."""
    by_path = reference.re_extract(_PATIENT_PATH, 1).nullif("")
    by_urn = reference.re_extract(_URN, 1).nullif("")
    return by_path.coalesce(by_urn)


def day(text: Any) -> Any:
    """`YYYY-MM-DD` of a FHIR date or dateTime string; partial dates count as their first day."""
    ibis = _imports.ibis()

    head = text.substr(0, 10)
    return ibis.cases(
        (head.length() == 10, head),
        (head.length() == 7, head + "-01"),
        (head.length() == 4, head + "-01-01"),
        else_=ibis.null("string"),
    )


def day_number(text: Any) -> Any:
    """A `YYYY-MM-DD` string as the integer YYYYMMDD (for ages)."""
    return (
        text.substr(0, 4).cast("int64") * 10000
        + text.substr(5, 2).cast("int64") * 100
        + text.substr(8, 2).cast("int64")
    )


class CodeSet:
    """SNOMED CT and ICD-10-CM codes, as fhir_codes.yaml and screening.yaml write them."""

    def __init__(self, snomed: Iterable[str], icd10cm: Iterable[str]) -> None:
        self.snomed = sorted(set(snomed))
        self.icd10cm = sorted({normalise_icd(code) for code in icd10cm})
        self.icd_exact = [code for code in self.icd10cm if not code.endswith("*")]
        self.icd_prefixes = [code[:-1] for code in self.icd10cm if code.endswith("*")]

    @classmethod
    def union(cls, sets: Iterable[CodeSet]) -> CodeSet:
        every = list(sets)
        return cls([c for s in every for c in s.snomed], [c for s in every for c in s.icd10cm])

    def matches(self, coding: Any, systems: dict[str, str]) -> Any:
        """Whether a Coding (a struct of system and code) is one of these codes (never null)."""
        return self.matches_keys(coding.system, coding.code.strip(), icd_key(coding.code), systems)

    def matches_keys(self, system: Any, code: Any, icd: Any, systems: dict[str, str]) -> Any:
        """`matches` on precomputed columns: the code trimmed, and its ICD-10-CM key."""
        found = (system == systems["snomed"]) & code.isin(self.snomed or [""])
        in_icd = icd.isin(self.icd_exact or [""])
        # One `isin` per prefix length instead of one `startswith` per prefix: the screen tests
        # every Condition's codings, and two lookups cost less than two dozen comparisons.
        by_length: dict[int, list[str]] = {}
        for prefix in self.icd_prefixes:
            by_length.setdefault(len(prefix), []).append(prefix)
        for length, prefixes in sorted(by_length.items()):
            in_icd = in_icd | icd.substr(0, length).isin(prefixes)
        return (found | ((system == systems["icd10cm"]) & in_icd)).fill_null(False)

    def any_of(self, codings: Any, systems: dict[str, str]) -> Any:
        """Whether an array of Codings holds one of these codes (never null)."""
        return codings.filter(lambda c: self.matches(c, systems)).length().fill_null(0) > 0


def icd_key(code: Any) -> Any:
    """An ICD-10-CM code as normalise_icd writes it: no dots, upper case."""
    return code.strip().upper().replace(".", "")


def any_code(codings: Any, codes: Iterable[str]) -> Any:
    """Whether an array of Codings holds one of `codes` (any system); false when null."""
    wanted = sorted(set(codes))
    return codings.filter(lambda c: c.code.isin(wanted)).length().fill_null(0) > 0
