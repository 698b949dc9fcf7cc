"""Parsing and validating a profile (spec assessment-v1 §1).

`parse_profile(data)` turns a mapping (as read from YAML or JSON) into a `Profile` or raises
`ProfileError` listing every problem, each with its location and how to fix it.
`parse_sections(data)` runs the same readers without requiring age and sex and returns the parts
it read with the problems it found (the diary checks a lone entry or its basics this way).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ekbom.errors import Problem, ProfileError
from ekbom.knowledge.language import CRITERIA, LIFESTYLE_KEYS
from ekbom.knowledge.loader import load_knowledge
from ekbom.knowledge.models import Knowledge
from ekbom.knowledge.reader import did_you_mean
from ekbom.knowledge.units import match_unit
from ekbom.knowledge.vocabulary import DIETS, POLICIES
from ekbom.profile.fields import FieldReader, fmt, is_number
from ekbom.profile.model import (
    LAB_KEYS,
    MINUTES_PER_WEEK,
    PERIODS,
    SEXES,
    SUPPLEMENT_KEYS,
    SUPPLEMENT_UNITS,
    SYMPTOM_KEYS,
    TOP_KEYS,
    LabResult,
    Profile,
    Sections,
    Supplement,
    future_date_message,
    kind_of,
)

_MASS_IN_MG = {"mg": 1.0, "ug": 0.001, "g": 1000.0}


def parse_profile(
    data: Any, knowledge: Knowledge | None = None, *, as_of: date | None = None
) -> Profile:
    """Validate `data` and build a Profile; ProfileError lists every problem found.

    Lab dates are checked against `as_of` (default: the profile's own `as_of`, else today).
    """
    sections, problems = _Parser(knowledge or load_knowledge()).sections(
        data, as_of, person_required=True
    )
    if problems or sections.age is None or sections.sex is None:
        raise ProfileError(problems)
    return Profile(**sections._asdict())


def parse_sections(
    data: Any, knowledge: Knowledge | None = None, *, as_of: date | None = None
) -> tuple[Sections, list[Problem]]:
    """Read `data` like `parse_profile` but with age and sex optional: the parts and every problem.

    Age, sex and pregnancy are still checked against each other when they are given.
    """
    return _Parser(knowledge or load_knowledge()).sections(data, as_of, person_required=False)


class _Parser(FieldReader):
    def __init__(self, knowledge: Knowledge) -> None:
        super().__init__()
        self.kb = knowledge

    def sections(
        self, data: Any, as_of: date | None, *, person_required: bool
    ) -> tuple[Sections, list[Problem]]:
        if not isinstance(data, Mapping):
            kind = kind_of(data)
            message = f"must be a mapping of keys such as age, sex and labs, but it is {kind}"
            return Sections(), [Problem("profile", message)]
        self.unknown_keys(data, TOP_KEYS, "")
        age = self.integer(data, "age", "age", 0, 120, required=person_required)
        sex = self.choice(data, "sex", "sex", SEXES, required=person_required)
        pregnant = self.boolean(data, "pregnant", "pregnant")
        trimester = self.integer(data, "pregnancy_trimester", "pregnancy_trimester", 1, 3)
        self.check_pregnancy(sex, pregnant, trimester)
        sections = Sections(
            age=age,
            sex=sex,
            as_of=self.a_date(data, "as_of", "as_of"),
            pregnant=bool(pregnant or trimester),
            pregnancy_trimester=trimester,
            postmenopausal=bool(self.boolean(data, "postmenopausal", "postmenopausal")),
            diet=self.choice(data, "diet", "diet", DIETS),
            conditions=self.conditions(data.get("conditions")),
            medications=self.medications(data.get("medications")),
            supplements=self.supplements(data.get("supplements")),
            labs=self.labs(data.get("labs")),
            symptoms=self.symptoms(data.get("symptoms")),
            lifestyle=self.lifestyle(data.get("lifestyle")),
            limits=self.choice(data, "limits", "limits", POLICIES),
        )
        self.check_lab_dates(sections.labs, as_of or sections.as_of or date.today())
        return sections, list(self.problems)

    def check_lab_dates(self, labs: tuple[LabResult, ...], as_of: date) -> None:
        for lab in labs:
            if lab.date is not None and lab.date > as_of:
                self.problem(f"labs[{lab.position}].date", future_date_message(lab.date, as_of))

    def check_pregnancy(
        self, sex: str | None, pregnant: bool | None, trimester: int | None
    ) -> None:
        if trimester is not None and pregnant is False:
            self.problem("pregnancy_trimester", "contradicts 'pregnant: false'; remove one")
        if sex == "male" and (pregnant or trimester is not None):
            self.problem("pregnant", "contradicts 'sex: male'; check sex and pregnancy")

    def conditions(self, value: Any) -> tuple[str, ...]:
        result = []
        valid = tuple(self.kb.conditions)
        for i, item in enumerate(self.a_list(value, "conditions")):
            if item not in self.kb.conditions:
                hint = did_you_mean(item, valid) if isinstance(item, str) else ""
                self.problem(
                    f"conditions[{i}]",
                    f"unknown condition {item!r}{hint}; valid ids: {', '.join(valid)}",
                )
            else:
                result.append(item)
        return tuple(result)

    def medications(self, value: Any) -> tuple[str, ...]:
        result = []
        for i, item in enumerate(self.a_list(value, "medications")):
            if not isinstance(item, str) or not item.strip():
                self.problem(
                    f"medications[{i}]",
                    f"{item!r} is not allowed; write the "
                    "medicine's name as text, e.g. 'Zoloft 50 mg'",
                )
            else:
                result.append(item.strip())
        return tuple(result)

    def supplements(self, value: Any) -> tuple[Supplement, ...]:
        result = []
        for i, item in enumerate(self.a_list(value, "supplements")):
            where = f"supplements[{i}]"
            entry = self.a_mapping(item, where)
            if entry is None:
                if item is None:
                    self.problem(where, "is empty; give nutrient, amount and unit")
                continue
            supplement = self.supplement(entry, where)
            if supplement is not None:
                result.append(supplement)
        return tuple(result)

    def supplement(self, entry: Mapping[str, Any], where: str) -> Supplement | None:
        self.unknown_keys(entry, SUPPLEMENT_KEYS, where + ".")
        names = tuple(self.kb.nutrients)
        nutrient_id = self.choice(entry, "nutrient", where + ".nutrient", names, required=True)
        amount = self.number(entry, "amount", where + ".amount")
        if entry.get("amount") is None:
            self.problem(where + ".amount", "is required; give the amount per day or week")
        per = self.choice(entry, "per", where + ".per", PERIODS) or "day"
        unit_text = entry.get("unit")
        if unit_text is None:
            self.problem(where + ".unit", "is required; use mg, ug (mcg), g, or IU")
            return None
        nutrient = self.kb.nutrients.get(nutrient_id or "")
        allowed = SUPPLEMENT_UNITS if nutrient is None or nutrient.iu else SUPPLEMENT_UNITS[:3]
        unit = match_unit(unit_text, allowed) if isinstance(unit_text, str) else None
        if unit is None:
            extra = "" if nutrient is None or nutrient.iu else " (IU is only for vitamin D and E)"
            self.problem(
                where + ".unit",
                f"{unit_text!r} is not a unit for "
                f"{nutrient_id or 'a supplement'}{extra}; "
                f"use {', '.join(allowed)}",
            )
            return None
        if nutrient is None or amount is None:
            return None
        factor = (
            (nutrient.iu or 1.0) if unit == "IU" else _MASS_IN_MG[unit] / _MASS_IN_MG[nutrient.unit]
        )
        daily = amount * factor / (7 if per == "week" else 1)
        check = nutrient.entry_check
        if check is not None and daily >= check.at_least:
            written = f"{fmt(amount)} {unit} a {per}"
            if per == "week":
                written += f" ({fmt(round(daily, 1))} {nutrient.unit} a day)"
            self.problem(where + ".amount", check.message.format(amount=written))
            return None
        return Supplement(nutrient.id, amount, unit, per, daily)

    def labs(self, value: Any) -> tuple[LabResult, ...]:
        result = []
        for i, item in enumerate(self.a_list(value, "labs")):
            where = f"labs[{i}]"
            entry = self.a_mapping(item, where)
            if entry is None:
                if item is None:
                    self.problem(where, "is empty; give test, value and unit")
                continue
            lab = self.lab(entry, where, i)
            if lab is not None:
                result.append(lab)
        return tuple(result)

    def lab(self, entry: Mapping[str, Any], where: str, index: int) -> LabResult | None:
        self.unknown_keys(entry, LAB_KEYS, where + ".")
        test_id = self.choice(entry, "test", where + ".test", tuple(self.kb.tests), required=True)
        value = entry.get("value")
        if value is None:
            self.problem(where + ".value", "is required; give the number from your lab report")
        elif not is_number(value):
            self.problem(
                where + ".value", f"{value!r} is not a number; give the number from your lab report"
            )
            value = None
        when = self.a_date(entry, "date", where + ".date")
        test = self.kb.tests.get(test_id or "")
        unit_text = entry.get("unit")
        if test is None:
            return None
        accepted = ", ".join(test.units)
        if unit_text is None:
            self.problem(where + ".unit", f"is required for {test.name}; use {accepted}")
            return None
        unit = match_unit(unit_text, test.units) if isinstance(unit_text, str) else None
        if unit is None:
            self.problem(
                where + ".unit", f"{unit_text!r} is not a unit for {test.id}; use {accepted}"
            )
            return None
        if value is None:
            return None
        converted = float(value) * test.units[unit]
        low, high = test.plausible
        if not low <= converted <= high:
            self.problem(
                where + ".value",
                f"{value} {unit_text} is outside the possible range "
                f"for {test.id} ({fmt(low)}-{fmt(high)} "
                f"{test.canonical}); check the value and the unit",
            )
            return None
        # 0 reads the same as a fraction or a percent, so only 0 < value <= at_most is a mistake
        if test.fraction is not None and 0 < converted <= test.fraction.at_most:
            percent = fmt(round(float(value) * 100, 6))
            self.problem(
                where + ".value", test.fraction.message.format(value=fmt(value), percent=percent)
            )
            return None
        return LabResult(test.id, value, str(unit_text), converted, test.canonical, when, index)

    def symptoms(self, value: Any) -> Mapping[str, Any]:
        data = self.a_mapping(value, "symptoms")
        if data is None:
            return {}
        self.unknown_keys(data, SYMPTOM_KEYS, "symptoms.")
        result: dict[str, Any] = {}
        for key in ("leg_cramps", "night_muscle_irritability"):
            result[key] = self.boolean(data, key, f"symptoms.{key}")
        result["irls_score"] = self.integer(data, "irls_score", "symptoms.irls_score", 0, 40)
        result["severity_nrs"] = self.number(data, "severity_nrs", "symptoms.severity_nrs", 0, 10)
        result["nights_per_week"] = self.integer(
            data, "nights_per_week", "symptoms.nights_per_week", 0, 7
        )
        criteria = self.a_mapping(data.get("rls_criteria"), "symptoms.rls_criteria")
        if criteria is not None:
            self.unknown_keys(criteria, CRITERIA, "symptoms.rls_criteria.")
            result["rls_criteria"] = {
                key: answer
                for key in CRITERIA
                if (answer := self.boolean(criteria, key, f"symptoms.rls_criteria.{key}"))
                is not None
            }
        return {key: v for key, v in result.items() if v is not None}

    def lifestyle(self, value: Any) -> Mapping[str, Any]:
        data = self.a_mapping(value, "lifestyle")
        if data is None:
            return {}
        self.unknown_keys(data, LIFESTYLE_KEYS, "lifestyle.")
        result = {
            "caffeine_mg_per_day": self.number(
                data, "caffeine_mg_per_day", "lifestyle.caffeine_mg_per_day"
            ),
            "alcohol_drinks_per_week": self.number(
                data, "alcohol_drinks_per_week", "lifestyle.alcohol_drinks_per_week"
            ),
            "smoker": self.boolean(data, "smoker", "lifestyle.smoker"),
            "exercise_minutes_per_week": self.number(
                data,
                "exercise_minutes_per_week",
                "lifestyle.exercise_minutes_per_week",
                0,
                MINUTES_PER_WEEK,
            ),
        }
        return {key: v for key, v in result.items() if v is not None}
