"""The questionnaire form: its fields, and how a submitted form becomes a profile.

The form only reshapes what was typed into the profile mapping of spec assessment-v1 §1; the
profile parser (`ekbom.profile`) does all validation but one: a lab row needs its test and its
result, which only the form can say (`Built.problems`). Its problem locations (`labs[1].unit`)
are mapped back to form field names so each message shows next to the field that caused it.
Repeated rows are numbered from 0: `lab_<n>_test|value|unit|date`, `medication_<n>`,
`supplement_<n>_nutrient|amount|unit|per`; a row with nothing typed is left out, and the
profile lists the others in the order of their rows.
The diary's "About you" form is the questionnaire's basics, medicines, habits and RLS
questions (plus the upper limits), read by the same functions into the flat basics that
`ekbom profile set` stores (`build_basics`), and filled back from them (`basics_values`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

from starlette.datastructures import FormData

from ekbom.errors import Problem
from ekbom.knowledge.caffeine_drinks import load_caffeine_drinks
from ekbom.knowledge.models import Knowledge
from ekbom.profile import CRITERIA, DIETS, PERIODS, POLICIES, SEXES, SUPPLEMENT_UNITS
from ekbom.store.basics import Basics
from ekbom.web.csrf import FIELD

ROW_KINDS = ("lab", "medication", "supplement")  # the repeated rows, each with "Add another"
LAB_PARTS = ("test", "value", "unit", "date")
SYMPTOM_NUMBERS = ("severity_nrs", "nights_per_week", "irls_score")
LIFESTYLE_NUMBERS = ("alcohol_drinks_per_week", "exercise_minutes_per_week")
CAFFEINE_OTHER = "caffeine_mg_per_day"  # mg a day besides the cups, or a total people know
MAX_ROWS = 50  # rows of one kind a form may have; more are ignored (a form is not a bulk upload)


class Built(NamedTuple):
    """A profile mapping, which form field each profile location came from, and the problems
    found in the form itself (a lab row without its test), each located at its field."""

    profile: dict[str, Any]
    fields: dict[str, str]
    problems: list[Problem]

    def problem(self, field: str, message: str) -> None:
        self.problems.append(Problem(field, message))
        self.fields[field] = field


def choices() -> dict[str, Any]:
    """The fixed choices the questionnaire offers."""
    return {
        "sexes": SEXES,
        "diets": DIETS,
        "periods": PERIODS,
        "supplement_units": SUPPLEMENT_UNITS,
        "policies": POLICIES,
    }


def submitted(form: FormData) -> dict[str, str]:
    """A posted form as text by field name (the CSRF token left out, conditions one a line)."""
    values = {key: str(value) for key, value in form.items() if key != FIELD}
    values["conditions"] = "\n".join(str(c) for c in form.getlist("conditions"))
    return values


def rows(values: Mapping[str, str], kind: str, spare: int = 0) -> range:
    """The rows of `kind` (lab, medication, supplement) to show: every row the form had (even
    empty: "Add another" keeps each row typed in), at least one, and `spare` more."""
    row = re.compile(rf"{kind}_(\d+)(?:_[a-z]+)?")
    found = [int(m[1]) for key in values if (m := row.fullmatch(key)) and int(m[1]) < MAX_ROWS]
    return range(max(1, max(found, default=-1) + 1 + spare))


def medication_rows(values: Mapping[str, str]) -> range:
    """The diary's medicine fields: those in use and one empty row to add another."""
    used = [v for k, v in values.items() if re.fullmatch(r"medication_\d+", k) and v.strip()]
    return rows(values, "medication", spare=1 if used else 0)


def adding(values: Mapping[str, str]) -> str | None:
    """The row kind an "Add another" button asks for (without JavaScript), if one was pressed."""
    kind = values.get("add")
    return kind if kind in ROW_KINDS else None


def row_counts(values: Mapping[str, str]) -> dict[str, range]:
    """The rows of each kind the questionnaire shows, one more of the kind being added."""
    add = adding(values)
    return {f"{kind}_rows": rows(values, kind, int(kind == add)) for kind in ROW_KINDS}


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
    built = Built({}, {}, [])
    profile, fields = built.profile, built.fields
    _basics(form, profile, fields)
    _labs(form, kb, profile, built)
    _symptoms(form, profile, fields)
    _medicines(form, profile, fields)
    _supplements(form, profile, fields)
    _lifestyle(form, profile, fields)
    return built


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


def _labs(form: Mapping[str, str], kb: Knowledge, profile: dict[str, Any], built: Built) -> None:
    """Each lab row with anything typed in it: its test, value, unit and date. A row needs its
    test and its result (named by the row); the unit and date are the parser's to check."""
    labs: list[dict[str, Any]] = []
    for row in rows(form, "lab"):
        part = {key: _text(form, f"lab_{row}_{key}") for key in LAB_PARTS}
        if not (part["value"] or part["unit"] or part["date"]):
            continue
        test = kb.tests.get(part["test"])
        if test is None:
            built.problem(f"lab_{row}_test", "choose which test this result is from")
            continue
        if not part["value"]:
            built.problem(f"lab_{row}_value", f"type the {test.plain} result, or clear this row")
            continue
        where = f"labs[{len(labs)}]"
        entry: dict[str, Any] = {"test": test.id, "value": _number(part["value"])}
        entry["unit"] = part["unit"] or None
        if part["date"]:
            entry["date"] = part["date"]
        for key in ("test", "value", "unit", "date"):
            built.fields[f"{where}.{key}"] = f"lab_{row}_{key}"
        built.fields[where] = f"lab_{row}_value"
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
    if criteria := _criteria(form):
        symptoms["rls_criteria"] = criteria
    if symptoms:
        profile["symptoms"] = symptoms


def _criteria(form: Mapping[str, str]) -> dict[str, bool]:
    """The RLS questions answered yes or no ("not sure" leaves a criterion out)."""
    criteria = {}
    for key in CRITERIA:
        answer = _yes_no(form.get(f"criterion_{key}", ""))
        if answer is not None:
            criteria[key] = answer
    return criteria


def build_basics(form: Mapping[str, str]) -> Built:
    """The diary's "About you" form as flat basics (`lifestyle.` dropped) and their fields;
    `rls_criteria` holds only the questions answered yes or no."""
    profile: dict[str, Any] = {}
    fields: dict[str, str] = {}
    _basics(form, profile, fields)
    _medicines(form, profile, fields)
    _lifestyle(form, profile, fields)
    habits = profile.pop("lifestyle", {})
    flat = {**profile, **habits}
    if criteria := _criteria(form):
        flat["rls_criteria"] = criteria
    fields = {key.removeprefix("lifestyle."): field for key, field in fields.items()}
    return Built(flat, fields, [])


def basics_values(basics: Basics, today: date) -> dict[str, str]:
    """Stored basics as the values of the "About you" form (the inverse of build_basics), with
    the age as it is on `today`."""
    values: dict[str, str] = {}
    for key, value in basics.values().items():
        if key == "conditions":
            values[key] = "\n".join(value)
        elif key == "medications":
            values.update({f"medication_{row}": name for row, name in enumerate(value)})
        elif key == "rls_criteria":
            values.update({f"criterion_{k}": _yes_no_text(v) for k, v in value.items()})
        elif key in ("pregnant", "postmenopausal"):
            values.update({key: "yes"} if value else {})
        elif isinstance(value, bool):
            values[key] = _yes_no_text(value)
        elif key == "age":
            values[key] = str(basics.age_on_day(today))
        elif key != "age_on":
            values[key] = f"{value:g}" if isinstance(value, float) else str(value)
    return values


def _yes_no_text(value: bool) -> str:
    return "yes" if value else "no"


def _medicines(form: Mapping[str, str], profile: dict[str, Any], fields: dict[str, str]) -> None:
    names: list[str] = []
    for row in rows(form, "medication"):
        if text := _text(form, f"medication_{row}"):
            fields[f"medications[{len(names)}]"] = f"medication_{row}"
            names.append(text)
    if names:
        profile["medications"] = names


def _supplements(form: Mapping[str, str], profile: dict[str, Any], fields: dict[str, str]) -> None:
    items: list[dict[str, Any]] = []
    for row in rows(form, "supplement"):
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
    _caffeine(form, habits, fields)
    smoker = _yes_no(form.get("smoker", ""))
    if smoker is not None:
        habits["smoker"] = smoker
    if habits:
        profile["lifestyle"] = habits


def field_errors(problems: Sequence[Problem], fields: Mapping[str, str]) -> dict[str, list[str]]:
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


def _caffeine(form: Mapping[str, str], habits: dict[str, Any], fields: dict[str, str]) -> None:
    """Cups of coffee and tea and cans of cola (mg per cup from `caffeine_drinks.yaml`) plus
    any other mg become `caffeine_mg_per_day`. A value that is not a number of 0 or more goes
    to the profile as typed, so the parser names the problem beside its field."""
    typed = [(f"caffeine_{d.id}", d.mg) for d in load_caffeine_drinks().drinks]
    typed.append((CAFFEINE_OTHER, 1.0))
    total = 0.0
    given = False
    for field, mg in typed:
        if not (text := _text(form, field)):
            continue
        value = _number(text)
        if isinstance(value, str) or value < 0:
            habits["caffeine_mg_per_day"] = value
            fields["lifestyle.caffeine_mg_per_day"] = field
            return
        total += value * mg
        given = True
        fields.setdefault("lifestyle.caffeine_mg_per_day", field)
    if given:
        habits["caffeine_mg_per_day"] = round(total, 1)
