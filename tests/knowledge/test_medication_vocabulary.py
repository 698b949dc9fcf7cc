"""The medication vocabulary against spec assessment-v1 §5.4 (version 1.1), list by list.

The spec's lists are written out again here on purpose, so that a name dropped from
medications.yaml fails a test instead of silently going unrecognised.
"""

from __future__ import annotations

import pytest

import ekbom
from ekbom.engine.medications import match_medication
from ekbom.knowledge.loader import load_knowledge

KB = load_knowledge()

SPEC_CLASSES: dict[str, list[str]] = {
    "sedating_antihistamine": (
        "diphenhydramine doxylamine chlorpheniramine hydroxyzine promethazine cyproheptadine "
        "brompheniramine dimenhydrinate meclizine clemastine carbinoxamine triprolidine "
        "dexchlorpheniramine pheniramine"
    ).split(),
    "dopamine_antagonist": (
        "metoclopramide prochlorperazine promethazine droperidol haloperidol chlorpromazine "
        "fluphenazine perphenazine olanzapine quetiapine risperidone paliperidone ziprasidone "
        "aripiprazole lurasidone brexpiprazole cariprazine asenapine iloperidone lumateperone "
        "pimozide trifluoperazine thioridazine loxapine clozapine amisulpride trimethobenzamide"
    ).split(),
    "serotonergic_antidepressant": (
        "sertraline fluoxetine paroxetine citalopram escitalopram fluvoxamine venlafaxine "
        "desvenlafaxine duloxetine mirtazapine amitriptyline nortriptyline imipramine "
        "clomipramine vortioxetine vilazodone levomilnacipran milnacipran desipramine doxepin "
        "trimipramine protriptyline"
    ).split(),
    "lithium": ["lithium"],
    "anticoagulant_antiplatelet": (
        "warfarin apixaban rivaroxaban dabigatran edoxaban clopidogrel prasugrel ticagrelor aspirin"
    ).split(),
    "acid_suppressant": (
        "omeprazole esomeprazole pantoprazole lansoprazole rabeprazole famotidine ranitidine "
        "cimetidine"
    ).split(),
    "antiepileptic_folate": (
        "phenytoin fosphenytoin carbamazepine phenobarbital primidone valproate"
    ).split(),
}

# Brand -> an ingredient it must contain (spec 5.4 "Common brand names (at least)").
SPEC_BRANDS: dict[str, str] = {
    "Benadryl": "diphenhydramine",
    "Unisom": "doxylamine",
    "Unisom SleepGels": "diphenhydramine",
    "Unisom SleepMelts": "diphenhydramine",
    "Unisom SleepMinis": "diphenhydramine",
    "Reglan": "metoclopramide",
    "Compazine": "prochlorperazine",
    "Phenergan": "promethazine",
    "Zoloft": "sertraline",
    "Prozac": "fluoxetine",
    "Paxil": "paroxetine",
    "Celexa": "citalopram",
    "Lexapro": "escitalopram",
    "Effexor": "venlafaxine",
    "Cymbalta": "duloxetine",
    "Remeron": "mirtazapine",
    "Elavil": "amitriptyline",
    "Seroquel": "quetiapine",
    "Zyprexa": "olanzapine",
    "Risperdal": "risperidone",
    "Haldol": "haloperidol",
    "Abilify": "aripiprazole",
    "Vistaril": "hydroxyzine",
    "Atarax": "hydroxyzine",
    "Coumadin": "warfarin",
    "Eliquis": "apixaban",
    "Xarelto": "rivaroxaban",
    "Plavix": "clopidogrel",
    "Prilosec": "omeprazole",
    "Nexium": "esomeprazole",
    "Protonix": "pantoprazole",
    "Pepcid": "famotidine",
    "Glucophage": "metformin",
    "Synthroid": "levothyroxine",
    "Sinemet": "levodopa",
    "Cipro": "ciprofloxacin",
    "Fosamax": "alendronate",
    "Neurontin": "gabapentin",
    "Wellbutrin": "bupropion",
    "Latuda": "lurasidone",
    "Rexulti": "brexpiprazole",
    "Vraylar": "cariprazine",
    "Saphris": "asenapine",
    "Fanapt": "iloperidone",
    "Caplyta": "lumateperone",
    "Orap": "pimozide",
    "Clozaril": "clozapine",
    "Trintellix": "vortioxetine",
    "Viibryd": "vilazodone",
    "Fetzima": "levomilnacipran",
    "Savella": "milnacipran",
    "Norpramin": "desipramine",
    "Silenor": "doxepin",
    "Tylenol PM": "diphenhydramine",
    "Advil PM": "diphenhydramine",
    "Motrin PM": "diphenhydramine",
    "Aleve PM": "diphenhydramine",
    "Nytol": "diphenhydramine",
    "Simply Sleep": "diphenhydramine",
    "ZzzQuil": "diphenhydramine",
    "Diclegis": "doxylamine",
    "Bonjesta": "doxylamine",
}

OTHERS_NAMED = (
    "metformin methotrexate sulfasalazine levothyroxine levodopa carbidopa ciprofloxacin "
    "levofloxacin moxifloxacin doxycycline minocycline tetracycline alendronate risedronate "
    "ibandronate gabapentin hydrochlorothiazide chlorthalidone furosemide bumetanide torsemide "
    "bupropion"
).split()


@pytest.mark.parametrize(
    ("class_id", "ingredient"),
    [(c, i) for c, names in SPEC_CLASSES.items() for i in names],
)
def test_vocabulary_spec_ingredient_is_in_its_class(class_id: str, ingredient: str) -> None:
    assert ingredient in KB.ingredients, f"{ingredient} is missing from medications.yaml"
    assert class_id in KB.ingredients[ingredient].classes


@pytest.mark.parametrize("class_id", list(SPEC_CLASSES))
def test_vocabulary_spec_classes_hold_only_the_spec_ingredients(class_id: str) -> None:
    members = {n for n, i in KB.ingredients.items() if class_id in i.classes}
    assert members == set(SPEC_CLASSES[class_id])


@pytest.mark.parametrize("ingredient", OTHERS_NAMED)
def test_vocabulary_others_named_by_rules_are_recognised(ingredient: str) -> None:
    assert ingredient in KB.ingredients


def test_vocabulary_bupropion_is_not_a_trigger() -> None:
    classes = KB.ingredients["bupropion"].classes
    assert not any(KB.classes[c].trigger for c in classes)


@pytest.mark.parametrize(("brand", "ingredient"), list(SPEC_BRANDS.items()))
def test_vocabulary_spec_brand_maps_to_its_ingredient(brand: str, ingredient: str) -> None:
    found = match_medication(f"{brand} 1 tablet at bedtime", KB).ingredients
    assert ingredient in found, f"{brand} -> {found}"


def test_vocabulary_excedrin_pm_holds_acetaminophen_aspirin_and_diphenhydramine() -> None:
    found = match_medication("Excedrin PM", KB).ingredients
    assert set(found) == {"acetaminophen", "aspirin", "diphenhydramine"}


def test_vocabulary_plain_unisom_is_doxylamine_and_the_gels_are_not() -> None:
    assert match_medication("Unisom", KB).ingredients == ("doxylamine",)
    assert match_medication("Unisom Sleep Gels", KB).ingredients == ("diphenhydramine",)


@pytest.mark.parametrize("text", ["aspirin 81 mg", "low-dose aspirin", "Baby Aspirin 81mg"])
def test_vocabulary_aspirin_makes_vitamin_e_avoided(text: str) -> None:
    profile = {"as_of": "2026-11-28", "age": 60, "sex": "male", "medications": [text]}
    result = ekbom.assess(profile).to_dict()
    (vitamin_e,) = [n for n in result["nutrients"] if n["nutrient"] == "vitamin_e"]
    assert vitamin_e["verdict"] == "avoid"
    assert result["unrecognised_medications"] == []


def test_vocabulary_5_asa_is_not_aspirin() -> None:
    assert "aspirin" not in match_medication("5-ASA 800 mg", KB).ingredients
