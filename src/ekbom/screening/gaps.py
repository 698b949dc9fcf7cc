"""The iron verdict and the care gaps, compiled from the knowledge onto the facts table.

The iron verdict is the first iron rule (rules/iron.yaml, spec §3.1) whose condition holds, with
avoid rules judged in safety context, as `ekbom.assess` decides it. `iron_needs_clinician` is the
rule's flag, or a modifier's, or -- for every verdict but not_indicated -- a child, a pregnancy or
dialysis (spec §3). The gaps (ids in screening.yaml):

    no_iron_studies                        no current result of any screening.yaml `iron_studies`
                                           test (ferritin, TSAT) in the 365 days up to the day
    iron_indicated_untreated               iron verdict recommended, no active iron medicine
    iron_with_overload_risk                active iron medicine and the condition of the red flag
                                           `overload_red_flag` (TSAT >= 45, or ferritin > 300 off
                                           dialysis), in safety context
    trigger_medication                     an active medicine with a trigger ingredient (spec §5.4)
    dopamine_agonist_without_iron_studies  an active medicine of `dopamine_agonist_class` and no
                                           iron studies
"""

from __future__ import annotations

from typing import Any

from ekbom.knowledge.models import Knowledge
from ekbom.knowledge.screening_codes import ScreeningCodes
from ekbom.screening.compile import Compiler, Needs, class_column, first_match, lab_column, needs_of

NUTRIENT = "iron"


def _where(kb: Knowledge, rule_id: str) -> str:
    rule = next(r for r in kb.rules[NUTRIENT].rules if r.id == rule_id)
    return f"{rule.source.path}:{rule.source.line} ({rule.id})"


def rule_needs(kb: Knowledge, screening: ScreeningCodes) -> Needs:
    """Every fact the iron rules, their modifiers and the gaps read."""
    group = kb.rules[NUTRIENT]
    found = Needs(labs=frozenset(screening.iron_studies))
    for rule in group.rules:
        found = found | needs_of(rule.when, _where(kb, rule.id))
    for modifier in group.modifiers:
        if modifier.needs_clinician:
            found = found | needs_of(
                modifier.when, f"{modifier.source.path}:{modifier.source.line}"
            )
    flag = kb.red_flags[screening.overload_red_flag]
    return found | needs_of(flag.when, f"red_flags.yaml ({flag.id})")


def with_iron(facts: Any, kb: Knowledge) -> Any:
    """`facts` with `iron_rule`, `iron_verdict` and `iron_needs_clinician`."""
    group = kb.rules[NUTRIENT]
    compiler = Compiler(facts, kb)
    cases = [
        (compiler.predicate(rule.when, _where(kb, rule.id), rule.verdict == "avoid"), rule.id)
        for rule in group.rules
    ]
    t = facts.mutate(iron_rule=first_match(cases))
    t = t.mutate(iron_verdict=t.iron_rule.cases(*((r.id, r.verdict) for r in group.rules)))
    clinician = t.iron_rule.isin([r.id for r in group.rules if r.needs_clinician])
    compiler = Compiler(t, kb)
    for modifier in group.modifiers:
        if modifier.needs_clinician:
            applies = t.iron_verdict.isin(sorted(modifier.verdicts) or [""]) | t.iron_rule.isin(
                sorted(modifier.rules) or [""]
            )
            where = f"{modifier.source.path}:{modifier.source.line}"
            clinician = clinician | (applies & compiler.predicate(modifier.when, where))
    special = (t.age < kb.adult_age).fill_null(False) | t.pregnant | t.condition_dialysis
    clinician = clinician | ((t.iron_verdict != "not_indicated") & special)
    return t.mutate(iron_needs_clinician=clinician)


def gap_columns(t: Any, kb: Knowledge, screening: ScreeningCodes) -> dict[str, Any]:
    """The five gap flags over a table that already has `iron_verdict`."""
    compiler = Compiler(t, kb)
    no_studies = t[lab_column(screening.iron_studies[0])].isnull()
    for test in screening.iron_studies[1:]:
        no_studies = no_studies & t[lab_column(test)].isnull()
    flag = kb.red_flags[screening.overload_red_flag]
    overload = compiler.predicate(flag.when, f"red_flags.yaml ({flag.id})", flag.safety)
    agonist = t[class_column(screening.dopamine_agonist_class)]
    triggers = t.trigger_ingredients.length().fill_null(0) > 0
    return {
        "no_iron_studies": no_studies,
        "iron_indicated_untreated": (t.iron_verdict == "recommended") & ~t.iron_medication,
        "iron_with_overload_risk": t.iron_medication & overload,
        "trigger_medication": triggers,
        "dopamine_agonist_without_iron_studies": agonist & no_studies,
    }
