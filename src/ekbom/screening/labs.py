"""Lab results from Observations: the current result of each test, as spec assessment-v1 §1 says.

An Observation is a result of a test when one of its codings is a LOINC code of that test
(labs.yaml). Its value (valueQuantity.value) is converted to the test's canonical unit with the
unit code (valueQuantity.code), else the unit text (valueQuantity.unit), matched like a profile's
unit (knowledge/units.py; spellings records use from fhir_codes.yaml `units`). Its day is that of
effectiveDateTime, else effectivePeriod.start, effectiveInstant or issued.

A result is skipped, and counted by reason, when it has no patient, a status screening.yaml does
not count, no number, a unit the test does not accept, a value outside the plausible range, or a
day after the screening day. Of the rest, each test's latest result is used (an undated one wins,
then the later day, then the later time as written, then the larger id), when it is at most 365
days old. When TSAT is missing, it is derived from the latest serum iron and TIBC of one day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from ekbom.knowledge.interop_codes import InteropCodes
from ekbom.knowledge.models import Knowledge, LabTest
from ekbom.knowledge.screening_codes import ScreeningCodes
from ekbom.knowledge.units import match_unit, normalise_unit
from ekbom.knowledge.vocabulary import TSAT_PARTS
from ekbom.screening import _imports
from ekbom.screening.fhir import day

UNDATED = "9999-12-31"  # sorts after every real day: an undated result wins (spec §1)
SKIP_REASONS = ("no_patient", "status", "no_value", "unit", "implausible", "after_as_of")


def with_derivation(tests: Iterable[str]) -> tuple[str, ...]:
    """The tests to read: `tests`, plus serum iron and TIBC when TSAT is among them."""
    wanted = set(tests)
    if "tsat" in wanted:
        wanted.update(TSAT_PARTS)
    return tuple(sorted(wanted))


def unit_factors(
    test: LabTest, record_units: dict[str, str]
) -> tuple[dict[str, float], dict[str, float]]:
    """(exact, folded): normalised spelling -> factor, and lower-cased spelling -> factor for
    the spellings that differ from exactly one accepted unit only in letter case."""
    exact = dict(test.units)
    for spelling, ours in record_units.items():
        target = match_unit(ours, test.units)
        if target is not None:
            exact.setdefault(normalise_unit(spelling), test.units[target])
    lowered = Counter(spelling.lower() for spelling in test.units)
    folded = {s.lower(): f for s, f in test.units.items() if lowered[s.lower()] == 1}
    return exact, folded


def _normalised(spelling: Any) -> Any:
    """normalise_unit in Ibis: µ and μ to u, mcg to ug, no spaces."""
    text = spelling.replace(" ", "").replace("µ", "u").replace("μ", "u")
    return text.replace("mcg", "ug").replace("MCG", "ug").replace("Mcg", "ug")


class LabReader:
    """Builds the lab expressions for the tests `tests` (ids of labs.yaml)."""

    def __init__(
        self,
        kb: Knowledge,
        interop: InteropCodes,
        screening: ScreeningCodes,
        tests: Iterable[str],
        as_of: date,
    ) -> None:
        self.kb = kb
        self.interop = interop
        self.screening = screening
        self.tests = with_derivation(tests)
        self.as_of = as_of.isoformat()
        self.cutoff = (as_of - timedelta(days=kb.stale_after_days)).isoformat()
        self.codes = {code: test for test in self.tests for code in kb.tests[test].loinc}

    def relevant(self, t: Any) -> Any:
        """Whether an Observation row holds a LOINC code of one of the tests."""
        loinc, wanted = self.interop.systems["loinc"], sorted(self.codes)
        hits = t.code.coding.filter(lambda c: (c.system == loinc) & c.code.isin(wanted))
        return hits.length().fill_null(0) > 0

    def columns(self, t: Any) -> dict[str, Any]:
        """The Observation fields the screen reads (for tables.read_type)."""
        ibis = _imports.ibis()

        from ekbom.screening.fhir import patient_id

        loinc, wanted = self.interop.systems["loinc"], sorted(self.codes)
        code = t.code.coding.filter(lambda c: (c.system == loinc) & c.code.isin(wanted)).map(
            lambda c: c.code
        )[0]
        when = t.effectiveDateTime.coalesce(t.effectivePeriod.start, t.effectiveInstant, t.issued)
        return {
            "patient": patient_id(t.subject.reference),
            "id": t.id,
            "status": t.status,
            "test": ibis.cases(*((code == c, test) for c, test in self.codes.items())),
            "value": t.valueQuantity.value,
            "unit_code": t.valueQuantity.code,
            "unit_text": t.valueQuantity.unit,
            "when": when,
            "day": day(when),
        }

    def unit_rows(self) -> dict[str, list[Any]]:
        """The unit table's columns: test, key (a normalised spelling, or a lower-cased one when
        `folded`), folded, factor."""
        rows: dict[str, list[Any]] = {"test": [], "key": [], "folded": [], "factor": []}
        for test_id in self.tests:
            exact, folded = unit_factors(
                self.kb.tests[test_id], self.interop.units.get(test_id, {})
            )
            for kind, table in ((False, exact), (True, folded)):
                for key, factor in table.items():
                    rows["test"].append(test_id)
                    rows["key"].append(key)
                    rows["folded"].append(kind)
                    rows["factor"].append(factor)
        return rows

    def _tables(self) -> tuple[Any, Any]:
        ibis = _imports.ibis()
        pa = _imports.pyarrow()

        units = pa.table(
            self.unit_rows(),
            schema=pa.schema(
                [
                    ("test", pa.string()),
                    ("key", pa.string()),
                    ("folded", pa.bool_()),
                    ("factor", pa.float64()),
                ]
            ),
        )
        ranges = pa.table(
            {
                "test": list(self.tests),
                "low": [self.kb.tests[t].plausible[0] for t in self.tests],
                "high": [self.kb.tests[t].plausible[1] for t in self.tests],
            }
        )
        return ibis.memtable(units), ibis.memtable(ranges)

    def _with_factor(self, t: Any, units: Any) -> Any:
        """`t` with `factor`: the unit code's, else the unit text's; exact spellings before
        spellings that differ only in letter case (knowledge/units.py)."""
        lookups = (
            ("code_norm", False),
            ("code_norm", True),
            ("text_norm", False),
            ("text_norm", True),
        )
        names = []
        for i, (column, folded) in enumerate(lookups):
            part = units.filter(units.folded == folded)
            part = part.select(u_test=part.test, u_key=part.key, **{f"f{i}": part.factor})
            key = t[column].lower() if folded else t[column]
            t = t.left_join(part, [t.test == part.u_test, key == part.u_key]).drop(
                "u_test", "u_key"
            )
            names.append(f"f{i}")
        factor = t[names[0]].coalesce(*(t[name] for name in names[1:]))
        return t.mutate(factor=factor).drop(*names)

    def judged(self, rows: Any) -> Any:
        """Each result with its canonical `value_c` and the `skip` reason (null when used)."""
        ibis = _imports.ibis()

        units, ranges = self._tables()
        t = rows.mutate(
            code_norm=_normalised(rows.unit_code), text_norm=_normalised(rows.unit_text)
        )
        t = self._with_factor(t, units)
        t = t.mutate(value_c=t.value * t.factor)
        t = t.left_join(ranges, "test").drop("test_right")
        plausible = (t.value_c >= t.low) & (t.value_c <= t.high)
        skip = ibis.cases(
            (t.patient.isnull(), "no_patient"),
            (
                ~t.status.isin(list(self.interop.record_status.observation_used)).fill_null(False),
                "status",
            ),
            (t.value.isnull(), "no_value"),
            (t.value_c.isnull(), "unit"),
            (~plausible.fill_null(False), "implausible"),
            ((t.day > self.as_of).fill_null(False), "after_as_of"),
            else_=ibis.null("string"),
        )
        return t.mutate(skip=skip).drop("low", "high", "factor", "code_norm", "text_norm")

    def latest(self, usable: Any) -> Any:
        """The latest usable result per patient and test, with `current` (not stale)."""
        ibis = _imports.ibis()

        t = usable.mutate(day_key=usable.day.coalesce(UNDATED))
        order = [
            ibis.desc(t.day_key),
            ibis.desc(t.when.fill_null("")),
            ibis.desc(t.id.fill_null("")),
        ]
        ranked = t.mutate(rank=ibis.row_number().over(group_by=[t.patient, t.test], order_by=order))
        best = ranked.filter(ranked.rank == 0)
        return best.mutate(current=(best.day_key >= self.cutoff))

    def derived_tsat(self, usable: Any) -> Any:
        """Per patient, the TSAT from the latest serum iron + TIBC of one day (may be over 100)."""
        ibis = _imports.ibis()

        t = usable.filter(usable.test.isin(list(TSAT_PARTS)))
        t = t.mutate(day_key=t.day.coalesce(UNDATED))
        order = [ibis.desc(t.when.fill_null("")), ibis.desc(t.id.fill_null(""))]
        ranked = t.mutate(
            rank=ibis.row_number().over(group_by=[t.patient, t.test, t.day_key], order_by=order)
        )
        per_day = ranked.filter(ranked.rank == 0)
        iron = per_day.filter(per_day.test == "serum_iron").select(
            "patient", "day_key", iron="value_c"
        )
        tibc = per_day.filter(per_day.test == "tibc").select("patient", "day_key", tibc="value_c")
        pairs = iron.join(tibc, ["patient", "day_key"])
        pairs = pairs.mutate(
            pair_rank=ibis.row_number().over(
                group_by=pairs.patient, order_by=ibis.desc(pairs.day_key)
            )
        )
        pair = pairs.filter(pairs.pair_rank == 0)
        return pair.select(
            "patient",
            "day_key",
            value=(pair.iron / pair.tibc) * 100,
            current=pair.day_key >= self.cutoff,
        )
