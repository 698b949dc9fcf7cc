"""Conditions: active RLS, the condition ids the rules read (dialysis, inflammation ...), pregnancy.

A Condition record counts on the screening day when its verification status is not one of
screening.yaml `not_counted`, it began on or before that day (or gives no onset), and it has not
ended: with an abatement date, it counts until that date; without one, when its clinical status
is one of `active` (or it gives none). A code with `within_days` in fhir_codes.yaml (a recent
infection) counts instead when its onset lies within that many days before the screening day,
whatever its status. Codes: RLS from screening.yaml, the rest from fhir_codes.yaml.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ekbom.knowledge.interop_codes import InteropCodes
from ekbom.knowledge.screening_codes import ScreeningCodes
from ekbom.screening import _imports
from ekbom.screening.compile import condition_column
from ekbom.screening.fhir import CodeSet, any_code, day, icd_key, patient_id


def condition_columns(t: Any) -> dict[str, Any]:
    """The Condition fields the screen reads, flattened (for tables.read_type)."""
    return {
        "patient": patient_id(t.subject.reference),
        "coding": t.code.coding,
        "clinical": t.clinicalStatus.coding,
        "verification": t.verificationStatus.coding,
        "onset": day(t.onsetDateTime.coalesce(t.onsetPeriod.start, t.recordedDate)),
        "abatement": day(t.abatementDateTime.coalesce(t.abatementPeriod.start)),
    }


ICD_PREFIX_LENGTHS = range(3, 8)  # ICD-10-CM codes have 3 to 7 characters


class ConditionFlags:
    """Builds one row per patient with `rls`, `condition_<id>` and the fact columns.

    The codes become a small table (system, key, target, within_days) that the unnested codings
    join: an exact code is its own key; an ICD-10-CM prefix `K50*` is the key `K50*`, which a
    coding matches through the candidate keys `K50*`, `K509*`, ... made from its own code.
    """

    def __init__(self, interop: InteropCodes, screening: ScreeningCodes, as_of: date) -> None:
        self.interop = interop
        self.screening = screening
        self.as_of = as_of.isoformat()
        self.targets = self._targets()
        # Codes a fact's patterns cover but that do not set it (fhir_codes.yaml `not_icd10cm`),
        # as the target "!<fact>": a coding that hits one does not set the fact.
        self.exclusions = {
            "!" + fact.fact: CodeSet((), fact.not_icd10cm)
            for fact in self.interop.facts
            if fact.not_icd10cm
        }

    def _targets(self) -> dict[str, list[tuple[CodeSet, int | None]]]:
        """Output column -> the code sets that set it, each with its `within_days` (or None)."""
        targets: dict[str, list[tuple[CodeSet, int | None]]] = {
            "rls": [(CodeSet(self.screening.rls_snomed, self.screening.rls_icd10cm), None)]
        }
        for entry in self.interop.conditions:
            for condition in entry.ids:
                targets.setdefault(condition_column(condition), []).append(
                    (CodeSet(entry.snomed, entry.icd10cm), entry.within_days)
                )
        for fact in self.interop.facts:
            targets.setdefault(fact.fact, []).append((CodeSet(fact.snomed, fact.icd10cm), None))
        return targets

    def code_rows(self) -> dict[str, list[Any]]:
        """The code table's columns: system, key, target, days (0 = on the screening day)."""
        systems = self.interop.systems
        rows: dict[str, list[Any]] = {"system": [], "key": [], "target": [], "days": []}
        every = [*self.targets.items()]
        every += [(target, [(codes, None)]) for target, codes in self.exclusions.items()]
        for target, sets in every:
            for codes, days in sets:
                keys = [(systems["snomed"], c) for c in codes.snomed]
                keys += [(systems["icd10cm"], c) for c in codes.icd10cm]
                for system, key in keys:
                    rows["system"].append(system)
                    rows["key"].append(key)
                    rows["target"].append(target)
                    rows["days"].append(days or 0)
        return rows

    def _code_table(self) -> Any:
        ibis = _imports.ibis()
        pa = _imports.pyarrow()

        schema = pa.schema(
            [
                ("system", pa.string()),
                ("key", pa.string()),
                ("target", pa.string()),
                ("days", pa.int64()),
            ]
        )
        return ibis.memtable(pa.table(self.code_rows(), schema=schema))

    def _counts_now(self, t: Any) -> Any:
        status = self.interop.record_status
        refuted = any_code(t.verification, status.condition_not_counted)
        begun = t.onset.isnull() | (t.onset <= self.as_of)
        active = any_code(t.clinical, status.condition_active) | t.clinical.isnull()
        ongoing = (t.abatement > self.as_of).fill_null(False) | (t.abatement.isnull() & active)
        return (~refuted & begun & ongoing).fill_null(False)

    def _recent(self, t: Any, days: int) -> Any:
        since = (date.fromisoformat(self.as_of) - timedelta(days=days)).isoformat()
        refuted = any_code(t.verification, self.interop.record_status.condition_not_counted)
        within = (t.onset <= self.as_of) & (t.onset >= since)
        return (~refuted & within).fill_null(False)

    def _timing(self, t: Any) -> Any:
        """Whether a joined (record, code) row counts: now, or within the code's days."""
        ibis = _imports.ibis()

        windows = sorted({days for sets in self.targets.values() for _, days in sets if days})
        cases = [(t.days == days, self._recent(t, days)) for days in windows]
        return ibis.cases(*cases, else_=t.now) if cases else t.now

    def per_patient(self, conditions: Any) -> Any:
        """One row per patient id with a boolean column per target (rls, condition_*, facts)."""
        ibis = _imports.ibis()

        t = conditions.filter(conditions.patient.notnull())
        t = t.mutate(now=self._counts_now(t), c=t.coding.unnest())
        code = t.c.code.strip()
        icd = icd_key(t.c.code)
        prefixes = [icd.substr(0, n) + "*" for n in ICD_PREFIX_LENGTHS]
        t = t.mutate(system=t.c.system, coded=icd, key=ibis.array([code, icd, *prefixes]).unnest())
        hits = t.join(self._code_table(), ["system", "key"])
        hits = hits.filter(self._timing(hits))
        if self.exclusions:
            negated = hits.target.startswith("!")
            excluded = hits.filter(negated).select(
                x_patient=hits.patient,
                x_system=hits.system,
                x_coded=hits.coded,
                x_target=hits.target.substr(1),
            )
            hits = hits.filter(~negated)
            hits = hits.anti_join(
                excluded,
                [
                    hits.patient == excluded.x_patient,
                    hits.system == excluded.x_system,
                    hits.coded == excluded.x_coded,
                    hits.target == excluded.x_target,
                ],
            )
        hits = hits.select("patient", "target").distinct()
        flags = {column: (hits.target == column).any() for column in self.targets}
        return hits.group_by("patient").aggregate(**flags)

    def relevant(self, t: Any) -> Any:
        """Whether a Condition row holds any code the screen reads (others are not kept)."""
        every = CodeSet.union(codes for sets in self.targets.values() for codes, _ in sets)
        return every.any_of(t.code.coding, self.interop.systems)
