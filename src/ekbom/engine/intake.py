"""Current intake: what a person takes now of each nutrient (spec assessment-v1 §1, §2).

Supplements the person chose plus the nutrient medicines found in their medication list. Limits
and the over-limit flags count supplements only; dose decisions count both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from ekbom.engine.medicine_intake import MedicineIntake
from ekbom.profile import Supplement


class Current(NamedTuple):
    """One nutrient's current intake, per day, in the nutrient's limit unit."""

    nutrient: str
    unit: str
    amount: float | None
    """The known amount a day (supplements plus medicines with a readable strength), or None."""
    amount_known: bool
    """False when a source's amount is unknown, or iron is given by vein."""
    route: str
    """"iv" when any source is given by vein, else "oral"."""
    supplements: float
    """What the person's own supplements add a day: the amount limits count."""
    prescribed: bool
    """True when a nutrient medicine from the medication list is a source."""
    frequency_assumed: tuple[str, ...] = ()
    """Medicine strings whose frequency could not be read, so they counted once a day."""

    @property
    def known(self) -> float:
        return self.amount or 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "amount": _tidy(self.amount) if self.amount is not None else None,
            "unit": self.unit,
            "per": "day",
            "route": self.route,
            "amount_known": self.amount_known,
        }


def supplements_a_day(supplements: Iterable[Supplement]) -> dict[str, float]:
    """What the person's own supplements add a day, per nutrient (the amounts limits count)."""
    own: dict[str, float] = {}
    for supplement in supplements:
        own[supplement.nutrient] = own.get(supplement.nutrient, 0.0) + supplement.daily
    return own


def current_intake(
    own: Mapping[str, float],
    medicines: Iterable[MedicineIntake],
    units: dict[str, str],
) -> dict[str, Current]:
    """Each nutrient the person takes now: `own` supplements a day (`supplements_a_day`) plus
    the nutrient medicines."""
    amounts: dict[str, float] = dict(own)
    unknown: set[str] = set()
    by_vein: set[str] = set()
    prescribed: set[str] = set()
    assumed: dict[str, list[str]] = {}
    for medicine in medicines:
        prescribed.add(medicine.nutrient)
        if medicine.route == "iv":
            by_vein.add(medicine.nutrient)
            amounts.setdefault(medicine.nutrient, 0.0)
            continue
        if medicine.daily is None:
            unknown.add(medicine.nutrient)
            continue
        amounts[medicine.nutrient] = amounts.get(medicine.nutrient, 0.0) + medicine.daily
        if not medicine.frequency_read:
            assumed.setdefault(medicine.nutrient, []).append(medicine.text)
    found: dict[str, Current] = {}
    for nutrient in sorted(set(amounts) | unknown | by_vein):
        known = amounts.get(nutrient)
        if known == 0.0 and nutrient not in own:
            known = None
        found[nutrient] = Current(
            nutrient=nutrient,
            unit=units[nutrient],
            amount=known,
            amount_known=nutrient not in unknown and nutrient not in by_vein,
            route="iv" if nutrient in by_vein else "oral",
            supplements=own.get(nutrient, 0.0),
            prescribed=nutrient in prescribed,
            frequency_assumed=tuple(assumed.get(nutrient, ())),
        )
    return found


def _tidy(amount: float) -> float | int:
    rounded = round(amount, 2)
    return int(rounded) if float(rounded).is_integer() else rounded
