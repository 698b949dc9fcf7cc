"""`assess`: a profile in, an `Assessment` out. Pure: no I/O once the knowledge is loaded."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ekbom.engine import outputs
from ekbom.engine.assessment import Assessment, NutrientResult
from ekbom.engine.facts import person_facts
from ekbom.engine.first_step import first_step
from ekbom.engine.intake import current_intake, supplements_a_day
from ekbom.engine.labs import lab_facts
from ekbom.engine.medications import match_all
from ekbom.engine.medicine_intake import medicine_intakes
from ekbom.engine.nutrients import Filler, Person, decide, populations
from ekbom.errors import Problem, ProfileError
from ekbom.knowledge.loader import load_knowledge
from ekbom.knowledge.models import Knowledge, TestRequest
from ekbom.profile import CRITERIA, POLICIES, Profile, parse_date, parse_profile


def assess(
    profile: Mapping[str, Any] | Profile,
    *,
    as_of: date | str | None = None,
    limits: str | None = None,
    knowledge: Knowledge | None = None,
) -> Assessment:
    """Assess a profile (a mapping as read from YAML/JSON, or a `Profile`).

    `as_of` (a date or YYYY-MM-DD) and `limits` ("strictest", "us" or "eu") override the
    profile's own keys. Raises `ProfileError` listing every problem when the profile is invalid.
    """
    kb = knowledge or load_knowledge()
    wanted = _as_of(as_of)
    person = profile if isinstance(profile, Profile) else parse_profile(profile, kb, as_of=wanted)
    day = wanted or person.as_of or date.today()
    policy = _policy(limits, person)
    labs = lab_facts(person.labs, day, kb)
    matched = match_all(person.medications, kb)
    intake = supplements_a_day(person.supplements)
    person_limit = person_limits(kb, policy, person.age)
    current = current_intake(
        intake,
        medicine_intakes(matched, kb),
        {n.id: n.unit for n in kb.nutrients.values()},
    )
    screening = outputs.screening(person.symptoms, CRITERIA)
    facts = person_facts(
        person,
        kb,
        matched,
        labs=labs.current,
        over_limit=_over_limit(intake, person_limit),
        criteria_not_met=screening["criteria_met"] is False,
    )
    who = Person(facts, populations(facts), current, person_limit)
    results, asked, raised = _decide_all(kb, who, intake, labs.shown)
    tests = [request for n in kb.assessed_nutrients for request in asked[n]]
    ordered = tuple([results[n] for n in kb.assessed_nutrients])
    flags_out = outputs.red_flags(facts, kb, raised, intake, person_limit, results)
    triggers = outputs.medication_triggers(matched, kb)
    interactions = outputs.interactions(facts, kb, frozenset(current), facts.verdicts)
    habits = outputs.lifestyle(facts, kb)
    cited = [r.citations for r in ordered]
    for result in ordered:
        if result.food_advice:
            cited.extend([advice["citations"] for advice in result.food_advice])
    for entries in (flags_out, triggers, interactions, habits):
        cited.extend([entry["citations"] for entry in entries])
    return Assessment(
        as_of=day,
        knowledge_version=kb.version,
        limits=policy,
        labs=labs.rows,
        nutrients=ordered,
        best_first_step=first_step(ordered, flags_out, asked, facts, kb),
        tests_to_request=outputs.merge_tests(tests),
        red_flags=flags_out,
        medication_triggers=triggers,
        unrecognised_medications=tuple([m.text for m in matched if not m.ingredients]),
        interactions=interactions,
        lifestyle=habits,
        severity=outputs.severity(person.symptoms, kb),
        screening=screening,
        citations=outputs.citation_table(kb, cited),
        disclaimer=kb.texts.disclaimer,
    )


def _over_limit(intake: Mapping[str, float], limits: Mapping[str, float | None]) -> frozenset[str]:
    """The nutrients taken now above this person's upper limit."""
    return frozenset(
        nutrient
        for nutrient, amount in intake.items()
        if (limit := limits.get(nutrient)) is not None and amount > limit
    )


def person_limits(kb: Knowledge, policy: str, age: int) -> dict[str, float | None]:
    """Each nutrient's daily upper limit from supplements for this person under `policy`."""
    return {n.id: n.limit(policy, age) for n in kb.nutrients.values()}


def _decide_all(
    kb: Knowledge,
    person: Person,
    intake: dict[str, float],
    shown: dict[str, str],
) -> tuple[dict[str, NutrientResult], dict[str, list[TestRequest]], set[str]]:
    """Every nutrient's result and the tests it asks for, and the red flags the deciding rules
    raise."""
    fill = Filler(kb, shown, intake, person.limits)
    facts = person.facts
    results: dict[str, NutrientResult] = {}
    asked: dict[str, list[TestRequest]] = {}
    raised: set[str] = set()
    for nutrient in kb.evaluation_order:
        result, tests, flags = decide(kb.rules[nutrient], kb, person, fill)
        results[nutrient] = result
        asked[nutrient] = tests
        raised.update(flags)
        facts.verdicts[nutrient] = result.verdict
    return results, asked, raised


def _as_of(value: date | str | None) -> date | None:
    if value is None:
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise ProfileError([Problem("as_of", f"{value!r} is not a date; write it as YYYY-MM-DD")])
    return parsed


def _policy(value: str | None, person: Profile) -> str:
    if value is None:
        return person.limits or "strictest"
    if value not in POLICIES:
        raise ProfileError(
            [Problem("limits", f"{value!r} is not allowed; use one of: {', '.join(POLICIES)}")]
        )
    return value
