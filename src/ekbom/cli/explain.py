"""`ekbom explain NUTRIENT`: a nutrient's rules, limits and citations as plain text."""

from __future__ import annotations

from ekbom.engine.dosing import amount_text
from ekbom.knowledge.describe import describe_when
from ekbom.knowledge.models import Knowledge, Nutrient, Rule
from ekbom.knowledge.vocabulary import LIMIT_COLUMNS
from ekbom.presenter import label


def explain_nutrient(nutrient_id: str, knowledge: Knowledge) -> str:
    """Everything the knowledge says about one nutrient, in the order rules are tried."""
    nutrient = knowledge.nutrients[nutrient_id]
    group = knowledge.rules[nutrient_id]
    lines = [
        f"{nutrient.name} ({nutrient.id}), knowledge {knowledge.version}",
        "",
        "Rules, tried top to bottom; the first that matches decides:",
    ]
    for number, rule in enumerate(group.rules, 1):
        lines.extend(_rule_lines(number, rule, knowledge))
    if group.modifiers:
        lines += ["", "Modifiers (added to the decided verdict):"]
        for modifier in group.modifiers:
            applies = ", ".join(sorted(modifier.verdicts | modifier.rules))
            extra = "; needs a clinician" if modifier.needs_clinician else ""
            lines.append(
                f"  {modifier.id}: when {describe_when(modifier.when, knowledge)} "
                f"(for {applies}){extra}"
            )
    adults = f"age {knowledge.adult_age} and over"
    lines += ["", f"Upper limits per day from supplements ({nutrient.basis}), {adults}:"]
    for policy in LIMIT_COLUMNS:
        lines.append(f"  {policy:<10} {_limit(nutrient, policy, knowledge.adult_age)}")
    if nutrient.child_limits is not None:
        lines += ["", "Children's limits differ by age (us / eu / strictest):"]
        for start, end in nutrient.child_limits.spans():
            ages = f"{start}" if start == end else f"{start}-{end}"
            shown = " / ".join(_limit(nutrient, policy, start) for policy in LIMIT_COLUMNS)
            lines.append(f"  age {ages:<6} {shown}")
    cited = dict.fromkeys(c for r in group.rules for c in r.citations)
    cited.update(dict.fromkeys(c for m in group.modifiers for c in m.citations))
    cited.update(dict.fromkeys(nutrient.citations))
    if nutrient.child_limits is not None:
        cited.update(dict.fromkeys(nutrient.child_limits.citations))
    lines += ["", f"{label(knowledge, 'references_title')}:"]
    for cid in cited:
        c = knowledge.citations[cid]
        ident = f" doi:{c.doi}" if c.doi else (f" PMID {c.pmid}" if c.pmid else "")
        lines.append(f"  [{cid}] {c.authors + ' ' if c.authors else ''}{c.title} ({c.year}){ident}")
    return "\n".join(lines)


def _rule_lines(number: int, rule: Rule, knowledge: Knowledge) -> list[str]:
    lines = [
        "",
        f"{number:>2}. {rule.id} [{rule.spec}] -> {rule.verdict}",
        f"    when: {describe_when(rule.when, knowledge)}",
        f"    says: {rule.summary}",
        f"    evidence: {rule.grade} ({', '.join(rule.citations)})",
    ]
    if rule.needs_clinician:
        lines.append("    needs a clinician")
    if rule.dose is not None:
        mode = "self-directed" if rule.dose.self_directed else "clinician-led"
        lines.append(
            f"    dose: {amount_text(rule.dose.amount, rule.dose.unit)} a day "
            f"{rule.dose.basis}, {rule.dose.schedule} ({mode})"
        )
    for test in rule.tests:
        lines.append(f"    test: {test.test} ({test.priority})")
    for flag in rule.red_flags:
        lines.append(f"    red flag: {flag}")
    return lines


def _limit(nutrient: Nutrient, policy: str, age: int) -> str:
    limit = nutrient.limit(policy, age)
    return "none set" if limit is None else amount_text(limit, nutrient.unit)
