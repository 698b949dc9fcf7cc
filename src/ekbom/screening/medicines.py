"""Active medicines: which patients take a trigger, a dopamine agonist, iron, or what rules name.

A MedicationRequest counts when its status and intent are ones screening.yaml lists and it was
not authored after the screening day. Its names are medicationCodeableConcept.text and every
coding's display (RxNorm names such as "sertraline 50 MG Oral Tablet"). The distinct names are
few even in a large export, so they are matched in Python by the engine's own medicine matcher
(ekbom.engine.medications) and its trigger rule (ekbom.engine.outputs), then joined back.
Iron medicines are the names that contain an iron supplement ingredient of fhir_codes.yaml or an
iron product of screening.yaml, as whole words.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple

from ekbom.engine.medications import match_all
from ekbom.engine.outputs import medication_triggers
from ekbom.knowledge.interop_codes import InteropCodes
from ekbom.knowledge.loader import medication_words
from ekbom.knowledge.models import Knowledge
from ekbom.knowledge.screening_codes import ScreeningCodes
from ekbom.screening import _imports
from ekbom.screening.compile import class_column, ingredient_column
from ekbom.screening.fhir import day, patient_id


class NameFacts(NamedTuple):
    """What one medicine name stands for."""

    name: str
    ingredients: tuple[str, ...]
    triggers: tuple[str, ...]  # trigger ingredients, as the engine reports them
    iron: bool


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1))


class MedicineMatcher:
    """Matches medicine names to ingredients, triggers and iron (the knowledge's vocabulary)."""

    def __init__(self, kb: Knowledge, interop: InteropCodes, screening: ScreeningCodes) -> None:
        self.kb = kb
        iron_names = [s.name for s in interop.supplements if s.nutrient == screening.iron_nutrient]
        self.iron_phrases = [
            tuple(name.split()) for name in (*iron_names, *screening.iron_products)
        ]

    def facts(self, names: Iterable[str]) -> list[NameFacts]:
        texts = tuple(sorted(set(names)))
        matched = match_all(texts, self.kb)
        triggers: dict[str, list[str]] = {}
        for entry in medication_triggers(matched, self.kb):
            triggers.setdefault(entry["medication"], []).append(entry["ingredient"])
        found = []
        for item in matched:
            words = medication_words(item.text)
            iron = any(_contains(words, phrase) for phrase in self.iron_phrases)
            found.append(
                NameFacts(item.text, item.ingredients, tuple(triggers.get(item.text, ())), iron)
            )
        return found


class MedicationFlags:
    """Builds one row per patient with the medicine columns the screen and the rules read."""

    def __init__(
        self,
        kb: Knowledge,
        interop: InteropCodes,
        screening: ScreeningCodes,
        as_of: date,
        ingredients: Iterable[str] = (),
        classes: Iterable[str] = (),
    ) -> None:
        self.kb = kb
        self.screening = screening
        self.status = interop.record_status
        self.as_of = as_of.isoformat()
        self.matcher = MedicineMatcher(kb, interop, screening)
        self.ingredients = sorted(set(ingredients))
        self.classes = sorted({*classes, screening.dopamine_agonist_class})

    def keep(self, t: Any) -> Any:
        """Whether a MedicationRequest row is an active order or plan."""
        return (
            t.status.isin(list(self.status.medication_active))
            & t.intent.isin(list(self.status.medication_intents))
        ).fill_null(False)

    def columns(self, t: Any) -> dict[str, Any]:
        ibis = _imports.ibis()

        concept = t.medicationCodeableConcept
        displays = concept.coding.map(lambda c: c.display).filter(lambda d: d.notnull())
        names = (
            ibis.array([concept.text])
            .filter(lambda n: n.notnull())
            .concat(displays.fill_null(ibis.literal([], type="array<string>")))
        )
        return {
            "patient": patient_id(t.subject.reference),
            "authored": day(t.authoredOn),
            "names": names,
            "by_reference": t.medicationReference.reference.notnull(),
        }

    def taken(self, rows: Any) -> Any:
        """(patient, name) of every active medicine name on or before the screening day."""
        t = rows.filter(
            rows.patient.notnull() & (rows.authored.isnull() | (rows.authored <= self.as_of))
        )
        t = t.mutate(name=t.names.unnest())
        return t.select("patient", "name").distinct()

    def name_table(self, facts: list[NameFacts]) -> Any:
        """One row per (name, ingredient) -- ingredient null when none -- with the name's flags."""
        ibis = _imports.ibis()
        pa = _imports.pyarrow()

        rows: dict[str, list[Any]] = {k: [] for k in ("name", "ingredient", "trigger", "iron")}
        for item in facts:
            for ingredient in item.ingredients or (None,):
                rows["name"].append(item.name)
                rows["ingredient"].append(ingredient)
                rows["trigger"].append(ingredient in item.triggers)
                rows["iron"].append(item.iron)
        schema = pa.schema(
            [
                ("name", pa.string()),
                ("ingredient", pa.string()),
                ("trigger", pa.bool_()),
                ("iron", pa.bool_()),
            ]
        )
        return ibis.memtable(pa.table(rows, schema=schema))

    def class_members(self, class_id: str) -> list[str]:
        return sorted(n for n, i in self.kb.ingredients.items() if class_id in i.classes)

    def per_patient(self, taken: Any, names: Any) -> Any:
        """One row per patient: iron, dopamine agonist, triggers and the rules' medicine columns."""
        t = taken.join(names, "name")
        agg: dict[str, Any] = {
            "iron_medication": t.iron.any(),
            "trigger_ingredients": t.ingredient.collect(where=t.trigger, distinct=True),
        }
        for name in self.ingredients:
            agg[ingredient_column(name)] = (t.ingredient == name).fill_null(False).any()
        for class_id in self.classes:
            members = self.class_members(class_id)
            agg[class_column(class_id)] = t.ingredient.isin(members).fill_null(False).any()
        return t.group_by("patient").aggregate(**agg)
