"""Join patients, conditions, labs and medicines into one facts row per patient with active RLS.

Patients are screened when they are alive on the screening day (no deceasedBoolean true, no
deceasedDateTime on or before it) and born by then. Age is in whole years on the screening day.
The columns are those ekbom.screening.compile reads (`lab_<test>`, `condition_<id>`, ...), plus
the dates of the labs and what the output shows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ekbom.screening import _imports
from ekbom.screening.compile import lab_column
from ekbom.screening.fhir import day, day_number
from ekbom.screening.labs import UNDATED


def patient_columns(as_of: date) -> Any:
    """The Patient fields the screen reads (for tables.read_type)."""
    today = as_of.isoformat()

    def columns(t: Any) -> dict[str, Any]:
        died = day(t.deceasedDateTime) <= today
        return {
            "patient": t.id,
            "gender": t.gender,
            "birth": day(t.birthDate),
            "deceased": t.deceasedBoolean.fill_null(False) | died.fill_null(False),
        }

    return columns


def screened_patients(rows: Any, as_of: date) -> Any:
    """One row per screened patient id: `sex` and `age` (null when there is no birth date)."""
    ibis = _imports.ibis()

    t = rows.filter(rows.patient.notnull())
    t = t.group_by("patient").aggregate(
        sex=t.gender.max(), birth=t.birth.max(), deceased=t.deceased.any()
    )
    t = t.filter(~t.deceased & (t.birth.isnull() | (t.birth <= as_of.isoformat())))
    today = as_of.year * 10000 + as_of.month * 100 + as_of.day
    age = ((ibis.literal(today) - day_number(t.birth)) // 10000).cast("int64")
    return t.select("patient", "sex", age=age)


def lab_wide(latest: Any, derived: Any, tests: tuple[str, ...]) -> Any:
    """One row per patient: `lab_<test>` and `lab_<test>_date` of each current result; TSAT
    falls back to the derived one, marked by `tsat_derived`."""
    ibis = _imports.ibis()

    current = latest.filter(latest.current)
    columns: dict[str, Any] = {}
    for test in tests:
        hit = current.test == test
        columns[lab_column(test)] = ibis.cases((hit, current.value_c)).max()
        columns[lab_column(test) + "_date"] = ibis.cases((hit, current.day)).max()
    measured = current.group_by("patient").aggregate(**columns)
    if "tsat" not in tests:
        return measured
    usable = derived.filter(derived.current & (derived.value <= 100))
    both = measured.outer_join(usable, "patient")
    patient = both.patient.coalesce(both.patient_right)
    tsat = lab_column("tsat")
    use_derived = both[tsat].isnull() & both.value.notnull()
    keep = [both[name] for name in columns if name not in (tsat, tsat + "_date")]
    return both.select(
        *keep,
        patient=patient,
        **{
            tsat: ibis.cases((use_derived, both.value), else_=both[tsat]),
            tsat + "_date": ibis.cases(
                (use_derived, both.day_key.nullif(UNDATED)), else_=both[tsat + "_date"]
            ),
            "tsat_derived": use_derived,
        },
    )


def join_facts(
    patients: Any, conditions: Any, labs: Any, medicines: Any, medicine_columns: list[str]
) -> Any:
    """Screened patients with active RLS, with every facts column (booleans never null)."""
    rls = conditions.filter(conditions.rls)
    t = patients.join(rls, "patient")
    t = t.left_join(labs, "patient").drop("patient_right")
    t = t.left_join(medicines, "patient").drop("patient_right")
    fills = {
        name: t[name].fill_null(False) for name in medicine_columns if name != "trigger_ingredients"
    }
    if "tsat_derived" in t.columns:
        fills["tsat_derived"] = t.tsat_derived.fill_null(False)
    return t.mutate(**fills)
