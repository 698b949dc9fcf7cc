"""What to add: a rule's dose fitted to what the person takes now and to the upper limit
(spec assessment-v1 §2 "A dose is what to add", §4)."""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from ekbom.engine.intake import Current
from ekbom.knowledge.models import Dose, Nutrient, Texts
from ekbom.knowledge.vocabulary import display_unit


def amount_text(amount: float, unit: str) -> str:
    """'65 mg', '1000 mcg', '12.5 mg': how amounts read in patient text."""
    return f"{amount:g} {display_unit(unit)}"


def tidy(amount: float) -> float | int:
    """65.0 -> 65, so whole amounts print as whole numbers."""
    return int(amount) if float(amount).is_integer() else amount


class DosePlan(NamedTuple):
    dose: dict[str, Any] | None
    continue_current: bool
    cautions: tuple[str, ...]


class DoseContext(NamedTuple):
    """What a dose decision needs to know about the person besides the rule."""

    nutrient: Nutrient
    limit: float | None
    current: Current | None
    needs_clinician: bool
    texts: Texts


def plan_dose(dose: Dose, ctx: DoseContext) -> DosePlan:
    """The dose to add on top of the current intake, or to keep on with what is taken (§2)."""
    current, limit, nutrient = ctx.current, ctx.limit, ctx.nutrient
    self_directed = dose.self_directed and not ctx.needs_clinician
    say = _Sayer(ctx.texts, nutrient)
    if current is not None and self_directed and limit is not None and current.supplements > limit:
        return DosePlan(None, False, (say("cut_down", intake=current.supplements, limit=limit),))
    if current is not None and enough(dose, current):
        return DosePlan(None, True, _keep_on(dose, ctx, say))
    taken = current.known if current is not None else 0.0
    amount = dose.amount if not dose.top_up or taken == 0 else dose.amount - taken
    cautions: list[str] = []
    if limit is not None and self_directed:
        room = limit - taken
        fitted = math.floor(room * 10) / 10 if amount > room else amount
        if fitted <= 0:
            return DosePlan(None, False, (say("at_limit", intake=taken, limit=limit),))
        if fitted < amount:
            amount = fitted
            cautions.append(say("reduced_to_limit", intake=taken, limit=limit, amount=amount))
    elif limit is not None and amount + taken > limit:
        key = "clinician_over_limit" if taken > 0 else "clinician_dose_over_limit"
        cautions.append(say(key, intake=taken, limit=limit, amount=amount))
    if taken > 0:
        cautions.insert(0, say("on_top", intake=taken, amount=amount))
    result = {
        "amount": tidy(amount),
        "unit": dose.unit,
        "per": dose.per,
        "basis": dose.basis,
        "schedule": dose.schedule,
        "self_directed": self_directed,
    }
    return DosePlan(result, False, tuple(cautions))


def enough(dose: Dose, current: Current) -> bool:
    """The current intake reaches the rule's dose, or is by vein, or its amount is unknown."""
    if current.route == "iv" or not current.amount_known:
        return True
    reach = dose.enough_at if dose.enough_at is not None else dose.amount
    return current.known >= reach


def _keep_on(dose: Dose, ctx: DoseContext, say: _Sayer) -> tuple[str, ...]:
    current = ctx.current
    assert current is not None
    if current.route == "iv":
        key = "keep_on_iv"
    else:
        key = "keep_on_clinician" if ctx.needs_clinician else "keep_on"
        key += "" if current.amount_known else "_unknown"
    cautions = [say(key, intake=current.known)]
    limit = ctx.limit
    if limit is not None and current.supplements > limit and not dose.self_directed:
        cautions.append(say("clinician_amount", intake=current.supplements, limit=limit))
    return tuple(cautions)


class _Sayer:
    """Fills a dose message of text.yaml with the nutrient and amounts."""

    def __init__(self, texts: Texts, nutrient: Nutrient) -> None:
        self.texts = texts
        self.nutrient = nutrient

    def __call__(
        self, key: str, *, intake: float = 0.0, limit: float = 0.0, amount: float = 0.0
    ) -> str:
        unit = self.nutrient.unit
        return self.texts.messages[key].format(
            nutrient=self.nutrient.plain,
            intake=amount_text(intake, unit),
            limit=amount_text(limit, unit),
            amount=amount_text(amount, unit),
            total=amount_text(amount + intake, unit),
        )
