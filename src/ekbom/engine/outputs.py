"""The parts of an assessment beside the nutrients: red flags, medicines, habits, severity."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ekbom.engine.assessment import NutrientResult
from ekbom.engine.dosing import amount_text
from ekbom.engine.facts import PersonFacts
from ekbom.engine.medications import MatchedMedication
from ekbom.knowledge.language import ACTIVE_VERDICTS
from ekbom.knowledge.models import Knowledge, TestRequest

_RANK = {"essential": 0, "useful": 1}


def merge_tests(requests: Iterable[TestRequest]) -> tuple[dict[str, str], ...]:
    """One entry per test, in first-asked order; an essential request outranks a useful one."""
    merged: dict[str, dict[str, str]] = {}
    for request in requests:
        known = merged.get(request.test)
        if known is None:
            merged[request.test] = {
                "test": request.test,
                "priority": request.priority,
                "why": request.why,
            }
        elif _RANK[request.priority] < _RANK[known["priority"]]:
            known.update(priority=request.priority, why=request.why)
    return tuple(merged.values())


def red_flags(
    facts: PersonFacts,
    knowledge: Knowledge,
    raised_by_rules: set[str],
    intake: Mapping[str, float],
    limits: Mapping[str, float | None],
    results: Mapping[str, NutrientResult],
) -> tuple[dict[str, Any], ...]:
    """Every red flag whose condition holds (or that a deciding rule raised), in file order."""
    found: list[dict[str, Any]] = []
    for flag in knowledge.red_flags.values():
        if flag.id == "supplement_above_limit":
            for nutrient_id in (n for n in knowledge.nutrients if n in facts.over_limit):
                if not facts.child and _within_clinician_dose(
                    results.get(nutrient_id), intake[nutrient_id]
                ):
                    continue
                nutrient = knowledge.nutrients[nutrient_id]
                limit = limits[nutrient_id]
                assert limit is not None
                decided = results.get(nutrient_id)
                avoided = decided is not None and decided.verdict == "avoid"
                template = (
                    knowledge.texts.messages["above_limit_avoided"] if avoided else flag.message
                )
                message = template.format(
                    nutrient=nutrient.plain,
                    intake=amount_text(intake[nutrient_id], nutrient.unit),
                    limit=amount_text(limit, nutrient.unit),
                )
                found.append(
                    {
                        "id": flag.id,
                        "message": message,
                        "nutrient": nutrient_id,
                        "citations": flag.citations,
                    }
                )
            continue
        holds = flag.predicate is not None and flag.predicate(facts, flag.safety)
        if holds or flag.id in raised_by_rules:
            found.append({"id": flag.id, "message": flag.message, "citations": flag.citations})
    return tuple(found)


def _within_clinician_dose(result: NutrientResult | None, taken: float) -> bool:
    """An adult's supplements above the limit but within the clinician-led dose ekbom itself
    names for a recommended or considered nutrient (spec §3.9): not a red flag, the entry says
    this amount needs a clinician's care."""
    if result is None or result.verdict not in ACTIVE_VERDICTS or result.dose_named is None:
        return False
    amount, self_directed = result.dose_named
    return not self_directed and taken <= amount


def medication_triggers(
    matched: Iterable[MatchedMedication], knowledge: Knowledge
) -> tuple[dict[str, Any], ...]:
    """One entry per (medicine string, trigger ingredient), named by its first class (§3.9)."""
    order = list(knowledge.classes)
    found = []
    for medication in matched:
        for name in medication.ingredients:
            classes = sorted(knowledge.ingredients[name].classes, key=order.index)
            if not classes or not knowledge.classes[classes[0]].trigger:
                continue
            cls = knowledge.classes[classes[0]]
            found.append(
                {
                    "medication": medication.text,
                    "ingredient": name,
                    "class": cls.id,
                    "advice": cls.advice,
                    "citations": cls.citations,
                }
            )
    return tuple(found)


def interactions(
    facts: PersonFacts, knowledge: Knowledge, taken: frozenset[str], verdicts: Mapping[str, str]
) -> tuple[dict[str, Any], ...]:
    """Supplement-medicine interactions that apply to this person (§3.9, §5.5)."""
    found: list[dict[str, Any]] = []
    for item in knowledge.interactions:
        touches = (
            not item.ingredients.isdisjoint(facts.ingredients)
            or not item.classes.isdisjoint(facts.classes)
            or item.supplement in taken
        )
        if not touches or not item.without.isdisjoint(facts.ingredients):
            continue
        partners = [
            name
            for name in sorted(facts.ingredients)
            if name in item.ingredients
            or not item.classes.isdisjoint(knowledge.ingredients[name].classes)
        ]
        if item.supplement is not None and item.supplement in taken:
            partners.append(item.supplement)
        for nutrient in item.nutrients:
            if item.kind == "absorption" and not (
                verdicts.get(nutrient) in ACTIVE_VERDICTS or nutrient in taken
            ):
                continue
            found.extend(
                {
                    "nutrient": nutrient,
                    "medication": partner,
                    "kind": item.kind,
                    "advice": item.advice,
                    "separate_hours": item.separate_hours,
                    "before_hours": item.before_hours,
                    "after_hours": item.after_hours,
                    "citations": item.citations,
                }
                for partner in partners
            )
    return tuple(found)


def lifestyle(facts: PersonFacts, knowledge: Knowledge) -> tuple[dict[str, Any], ...]:
    return tuple(
        {"id": a.id, "message": a.message, "citations": a.citations}
        for a in knowledge.advice
        if a.predicate(facts, False)
    )


def severity(symptoms: Mapping[str, Any], knowledge: Knowledge) -> dict[str, Any]:
    score = symptoms.get("irls_score")
    band = None
    if score is not None:
        band = next(name for top, name in knowledge.texts.irls_bands if score <= top)
    return {
        "irls_score": score,
        "band": band,
        "severity_nrs": symptoms.get("severity_nrs"),
        "nights_per_week": symptoms.get("nights_per_week"),
    }


def screening(symptoms: Mapping[str, Any], criteria_ids: tuple[str, ...]) -> dict[str, Any]:
    answers = symptoms.get("rls_criteria", {})
    answered = all(key in answers for key in criteria_ids)
    met = all(answers[key] for key in criteria_ids) if answered else None
    return {"criteria_answered": answered, "criteria_met": met}


def citation_table(
    knowledge: Knowledge, groups: Iterable[Iterable[str]]
) -> dict[str, dict[str, Any]]:
    """Every cited id, in first-cited order, with title, year and identifiers (shared dicts)."""
    entries = knowledge.citation_entries
    table: dict[str, dict[str, Any]] = {}
    for ids in groups:
        for cid in ids:
            if cid not in table:
                table[cid] = entries[cid]
    return table
