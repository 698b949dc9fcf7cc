"""Medicine strings as EHRs write them are recognised (spec assessment-v1 §5.4, version 1.1).

The Synthea R4 bundles of ../shared/data/synthea-r4 are read raw (every MedicationRequest and
MedicationStatement, whatever its status), so that no medicine name in them goes unrecognised.
"""

from __future__ import annotations

import json

import pytest

from ekbom.engine.medications import match_medication
from ekbom.knowledge.loader import load_knowledge
from tests.interop.conftest import shared

KB = load_knowledge()
MEDICINE_RESOURCES = ("MedicationRequest", "MedicationStatement", "Medication")


def medicine_names(resource: dict) -> list[str]:
    concept = resource.get("medicationCodeableConcept") or resource.get("code") or {}
    names = [concept.get("text")] + [c.get("display") for c in concept.get("coding") or []]
    return [name for name in names if isinstance(name, str) and name.strip()]


def test_medication_names_every_synthea_medicine_is_recognised() -> None:
    names: set[str] = set()
    for path in sorted(shared("synthea-r4").glob("*.json")):
        for entry in json.loads(path.read_text(encoding="utf-8")).get("entry", []):
            resource = entry.get("resource", {})
            if resource.get("resourceType") in MEDICINE_RESOURCES:
                names.update(medicine_names(resource))
    assert len(names) >= 50, "the Synthea sample should hold many medicine names"
    unrecognised = sorted(n for n in names if not match_medication(n, KB).ingredients)
    assert unrecognised == [], "unrecognised medicine names:\n" + "\n".join(unrecognised)


@pytest.mark.parametrize(
    ("text", "ingredients"),
    [
        ("Levothyroxine Sodium 0.075 MG Oral Tablet", ("levothyroxine",)),
        ("24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet", ("metformin",)),
        (
            "Acetaminophen 325 MG / Hydrocodone Bitartrate 7.5 MG Oral Tablet",
            ("acetaminophen", "hydrocodone"),
        ),
        ("amLODIPine besylate 10 MG Oral Tablet", ("amlodipine",)),
        ("Losartan Potassium 50 MG Oral Tablet", ("losartan",)),
        ("Metoprolol Succinate 25 MG Extended Release Oral Tablet", ("metoprolol",)),
        ("Metoprolol Tartrate 25 MG Oral Tablet", ("metoprolol",)),
        ("Atorvastatin Calcium 40 MG Oral Tablet", ("atorvastatin",)),
        ("Rosuvastatin calcium 10 MG Oral Tablet", ("rosuvastatin",)),
        ("Esomeprazole Magnesium 40 MG Delayed Release Oral Capsule", ("esomeprazole",)),
        ("Enalapril Maleate 10 MG Oral Tablet", ("enalapril",)),
        ("Warfarin Sodium 5 MG Oral Tablet", ("warfarin",)),
        ("Sertraline 50 MG Oral Tablet [Zoloft]", ("sertraline",)),
        ("Zolpidem tartrate 10 MG Oral Tablet", ("zolpidem",)),
        ("Sevelamer Carbonate 800 MG Oral Tablet", ("sevelamer",)),
        ("Calcium Acetate 667 MG Oral Capsule", ("calcium acetate",)),
        ("lanthanum carbonate 500 MG Chewable Tablet", ("lanthanum",)),
        ("sucroferric oxyhydroxide 500 MG Chewable Tablet", ("sucroferric oxyhydroxide",)),
        ("Cinacalcet 30 MG Oral Tablet", ("cinacalcet",)),
        ("Calcitriol 0.00025 MG Oral Capsule", ("calcitriol",)),
        ("Paricalcitol 0.001 MG Oral Capsule", ("paricalcitol",)),
        ("Epoetin Alfa 10000 UNT/ML Injectable Solution", ("epoetin alfa",)),
        ("darbepoetin alfa 0.1 MG/ML Prefilled Syringe", ("darbepoetin alfa",)),
        (
            "methoxy polyethylene glycol-epoetin beta 0.05 MG/ML Prefilled Syringe",
            ("methoxy polyethylene glycol-epoetin beta",),
        ),
        ("Mircera 100 mcg", ("methoxy polyethylene glycol-epoetin beta",)),
    ],
)
def test_medication_names_ehr_strings_and_salts_match(
    text: str, ingredients: tuple[str, ...]
) -> None:
    assert match_medication(text, KB).ingredients == ingredients


def test_medication_names_recognised_list_has_at_least_200_ingredients() -> None:
    no_class = [i for i in KB.ingredients.values() if not i.classes and i.nutrient is None]
    assert len(no_class) >= 200
