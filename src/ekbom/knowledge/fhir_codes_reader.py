"""Read and check fhir_codes.yaml: code systems, units, condition and fact codes, supplement
ingredients, dose units, record status and profile facts, against the core knowledge."""

from __future__ import annotations

import re
from typing import Any

from ekbom.knowledge import models as m
from ekbom.knowledge.interop_records import (
    DOSE_UNITS,
    FACT_VALUES,
    FACTS,
    SYSTEMS,
    ConditionCodes,
    FactCodes,
    FactObservation,
    ProfileFact,
    RecordStatus,
    SupplementIngredient,
)
from ekbom.knowledge.medications_reader import medication_words
from ekbom.knowledge.reader import Reader
from ekbom.knowledge.units import match_unit
from ekbom.yamlsource import line_of

_ICD = re.compile(r"^[A-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?\*?$")
_SNOMED = re.compile(r"^[1-9][0-9]{5,17}$")


def read_fhir_codes(node: Any, reader: Reader, kb: m.Knowledge) -> dict[str, Any] | None:
    f = reader.fields(
        node,
        1,
        {
            "version": "int",
            "systems": "map",
            "units": "map",
            "conditions": "list",
            "facts": "list",
            "supplements": "list",
            "dose_units": "map",
            "record_status": "map",
            "profile_facts": "map",
        },
        {"fact_observations": "list"},
        what="fhir_codes.yaml",
    )
    if len(f.keys() - {"fact_observations"}) != 9:
        return None
    systems = reader.fields(f["systems"], line_of(node, "systems"), dict.fromkeys(SYSTEMS, "str"))
    conditions = [
        _condition(item, line, reader, kb) for item, line in reader.items(node, "conditions", 1)
    ]
    found = tuple(c for c in conditions if c is not None)
    return {
        "systems": systems,
        "units": _units(f["units"], line_of(node, "units"), reader, kb),
        "conditions": found,
        "facts": tuple(
            fact
            for item, line in reader.items(node, "facts", 1)
            if (fact := _fact(item, line, reader)) is not None
        ),
        "supplements": _supplements(node, reader, kb),
        "dose_units": _dose_units(f["dose_units"], line_of(node, "dose_units"), reader),
        "export_codes": _export_codes(found, reader, kb, line_of(node, "conditions")),
        "profile_facts": _profile_facts(f["profile_facts"], line_of(node, "profile_facts"), reader),
        "record_status": _record_status(f["record_status"], line_of(node, "record_status"), reader),
        "fact_observations": tuple(
            answers
            for item, line in reader.items(node, "fact_observations", 1)
            if (answers := _fact_observation(item, line, reader)) is not None
        )
        if "fact_observations" in f
        else (),
    }


_LOINC = re.compile(r"^[0-9]{1,7}-[0-9]$")


def _fact_observation(item: Any, line: int, reader: Reader) -> FactObservation | None:
    f = reader.fields(
        item,
        line,
        {"fact": "str", "loinc": "str", "values": "map", "within_days": "int"},
        what="fact observation",
    )
    if len(f) != 4:
        return None
    ok = True
    if f["fact"] not in FACTS:
        reader.report(line, "reference", f"fact must be one of {', '.join(FACTS)}")
        ok = False
    if not _LOINC.match(f["loinc"]):
        reader.report(
            line_of(item, "loinc", line),
            "code",
            f"'{f['loinc']}' is not a LOINC code (e.g. 82810-3)",
        )
        ok = False
    values: dict[str, bool] = {}
    for code, value in f["values"].items():
        if not _SNOMED.match(str(code)) or not isinstance(value, bool):
            reader.report(
                line_of(f["values"], code, line),
                "code",
                f"values map SNOMED CT answer codes to true or false, not {code!r}: {value!r}",
            )
            ok = False
            continue
        values[str(code)] = value
    if f["within_days"] <= 0:
        reader.report(line_of(item, "within_days", line), "range", "within_days must be above 0")
        ok = False
    return FactObservation(f["fact"], f["loinc"], values, f["within_days"]) if ok else None


def _record_status(node: dict[str, Any], line: int, reader: Reader) -> RecordStatus:
    fields = dict.fromkeys(RecordStatus._fields, "strs")
    f = reader.fields(node, line, fields, what="record_status")
    for key, values in f.items():
        if not values:
            reader.report(line_of(node, key, line), "type", f"record_status.{key} is empty")
    return RecordStatus(**{key: tuple(f.get(key, ())) for key in RecordStatus._fields})


def _profile_facts(node: dict[str, Any], line: int, reader: Reader) -> dict[str, ProfileFact]:
    result: dict[str, ProfileFact] = {}
    for key, spec in node.items():
        at = line_of(node, key, line)
        f = reader.fields(spec, at, {"value": "str"}, {"unit": "str"}, what=f"fact '{key}'")
        if f.get("value") not in FACT_VALUES:
            reader.report(
                at, "reference", f"value of '{key}' must be one of {', '.join(FACT_VALUES)}"
            )
        elif (f["value"] == "quantity") != ("unit" in f):
            reader.report(
                at, "missing-key", f"'{key}': a quantity needs a unit, and only a quantity"
            )
        else:
            result[str(key)] = ProfileFact(str(key), f["value"], f.get("unit"))
    return result


def _units(
    node: dict[str, Any], line: int, reader: Reader, kb: m.Knowledge
) -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = {}
    for test_id, spellings in node.items():
        at = line_of(node, test_id, line)
        test = kb.tests.get(test_id)
        if test is None:
            reader.report(at, "reference", f"unknown lab test '{test_id}' in units")
            continue
        if not isinstance(spellings, dict):
            reader.report(at, "type", f"units of '{test_id}' must be a mapping")
            continue
        result[test_id] = {}
        for spelling, ours in spellings.items():
            if not isinstance(ours, str) or match_unit(ours, test.units) is None:
                reader.report(
                    line_of(spellings, spelling, at),
                    "unit",
                    f"'{ours}' is not a unit of {test_id} in labs.yaml; "
                    f"use one of {', '.join(test.units)}",
                )
                continue
            result[test_id][str(spelling)] = ours
    return result


def _codes(f: dict[str, Any], reader: Reader, line: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    snomed = tuple(f.get("snomed", ()))
    icd = tuple(f.get("icd10cm", ()))
    for code in snomed:
        if not _SNOMED.match(code):
            reader.report(line, "code", f"'{code}' is not a SNOMED CT concept id")
    for code in icd:
        if not _ICD.match(code.upper()):
            reader.report(line, "code", f"'{code}' is not an ICD-10-CM code (e.g. E83.110, K50*)")
    if not snomed and not icd:
        reader.report(line, "missing-key", "give at least one snomed or icd10cm code")
    return snomed, tuple(code.strip().upper() for code in icd)


def _condition(item: Any, line: int, reader: Reader, kb: m.Knowledge) -> ConditionCodes | None:
    f = reader.fields(
        item,
        line,
        {"ids": "strs"},
        {"snomed": "strs", "icd10cm": "strs", "within_days": "int", "note": "str"},
        what="condition codes",
    )
    if "ids" not in f:
        return None
    for condition_id in f["ids"]:
        if condition_id not in kb.conditions:
            reader.report(line, "reference", f"unknown condition id '{condition_id}'")
    snomed, icd = _codes(f, reader, line)
    return ConditionCodes(tuple(f["ids"]), snomed, icd, f.get("within_days"))


def _fact(item: Any, line: int, reader: Reader) -> FactCodes | None:
    f = reader.fields(
        item,
        line,
        {"fact": "str"},
        {
            "snomed": "strs",
            "icd10cm": "strs",
            "trimester_last_digit": "bool",
            "export_prefix": "str",
            "not_icd10cm": "strs",
        },
        what="fact codes",
    )
    if f.get("fact") not in FACTS:
        reader.report(line, "reference", f"fact must be one of {', '.join(FACTS)}")
        return None
    snomed, icd = _codes(f, reader, line)
    trimester = bool(f.get("trimester_last_digit", False))
    prefix = f.get("export_prefix")
    if prefix is not None and (not trimester or not _ICD.match(prefix + "1")):
        reader.report(
            line, "code", "export_prefix needs trimester_last_digit and an ICD-10-CM code"
        )
    excluded = tuple(code.strip().upper() for code in f.get("not_icd10cm", ()))
    for i, code in enumerate(excluded):
        if not _ICD.match(code):
            reader.report(
                line_of(item["not_icd10cm"], i, line),
                "code",
                f"'{code}' is not an ICD-10-CM code (e.g. O99.893)",
            )
    return FactCodes(f["fact"], snomed, icd, trimester, prefix, excluded)


def _supplements(node: Any, reader: Reader, kb: m.Knowledge) -> tuple[SupplementIngredient, ...]:
    found: list[SupplementIngredient] = []
    for f, _, line in reader.entries(
        node,
        "supplements",
        {"name": "str", "nutrient": "str", "fraction": "number"},
        {"note": "str"},
        what="supplement ingredient",
        unique=("name", "supplement name"),
    ):
        if f["nutrient"] not in kb.nutrients:
            reader.report(line, "reference", f"unknown nutrient '{f['nutrient']}'")
        elif not 0 < f["fraction"] <= 1:
            reader.report(line, "range", "fraction must be above 0 and at most 1")
        else:
            name = " ".join(medication_words(f["name"]))
            found.append(SupplementIngredient(name, f["nutrient"], float(f["fraction"])))
    return tuple(sorted(found, key=lambda s: -len(s.name.split())))


def _dose_units(node: dict[str, Any], line: int, reader: Reader) -> dict[str, str]:
    result: dict[str, str] = {}
    for spelling, unit in node.items():
        if unit not in DOSE_UNITS:
            reader.report(
                line_of(node, spelling, line),
                "unit",
                f"dose unit '{spelling}' must map to one of {', '.join(DOSE_UNITS)}",
            )
            continue
        result[str(spelling).upper()] = unit
    return result


def _export_codes(
    conditions: tuple[ConditionCodes, ...], reader: Reader, kb: m.Knowledge, line: int
) -> dict[str, tuple[str, str]]:
    """Each condition id's export code: the first code of the first entry for it alone."""
    result: dict[str, tuple[str, str]] = {}
    for entry in conditions:
        if len(entry.ids) == 1 and entry.ids[0] not in result:
            if entry.snomed:
                result[entry.ids[0]] = ("snomed", entry.snomed[0])
            elif entry.icd10cm and not entry.icd10cm[0].endswith("*"):
                result[entry.ids[0]] = ("icd10cm", entry.icd10cm[0])
    for condition_id in kb.conditions:
        if condition_id not in result:
            reader.report(
                line,
                "missing-key",
                f"condition '{condition_id}' needs an entry with `ids: [{condition_id}]` and a "
                "SNOMED code or an exact ICD-10-CM code, for the export",
            )
    return result
