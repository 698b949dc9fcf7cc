"""The knowledge's medicine records (medications.yaml): medication classes, ingredients and what
a nutrient medicine gives, brands, and the words a medicine's strength and frequency are read
from. Named tuples, as in `ekbom.knowledge.models`, which re-exports them."""

from __future__ import annotations

from typing import NamedTuple


class MedicationClass(NamedTuple):
    id: str
    label: str
    trigger: bool
    citations: tuple[str, ...]
    advice: str | None = None


class NutrientContent(NamedTuple):
    """What a nutrient medicine gives (spec §5.4): its nutrient and how to read its strength."""

    nutrient: str
    route: str = "oral"
    """"oral" or "iv" (iron by vein: taken, amount never counted)."""
    factor: float | None = None
    """Nutrient per unit of the written strength (ferrous sulfate 0.2), for any strength."""
    strengths: tuple[tuple[float, float], ...] = ()
    """(strength in mg, nutrient in the nutrient's unit) for the listed strengths only."""


class Ingredient(NamedTuple):
    name: str
    classes: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    nutrient: NutrientContent | None = None
    also_a_salt: bool = False
    """Right after another medicine's name, this name is that medicine's salt (esomeprazole
    magnesium) and is not matched."""


class Brand(NamedTuple):
    name: str
    ingredients: tuple[str, ...]
    contents: tuple[tuple[str, float], ...] = ()
    """(ingredient, strength in mg per tablet or capsule) as the label states it."""


class MedicineReading(NamedTuple):
    """The words a medicine string's strength and frequency are read from (spec §1)."""

    units: dict[str, str]
    """Unit word as written (lower case) -> mg, ug, g or IU."""
    frequencies: dict[tuple[str, ...], float]
    """Frequency phrase (its words) -> times a day."""
    counts: frozenset[str]
    """Words after a number that count tablets or capsules ("2 tablets")."""
    per: frozenset[str]
    """Words after "/" that make a strength a concentration (1000 MCG/ML): amount unknown."""
