"""The supplement order check (order-select, order-sign) over real HTTP."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ekbom.interop import profile_resources
from ekbom.interop.cds.models import CardsResponse
from ekbom.interop.cds.prefetch import prefetch_for
from ekbom.interop.codings import Vocabulary
from tests.interop.conftest import AS_OF

SIGN = "/cds-services/ekbom-supplement-order-check"
SELECT = "/cds-services/ekbom-supplement-order-check-select"
OVERLOAD = {
    "age": 50,
    "sex": "male",
    "labs": [
        {"test": "ferritin", "value": 420, "unit": "ug/L", "date": "2026-11-01"},
        {"test": "tsat", "value": 50, "unit": "%", "date": "2026-11-01"},
        {"test": "egfr", "value": 25, "unit": "mL/min/1.73m2", "date": "2026-11-01"},
        {"test": "vitamin_d", "value": 80, "unit": "nmol/L", "date": "2026-11-01"},
    ],
}
LOW_IRON = {
    "age": 50,
    "sex": "female",
    "labs": [
        {"test": "ferritin", "value": 30, "unit": "ug/L", "date": "2026-11-01"},
        {"test": "tsat", "value": 12, "unit": "%", "date": "2026-11-01"},
        {"test": "egfr", "value": 80, "unit": "mL/min/1.73m2", "date": "2026-11-01"},
    ],
}


def draft(
    ident: str, text: str, count: float = 1, unit: str = "TAB", per_day: int = 1
) -> dict[str, Any]:
    return {
        "resourceType": "MedicationRequest",
        "id": ident,
        "status": "draft",
        "intent": "order",
        "medicationCodeableConcept": {"text": text},
        "subject": {"reference": "Patient/patient"},
        "dosageInstruction": [
            {
                "timing": {"repeat": {"frequency": per_day, "period": 1, "periodUnit": "d"}},
                "doseAndRate": [{"doseQuantity": {"value": count, "unit": unit}}],
            }
        ],
    }


def check(
    cds: httpx.Client,
    vocab: Vocabulary,
    profile: dict[str, Any],
    drafts: list[dict[str, Any]],
    url: str = SIGN,
    hook: str = "order-sign",
    **context: Any,
) -> dict[str, dict[str, Any]]:
    """Cards by drafted nutrient."""
    body = {
        "hook": hook,
        "hookInstance": "f6b95768-b1c8-40dc-8385-bf3504b82ffb",
        "context": {
            "userId": "PractitionerRole/1",
            "patientId": "patient",
            "draftOrders": {
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [{"resource": d} for d in drafts],
            },
            **context,
        },
        "prefetch": prefetch_for(profile_resources(profile, as_of=AS_OF), vocab),
    }
    response = cds.post(url, json=body)
    assert response.status_code == 200, response.text
    cards = CardsResponse.model_validate(response.json()).dump()["cards"]
    return {card["extension"]["ekbom"]["nutrient"]: card for card in cards}


def test_order_check_iron_with_overload_is_critical_with_a_removal(
    cds: httpx.Client, vocab: Vocabulary
) -> None:
    cards = check(cds, vocab, OVERLOAD, [draft("d1", "ferrous sulfate 325 MG Oral Tablet")])
    iron = cards["iron"]
    assert iron["indicator"] == "critical"
    assert iron["extension"]["ekbom"] == {
        "nutrient": "iron",
        "verdict": "avoid",
        "rule_ids": ["iron.overload-labs"],
        "red_flag": "iron_overload_suspected",
        "draft_order": "MedicationRequest/d1",
        "intake": {"unit": "mg", "current": 0, "ordered": 65, "total": 65, "limit": 40},
    }
    assert iron["selectionBehavior"] == "at-most-one"
    action = iron["suggestions"][0]["actions"][0]
    assert action == {
        "type": "delete",
        "description": iron["suggestions"][0]["label"],
        "resourceId": "MedicationRequest/d1",
    }
    assert "ferrous sulfate 325 MG Oral Tablet" in iron["detail"]


def test_order_check_magnesium_with_low_egfr_is_a_warning(
    cds: httpx.Client, vocab: Vocabulary
) -> None:
    cards = check(cds, vocab, OVERLOAD, [draft("d2", "Magnesium Citrate 100 MG Oral Tablet")])
    assert cards["magnesium"]["indicator"] == "warning"
    assert cards["magnesium"]["extension"]["ekbom"]["verdict"] == "avoid"
    assert "suggestions" in cards["magnesium"]


def test_order_check_dose_above_the_limit_warns_unless_it_is_the_studied_dose(
    cds: httpx.Client, vocab: Vocabulary
) -> None:
    cards = check(
        cds,
        vocab,
        LOW_IRON,
        [
            draft("d4", "ferrous sulfate 325 MG Oral Tablet"),
            draft("d5", "Cholecalciferol 5000 UNT Oral Capsule", unit="CAP"),
            draft("d6", "Folic Acid 1 MG Oral Tablet", count=2),
        ],
    )
    assert cards["iron"]["indicator"] == "info"
    assert "studied clinician-led dose" in cards["iron"]["summary"]
    # no vitamin D result: test first, and 5000 IU (125 mcg) is above the 100 mcg limit
    assert cards["vitamin_d"]["indicator"] == "warning"
    assert cards["vitamin_d"]["extension"]["ekbom"]["verdict"] == "test_first"
    assert cards["folate"]["indicator"] == "warning"
    assert (
        cards["folate"]["summary"]
        == "This folate order gives 2000 mcg a day, above the upper limit of 1000 mcg"
    )
    doubled = check(
        cds, vocab, LOW_IRON, [draft("d7", "ferrous sulfate 325 MG Oral Tablet", per_day=2)]
    )
    assert doubled["iron"]["indicator"] == "warning"


def test_order_check_ignores_other_drafts_and_fitting_orders(
    cds: httpx.Client, vocab: Vocabulary
) -> None:
    drafts = [
        draft("d8", "Amoxicillin 500 MG Oral Capsule", unit="CAP"),
        draft("d9", "Magnesium Oxide 400 MG Oral Tablet"),
        draft("d10", "Cyanocobalamin 1000 MCG Oral Tablet"),
    ]
    assert check(cds, vocab, LOW_IRON, drafts) == {}


def test_order_check_without_dosage_says_so(cds: httpx.Client, vocab: Vocabulary) -> None:
    order = draft("d11", "ferrous sulfate 325 MG Oral Tablet")
    del order["dosageInstruction"]
    iron = check(cds, vocab, OVERLOAD, [order])["iron"]
    assert vocab.codes.order_texts["no_dose"] in iron["detail"]


def test_order_select_checks_only_the_selected_orders(cds: httpx.Client, vocab: Vocabulary) -> None:
    drafts = [
        draft("a", "ferrous sulfate 325 MG Oral Tablet"),
        draft("b", "Magnesium Oxide 400 MG Oral Tablet"),
    ]
    cards = check(
        cds, vocab, OVERLOAD, drafts, SELECT, "order-select", selections=["MedicationRequest/b"]
    )
    assert set(cards) == {"magnesium"}
    both = check(cds, vocab, OVERLOAD, drafts, SELECT, "order-select")
    assert set(both) == {"iron", "magnesium"}


@pytest.mark.parametrize("url", [SIGN, SELECT])
def test_order_check_rejects_patient_view_and_bad_drafts(
    cds: httpx.Client, vocab: Vocabulary, url: str
) -> None:
    body = {
        "hook": "patient-view",
        "context": {"userId": "u", "patientId": "patient"},
        "prefetch": prefetch_for(profile_resources(LOW_IRON, as_of=AS_OF), vocab),
    }
    assert cds.post(url, json=body).status_code == 400
    bad = draft("x", "ferrous sulfate 325 MG Oral Tablet")
    bad["dosageInstruction"][0]["doseAndRate"] = {"doseQuantity": {"value": 1}}
    body = {
        **body,
        "hook": "order-sign",
        "context": {
            **body["context"],
            "draftOrders": {"resourceType": "Bundle", "entry": [{"resource": bad}]},
        },
    }
    response = cds.post(url, json=body)
    assert response.status_code == 400 and "doseAndRate" in response.json()["error"]


# -- a draft is what is being ordered, not what the patient takes (issue 11, item 10) ---------

ON_IRON = {
    **LOW_IRON,
    "supplements": [{"nutrient": "iron", "amount": 65, "unit": "mg", "per": "day"}],
}


def test_order_check_adds_the_draft_to_what_the_patient_takes_now(
    cds: httpx.Client, vocab: Vocabulary
) -> None:
    iron = check(cds, vocab, ON_IRON, [draft("d20", "ferrous sulfate 325 MG Oral Tablet")])["iron"]
    assert iron["indicator"] == "warning"
    assert iron["summary"] == (
        "With this order, the patient's iron comes to 130 mg a day, above the upper limit of 40 mg"
    )
    # the draft is not counted as taken (that gave "with the 130 mg you already take")
    assert "130 mg you already take" not in iron["detail"] and "195" not in iron["detail"]
    assert (
        "Taken now: 65 mg a day. This order: 65 mg a day. Together: 130 mg a day"
        in (iron["detail"])
    )
    assert iron["extension"]["ekbom"]["intake"] == {
        "unit": "mg",
        "current": 65,
        "ordered": 65,
        "total": 130,
        "limit": 40,
    }


def test_order_check_of_a_draft_alone_speaks_of_the_order(
    cds: httpx.Client, vocab: Vocabulary
) -> None:
    iron = check(
        cds, vocab, LOW_IRON, [draft("d21", "ferrous sulfate 325 MG Oral Tablet", per_day=2)]
    )
    assert iron["iron"]["summary"] == (
        "This iron order gives 130 mg a day, above the upper limit of 40 mg"
    )
    assert "Taken now" not in iron["iron"]["detail"]


def test_order_check_assesses_the_patient_without_the_drafts(
    cds: httpx.Client, vocab: Vocabulary
) -> None:
    # 50 mg of B6 drafted: the patient takes no B6, so no B6 red flag is raised about them;
    # the order itself is above the limit of 12 mg (strictest) and is warned about.
    b6 = check(cds, vocab, LOW_IRON, [draft("d22", "Pyridoxine Hydrochloride 50 MG Oral Tablet")])
    card = b6["vitamin_b6"]
    assert card["indicator"] == "warning"
    assert "red_flag" not in card["extension"]["ekbom"]
    assert card["summary"].startswith("This vitamin B6 order gives")


def test_order_check_warns_of_the_limit_when_the_nutrient_also_needs_a_test(
    cds: httpx.Client, vocab: Vocabulary
) -> None:
    # no vitamin D result: test first; 10 000 IU = 250 mcg a day, above the 100 mcg limit
    order = draft("d23", "Cholecalciferol 10000 UNT Oral Capsule", unit="CAP")
    card = check(cds, vocab, LOW_IRON, [order])["vitamin_d"]
    assert card["extension"]["ekbom"]["verdict"] == "test_first"
    assert card["indicator"] == "warning"
    assert card["summary"] == (
        "This vitamin D order gives 250 mcg a day, above the upper limit of 100 mcg; "
        "test first (25-hydroxyvitamin D)"
    )
    within = check(cds, vocab, LOW_IRON, [draft("d24", "Cholecalciferol 1000 UNT Oral Capsule")])
    assert within["vitamin_d"]["indicator"] == "info"
    assert within["vitamin_d"]["summary"] == "Vitamin D ordered: test first (25-hydroxyvitamin D)"


def test_order_check_names_the_spacing_from_levothyroxine(
    cds: httpx.Client, vocab: Vocabulary
) -> None:
    hours = next(i.separate_hours for i in vocab.kb.interactions if i.id == "iron-levothyroxine")
    spacing = f"at least {hours:g} hours apart from levothyroxine"
    thyroid = {**LOW_IRON, "medications": ["Levothyroxine Sodium 0.075 MG Oral Tablet"]}
    # 324 mg ferrous gluconate = 38.9 mg iron, within the limit: a card only for the spacing
    small = draft("d25", "Ferrous Gluconate 324 MG Oral Tablet")
    iron = check(cds, vocab, thyroid, [small])["iron"]
    assert iron["indicator"] == "info"
    assert iron["summary"] == f"Iron order: keep it {spacing}"
    assert iron["extension"]["ekbom"]["interactions"] == ["iron-levothyroxine"]
    assert check(cds, vocab, LOW_IRON, [small]) == {}  # no levothyroxine: nothing to say
    # the studied dose and a dose above the limit keep their summary and name the spacing
    studied = draft("d26", "ferrous sulfate 325 MG Oral Tablet")
    iron = check(cds, vocab, thyroid, [studied])["iron"]
    assert "studied clinician-led dose" in iron["summary"] and spacing in iron["detail"]
    doubled = draft("d27", "ferrous sulfate 325 MG Oral Tablet", per_day=2)
    iron = check(cds, vocab, thyroid, [doubled])["iron"]
    assert iron["indicator"] == "warning" and "above the upper limit" in iron["summary"]
    assert spacing in iron["detail"]
    assert iron["extension"]["ekbom"]["interactions"] == ["iron-levothyroxine"]


def test_order_check_gives_the_antibiotic_gap_in_both_directions(
    cds: httpx.Client, vocab: Vocabulary
) -> None:
    kb = vocab.kb
    item = next(
        i
        for i in kb.interactions
        if "iron" in i.nutrients and i.separate_hours and "ciprofloxacin" in i.ingredients
    )
    after = item.before_hours  # ciprofloxacin first, then iron this many hours later
    before = item.after_hours  # iron first, then ciprofloxacin this many hours later
    assert (after, before) == (2, 6)
    assert after != before  # the check below is about the two directions
    on_cipro = {**LOW_IRON, "medications": ["Ciprofloxacin 500 MG Oral Tablet"]}
    small = draft("d30", "Ferrous Gluconate 324 MG Oral Tablet")
    iron = check(cds, vocab, on_cipro, [small])["iron"]
    assert iron["extension"]["ekbom"]["interactions"] == [item.id]
    assert (
        f"Give iron at least {after:g} hours after ciprofloxacin, which the patient takes, "
        f"or at least {before:g} hours before it." in iron["detail"]
    )


def test_order_check_counts_a_nutrient_medicine_the_patient_takes(
    cds: httpx.Client, vocab: Vocabulary
) -> None:
    """Spec 1.1 §1: current intake is supplements plus nutrient medicines, so an iron order
    beside a ferrous sulfate prescription speaks of both."""
    on_iron = {**LOW_IRON, "medications": ["ferrous sulfate 325 mg once daily"]}
    another = draft("d40", "ferrous sulfate 325 MG Oral Tablet")  # 65 mg iron
    iron = check(cds, vocab, on_iron, [another])["iron"]
    assert iron["extension"]["ekbom"]["intake"]["current"] == 65
    assert iron["extension"]["ekbom"]["intake"]["total"] == 130
    assert "comes to 130 mg a day" in iron["summary"]
