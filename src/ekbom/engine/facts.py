"""The facts about one person that rule conditions read (implements knowledge.language.Facts)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ekbom.knowledge.models import AnaemiaCutoff


@dataclass(slots=True)
class PersonFacts:
    labs: Mapping[str, tuple[float, float]]
    conditions: frozenset[str]
    ingredients: frozenset[str]
    classes: frozenset[str]
    age: int
    sex: str
    pregnant: bool
    trimester: int | None
    postmenopausal: bool
    diet: str | None
    symptoms: Mapping[str, Any]
    lifestyle: Mapping[str, Any]
    over_limit: frozenset[str]
    criteria_not_met: bool
    cutoffs: tuple[AnaemiaCutoff, ...]
    verdicts: dict[str, str] = field(default_factory=dict)

    def anaemic(self, safety: bool) -> bool:
        """Haemoglobin below the cut-off for this person's age, sex and pregnancy."""
        hb = self.labs.get("hemoglobin")
        if hb is None:
            return False
        below = next(c.below for c in self.cutoffs if c.predicate(self, False))
        return hb[0] < below or (safety and hb[1] < below)
