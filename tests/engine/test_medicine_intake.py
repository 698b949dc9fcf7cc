"""Nutrient medicines read from medicine strings (spec assessment-v1 §1 "Current intake", §5.4).

Expected amounts are worked out here from the spec's own figures (325 mg ferrous sulfate = 65 mg
iron, 1 IU vitamin D = 0.025 µg, ...), not taken from the engine.
"""

from __future__ import annotations

import pytest

from ekbom.engine.medications import match_all
from ekbom.engine.medicine_intake import MedicineIntake, medicine_intakes
from ekbom.knowledge.loader import load_knowledge

KB = load_knowledge()


def read(*texts: str) -> tuple[MedicineIntake, ...]:
    return medicine_intakes(match_all(texts, KB), KB)


def one(text: str) -> MedicineIntake:
    found = read(text)
    assert len(found) == 1, found
    return found[0]


# (text, nutrient, ingredient, daily amount in the nutrient's unit, frequency read)
CASES = [
    # each salt factor or listed strength of §5.4
    ("ferrous sulfate 325 mg", "iron", "ferrous sulfate", 65, False),
    ("Ferrous sulfate 325 MG Oral Tablet", "iron", "ferrous sulfate", 65, False),
    ("ferrous sulphate 200 mg", "iron", "ferrous sulfate", 40, False),
    ("ferrous gluconate 324 mg", "iron", "ferrous gluconate", 38, False),
    ("ferrous fumarate 324 mg", "iron", "ferrous fumarate", 106, False),
    ("ferrous fumarate 325 mg", "iron", "ferrous fumarate", 106, False),
    ("polysaccharide iron 150 mg", "iron", "polysaccharide iron", 150, False),
    ("ferric maltol 30 mg twice daily", "iron", "ferric maltol", 60, True),
    ("ferric citrate 1 g", "iron", "ferric citrate", 210, False),
    ("ferric citrate 1000 mg", "iron", "ferric citrate", 210, False),
    ("Auryxia 2 tablets three times a day", "iron", "ferric citrate", 1260, True),
    ("magnesium chloride 535 mg", "magnesium", "magnesium chloride", 64, False),
    ("Slow-Mag 2 tablets daily", "magnesium", "magnesium chloride", 128, True),
    ("magnesium oxide 400 mg", "magnesium", "magnesium oxide", 241, False),
    ("Magnesium Oxide 400 MG Oral Tablet", "magnesium", "magnesium oxide", 241, False),
    ("cyanocobalamin 1000 mcg", "vitamin_b12", "cyanocobalamin", 1000, False),
    ("hydroxocobalamin 1 mg", "vitamin_b12", "hydroxocobalamin", 1000, False),
    ("folic acid 1 mg", "folate", "folic acid", 1000, False),
    ("folic acid 400 mcg", "folate", "folic acid", 400, False),
    ("folate 800 mcg", "folate", "folate", 800, False),
    ("pyridoxine 50 mg", "vitamin_b6", "pyridoxine", 50, False),
    ("Pyridoxine Hydrochloride 25 MG Oral Tablet", "vitamin_b6", "pyridoxine", 25, False),
    # IU through the nutrient's IU factor (vitamin D 0.025 µg, vitamin E 0.67 mg)
    ("cholecalciferol 1000 UNT", "vitamin_d", "cholecalciferol", 25, False),
    ("cholecalciferol 2000 IU", "vitamin_d", "cholecalciferol", 50, False),
    ("ergocalciferol 50000 units weekly", "vitamin_d", "ergocalciferol", 50000 * 0.025 / 7, True),
    ("Vitamin D3 2000 IU", "vitamin_d", "cholecalciferol", 50, False),
    ("vitamin E 400 IU", "vitamin_e", "vitamin e", 400 * 0.67, False),
    # the nutrient's own name, in its own unit
    ("iron 65 mg", "iron", "iron", 65, False),
    ("magnesium 400 mg", "magnesium", "magnesium", 400, False),
    ("B12 1000 mcg", "vitamin_b12", "vitamin b12", 1000, False),
    ("vitamin C 500 mg", "vitamin_c", "vitamin c", 500, False),
    ("ascorbic acid 500 mg", "vitamin_c", "ascorbic acid", 500, False),
    ("tocopherol 100 mg", "vitamin_e", "tocopherol", 100, False),
    ("vitamin B6 1,000 mcg", "vitamin_b6", "vitamin b6", 1, False),
    # each frequency of §1
    ("iron 65 mg once daily", "iron", "iron", 65, True),
    ("iron 65 mg once a day", "iron", "iron", 65, True),
    ("iron 65 mg daily", "iron", "iron", 65, True),
    ("iron 65 mg at bedtime", "iron", "iron", 65, True),
    ("iron 65 mg every 24 hours", "iron", "iron", 65, True),
    ("iron 65 mg twice daily", "iron", "iron", 130, True),
    ("iron 65 mg twice a day", "iron", "iron", 130, True),
    ("iron 65 mg BID", "iron", "iron", 130, True),
    ("iron 65 mg b.i.d.", "iron", "iron", 130, True),
    ("iron 65 mg every 12 hours", "iron", "iron", 130, True),
    ("iron 65 mg three times daily", "iron", "iron", 195, True),
    ("iron 65 mg three times a day", "iron", "iron", 195, True),
    ("iron 65 mg TID", "iron", "iron", 195, True),
    ("iron 65 mg every 8 hours", "iron", "iron", 195, True),
    ("iron 65 mg four times daily", "iron", "iron", 260, True),
    ("iron 65 mg four times a day", "iron", "iron", 260, True),
    ("iron 65 mg QID", "iron", "iron", 260, True),
    ("iron 65 mg every 6 hours", "iron", "iron", 260, True),
    ("iron 65 mg every other day", "iron", "iron", 32.5, True),
    ("ferrous sulfate 325 mg every other day", "iron", "ferrous sulfate", 32.5, True),
    ("iron 65 mg weekly", "iron", "iron", 65 / 7, True),
    ("iron 65 mg once a week", "iron", "iron", 65 / 7, True),
    # "N tablets|capsules" multiplies; with a frequency both count
    ("ferrous sulfate 325 mg 2 tablets", "iron", "ferrous sulfate", 130, False),
    ("ferrous sulfate 325 mg, 2 tablets twice daily", "iron", "ferrous sulfate", 260, True),
    ("cholecalciferol 1000 IU 3 capsules daily", "vitamin_d", "cholecalciferol", 75, True),
    # anything else counts once a day, and says so
    ("iron 65 mg as needed", "iron", "iron", 65, False),
    ("iron 65 mg after lunch", "iron", "iron", 65, False),
]


@pytest.mark.parametrize(("text", "nutrient", "ingredient", "daily", "read_freq"), CASES)
def test_medicine_intake_reads_strength_and_frequency(
    text: str, nutrient: str, ingredient: str, daily: float, read_freq: bool
) -> None:
    found = one(text)
    assert (found.nutrient, found.ingredient, found.route) == (nutrient, ingredient, "oral")
    assert found.daily == pytest.approx(daily, rel=1e-9)
    assert found.frequency_read is read_freq
    assert found.text == text


def test_medicine_intake_ferrous_sulfate_is_exactly_65() -> None:
    assert one("ferrous sulfate 325 mg").daily == 65  # no 64.99999 at a rule's edge


UNKNOWN_AMOUNT = [
    # a salt or form §5.4 does not list
    ("magnesium citrate 200 mg", "magnesium", "magnesium"),
    ("ferrous fumarate 200 mg", "iron", "ferrous fumarate"),
    ("ferrous gluconate 240 mg", "iron", "ferrous gluconate"),
    ("magnesium oxide 500 mg", "magnesium", "magnesium oxide"),
    ("ferrous bisglycinate 25 mg", "iron", "ferrous bisglycinate"),
    ("L-methylfolate 15 mg", "folate", "levomefolate"),
    ("dried ferrous sulfate 200 mg", "iron", "dried ferrous sulfate"),
    ("Slow Fe", "iron", "dried ferrous sulfate"),
    # no readable strength
    ("ferrous sulfate", "iron", "ferrous sulfate"),
    ("iron tablets", "iron", "iron"),
    ("ferrous sulfate 325", "iron", "ferrous sulfate"),
    ("vitamin D weekly", "vitamin_d", "vitamin d"),
    # a concentration is not a strength
    ("cyanocobalamin 1000 MCG/ML Injectable Solution", "vitamin_b12", "cyanocobalamin"),
    # IU only for vitamins D and E, and not for a salt with a factor
    ("iron 65 IU", "iron", "iron"),
]


@pytest.mark.parametrize(("text", "nutrient", "ingredient"), UNKNOWN_AMOUNT)
def test_medicine_intake_amount_unknown_is_never_assumed(
    text: str, nutrient: str, ingredient: str
) -> None:
    found = one(text)
    assert (found.nutrient, found.ingredient, found.daily) == (nutrient, ingredient, None)


@pytest.mark.parametrize(
    ("text", "ingredient"),
    [
        ("iron sucrose 200 mg", "iron sucrose"),
        ("Venofer 200 mg IV weekly", "iron sucrose"),
        ("ferric carboxymaltose 750 mg", "ferric carboxymaltose"),
        ("Injectafer", "ferric carboxymaltose"),
        ("ferumoxytol 510 mg", "ferumoxytol"),
        ("ferric derisomaltose 1000 mg", "ferric derisomaltose"),
        ("sodium ferric gluconate complex 125 mg", "sodium ferric gluconate"),
        ("iron dextran 100 mg", "iron dextran"),
        ("INFeD", "iron dextran"),
    ],
)
def test_medicine_intake_iron_by_vein_is_taken_amount_not_counted(
    text: str, ingredient: str
) -> None:
    found = one(text)
    assert (found.nutrient, found.ingredient, found.route, found.daily) == (
        "iron",
        ingredient,
        "iv",
        None,
    )


@pytest.mark.parametrize(
    ("text", "daily", "read_freq"),
    [
        ("Diclegis", 10, False),
        ("Diclegis 2 tablets at bedtime", 20, True),
        ("Diclegis 1 tablet in the morning, 1 tablet in the afternoon", 10, False),
        ("Bonjesta", 20, False),
        ("Bonjesta 2 tablets daily", 40, True),
        ("Doxylamine Succinate 10 MG / Pyridoxine Hydrochloride 10 MG Oral Tablet", 10, False),
    ],
)
def test_medicine_intake_doxylamine_with_pyridoxine_is_a_trigger_and_b6(
    text: str, daily: float, read_freq: bool
) -> None:
    found = one(text)
    assert (found.nutrient, found.ingredient, found.daily) == ("vitamin_b6", "pyridoxine", daily)
    assert found.frequency_read is read_freq
    assert "doxylamine" in match_all((text,), KB)[0].ingredients


def test_medicine_intake_combination_product_gives_each_nutrient_once() -> None:
    found = read("Calcium Carbonate 600 MG / Vitamin D3 400 UNT Oral Tablet twice daily")
    assert [(f.nutrient, f.daily) for f in found] == [("vitamin_d", 20)]
    both = read("ferrous fumarate 324 mg / folic acid 1 mg daily")
    assert [(f.nutrient, f.daily) for f in both] == [("iron", 106), ("folate", 1000)]


def test_medicine_intake_one_string_naming_a_nutrient_twice_counts_it_once() -> None:
    (found,) = read("Iron (ferrous sulfate) 325 mg")
    assert (found.ingredient, found.daily) == ("ferrous sulfate", 65)
    (found,) = read("iron 65 mg (as ferrous sulfate 325 mg)")
    assert (found.ingredient, found.daily) == ("iron", 65)


def test_medicine_intake_salt_of_another_medicine_is_not_intake() -> None:
    assert read("esomeprazole magnesium 40 mg", "Atorvastatin Calcium 20 MG Oral Tablet") == ()
    assert match_all(("esomeprazole magnesium 40 mg",), KB)[0].ingredients == ("esomeprazole",)


def test_medicine_intake_salt_name_after_a_nutrient_is_a_name_of_its_own() -> None:
    found = read("Calcium Magnesium Zinc, magnesium 250 mg", "Vitamin D3 magnesium 100 mg")
    assert [(f.text[:12], f.nutrient, f.ingredient) for f in found] == [
        ("Calcium Magn", "magnesium", "magnesium"),
        ("Vitamin D3 m", "vitamin_d", "cholecalciferol"),
        ("Vitamin D3 m", "magnesium", "magnesium"),
    ]
    assert found[0].daily == 250 and found[2].daily == 100


def test_medicine_intake_medicines_without_nutrients_give_nothing() -> None:
    assert read("Zoloft 50 mg", "Levothyroxine Sodium 0.075 MG Oral Tablet", "mystery pill") == ()


def test_medicine_intake_keeps_the_order_of_the_list() -> None:
    found = read("cholecalciferol 1000 IU", "Zoloft", "ferrous sulfate 325 mg")
    assert [(f.text, f.nutrient) for f in found] == [
        ("cholecalciferol 1000 IU", "vitamin_d"),
        ("ferrous sulfate 325 mg", "iron"),
    ]
