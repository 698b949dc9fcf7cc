"""`assess`: a profile in, an `Assessment` out. Pure: no I/O once the knowledge is loaded."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ekbom.engine import outputs
from ekbom.engine.assessment import Assessment, NutrientResult
from ekbom.engine.facts import PersonFacts
from ekbom.engine.labs import lab_facts
from ekbom.engine.medications import match_all
from ekbom.engine.nutrients import Filler, decide, populations
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
    ingredients = frozenset(name for med in matched for name in med.ingredients)
    intake: dict[str, float] = {}
    for supplement in person.supplements:
        intake[supplement.nutrient] = intake.get(supplement.nutrient, 0.0) + supplement.daily
    screening = outputs.screening(person.symptoms, CRITERIA)
    facts = PersonFacts(
        labs=labs.current,
        conditions=frozenset(person.conditions),
        ingredients=ingredients,
        classes=frozenset(c for name in ingredients for c in kb.ingredients[name].classes),
        age=person.age,
        sex=person.sex,
        pregnant=person.pregnant,
        trimester=person.pregnancy_trimester,
        postmenopausal=person.postmenopausal,
        diet=person.diet,
        symptoms=person.symptoms,
        lifestyle=person.lifestyle,
        over_limit=frozenset(
            n
            for n, amount in intake.items()
            if (limit := kb.nutrients[n].limits[policy]) is not None and amount > limit
        ),
        criteria_not_met=screening["criteria_met"] is False,
        cutoffs=kb.anaemia_cutoffs,
    )
    fill = Filler(kb, labs.shown, intake, policy)
    special = populations(facts)
    results: dict[str, NutrientResult] = {}
    tests: dict[str, list[TestRequest]] = {}
    raised: set[str] = set()
    for nutrient in kb.evaluation_order:
        result, asked, flags = decide(kb.rules[nutrient], facts, kb, policy, intake, fill, special)
        results[nutrient] = result
        tests[nutrient] = asked
        raised.update(flags)
        facts.verdicts[nutrient] = result.verdict
    ordered = tuple(results[n] for n in kb.assessed_nutrients)
    flags_out = outputs.red_flags(facts, kb, raised, intake, policy)
    triggers = outputs.medication_triggers(matched, kb)
    interactions = outputs.interactions(facts, kb, frozenset(intake), facts.verdicts)
    habits = outputs.lifestyle(facts, kb)
    cited = [
        *(r.citations for r in ordered),
        *(f["citations"] for f in flags_out),
        *(t["citations"] for t in triggers),
        *(i["citations"] for i in interactions),
        *(a["citations"] for a in habits),
    ]
    return Assessment(
        as_of=day,
        knowledge_version=kb.version,
        limits=policy,
        labs=labs.rows,
        nutrients=ordered,
        best_first_step=outputs.best_first_step(ordered),
        tests_to_request=outputs.merge_tests(t for n in kb.assessed_nutrients for t in tests[n]),
        red_flags=flags_out,
        medication_triggers=triggers,
        unrecognised_medications=tuple(m.text for m in matched if not m.ingredients),
        interactions=interactions,
        lifestyle=habits,
        severity=outputs.severity(person.symptoms, kb),
        screening=screening,
        citations=outputs.citation_table(kb, cited),
        disclaimer=kb.texts.disclaimer,
    )


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
