"""Decide what goes into the day: the person's medicines, the supplements, meals and the gaps.

Medicines come from the profile; only those whose time matters for a supplement (a timing entry
in timing.yaml) get a clock time, the rest keep their usual times. Supplements are the ones the
person already takes (calcium and zinc included) and the ones the assessment suggests adding
(recommended or consider, with a dose by mouth: the dose is what to add), unless the assessment
says to avoid them; each item says which (`source` current or suggested).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from ekbom.engine.assessment import Assessment, NutrientResult
from ekbom.engine.dosing import amount_text, tidy
from ekbom.engine.medications import MatchedMedication
from ekbom.knowledge.language import ACTIVE_VERDICTS
from ekbom.knowledge.models import Interaction, Knowledge
from ekbom.knowledge.timing_reader import MedicineTiming, SupplementTiming, Timing
from ekbom.plan.model import Gap, Item
from ekbom.profile import Profile


class Contents(NamedTuple):
    items: tuple[Item, ...]
    gaps: tuple[Gap, ...]
    keep_times: tuple[str, ...]
    not_planned: tuple[str, ...]


def plan_contents(
    person: Profile,
    matched: tuple[MatchedMedication, ...],
    assessment: Assessment,
    knowledge: Knowledge,
    timing: Timing,
    meal_times: dict[str, int],
) -> Contents:
    medicines, keep_times = _medicines(matched, knowledge, timing)
    supplements, not_planned = _supplements(person, assessment, knowledge, timing)
    meals = tuple(
        Item(f"meal:{meal.id}", "meal", meal.label, fixed=meal_times[meal.id])
        for meal in timing.day.meals
    )
    taken = frozenset(name for m in matched for name in m.ingredients)
    gaps = tuple(_gaps(supplements, medicines, knowledge, taken))
    supplements = tuple(_untimed_notes(s, knowledge, taken) for s in supplements)
    return Contents((*medicines, *supplements, *meals), gaps, keep_times, not_planned)


def _timing_for(name: str, knowledge: Knowledge, timing: Timing) -> MedicineTiming | None:
    classes = set(knowledge.ingredients[name].classes)
    for entry in timing.medicines:
        if name in entry.ingredients or classes & entry.classes:
            return entry
    return None


def _medicines(
    matched: Iterable[MatchedMedication], knowledge: Knowledge, timing: Timing
) -> tuple[tuple[Item, ...], tuple[str, ...]]:
    """One item per timing entry the medicines match (a medicine named twice is one item)."""
    items: dict[str, Item] = {}
    keep: list[str] = []
    for medicine in matched:
        entries: dict[str, tuple[MedicineTiming, list[str]]] = {}
        for name in medicine.ingredients:
            entry = _timing_for(name, knowledge, timing)
            if entry is not None:
                entries.setdefault(entry.id, (entry, []))[1].append(name)
        nutrient_only = all(knowledge.ingredients[n].nutrient for n in medicine.ingredients)
        if medicine.ingredients and not entries and not nutrient_only:
            keep.append(medicine.text)
        for entry, names in entries.values():
            key = f"medicine:{entry.id}"
            if key in items:
                old = items[key]
                items[key] = old._replace(label=f"{old.label}; {medicine.text}")
                continue
            items[key] = _medicine_item(key, medicine.text, entry, tuple(names), timing)
    return tuple(items.values()), tuple(keep)


def _medicine_item(
    key: str, text: str, entry: MedicineTiming, names: tuple[str, ...], timing: Timing
) -> Item:
    doses, when, days = _frequency(text, entry, timing)
    spacing = entry.every_hours if doses == entry.doses else None
    why = entry.why if when == entry.when else timing.as_prescribed
    return Item(
        key,
        "medicine",
        f"{names[0].capitalize()} ({text})",
        doses=doses,
        every_hours=spacing or timing.day.dose_spacing.get(doses),
        when=when,
        days=days,
        alone_minutes=entry.alone_minutes,
        why=(why,),
        citations=entry.citations,
        ingredients=names,
        source="current",
    )


def _frequency(text: str, entry: MedicineTiming, timing: Timing) -> tuple[int, str, str]:
    """Doses a day, when and on which days, from the medicine as written ("... at bedtime"),
    else the usual timing of the medicine."""
    for frequency in timing.frequencies:
        if frequency.pattern.search(text):
            when = entry.when if entry.keep_when else frequency.when or entry.when
            return frequency.doses, when, frequency.days
    return entry.doses, entry.when, "daily"


def _supplements(
    person: Profile,
    assessment: Assessment,
    knowledge: Knowledge,
    timing: Timing,
) -> tuple[tuple[Item, ...], tuple[str, ...]]:
    """The supplements of the day: what the person takes now (`source` current, calcium and zinc
    included) and what the assessment suggests adding (`source` suggested: recommended or
    consider, with a dose by mouth), each its own item; an added dose sits with what is taken
    now. A nutrient the assessment says to avoid is left out, with why."""
    results = {r.nutrient: r for r in assessment.nutrients}
    taken: dict[str, float | None] = {}
    for supplement in person.supplements:
        taken[supplement.nutrient] = (taken.get(supplement.nutrient) or 0.0) + supplement.daily
    for assessed in assessment.nutrients:  # nutrient medicines count as taken now (spec 1.1 §1)
        current = assessed.current
        if current is not None and current["route"] == "oral":
            taken[assessed.nutrient] = current["amount"] if current["amount_known"] else None
    by_vein = [
        f"{knowledge.nutrients[r.nutrient].name}: {timing.by_vein}"
        for r in assessment.nutrients
        if r.current is not None and r.current["route"] == "iv"
    ]
    wanted = [n for n, r in results.items() if _suggested(r)]
    wanted += [n for n in taken if n not in wanted]
    by_nutrient: dict[str, list[Item]] = {}
    left_out: list[str] = list(by_vein)
    for nutrient in wanted:
        result = results.get(nutrient)
        name = knowledge.nutrients[nutrient].name
        if result is not None and result.verdict == "avoid":
            left_out.append(f"{name}: the assessment says to avoid it, so it is not in this plan.")
            continue
        entry = timing.supplements.get(nutrient)
        if entry is None:
            left_out.append(f"{name}: ekbom has no timing advice for it; take it as you do now.")
            continue
        unit = knowledge.nutrients[nutrient].unit
        items = by_nutrient.setdefault(nutrient, [])
        if nutrient in taken:
            known = taken[nutrient]
            amount = amount_text(tidy(round(known, 1)), unit) if known is not None else ""
            label = f"{name} {amount}".strip()
            items.append(_supplement_item(label, "current", entry, "daily"))
        if result is not None and result.dose is not None and _suggested(result):
            amount = amount_text(result.dose["amount"], result.dose["unit"])
            notes = ("Only if your clinician agrees.",) if result.needs_clinician else ()
            items.append(
                _supplement_item(f"{name} {amount}", "suggested", entry, entry.days, notes)
            )
    plain = {n: knowledge.nutrients[n].plain for n in by_nutrient}
    return _taken_together(by_nutrient, timing, plain), tuple(left_out)


def _suggested(result: NutrientResult) -> bool:
    return result.verdict in ACTIVE_VERDICTS and result.dose is not None


def _supplement_item(
    label: str, source: str, entry: SupplementTiming, days: str, notes: tuple[str, ...] = ()
) -> Item:
    return Item(
        f"supplement:{entry.nutrient}:{source}",
        "supplement",
        label,
        when=entry.when,
        prefer=entry.prefer,
        days=days,
        why=(entry.why,),
        citations=entry.citations,
        nutrient=entry.nutrient,
        notes=notes,
        source=source,
    )


def _taken_together(
    by_nutrient: dict[str, list[Item]], timing: Timing, plain: dict[str, str]
) -> tuple[Item, ...]:
    """Each item with the one it is taken with: a supplement with its partner of timing.yaml
    (vitamin C with iron), on the partner's days; an added dose with what is taken now."""
    result = []
    for nutrient, items in by_nutrient.items():
        partner = timing.supplements[nutrient].with_nutrient
        for index, item in enumerate(items):
            if partner in by_nutrient:
                first = by_nutrient[partner][0]
                item = item._replace(together_with=first.key, days=first.days)
            elif index:  # an added dose: with what is taken now, saying so once
                why = timing.top_up.format(nutrient=plain[nutrient])
                item = item._replace(together_with=items[0].key, why=(why,))
            result.append(item)
    return tuple(result)


def _gaps(
    supplements: tuple[Item, ...],
    medicines: tuple[Item, ...],
    knowledge: Knowledge,
    taken: frozenset[str],
) -> Iterable[Gap]:
    """Every pair that interactions.yaml keeps apart, with its minutes each way."""
    for rule in knowledge.interactions:
        if rule.separate_hours is None or not rule.without.isdisjoint(taken):
            continue
        partners = [m for m in medicines if _touches(rule, m, knowledge)]
        partners += [s for s in supplements if s.nutrient == rule.supplement]
        for item in (s for s in supplements if s.nutrient in rule.nutrients):
            for partner in partners:
                yield Gap(
                    item.key,
                    partner.key,
                    round(60 * (rule.before_hours or 0)),
                    round(60 * (rule.after_hours or 0)),
                    rule.id,
                    rule.advice,
                    rule.ask,
                    rule.citations,
                )


def _untimed_notes(item: Item, knowledge: Knowledge, taken: frozenset[str]) -> Item:
    """The supplement with the advice of each interaction that has no gap to keep (less iron
    taken up with an acid medicine, vitamin D with a water pill...) for the person's medicines."""
    notes = list(item.notes)
    citations = list(item.citations)
    for rule in knowledge.interactions:
        if rule.separate_hours is not None or item.nutrient not in rule.nutrients:
            continue
        if rule.kind == "depletion" or not rule.without.isdisjoint(taken):
            continue
        classes = {c for name in taken for c in knowledge.ingredients[name].classes}
        if (rule.ingredients & taken or rule.classes & classes) and rule.advice not in notes:
            notes.append(rule.advice)
            citations += [c for c in rule.citations if c not in citations]
    return item._replace(notes=tuple(notes), citations=tuple(citations))


def _touches(rule: Interaction, medicine: Item, knowledge: Knowledge) -> bool:
    """The medicine is one of the rule's ingredients or belongs to one of its classes."""
    for name in medicine.ingredients:
        if name in rule.ingredients or rule.classes & set(knowledge.ingredients[name].classes):
            return True
    return False
