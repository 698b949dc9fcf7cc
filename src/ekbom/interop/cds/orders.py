"""The supplement order check (order-select, order-sign): draft MedicationRequests of the nutrients
in cds_hooks.yaml's `order_check`, judged by the same rules as the patient's assessment.

Each draft's daily amount (when its dosage gives one) is added to what the patient already takes
and the profile is assessed. Then, per drafted nutrient: `avoid` gives a warning card (critical
when the deciding rule's red flag is raised) with a suggestion to delete the draft; `test_first`
an info card naming the tests; a total above the upper limit a warning, or an info card when the
order matches the studied clinician-led dose ekbom itself suggests.
"""

from __future__ import annotations

import copy
import uuid
from datetime import date
from typing import Any, NamedTuple

from ekbom.engine import assess
from ekbom.engine.assessment import Assessment, NutrientResult
from ekbom.interop.cds.cards import nutrient_card, rule_index
from ekbom.interop.cds.models import Action, Card, Indicator, OrderContext, Suggestion
from ekbom.interop.codings import Vocabulary
from ekbom.interop.resources import RawResource, flatten, validate
from ekbom.interop.supplements import Intake, Part, daily_amount, intake_of, product_parts
from ekbom.knowledge.interop_codes import SupplementIngredient
from ekbom.profile import parse_profile

POLICY = "strictest"


class Draft(NamedTuple):
    """One drafted nutrient: the order it is in, its name, and its intake when known."""

    reference: str  # MedicationRequest/<id>
    name: str
    nutrient: str
    intake: Intake | None


def drafts_in(context: OrderContext, hook: str, vocab: Vocabulary) -> list[Draft]:
    """The drafted supplements of the checked nutrients (order-select: the selected orders)."""
    chosen = set(context.selections or []) if hook == "order-select" else set()
    found: list[Draft] = []
    for resource in flatten(context.draftOrders, "context.draftOrders"):
        reference = f"{resource.type}/{resource.data.get('id')}"
        if resource.type != "MedicationRequest" or (chosen and reference not in chosen):
            continue
        found.extend(_drafts_of(resource, reference, vocab))
    return found


def _drafts_of(resource: RawResource, reference: str, vocab: Vocabulary) -> list[Draft]:
    """The checked nutrients a draft orders. Only drafts naming one are validated (R4), so that
    other drafts, even malformed ones, never stop the check."""
    name, own = _raw_name(resource.data, vocab)
    parts = [Part(SupplementIngredient(n, n, 1.0), None, None) for n in own]
    parts = parts or product_parts(name, vocab.codes)
    parts = [p for p in parts if p.ingredient.nutrient in vocab.codes.order_nutrients]
    if not parts:
        return []
    dosages = list(validate(resource).dosageInstruction or [])
    return [
        Draft(reference, name, part.ingredient.nutrient, intake_of(part, dosages, vocab.codes))
        for part in parts
    ]


def _raw_name(data: Any, vocab: Vocabulary) -> tuple[str, list[str]]:
    """The product name of a draft and the nutrients it is coded with in ekbom's own system."""
    concept = data.get("medicationCodeableConcept")
    if not isinstance(concept, dict):
        return "", []
    codings = [c for c in concept.get("coding") or [] if isinstance(c, dict)]
    first = codings[0] if codings else {}
    name = concept.get("text") or first.get("display") or ""
    own = [str(c.get("code")) for c in codings if c.get("system") == vocab.system("nutrient")]
    return str(name), own


def order_cards(
    drafts: list[Draft], profile: dict[str, Any], today: date, vocab: Vocabulary
) -> list[Card]:
    """Cards about the drafts for the patient of `profile` (assessed with the drafts added)."""
    if not drafts:
        return []
    with_drafts = copy.deepcopy(profile)
    added = [d.intake.to_dict() for d in drafts if d.intake is not None]
    with_drafts["supplements"] = [*with_drafts.get("supplements", []), *added]
    person = parse_profile(with_drafts, vocab.kb, as_of=today)
    assessment = assess(person, as_of=today, limits=POLICY, knowledge=vocab.kb)
    totals: dict[str, float] = {}
    for supplement in person.supplements:
        totals[supplement.nutrient] = totals.get(supplement.nutrient, 0.0) + supplement.daily
    cards = []
    for draft in drafts:
        card = _card(draft, assessment, totals.get(draft.nutrient, 0.0), vocab, person.age)
        if card is not None:
            cards.append(card)
    return cards


def _card(
    draft: Draft, assessment: Assessment, total: float, vocab: Vocabulary, age: int
) -> Card | None:
    kb, texts = vocab.kb, vocab.codes.order_texts
    nutrient = kb.nutrients[draft.nutrient]
    result = assessment.nutrient(draft.nutrient)
    rule = rule_index(kb)[result.rule_ids[0]]
    limit = nutrient.limit(POLICY, age)
    unit = "mcg" if nutrient.unit == "ug" else nutrient.unit
    words = {
        "nutrient": nutrient.name,
        "reason": rule.title,
        "total": f"{total:g} {unit}",
        "limit": f"{limit:g} {unit}" if limit is not None else "no",
    }
    lead = [f"**Draft order:** {draft.name} (`{draft.reference}`)", ""]
    if draft.intake is None:
        lead += [texts["no_dose"], ""]
    extra: dict[str, Any] = {"draft_order": draft.reference}
    if result.verdict == "avoid":
        raised = {flag["id"] for flag in assessment.red_flags}
        flags = [flag for flag in rule.red_flags if flag in raised]
        if flags:
            extra["red_flag"] = flags[0]
        card = nutrient_card(
            result,
            assessment,
            vocab,
            summary=texts["avoid"].format(**words),
            indicator="critical" if flags else "warning",
            extra=extra,
            lead=lead,
        )
        return _with_removal(card, draft, texts["remove"].format(**words))
    if result.verdict == "test_first":
        tests = ", ".join(kb.tests[t.test].name for t in rule.tests) or "see detail"
        summary = texts["test_first"].format(tests=tests, **words)
        return nutrient_card(result, assessment, vocab, summary=summary, extra=extra, lead=lead)
    if draft.intake is None or limit is None or total <= limit:
        return None
    studied = _studied_dose(result, draft, nutrient)
    indicator: Indicator = "info" if studied else "warning"
    summary = texts["within_plan" if studied else "over_limit"].format(**words)
    return nutrient_card(
        result, assessment, vocab, summary=summary, indicator=indicator, extra=extra, lead=lead
    )


def _studied_dose(result: NutrientResult, draft: Draft, nutrient: Any) -> bool:
    """True when ekbom suggests this nutrient with a clinician-led dose the order stays within."""
    dose = result.dose
    if result.verdict not in ("recommended", "consider") or dose is None or dose["self_directed"]:
        return False
    assert draft.intake is not None
    ordered = daily_amount(draft.intake, nutrient.unit, nutrient.iu)
    per_day = dose["amount"] / (7 if dose["per"] == "week" else 1)
    return ordered is not None and ordered <= per_day


def _with_removal(card: Card, draft: Draft, label: str) -> Card:
    action = Action(type="delete", description=label, resourceId=draft.reference)
    suggestion = Suggestion(
        label=label, uuid=str(uuid.uuid4()), isRecommended=True, actions=[action]
    )
    return card.model_copy(update={"suggestions": [suggestion], "selectionBehavior": "at-most-one"})
