"""The ground truth of a synthetic export, decided by the engine itself.

For every screened person with active RLS, the person's truth becomes an ekbom profile (age, sex,
pregnancy, the condition ids that count on the screening day, the usable lab results, the active
medicines) and `ekbom.assess` decides the iron verdict, the rule, the clinician flag, the red flags
and the medicine triggers; the expected output row and its gaps follow from that assessment. A
screen that agrees with this file agrees with the engine.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ekbom.engine import assess
from ekbom.knowledge.models import Knowledge
from ekbom.knowledge.screening_codes import ScreeningCodes
from ekbom.knowledge.vocabulary import TSAT_PARTS
from ekbom.screening.synth_people import Lab, Person

SHOWN_TESTS = ("ferritin", "tsat", "crp")


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def converted(lab: Lab, kb: Knowledge) -> float:
    """The result in the test's canonical unit, as the engine converts it."""
    from ekbom.knowledge.units import match_unit

    test = kb.tests[lab.test]
    unit = match_unit(lab.unit_code or lab.unit_text or "", test.units)
    assert unit is not None and lab.value is not None
    return float(lab.value) * test.units[unit]


def over_pairs(person: Person, kb: Knowledge) -> set[date | None]:
    """Days of serum iron + TIBC pairs whose TSAT would be over 100 (the screen ignores them)."""
    usable = [lab for lab in person.labs if lab.skip is None]
    irons = {lab.day: lab for lab in usable if lab.test == "serum_iron"}
    tibcs = {lab.day: lab for lab in usable if lab.test == "tibc"}
    return {
        day
        for day in set(irons) & set(tibcs)
        if converted(irons[day], kb) / converted(tibcs[day], kb) * 100 > 100
    }


def profile(person: Person, kb: Knowledge, as_of: date) -> dict[str, Any]:
    """The engine profile of what a screen can know about `person` on `as_of`."""
    counted = {cond.kind for cond in person.conditions if cond.counts}
    over = over_pairs(person, kb)
    labs = [
        lab
        for lab in person.labs
        if lab.skip is None and not (lab.test in TSAT_PARTS and lab.day in over)
    ]
    labs.sort(key=lambda lab: (lab.day or date.max, lab.time))
    medicines: list[str] = []
    for med in person.meds:
        if med.counts:
            medicines += [
                name for name in (med.text, med.display) if name and name not in medicines
            ]
    found: dict[str, Any] = {
        "age": age_on(person.birth, as_of),
        "sex": person.sex,
        "conditions": sorted(counted & set(kb.conditions)),
        "labs": [_lab_entry(lab) for lab in labs],
        "medications": medicines,
    }
    if "pregnant" in counted:
        found["pregnant"] = True
    return found


def _lab_entry(lab: Lab) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "test": lab.test,
        "value": lab.value,
        "unit": lab.unit_code or lab.unit_text,
    }
    if lab.day is not None:
        entry["date"] = lab.day.isoformat()
    return entry


def expected_row(
    person: Person, kb: Knowledge, screening: ScreeningCodes, as_of: date
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(profile, the output row a screen must give for `person`)."""
    person_profile = profile(person, kb, as_of)
    document = assess(person_profile, as_of=as_of).to_dict()
    iron = next(n for n in document["nutrients"] if n["nutrient"] == "iron")
    used = {
        row["test"]: row
        for row in document["labs"]
        if row["used"] and row["status"] == "current" and row["test"] in SHOWN_TESTS
    }
    studies = any(test in used for test in screening.iron_studies)
    active = {med.kind for med in person.meds if med.counts}
    iron_medicine = "iron" in active
    triggers = sorted({entry["ingredient"] for entry in document["medication_triggers"]})
    overload = any(flag["id"] == screening.overload_red_flag for flag in document["red_flags"])
    row: dict[str, Any] = {
        "patient_id": person.id,
        "age": person_profile["age"],
        "sex": person.sex,
        "pregnant": bool(person_profile.get("pregnant")),
        "dialysis": "dialysis" in person_profile["conditions"],
        "iron_verdict": iron["verdict"],
        "iron_rule": iron["rule_ids"][0],
        "iron_needs_clinician": iron["needs_clinician"],
        "iron_medication": iron_medicine,
        "dopamine_agonist": "agonist" in active,
        "trigger_medications": ", ".join(triggers) or None,
        "tsat_derived": bool(used.get("tsat", {}).get("derived")),
        "no_iron_studies": not studies,
        "iron_indicated_untreated": iron["verdict"] == "recommended" and not iron_medicine,
        "iron_with_overload_risk": iron_medicine and overload,
        "trigger_medication": bool(triggers),
        "dopamine_agonist_without_iron_studies": "agonist" in active and not studies,
    }
    for test in SHOWN_TESTS:
        row[test] = used[test]["value"] if test in used else None
        row[f"{test}_date"] = used[test]["date"] if test in used else None
    return person_profile, row


def skipped_counts(people: list[Person]) -> dict[tuple[str, str], int]:
    """Lab results a screen must skip, by (test, reason)."""
    counts: dict[tuple[str, str], int] = {}
    for person in people:
        for lab in person.labs:
            if lab.skip:
                counts[(lab.test, lab.skip)] = counts.get((lab.test, lab.skip), 0) + 1
    return counts


def current_over_pairs(people: list[Person], kb: Knowledge, as_of: date) -> int:
    """People whose latest serum iron + TIBC pair gives a TSAT over 100 and is current."""
    cutoff = as_of - timedelta(days=kb.stale_after_days)
    count = 0
    for person in people:
        days = over_pairs(person, kb)
        if any(day is None or day >= cutoff for day in days):
            count += 1
    return count
