"""Decide each nutrient's verdict: first matching rule, then modifiers, doses and cautions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from ekbom.engine.assessment import NutrientResult
from ekbom.engine.dosing import DoseContext, amount_text, enough, plan_dose
from ekbom.engine.facts import PersonFacts
from ekbom.engine.intake import Current
from ekbom.knowledge.language import ACTIVE_VERDICTS
from ekbom.knowledge.models import Knowledge, Nutrient, NutrientRules, Rule, TestRequest, Texts

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_NO_FOODS: tuple[tuple[dict[str, Any], ...], tuple[dict[str, Any], ...]] = ((), ())


class Filler:
    """Fills `{ferritin}`, `{intake.vitamin_b6}` and `{limit.vitamin_b6}` in rule texts, from the
    shown lab values, the supplements a day and the person's limits."""

    def __init__(
        self,
        knowledge: Knowledge,
        shown: Mapping[str, str],
        intake: Mapping[str, float],
        limits: Mapping[str, float | None],
    ) -> None:
        self.kb = knowledge
        self.shown = shown
        self.intake = intake
        self.limits = limits

    def __call__(self, text: str) -> str:
        return _PLACEHOLDER.sub(self._value, text) if "{" in text else text

    def lines(self, texts: Iterable[str]) -> tuple[str, ...]:
        """The texts filled in, leaving out any that speaks of a result the person does not
        have (spec §3.11: no text describes a result the profile does not have)."""
        return tuple([self(text) for text in texts if self.has_results(text)])

    def has_results(self, text: str) -> bool:
        for name in _PLACEHOLDER.findall(text):
            kind = name.partition(".")[0]
            if kind not in ("intake", "limit") and name not in self.shown:
                return False
        return True

    def _value(self, match: re.Match[str]) -> str:
        name = match.group(1)
        kind, _, nutrient_id = name.partition(".")
        if kind == "intake":
            return amount_text(
                self.intake.get(nutrient_id, 0.0), self.kb.nutrients[nutrient_id].unit
            )
        if kind == "limit":
            limit = self.limits[nutrient_id]
            unit = self.kb.nutrients[nutrient_id].unit
            return "none set" if limit is None else amount_text(limit, unit)
        return self.shown.get(name, "not tested")


def populations(facts: PersonFacts) -> list[str]:
    """Groups whose active verdicts all need a clinician (spec §3): child, pregnant, dialysis."""
    found = []
    if facts.child:
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


class Person(NamedTuple):
    """What `decide` needs about the person beyond the rule facts."""

    facts: PersonFacts
    special: list[str]
    """Groups whose active verdicts need a clinician (`populations`)."""
    current: Mapping[str, Current]
    limits: Mapping[str, float | None]
    """Each nutrient's upper limit for this person under the chosen policy."""


def decide(
    group: NutrientRules,
    knowledge: Knowledge,
    person: Person,
    fill: Filler,
) -> tuple[NutrientResult, list[TestRequest], tuple[str, ...]]:
    """One nutrient's result, the tests it asks for and the red flags its rule raises."""
    facts = person.facts
    rule = first_rule(group, facts)
    verdict = rule.verdict
    modifiers = [
        m
        for m in group.modifiers
        if (verdict in m.verdicts or rule.id in m.rules) and m.predicate(facts, False)
    ]
    groups = person.special if verdict != "not_indicated" else []
    needs_clinician = rule.needs_clinician or bool(groups)
    cautions = list(fill.lines(rule.cautions))
    citations = rule.citations
    rule_ids: tuple[str, ...] = (rule.id,)
    tests = list(rule.tests)
    if modifiers:
        merged = list(citations)
        for modifier in modifiers:
            needs_clinician = needs_clinician or modifier.needs_clinician
            cautions.extend(fill.lines(modifier.cautions))
            merged.extend(c for c in modifier.citations if c not in merged)
            tests.extend(modifier.tests)
        citations = tuple(merged)
        rule_ids += tuple(m.id for m in modifiers)
    texts = knowledge.texts
    if verdict in ACTIVE_VERDICTS and not _keeps_on(rule, person, group.nutrient):
        for name in groups:
            cautions.append(
                texts.messages["needs_clinician_population"].format(**texts.populations[name])
            )
    nutrient = knowledge.nutrients[group.nutrient]
    current = person.current.get(group.nutrient)
    child = facts.child
    dose = None
    dose_named = None
    continue_current = False
    if rule.dose is not None and (not child or rule.dose.for_children):
        dose_named = (rule.dose.amount, rule.dose.self_directed and not needs_clinician)
        ctx = DoseContext(
            nutrient, person.limits.get(group.nutrient), current, needs_clinician, texts
        )
        plan = plan_dose(rule.dose, ctx)
        dose, continue_current = plan.dose, plan.continue_current
        cautions[:0] = plan.cautions  # about the dose: read first, next to it
    elif rule.dose is not None and verdict in ACTIVE_VERDICTS:
        cautions.append(texts.messages["child_dose"])
    if current is not None:
        _taking_cautions(cautions, rule, verdict, nutrient, current, child, continue_current, texts)
    foods, food_advice = _NO_FOODS
    if verdict in ACTIVE_VERDICTS and knowledge.foods is not None:
        foods, food_advice = knowledge.foods.picks_for(group.nutrient, facts.diet, facts.conditions)
    result = NutrientResult(
        nutrient=group.nutrient,
        verdict=verdict,
        needs_clinician=needs_clinician,
        summary=fill(rule.summary),
        reasons=fill.lines(rule.reasons),
        rule_ids=rule_ids,
        grade=rule.grade,
        citations=citations,
        dose=dose,
        cautions=tuple(cautions),
        forms=rule.forms,
        foods=foods,
        food_advice=food_advice,
        current=current.to_dict() if current is not None else None,
        continue_current=continue_current,
        prescribed=current.prescribed if current is not None else False,
        dose_named=dose_named,
    )
    return result, tests, rule.red_flags


def _keeps_on(rule: Rule, person: Person, nutrient: str) -> bool:
    """True when the person already takes enough of a nutrient a rule doses: nothing new starts,
    so "check before you start" does not apply."""
    current = person.current.get(nutrient)
    return rule.dose is not None and current is not None and enough(rule.dose, current)


def _taking_cautions(
    cautions: list[str],
    rule: Rule,
    verdict: str,
    nutrient: Nutrient,
    current: Current,
    child: bool,
    continued: bool,
    texts: Texts,
) -> None:
    """What to do about the nutrient the person already takes (spec §2): stop an avoided one
    first, ask meanwhile about an untested or unneeded one, ask about one no dose is named for."""
    say = texts.messages
    if verdict == "avoid":
        key = "taking_avoid_prescribed" if current.prescribed else "taking_avoid"
        cautions.insert(0, say[key].format(nutrient=nutrient.plain))
        return
    if not continued:  # when continuing, the dose plan already said to keep on
        if verdict in ("test_first", "not_indicated"):
            if current.route == "iv":
                key = "taking_iv"
            elif child:
                key = "taking_child"
            elif current.prescribed and not current.supplements:
                key = "taking_prescribed"
            else:
                key = f"taking_{verdict}"
            generic = say[key].format(nutrient=nutrient.plain)
            cautions.append(rule.if_taking if rule.if_taking and key != "taking_iv" else generic)
            return
        if child:
            cautions.append(say["taking_child"].format(nutrient=nutrient.plain))
        elif rule.dose is None:
            cautions.append(rule.if_taking or say["taking_no_dose"].format(nutrient=nutrient.plain))
    for medicine in current.frequency_assumed:
        cautions.append(say["frequency_assumed"].format(medicine=medicine))
