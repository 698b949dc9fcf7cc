"""Nutrient medicines read from the medication list (spec assessment-v1 §1, §5.4).

Placeholder until the medication vocabulary carries nutrient medicines: nothing is read yet.
"""

from __future__ import annotations

from typing import NamedTuple

from ekbom.engine.medications import MatchedMedication
from ekbom.knowledge.models import Knowledge


class MedicineIntake(NamedTuple):
    text: str
    ingredient: str
    nutrient: str
    route: str
    daily: float | None
    frequency_read: bool


def medicine_intakes(
    matched: tuple[MatchedMedication, ...], knowledge: Knowledge
) -> tuple[MedicineIntake, ...]:
    return ()
