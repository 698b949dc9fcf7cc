"""The assessment: what `ekbom.assess` returns; `to_dict()` is the JSON document of spec §2."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from ekbom.engine.labs import LabRow

SCHEMA = "ekbom.assessment/1.1"


class NutrientResult(NamedTuple):
    """One nutrient's verdict and everything said about it."""

    nutrient: str
    verdict: str
    needs_clinician: bool
    summary: str
    reasons: tuple[str, ...]
    rule_ids: tuple[str, ...]
    grade: str
    citations: tuple[str, ...]
    dose: dict[str, Any] | None
    cautions: tuple[str, ...]
    forms: tuple[str, ...]
    foods: tuple[dict[str, Any], ...] = ()
    """Everyday foods rich in the nutrient (recommended or consider only), for the diet."""
    food_advice: tuple[dict[str, Any], ...] = ()
    """What to know about those foods: `message` and `citations`."""
    current: dict[str, Any] | None = None
    """What the person takes now a day (spec §1 "Current intake"), or None."""
    continue_current: bool = False
    """True when the person already takes enough: keep on, add nothing (spec §2)."""
    prescribed: bool = False
    """True when part of the current intake is a nutrient medicine from the medication list."""
    dose_named: tuple[float, bool] | None = None
    """The deciding rule's daily dose and whether it is self-directed for this person, before it
    is fitted to the current intake (None when the rule names none for this person)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "nutrient": self.nutrient,
            "verdict": self.verdict,
            "needs_clinician": self.needs_clinician,
            "summary": self.summary,
            "reasons": list(self.reasons),
            "rule_ids": list(self.rule_ids),
            "evidence": {"grade": self.grade, "citations": list(self.citations)},
            "dose": dict(self.dose) if self.dose is not None else None,
            "current": dict(self.current) if self.current is not None else None,
            "continue_current": self.continue_current,
            "cautions": list(self.cautions),
            "forms": list(self.forms),
            "foods": [food.copy() for food in self.foods],
            "food_advice": [_copy(advice) for advice in self.food_advice]
            if self.food_advice
            else [],
        }


class Assessment(NamedTuple):
    """The result of assessing one profile. Every part is immutable; `to_dict()` builds JSON."""

    as_of: date
    knowledge_version: str
    limits: str
    labs: tuple[LabRow, ...]
    nutrients: tuple[NutrientResult, ...]
    best_first_step: dict[str, Any] | None
    tests_to_request: tuple[dict[str, str], ...]
    red_flags: tuple[dict[str, Any], ...]
    medication_triggers: tuple[dict[str, Any], ...]
    unrecognised_medications: tuple[str, ...]
    interactions: tuple[dict[str, Any], ...]
    lifestyle: tuple[dict[str, Any], ...]
    severity: dict[str, Any]
    screening: dict[str, Any]
    citations: dict[str, dict[str, Any]]
    disclaimer: str

    def nutrient(self, nutrient_id: str) -> NutrientResult:
        """The result for one nutrient id (KeyError if it is not one of the eight)."""
        for result in self.nutrients:
            if result.nutrient == nutrient_id:
                return result
        raise KeyError(nutrient_id)

    def to_dict(self) -> dict[str, Any]:
        """The assessment as the JSON document of spec assessment-v1 §2 (a fresh copy)."""
        return {
            "schema": SCHEMA,
            "as_of": self.as_of.isoformat(),
            "knowledge_version": self.knowledge_version,
            "limits": self.limits,
            "labs": [row.to_dict() for row in self.labs],
            "nutrients": [result.to_dict() for result in self.nutrients],
            "best_first_step": dict(self.best_first_step) if self.best_first_step else None,
            "tests_to_request": [dict(t) for t in self.tests_to_request],
            "red_flags": [_copy(f) for f in self.red_flags],
            "medication_triggers": [_copy(t) for t in self.medication_triggers],
            "unrecognised_medications": list(self.unrecognised_medications),
            "interactions": [_copy(i) for i in self.interactions],
            "lifestyle": [_copy(a) for a in self.lifestyle],
            "severity": dict(self.severity),
            "screening": dict(self.screening),
            "citations": {cid: dict(c) for cid, c in self.citations.items()},
            "disclaimer": self.disclaimer,
        }


def _copy(entry: dict[str, Any]) -> dict[str, Any]:
    """A fresh copy of an entry whose only nested value is its `citations` tuple."""
    copied = dict(entry)
    copied["citations"] = list(entry["citations"])
    return copied
