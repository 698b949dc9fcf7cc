"""Decide each nutrient's verdict: first matching rule, then modifiers, doses and cautions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ekbom.engine.assessment import NutrientResult
from ekbom.engine.dosing import amount_text, plan_dose
from ekbom.engine.facts import PersonFacts
from ekbom.knowledge.language import ACTIVE_VERDICTS
from ekbom.knowledge.models import Knowledge, NutrientRules, Rule, TestRequest

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_NO_FOODS: tuple[tuple[dict[str, Any], ...], tuple[dict[str, Any], ...]] = ((), ())


class Filler:
    """Fills `{ferritin}`, `{intake.vitamin_b6}` and `{limit.vitamin_b6}` in rule texts."""

    def __init__(
        self,
        knowledge: Knowledge,
        shown: Mapping[str, str],
        intake: Mapping[str, float],
        policy: str,
    ) -> None:
        self.kb = knowledge
        self.shown = shown
        self.intake = intake
        self.policy = policy

    def __call__(self, text: str) -> str:
        return _PLACEHOLDER.sub(self._value, text) if "{" in text else text

    def _value(self, match: re.Match[str]) -> str:
        name = match.group(1)
        kind, _, nutrient_id = name.partition(".")
        if kind == "intake":
            return amount_text(
                self.intake.get(nutrient_id, 0.0), self.kb.nutrients[nutrient_id].unit
            )
        if kind == "limit":
            nutrient = self.kb.nutrients[nutrient_id]
            limit = nutrient.limits[self.policy]
            return "none set" if limit is None else amount_text(limit, nutrient.unit)
        return self.shown.get(name, "not tested")


def populations(facts: PersonFacts) -> list[str]:
    """Groups whose active verdicts all need a clinician (spec §3): child, pregnant, dialysis."""
    found = []
    if facts.age < 18:
        found.append("child")
    if facts.pregnant:
        found.append("pregnant")
    if "dialysis" in facts.conditions:
        found.append("dialysis")
    return found


def first_rule(group: NutrientRules, facts: PersonFacts) -> Rule:
    """The first rule whose condition holds; avoid rules are judged in safety context."""
    for rule in group.rules:
        if rule.predicate(facts, rule.verdict == "avoid"):
            return rule
    raise AssertionError(f"no rule matched for {group.nutrient}; the loader requires a last `{{}}`")


def decide(
    group: NutrientRules,
    facts: PersonFacts,
    knowledge: Knowledge,
    policy: str,
    intake: Mapping[str, float],
    fill: Filler,
    special: list[str],
) -> tuple[NutrientResult, list[TestRequest], tuple[str, ...]]:
    """One nutrient's result, the tests it asks for and the red flags its rule raises.

    `special` lists the person's groups whose active verdicts need a clinician (`populations`).
    """
    rule = first_rule(group, facts)
    verdict = rule.verdict
    modifiers = [
        m
        for m in group.modifiers
        if (verdict in m.verdicts or rule.id in m.rules) and m.predicate(facts, False)
    ]
    groups = special if verdict != "not_indicated" else []
    needs_clinician = rule.needs_clinician or bool(groups)
    cautions = [fill(text) for text in rule.cautions]
    citations = rule.citations
    rule_ids: tuple[str, ...] = (rule.id,)
    tests = list(rule.tests)
    if modifiers:
        merged = list(citations)
        for modifier in modifiers:
            needs_clinician = needs_clinician or modifier.needs_clinician
            cautions.extend(fill(text) for text in modifier.cautions)
            merged.extend(c for c in modifier.citations if c not in merged)
            tests.extend(modifier.tests)
        citations = tuple(merged)
        rule_ids += tuple(m.id for m in modifiers)
    if verdict in ACTIVE_VERDICTS:
        texts = knowledge.texts
        for name in groups:
            cautions.append(
                texts.messages["needs_clinician_population"].format(**texts.populations[name])
            )
    dose = None
    if rule.dose is not None:
        plan = plan_dose(
            rule.dose,
            knowledge.nutrients[group.nutrient],
            policy,
            intake.get(group.nutrient, 0.0),
            needs_clinician,
            knowledge.texts,
        )
        dose = plan.dose
        cautions.extend(plan.cautions)
    foods, food_advice = _NO_FOODS
    if verdict in ACTIVE_VERDICTS and knowledge.foods is not None:
        foods, food_advice = knowledge.foods.picks_for(group.nutrient, facts.diet, facts.conditions)
    result = NutrientResult(
        nutrient=group.nutrient,
        verdict=verdict,
        needs_clinician=needs_clinician,
        summary=fill(rule.summary),
        reasons=tuple([fill(text) for text in rule.reasons]),
        rule_ids=rule_ids,
        grade=rule.grade,
        citations=citations,
        dose=dose,
        cautions=tuple(cautions),
        forms=rule.forms,
        foods=foods,
        food_advice=food_advice,
    )
    return result, tests, rule.red_flags
