"""Doses that respect the upper limits (spec assessment-v1 §2 and §4)."""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from ekbom.knowledge.models import Dose, Nutrient, Texts

DISPLAY_UNITS = {"mg": "mg", "ug": "mcg"}


def amount_text(amount: float, unit: str) -> str:
    """'65 mg', '1000 mcg', '12.5 mg': how amounts read in patient text."""
    return f"{amount:g} {DISPLAY_UNITS.get(unit, unit)}"


def tidy(amount: float) -> float | int:
    """65.0 -> 65, so whole amounts print as whole numbers."""
    return int(amount) if float(amount).is_integer() else amount


class DosePlan(NamedTuple):
    dose: dict[str, Any] | None
    cautions: tuple[str, ...]


def plan_dose(
    dose: Dose | None,
    nutrient: Nutrient,
    policy: str,
    intake: float,
    needs_clinician: bool,
    texts: Texts,
) -> DosePlan:
    """Fit a rule's dose to the person: reduce a self-directed dose to the limit, or explain."""
    if dose is None:
        return DosePlan(None, ())
    limit = nutrient.limits[policy]
    self_directed = dose.self_directed and not needs_clinician
    amount = dose.amount
    cautions: list[str] = []
    if limit is not None and self_directed:
        room = limit - intake
        fitted = math.floor(room * 10) / 10 if amount > room else amount
        if fitted <= 0:
            return DosePlan(None, (_say(texts, "at_limit", nutrient, intake, limit),))
        if fitted < amount:
            amount = fitted
            cautions.append(_say(texts, "reduced_to_limit", nutrient, intake, limit, amount))
    elif limit is not None and amount + intake > limit:
        key = "clinician_over_limit" if intake > 0 else "clinician_dose_over_limit"
        cautions.append(_say(texts, key, nutrient, intake, limit, amount))
    result = {
        "amount": tidy(amount),
        "unit": dose.unit,
        "per": dose.per,
        "basis": dose.basis,
        "schedule": dose.schedule,
        "self_directed": self_directed,
    }
    return DosePlan(result, tuple(cautions))


def _say(
    texts: Texts, key: str, nutrient: Nutrient, intake: float, limit: float, amount: float = 0.0
) -> str:
    """A dose message from text.yaml with its amounts filled in."""
    unit = nutrient.unit
    return texts.messages[key].format(
        nutrient=nutrient.plain,
        intake=amount_text(intake, unit),
        limit=amount_text(limit, unit),
        amount=amount_text(amount, unit),
        total=amount_text(amount + intake, unit),
    )
