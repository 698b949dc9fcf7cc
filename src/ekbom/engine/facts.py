"""The facts about one person that rule conditions read (implements knowledge.language.Facts)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ekbom.knowledge.models import AnaemiaCutoff, Knowledge

if TYPE_CHECKING:
    from ekbom.engine.medications import MatchedMedication
    from ekbom.profile import Profile


class PersonFacts:
    """One person's facts; `verdicts` fills in as the engine decides each nutrient."""

    __slots__ = (
        "labs",
        "conditions",
        "ingredients",
        "classes",
        "age",
        "child",
        "sex",
        "pregnant",
        "trimester",
        "postmenopausal",
        "diet",
        "symptoms",
        "lifestyle",
        "over_limit",
        "criteria_not_met",
        "cutoffs",
        "verdicts",
    )

    def __init__(
        self,
        *,
        labs: Mapping[str, tuple[float, float]],
        conditions: frozenset[str],
        ingredients: frozenset[str],
        classes: frozenset[str],
        age: int,
        child: bool,
        sex: str,
        pregnant: bool,
        trimester: int | None,
        postmenopausal: bool,
        diet: str | None,
        symptoms: Mapping[str, Any],
        lifestyle: Mapping[str, Any],
        over_limit: frozenset[str],
        criteria_not_met: bool,
        cutoffs: tuple[AnaemiaCutoff, ...],
    ) -> None:
        self.labs = labs
        self.conditions = conditions
        self.ingredients = ingredients
        self.classes = classes
        self.age = age
        self.child = child
        """Under the knowledge's adult age (nutrients.yaml `adult_age`)."""
        self.sex = sex
        self.pregnant = pregnant
        self.trimester = trimester
        self.postmenopausal = postmenopausal
        self.diet = diet
        self.symptoms = symptoms
        self.lifestyle = lifestyle
        self.over_limit = over_limit
        self.criteria_not_met = criteria_not_met
        self.cutoffs = cutoffs
        self.verdicts: dict[str, str] = {}

    def anaemic(self, safety: bool) -> bool:
        """Haemoglobin below the cut-off for this person's age, sex and pregnancy."""
        hb = self.labs.get("hemoglobin")
        if hb is None:
            return False
        below = next(c.below for c in self.cutoffs if c.predicate(self, False))
        return hb[0] < below or (safety and hb[1] < below)


def person_facts(
    person: Profile,
    kb: Knowledge,
    matched: tuple[MatchedMedication, ...],
    *,
    labs: Mapping[str, tuple[float, float]] | None = None,
    over_limit: frozenset[str] = frozenset(),
    criteria_not_met: bool = False,
) -> PersonFacts:
    """The facts rule conditions read about `person`: the profile's own, the ingredients and
    classes of the matched medicines, and the current labs (none unless given)."""
    ingredients = frozenset(i for medication in matched for i in medication.ingredients)
    classes = frozenset(c for name in ingredients for c in kb.ingredients[name].classes)
    return PersonFacts(
        labs=labs or {},
        conditions=frozenset(person.conditions),
        ingredients=ingredients,
        classes=classes,
        age=person.age,
        child=person.age < kb.adult_age,
        sex=person.sex,
        pregnant=person.pregnant,
        trimester=person.pregnancy_trimester,
        postmenopausal=person.postmenopausal,
        diet=person.diet,
        symptoms=person.symptoms,
        lifestyle=person.lifestyle,
        over_limit=over_limit,
        criteria_not_met=criteria_not_met,
        cutoffs=kb.anaemia_cutoffs,
    )
