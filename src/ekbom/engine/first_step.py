"""The best first step (spec assessment-v1 §3.10): the one thing to do first, in a sentence.

Stop a nutrient that is avoided and taken now; else see a clinician about a red flag; else settle
iron (the nutrient with the strongest evidence in RLS) before self-directed supplements; else the
first recommended, test-first and worth-considering nutrient, in the order of `nutrients`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ekbom.engine.assessment import NutrientResult
from ekbom.engine.dosing import amount_text
from ekbom.engine.facts import PersonFacts
from ekbom.knowledge.models import Knowledge, TestRequest

_CARER_ORDER = ("dialysis", "pregnant", "child")


def first_step(
    results: Sequence[NutrientResult],
    red_flags: Sequence[Mapping[str, Any]],
    asked: Mapping[str, list[TestRequest]],
    facts: PersonFacts,
    knowledge: Knowledge,
) -> dict[str, Any] | None:
    """`best_first_step` of the assessment: action, nutrient, verdict, red_flag, text, why."""
    steps = knowledge.texts.first_step
    by_id = {r.nutrient: r for r in results}
    words = _Words(knowledge, _carer(facts, steps["carers"]))
    for result in results:
        if result.verdict == "avoid" and result.current is not None:
            key = "stop_prescribed" if result.prescribed else "stop"
            return words.step("stop", result, None, steps[key], result.summary)
    raised = {flag["id"]: flag for flag in reversed(red_flags)}
    for flag_id, entry in steps["flags"].items():
        flag = raised.get(flag_id)
        if flag is None:
            continue
        nutrient = entry["nutrient"] or flag.get("nutrient")
        about = by_id.get(nutrient) if nutrient else None
        return words.step("see_clinician", about, flag_id, entry["text"], flag["message"])
    iron = by_id.get("iron")
    if iron is not None and iron.verdict in ("recommended", "test_first"):
        return _nutrient_step(iron, asked, words, steps)
    for verdict in ("recommended", "test_first", "consider"):
        for result in results:
            if result.verdict == verdict:
                return _nutrient_step(result, asked, words, steps)
    return None


def _nutrient_step(
    result: NutrientResult,
    asked: Mapping[str, list[TestRequest]],
    words: _Words,
    steps: Mapping[str, Any],
) -> dict[str, Any]:
    if result.verdict == "test_first":
        tests = [t.test for t in asked.get(result.nutrient, ()) if t.priority == "essential"]
        tests = tests or [t.test for t in asked.get(result.nutrient, ())]
        why = " ".join(result.reasons) or result.summary  # what the test will decide (§3.11)
        return words.step("test", result, None, steps["test"], why, tests=tests)
    if result.verdict == "consider":
        action = "continue" if result.continue_current else "consider"
        return words.step(action, result, None, steps[action], result.summary)
    if _continues(result):
        return words.step("continue", result, None, steps["continue"], result.summary)
    dose = result.dose
    if dose is None or not dose["self_directed"]:
        return words.step("start", result, None, steps["start_clinician"], result.summary)
    key = "start_more" if result.current is not None else "start"
    return words.step("start", result, None, steps[key], result.summary)


def _continues(result: NutrientResult) -> bool:
    """Nothing is added because the person already takes it: enough already, by vein, or under
    a rule that names no dose."""
    if result.current is None:
        return False
    return result.continue_current or result.current["route"] == "iv" or result.dose is None


def _carer(facts: PersonFacts, carers: Mapping[str, str]) -> str:
    groups = {
        "dialysis": "dialysis" in facts.conditions,
        "pregnant": facts.pregnant,
        "child": facts.child,
    }
    return next((carers[g] for g in _CARER_ORDER if groups[g]), carers["default"])


class _Words:
    """Fills a first-step sentence for one person."""

    def __init__(self, knowledge: Knowledge, carer: str) -> None:
        self.kb = knowledge
        self.carer = carer

    def step(
        self,
        action: str,
        result: NutrientResult | None,
        red_flag: str | None,
        template: str,
        why: str,
        tests: Sequence[str] = (),
    ) -> dict[str, Any]:
        nutrient = self.kb.nutrients[result.nutrient] if result is not None else None
        dose = result.dose if result is not None else None
        text = template.format(
            nutrient=nutrient.plain if nutrient else "",
            Nutrient=nutrient.name if nutrient else "",
            carer=self.carer,
            dose=amount_text(dose["amount"], dose["unit"]) if dose else "",
            tests=" and ".join(self.kb.tests[t].plain for t in tests),
        )
        return {
            "action": action,
            "nutrient": result.nutrient if result is not None else None,
            "verdict": result.verdict if result is not None else None,
            "red_flag": red_flag,
            "text": text,
            "why": why,
        }
