"""Supplement products in medication records: which nutrient, and how much of it a day.

A product name like "ferrous sulfate 325 MG Oral Tablet" (RxNorm's style: ingredient, strength,
unit, form; combination products join parts with " / ") is matched against the `supplements`
ingredients of fhir_codes.yaml; the strength times the ingredient's elemental fraction, times the
doses a day of the dosage instruction, gives the daily amount a profile's `supplements` entry
holds. When any piece is missing, the amount is unknown (None), never guessed.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from ekbom.knowledge.interop_codes import InteropCodes, SupplementIngredient
from ekbom.knowledge.loader import medication_words

# A strength: a number and a unit, not followed by "/" (so "21.7 MG/ML" is a concentration).
_STRENGTH = re.compile(r"(\d+(?:\.\d+)?)\s*([A-Za-z\[\]]+)(?![A-Za-z\[\]]*\s*/\s*[A-Za-z])")
_DAYS_PER = {"d": 1.0, "wk": 7.0, "h": 1 / 24}
_MASS_IN_MG = {"mg": 1.0, "ug": 0.001, "g": 1000.0}


class Part(NamedTuple):
    """One supplement ingredient of a product, with its strength when the name gives one."""

    ingredient: SupplementIngredient
    strength: float | None  # amount of the named salt per unit (tablet, capsule)
    unit: str | None  # mg, ug, g or IU


class Intake(NamedTuple):
    """A profile `supplements` entry: nutrient, amount, unit and per (day or week)."""

    nutrient: str
    amount: float
    unit: str
    per: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "nutrient": self.nutrient,
            "amount": tidy(self.amount),
            "unit": self.unit,
            "per": self.per,
        }


def tidy(amount: float) -> float | int:
    """Round away float noise (325 x 0.2 = 65.00000000000001) and print whole numbers whole."""
    rounded = round(amount, 6)
    return int(rounded) if rounded.is_integer() else rounded


def product_parts(name: str, codes: InteropCodes) -> list[Part]:
    """The supplement ingredients named in a product, in order (empty for other medicines)."""
    parts: list[Part] = []
    for piece in name.split(" / "):
        words = medication_words(piece)
        joined = f" {' '.join(words)} "
        ingredient = next((s for s in codes.supplements if f" {s.name} " in joined), None)
        if ingredient is not None:
            strength, unit = _strength(piece, codes)
            parts.append(Part(ingredient, strength, unit))
    return parts


def _strength(piece: str, codes: InteropCodes) -> tuple[float | None, str | None]:
    for number, spelling in _STRENGTH.findall(piece):
        unit = codes.dose_units.get(spelling.upper())
        if unit is not None:
            return float(number), unit
    return None, None


def doses_per_day(dosage: Any) -> float | None:
    """Doses a day from a Dosage's timing (frequency per period); None if not stated."""
    repeat = dosage.timing.repeat if dosage.timing is not None else None
    if repeat is None or repeat.frequency is None or getattr(dosage, "asNeededBoolean", False):
        return None
    period = float(repeat.period) if repeat.period is not None else 1.0
    days = _DAYS_PER.get(repeat.periodUnit or "d")
    if days is None or period <= 0:
        return None
    return float(repeat.frequency) / (period * days)


def dose_amount(dosage: Any, part: Part, codes: InteropCodes) -> tuple[float, str] | None:
    """Amount of the nutrient in one dose (salt strength x elemental fraction), and its unit."""
    dose_and_rate = dosage.doseAndRate or []
    quantity = dose_and_rate[0].doseQuantity if dose_and_rate else None
    if quantity is None or quantity.value is None:
        return None
    value = float(quantity.value)
    unit = codes.dose_units.get(str(quantity.code or quantity.unit or "").upper())
    if unit is not None:  # the dose is itself a mass or IU of the named ingredient
        return value * part.ingredient.fraction, unit
    if part.strength is None or part.unit is None:
        return None
    return value * part.strength * part.ingredient.fraction, part.unit


def intake_of(part: Part, dosages: list[Any], codes: InteropCodes) -> Intake | None:
    """The daily (or weekly) intake a dosage instruction gives of one part; None if unknown."""
    if len(dosages) != 1:
        return None
    dosage = dosages[0]
    amount = dose_amount(dosage, part, codes)
    per_day = doses_per_day(dosage)
    if amount is None or per_day is None:
        return None
    value, unit = amount
    repeat = dosage.timing.repeat
    if repeat.periodUnit == "wk":
        return Intake(part.ingredient.nutrient, value * per_day * 7, unit, "week")
    return Intake(part.ingredient.nutrient, value * per_day, unit, "day")


def daily_amount(intake: Intake, unit: str, iu: float | None) -> float | None:
    """The intake per day in `unit` (mg or ug, a nutrient's limit unit); None if not convertible."""
    per_day = intake.amount / (7 if intake.per == "week" else 1)
    if intake.unit == "IU":
        return per_day * iu if iu else None
    return per_day * _MASS_IN_MG[intake.unit] / _MASS_IN_MG[unit]
