"""Nutrient medicines in the medication list, read as current intake (spec §1 "Current intake").

"ferrous sulfate 325 mg twice daily" is 130 mg iron a day: the strength is the number and unit
right after the name, turned into the nutrient by the ingredient's factor or listed strengths
(medications.yaml), times "N tablets", times the frequency words. What cannot be read is never
guessed: no readable strength (or a salt whose amount is not listed) gives `daily=None`, and no
frequency found counts once a day with `frequency_read=False`. Iron by vein is `route="iv"`,
its amount never counted. One string gives at most one intake per nutrient.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ekbom.engine.medications import MatchedMedication, NameSpan, find_names
from ekbom.knowledge.models import Ingredient, Knowledge, MedicineReading

_MG_PER = {"mg": 1.0, "ug": 0.001, "g": 1000.0}
_PER_UNIT_OF_NUTRIENT = {"mg": 1.0, "ug": 1000.0}  # nutrient unit per mg
# Numbers ("1,000" is a thousand, "0,5" a half), words starting with a letter, and "/".
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.\d+|\d+(?:,\d+)?|[a-z][a-z0-9]*|/")
_PRECISION = 9  # decimals kept, so that 325 x 0.2 is exactly 65


class MedicineIntake(NamedTuple):
    text: str
    """The medication string as given."""
    ingredient: str
    """Vocabulary ingredient name, e.g. "ferrous sulfate"."""
    nutrient: str
    """Nutrient id (iron, magnesium, vitamin_b6, vitamin_b12, folate, vitamin_d, ...)."""
    route: str
    """ "oral" | "iv" """
    daily: float | None
    """Amount per day in the nutrient's unit; None = amount unknown (never assumed)."""
    frequency_read: bool
    """False when no frequency was found, so it counted once a day (the text says so)."""


class _Reading(NamedTuple):
    ingredient: str
    route: str
    amount: float | None  # per tablet or dose, in the nutrient's unit


def medicine_intakes(
    matched: tuple[MatchedMedication, ...], knowledge: Knowledge
) -> tuple[MedicineIntake, ...]:
    """Every nutrient medicine in `matched`, one intake per string and nutrient, in order."""
    result: list[MedicineIntake] = []
    for medication in matched:
        if any(knowledge.ingredients[name].nutrient for name in medication.ingredients):
            result.extend(_read(medication.text, knowledge))
    return tuple(result)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("µ", "u").replace("μ", "u"))


def _number(token: str) -> float | None:
    if not token[:1].isdigit() and not token.startswith("."):
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", token):
        return float(token.replace(",", ""))
    return float(token.replace(",", "."))


def _read(text: str, knowledge: Knowledge) -> list[MedicineIntake]:
    reading = knowledge.medicine_reading
    tokens = _tokens(text)
    per_day, frequency_read = _frequency(tokens, reading)
    count = _count(tokens, reading)
    by_nutrient: dict[str, list[_Reading]] = {}
    for span in find_names(tokens, knowledge):
        for nutrient, found in _readings(span, tokens, knowledge):
            by_nutrient.setdefault(nutrient, []).append(found)
    result = []
    for nutrient, readings in by_nutrient.items():
        chosen = next(
            (r for r in readings if r.route == "iv"),
            next((r for r in readings if r.amount is not None), readings[0]),
        )
        daily = None
        if chosen.route != "iv" and chosen.amount is not None:
            daily = round(chosen.amount * count * per_day, _PRECISION)
        result.append(
            MedicineIntake(text, chosen.ingredient, nutrient, chosen.route, daily, frequency_read)
        )
    return result


def _readings(
    span: NameSpan, tokens: list[str], knowledge: Knowledge
) -> list[tuple[str, _Reading]]:
    """(nutrient, reading) for each nutrient ingredient the name at `span` stands for."""
    names = knowledge.names[span.key]
    contents = knowledge.brand_contents.get(span.key)
    found = []
    for name in names:
        ingredient = knowledge.ingredients[name]
        content = ingredient.nutrient
        if content is None:
            continue
        if contents is not None:  # a brand whose label amounts are known (Diclegis)
            mg = dict(contents).get(name)
            amount = _amount(mg, "mg", ingredient, knowledge) if mg is not None else None
        elif len(names) == 1:
            amount = _strength_after(span.end, tokens, ingredient, knowledge)
        else:  # a combination brand with no amounts in the data: whose strength is written?
            amount = None
        found.append((content.nutrient, _Reading(name, content.route, amount)))
    return found


def _strength_after(
    end: int, tokens: list[str], ingredient: Ingredient, knowledge: Knowledge
) -> float | None:
    """The amount of the nutrient in the strength written right after the name, if readable."""
    reading = knowledge.medicine_reading
    if reading is None or end >= len(tokens):
        return None
    value = _number(tokens[end])
    if value is None:
        return None
    unit, after = _unit(tokens, end + 1, reading)
    if unit is None:
        return None
    if after + 1 < len(tokens) and tokens[after] == "/" and tokens[after + 1] in reading.per:
        return None  # a concentration (1000 MCG/ML), not a strength
    return _amount(value, unit, ingredient, knowledge)


def _unit(tokens: list[str], start: int, reading: MedicineReading) -> tuple[str | None, int]:
    """The strength unit starting at `start` (one or two words) and the index after it."""
    for size in (2, 1):
        words = " ".join(tokens[start : start + size])
        if len(tokens) >= start + size and words in reading.units:
            return reading.units[words], start + size
    return None, start


def _amount(value: float, unit: str, ingredient: Ingredient, knowledge: Knowledge) -> float | None:
    """`value` `unit` of the ingredient as an amount of its nutrient, in the nutrient's unit."""
    content = ingredient.nutrient
    if content is None or content.route == "iv":
        return None
    nutrient = knowledge.nutrients[content.nutrient]
    if unit == "IU":
        if nutrient.iu is None or content.factor != 1:
            return None
        return value * nutrient.iu
    mg = value * _MG_PER[unit]
    if content.factor is not None:
        return mg * _PER_UNIT_OF_NUTRIENT[nutrient.unit] * content.factor
    for salt_mg, amount in content.strengths:
        if abs(salt_mg - mg) < 1e-6:
            return amount
    return None


def _frequency(tokens: list[str], reading: MedicineReading | None) -> tuple[float, bool]:
    """Times a day from the first frequency phrase in `tokens`; (1, False) when there is none."""
    if reading is None:
        return 1.0, False
    longest = max((len(p) for p in reading.frequencies), default=0)
    for i in range(len(tokens)):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            phrase = tuple(tokens[i : i + size])
            if phrase in reading.frequencies:
                return reading.frequencies[phrase], True
    return 1.0, False


def _count(tokens: list[str], reading: MedicineReading | None) -> float:
    """N from the first "N tablets" or "N capsules"; 1 when there is none."""
    if reading is None:
        return 1.0
    for i in range(len(tokens) - 1):
        if tokens[i + 1] in reading.counts:
            value = _number(tokens[i])
            if value is not None and value > 0:
                return value
    return 1.0
