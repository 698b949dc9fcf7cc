"""The questionnaire form: its fields, and how a submitted form becomes a profile.

The form only reshapes what was typed into the profile mapping of spec assessment-v1 §1; the
profile parser (`ekbom.profile`) does all validation. Its problem locations (`labs[1].unit`)
are mapped back to form field names so each message shows next to the field that caused it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from ekbom.errors import Problem
from ekbom.knowledge.models import Knowledge
from ekbom.profile import CRITERIA, DIETS, PERIODS, SEXES, SUPPLEMENT_UNITS

SUPPLEMENT_ROWS = 3
MEDICATION_ROWS = 4
SYMPTOM_NUMBERS = ("severity_nrs", "nights_per_week", "irls_score")
LIFESTYLE_NUMBERS = ("caffeine_mg_per_day", "alcohol_drinks_per_week", "exercise_minutes_per_week")


class Built(NamedTuple):
    """A profile mapping, and which form field each profile location came from."""

    profile: dict[str, Any]
    fields: dict[str, str]


def choices() -> dict[str, Any]:
    """The fixed choices the questionnaire offers."""
    return {
        "sexes": SEXES,
        "diets": DIETS,
        "periods": PERIODS,
        "supplement_units": SUPPLEMENT_UNITS,
        "supplement_rows": range(SUPPLEMENT_ROWS),
        "medication_rows": range(MEDICATION_ROWS),
    }


def medication_names(kb: Knowledge) -> list[str]:
    """Ingredient and brand names for the medicine suggestions."""
    names = {i.name for i in kb.ingredients.values()} | {b.name for b in kb.brands.values()}
    return sorted(names, key=str.lower)


def _number(text: str) -> Any:
    """`"12"` -> 12, `"1.5"` -> 1.5; anything else stays text so the parser names the problem."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text


def _text(form: Mapping[str, str], name: str) -> str:
    return form.get(name, "").strip()


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def build_profile(form: Mapping[str, str], kb: Knowledge) -> Built:
    """Turn the submitted questionnaire into a profile mapping (nothing is validated here)."""
    profile: dict[str, Any] = {}
    fields: dict[str, str] = {}
    _basics(form, profile, fields)
    _labs(form, kb, profile, fields)
    _symptoms(form, profile, fields)
    _medicines(form, profile, fields)
    _supplements(form, profile, fields)
    _lifestyle(form, profile, fields)
    return Built(profile, fields)


def _put(profile: dict[str, Any], fields: dict[str, str], key: str, value: Any, field: str) -> None:
    profile[key] = value
    fields[key] = field


def _basics(form: Mapping[str, str], profile: dict[str, Any], fields: dict[str, str]) -> None:
    for key in ("age", "pregnancy_trimester"):
        if text := _text(form, key):
            _put(profile, fields, key, _number(text), key)
    for key in ("sex", "diet", "limits"):
        if text := _text(form, key):
            _put(profile, fields, key, text, key)
    for key in ("pregnant", "postmenopausal"):
        if form.get(key):
            _put(profile, fields, key, True, key)
    conditions = [c for c in form.get("conditions", "").split("\n") if c]
    if conditions:
        _put(profile, fields, "conditions", conditions, "conditions")


def _labs(
    form: Mapping[str, str], kb: Knowledge, profile: dict[str, Any], fields: dict[str, str]
) -> None:
    labs: list[dict[str, Any]] = []
    for test in kb.tests:
        value = _text(form, f"lab_{test}_value")
        if not value:
            continue
        where = f"labs[{len(labs)}]"
        entry: dict[str, Any] = {"test": test, "value": _number(value)}
        entry["unit"] = _text(form, f"lab_{test}_unit") or None
        if when := _text(form, f"lab_{test}_date"):
            entry["date"] = when
        for key in ("value", "unit", "date"):
            fields[f"{where}.{key}"] = f"lab_{test}_{key}"
        fields[where] = f"lab_{test}_value"
        labs.append(entry)
    if labs:
        profile["labs"] = labs


def _symptoms(form: Mapping[str, str], profile: dict[str, Any], fields: dict[str, str]) -> None:
    symptoms: dict[str, Any] = {}
    for key in SYMPTOM_NUMBERS:
        if text := _text(form, key):
            symptoms[key] = _number(text)
            fields[f"symptoms.{key}"] = key
    for key in ("leg_cramps", "night_muscle_irritability"):
        if form.get(key):
            symptoms[key] = True
    criteria = {}
    for key in CRITERIA:
        answer = _yes_no(form.get(f"criterion_{key}", ""))
        if answer is not None:
            criteria[key] = answer
    if criteria:
        symptoms["rls_criteria"] = criteria
    if symptoms:
        profile["symptoms"] = symptoms


def _medicines(form: Mapping[str, str], profile: dict[str, Any], fields: dict[str, str]) -> None:
    names: list[str] = []
    for row in range(MEDICATION_ROWS):
        if text := _text(form, f"medication_{row}"):
            fields[f"medications[{len(names)}]"] = f"medication_{row}"
            names.append(text)
    if names:
        profile["medications"] = names


def _supplements(form: Mapping[str, str], profile: dict[str, Any], fields: dict[str, str]) -> None:
    items: list[dict[str, Any]] = []
    for row in range(SUPPLEMENT_ROWS):
        nutrient = _text(form, f"supplement_{row}_nutrient")
        amount = _text(form, f"supplement_{row}_amount")
        if not nutrient and not amount:
            continue
        where = f"supplements[{len(items)}]"
        item: dict[str, Any] = {"nutrient": nutrient or None, "amount": _number(amount) or None}
        item["unit"] = _text(form, f"supplement_{row}_unit") or None
        item["per"] = _text(form, f"supplement_{row}_per") or "day"
        for key in ("nutrient", "amount", "unit", "per"):
            fields[f"{where}.{key}"] = f"supplement_{row}_{key}"
        fields[where] = f"supplement_{row}_nutrient"
        items.append(item)
    if items:
        profile["supplements"] = items


def _lifestyle(form: Mapping[str, str], profile: dict[str, Any], fields: dict[str, str]) -> None:
    habits: dict[str, Any] = {}
    for key in LIFESTYLE_NUMBERS:
        if text := _text(form, key):
            habits[key] = _number(text)
            fields[f"lifestyle.{key}"] = key
    smoker = _yes_no(form.get("smoker", ""))
    if smoker is not None:
        habits["smoker"] = smoker
    if habits:
        profile["lifestyle"] = habits


def field_errors(problems: tuple[Problem, ...], fields: Mapping[str, str]) -> dict[str, list[str]]:
    """Each problem's message under the form field it belongs to ("" for the whole form)."""
    result: dict[str, list[str]] = {}
    for problem in problems:
        field = _field_for(problem.location, fields)
        result.setdefault(field, []).append(problem.message)
    return result


def _field_for(location: str, fields: Mapping[str, str]) -> str:
    place = location
    while place:
        if place in fields:
            return fields[place]
        if place in ("age", "sex"):
            return place
        place = place.rpartition(".")[0]
    return ""
