"""The supplement order check (order-select, order-sign): draft MedicationRequests of the nutrients
in cds_hooks.yaml's `order_check`, judged by the same rules as the patient's assessment.

A draft is what is being ordered, not what the patient takes: the patient is assessed as they
are (no drafts added). For each drafted nutrient the order's daily amount (when its dosage gives
one) is added to what the patient takes now (their supplements) to give the total "with this
order". Then: `avoid` gives a warning card (critical when the deciding rule's red flag is raised)
with a suggestion to delete the draft; `test_first` an info card naming the tests, or a warning
card saying both the total above the limit and the tests; a total above the upper limit a
warning, or an info card when it stays within the studied clinician-led dose of the deciding
rule. A medicine of the patient the nutrient must be kept apart from (interactions.yaml, e.g.
iron and levothyroxine) is named in the card, or in an info card of its own when there is no
other card. One card per drafted nutrient.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, NamedTuple

from ekbom.engine import assess
from ekbom.engine.assessment import Assessment, NutrientResult
from ekbom.engine.medications import match_all
from ekbom.interop.cds.cards import nutrient_card, rule_index
from ekbom.interop.cds.models import Action, Card, Indicator, OrderContext, Suggestion
from ekbom.interop.codings import Vocabulary
from ekbom.interop.resources import RawResource, flatten, validate
from ekbom.interop.supplements import Intake, Part, daily_amount, intake_of, product_parts, tidy
from ekbom.knowledge.interop_codes import SupplementIngredient
from ekbom.knowledge.models import Interaction, Knowledge
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
    """Cards about the drafts for the patient of `profile` (assessed as they are)."""
    if not drafts:
        return []
    kb = vocab.kb
    person = parse_profile(profile, kb, as_of=today)
    assessment = assess(person, as_of=today, limits=POLICY, knowledge=kb)
    taken: dict[str, float] = {}
    for supplement in person.supplements:
        taken[supplement.nutrient] = taken.get(supplement.nutrient, 0.0) + supplement.daily
    for result in assessment.nutrients:  # nutrient medicines count too (spec 1.1 §1)
        if result.current is not None and result.current["amount"] is not None:
            taken[result.nutrient] = float(result.current["amount"])
    ingredients: set[str] = set()
    for medication in match_all(person.medications, kb):
        ingredients.update(medication.ingredients)
    cards = []
    for draft in drafts:
        amounts = _amounts(draft, taken.get(draft.nutrient, 0.0), vocab, person.age)
        spacing = _spacing(draft.nutrient, ingredients, taken, kb)
        card = _card(draft, assessment, amounts, spacing, vocab)
        if card is not None:
            cards.append(card)
    return cards


class Amounts(NamedTuple):
    """What the patient takes now, what the draft adds (None: unknown) and the limit, a day."""

    unit: str  # as shown: mg or mcg
    current: float
    ordered: float | None
    limit: float | None

    @property
    def total(self) -> float | None:
        return None if self.ordered is None else self.current + self.ordered

    @property
    def over_limit(self) -> bool:
        total = self.total
        return total is not None and self.limit is not None and total > self.limit

    def words(self) -> dict[str, str]:
        shown = {"current": self.current, "ordered": self.ordered, "total": self.total}
        words = {key: f"{tidy(value):g} {self.unit}" for key, value in shown.items() if value}
        limit = f"{self.limit:g} {self.unit}" if self.limit is not None else "no"
        return {"current": "", "ordered": "", "total": "", **words, "limit": limit}

    def to_dict(self) -> dict[str, Any]:
        assert self.ordered is not None
        return {
            "unit": self.unit,
            "current": tidy(self.current),
            "ordered": tidy(self.ordered),
            "total": tidy(self.current + self.ordered),
            "limit": self.limit,
        }


def _amounts(draft: Draft, current: float, vocab: Vocabulary, age: int) -> Amounts:
    nutrient = vocab.kb.nutrients[draft.nutrient]
    ordered = None
    if draft.intake is not None:
        ordered = daily_amount(draft.intake, nutrient.unit, nutrient.iu)
    unit = "mcg" if nutrient.unit == "ug" else nutrient.unit
    return Amounts(unit, current, ordered, nutrient.limit(POLICY, age))


class Spacing(NamedTuple):
    """A medicine (or supplement) the patient takes that the ordered nutrient must be kept
    apart from (an interactions.yaml entry with `separate_hours`)."""

    interaction: Interaction
    partner: str


def _spacing(
    nutrient: str, ingredients: set[str], taken: dict[str, float], kb: Knowledge
) -> list[Spacing]:
    found: list[Spacing] = []
    for item in kb.interactions:
        if nutrient not in item.nutrients or item.separate_hours is None:
            continue
        if not item.without.isdisjoint(ingredients):
            continue
        partners = [
            name
            for name in sorted(ingredients)
            if name in item.ingredients or not item.classes.isdisjoint(kb.ingredients[name].classes)
        ]
        if item.supplement is not None and item.supplement in taken:
            partners.append(item.supplement)
        found.extend(Spacing(item, partner) for partner in partners)
    return found


def _spacing_words(spacing: Spacing, kb: Knowledge) -> dict[str, str]:
    item, partner = spacing
    known = kb.nutrients.get(partner)
    hours = item.separate_hours
    # "after": the medicine first, then the nutrient this many hours later (before_hours);
    # "before": the nutrient first, then the medicine this many hours later (after_hours).
    after = hours if item.before_hours is None else item.before_hours
    before = hours if item.after_hours is None else item.after_hours
    return {
        "medication": _in_sentence(known.name) if known is not None else partner,
        "hours": f"{hours:g}",
        "after": f"{after:g}",
        "before": f"{before:g}",
    }


def _in_sentence(name: str) -> str:
    """A name as inside a sentence: "Vitamin D" -> "vitamin D", "CRP" stays."""
    return name[:1].lower() + name[1:] if name[1:2].islower() or name[1:2] == " " else name


def _card(
    draft: Draft,
    assessment: Assessment,
    amounts: Amounts,
    spacing: list[Spacing],
    vocab: Vocabulary,
) -> Card | None:
    """The one card about a draft (None when there is nothing to say), as the module says."""
    kb, texts = vocab.kb, vocab.codes.order_texts
    nutrient = kb.nutrients[draft.nutrient]
    result = assessment.nutrient(draft.nutrient)
    rule = rule_index(kb)[result.rule_ids[0]]
    words = {
        "nutrient": nutrient.name,
        "name": _in_sentence(nutrient.name),
        "reason": rule.title,
        **amounts.words(),
    }
    lead, extra = _lead(draft, amounts, spacing, words, vocab)

    def card(summary: str, indicator: Indicator | None = None) -> Card:
        return nutrient_card(
            result, assessment, vocab, summary=summary, indicator=indicator, extra=extra, lead=lead
        )

    if result.verdict == "avoid":
        raised = {flag["id"] for flag in assessment.red_flags}
        flags = [flag for flag in rule.red_flags if flag in raised]
        if flags:
            extra["red_flag"] = flags[0]
        avoid = card(texts["avoid"].format(**words), "critical" if flags else "warning")
        return _with_removal(avoid, draft, texts["remove"].format(**words))
    over = ""
    if amounts.over_limit:
        over = texts["over_limit_with_current" if amounts.current else "over_limit"]
        over = over.format(**words)
    if result.verdict == "test_first":
        tests = ", ".join(kb.tests[t.test].name for t in rule.tests) or "see detail"
        if over:
            both = texts["test_first_over_limit"].format(over_limit=over, tests=tests)
            return card(both, "warning")
        return card(texts["test_first"].format(tests=tests, **words))
    if over:
        if _studied_dose(result, rule, amounts, nutrient):
            return card(texts["within_plan"].format(**words), "info")
        return card(over, "warning")
    if spacing:
        return card(texts["spacing"].format(**words, **_spacing_words(spacing[0], kb)), "info")
    return None


def _lead(
    draft: Draft, amounts: Amounts, spacing: list[Spacing], words: dict[str, str], vocab: Vocabulary
) -> tuple[list[str], dict[str, Any]]:
    """The detail's first lines (the draft, the amounts, what to keep apart) and the card's
    `extension.ekbom` additions."""
    texts = vocab.codes.order_texts
    lead = [f"**Draft order:** {draft.name} (`{draft.reference}`)", ""]
    extra: dict[str, Any] = {"draft_order": draft.reference}
    if amounts.ordered is None:
        lead += [texts["no_dose"], ""]
    else:
        key = "amounts_with_current" if amounts.current else "amounts"
        lead += [texts[key].format(**words), ""]
        extra["intake"] = amounts.to_dict()
    for item in spacing:
        spaced = _spacing_words(item, vocab.kb)
        same = spaced["after"] == spaced["before"]
        key = "spacing_detail" if same else "spacing_detail_directional"
        lead += [texts[key].format(**words, **spaced), ""]
    if spacing:
        extra["interactions"] = list(dict.fromkeys(s.interaction.id for s in spacing))
    return lead, extra


def _studied_dose(result: NutrientResult, rule: Any, amounts: Amounts, nutrient: Any) -> bool:
    """True when ekbom suggests this nutrient with a clinician-led dose (the deciding rule's
    daily total) and the total with this order stays within it."""
    dose = rule.dose
    if result.verdict not in ("recommended", "consider") or dose is None:
        return False
    if dose.self_directed and not result.needs_clinician:
        return False
    planned = daily_amount(
        Intake(result.nutrient, dose.amount, dose.unit, dose.per), nutrient.unit, nutrient.iu
    )
    total = amounts.total
    return planned is not None and total is not None and total <= planned


def _with_removal(card: Card, draft: Draft, label: str) -> Card:
    action = Action(type="delete", description=label, resourceId=draft.reference)
    suggestion = Suggestion(
        label=label, uuid=str(uuid.uuid4()), isRecommended=True, actions=[action]
    )
    return card.model_copy(update={"suggestions": [suggestion], "selectionBehavior": "at-most-one"})
