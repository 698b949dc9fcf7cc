"""The CDS Hooks service over real HTTP (uvicorn on 127.0.0.1): discovery, patient-view cards with
the same verdicts as `ekbom.assess`, the card rules, and every error answer."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

import ekbom
from ekbom.interop import profile_resources
from ekbom.interop.cds.models import CardsResponse, Discovery
from ekbom.interop.cds.prefetch import prefetch_for
from ekbom.interop.codings import Vocabulary
from tests.interop.conftest import AS_OF, sample_profiles

PROFILES = sample_profiles()
SERVICE = "/cds-services/ekbom-rls-nutrients"
CARD_VERDICTS = {"recommended", "avoid", "test_first"}


def request(profile: dict[str, Any], vocab: Vocabulary, **changes: Any) -> dict[str, Any]:
    """A patient-view request whose prefetch holds the profile written as FHIR."""
    body: dict[str, Any] = {
        "hook": "patient-view",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"userId": "Practitioner/example", "patientId": "patient"},
        "prefetch": prefetch_for(profile_resources(profile, as_of=AS_OF), vocab),
    }
    body.update(changes)
    return body


def empty_values(value: Any, path: str = "") -> list[str]:
    """Paths of every null, "", [] or {} in a JSON value (CDS Hooks forbids them)."""
    found = []
    if value in (None, "", [], {}):
        return [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += empty_values(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += empty_values(item, f"{path}[{i}]")
    return found


def cards_for(cds: httpx.Client, body: dict[str, Any]) -> list[dict[str, Any]]:
    response = cds.post(SERVICE, json=body)
    assert response.status_code == 200, response.text
    parsed = response.json()
    CardsResponse.model_validate(parsed)
    assert empty_values(parsed["cards"]) == []
    return list(parsed["cards"])


# -- discovery -----------------------------------------------------------------------------------


def test_cds_discovery_lists_the_services_with_prefetch(
    cds: httpx.Client, vocab: Vocabulary
) -> None:
    response = cds.get("/cds-services")
    assert response.status_code == 200
    services = {
        s["id"]: s for s in Discovery.model_validate(response.json()).model_dump()["services"]
    }
    assert services["ekbom-rls-nutrients"]["hook"] == "patient-view"
    hooks = {
        s["hook"] for s in services.values() if s["id"].startswith("ekbom-supplement-order-check")
    }
    assert hooks == {"order-select", "order-sign"}
    prefetch = services["ekbom-rls-nutrients"]["prefetch"]
    assert prefetch["patient"] == "Patient/{{context.patientId}}"
    for test in vocab.kb.tests.values():
        for code in test.loinc:
            assert f"http://loinc.org|{code}" in prefetch["labs"]
    assert "Condition?patient={{context.patientId}}" == prefetch["conditions"]
    assert prefetch["medications"].startswith("MedicationRequest?patient={{context.patientId}}")
    assert response.headers["content-type"].startswith("application/json")


# -- same verdicts both ways ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_cds_card_verdicts_equal_assess_on_the_original_profile(
    name: str, cds: httpx.Client, vocab: Vocabulary
) -> None:
    profile = PROFILES[name]
    assessment = ekbom.assess(profile, as_of=AS_OF, limits="strictest")
    cards = cards_for(cds, request(profile, vocab))
    got = {
        c["extension"]["ekbom"]["nutrient"]: c["extension"]["ekbom"]["verdict"]
        for c in cards
        if "nutrient" in c["extension"]["ekbom"]
    }
    want = {n.nutrient: n.verdict for n in assessment.nutrients if n.verdict in CARD_VERDICTS}
    assert got == want
    rule_ids = {
        c["extension"]["ekbom"]["nutrient"]: c["extension"]["ekbom"]["rule_ids"]
        for c in cards
        if "nutrient" in c["extension"]["ekbom"]
    }
    assert rule_ids == {
        n.nutrient: list(n.rule_ids) for n in assessment.nutrients if n.verdict in CARD_VERDICTS
    }
    flags = [
        c["extension"]["ekbom"]["red_flag"] for c in cards if "red_flag" in c["extension"]["ekbom"]
    ]
    assert flags == [f["id"] for f in assessment.red_flags]


# -- the card rules ------------------------------------------------------------------------------


def test_cds_cards_follow_the_card_rules(cds: httpx.Client, vocab: Vocabulary) -> None:
    assessment = ekbom.assess(PROFILES["iron_overload"], as_of=AS_OF)
    cards = cards_for(cds, request(PROFILES["iron_overload"], vocab))
    for card in cards:
        assert len(card["summary"]) < 140
        assert card["source"] == vocab.codes.source
        ekbom_ext = card["extension"]["ekbom"]
        if "best_first_step" in ekbom_ext:
            urgent = ekbom_ext["best_first_step"]["action"] in ("stop", "see_clinician")
            assert card["indicator"] == ("warning" if urgent else "info")
        elif "red_flag" in ekbom_ext:
            assert card["indicator"] == "critical"
        else:
            assert card["indicator"] == ("warning" if ekbom_ext["verdict"] == "avoid" else "info")
    iron = next(c for c in cards if c["extension"]["ekbom"].get("nutrient") == "iron")
    result = assessment.nutrient("iron")
    for reason in result.reasons:
        assert f"- {reason}" in iron["detail"]
    assert "https://doi.org/" in iron["detail"] or "pubmed" in iron["detail"]
    assert f"`{result.rule_ids[0]}`" in iron["detail"]
    vitamin_d = cards_for(cds, request(PROFILES["example"], vocab))
    dosed = next(c for c in vitamin_d if c["extension"]["ekbom"].get("nutrient") == "vitamin_d")
    assert "**You take now:** 25 mcg a day" in dosed["detail"]  # 1000 IU, enough for G3
    assert "**Dose:** nothing to add" in dosed["detail"]


def test_cds_first_card_is_the_best_first_step(cds: httpx.Client, vocab: Vocabulary) -> None:
    assessment = ekbom.assess(PROFILES["example"], as_of=AS_OF)
    step = assessment.best_first_step
    assert step is not None
    first = cards_for(cds, request(PROFILES["example"], vocab))[0]
    assert first["extension"]["ekbom"]["best_first_step"]["action"] == step["action"]
    assert step["text"] in first["detail"]
    assert first["summary"].startswith("Best first step: ")


def test_cds_long_titles_are_shortened_to_fit() -> None:
    from ekbom.interop.cds.cards import shorten

    text = "word " * 60
    short = shorten(text)
    assert len(short) < 140 and short.endswith("…")
    assert shorten("short and sweet") == "short and sweet"


def test_cds_null_prefetch_means_no_data_and_still_answers(
    cds: httpx.Client, vocab: Vocabulary
) -> None:
    body = request({"age": 70, "sex": "female"}, vocab)
    body["prefetch"].update({"labs": None, "conditions": None, "medications": None})
    verdicts = {
        c["extension"]["ekbom"]["nutrient"]: c["extension"]["ekbom"]["verdict"]
        for c in cards_for(cds, body)
        if "nutrient" in c["extension"]["ekbom"]
    }
    assert verdicts == {
        "iron": "test_first",
        "vitamin_b12": "test_first",
        "vitamin_d": "test_first",
    }


def test_cds_record_without_sex_gets_an_explaining_card(
    cds: httpx.Client, vocab: Vocabulary
) -> None:
    body = request({"age": 50, "sex": "female"}, vocab)
    body["prefetch"]["patient"] = {
        "resourceType": "Patient",
        "id": "patient",
        "birthDate": "1976-01-01",
    }
    cards = cards_for(cds, body)
    assert len(cards) == 1 and cards[0]["indicator"] == "info"
    assert "sex" in cards[0]["detail"]


# -- errors ----------------------------------------------------------------------------------------


def error_of(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["ok"] is False and body["status"] == status and body["errors"]
    assert set(body) == {"ok", "error", "errors", "status"}
    return dict(body)


def test_cds_missing_required_prefetch_is_412(cds: httpx.Client, vocab: Vocabulary) -> None:
    body = request(PROFILES["example"], vocab)
    del body["prefetch"]["labs"], body["prefetch"]["conditions"]
    error = error_of(cds.post(SERVICE, json=body), 412)
    assert "labs, conditions" in error["error"] and "does not fetch" in error["error"]
    body = request(PROFILES["example"], vocab)
    body["prefetch"]["patient"] = None
    assert "holds no Patient" in error_of(cds.post(SERVICE, json=body), 412)["error"]


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"hook": "order-sign"}, "'order-sign' is not handled"),
        ({"context": {"userId": "Practitioner/1"}}, "patientId"),
        ({"context": "patient"}, "context"),
        ({"prefetch": {"patient": [1]}}, "prefetch"),
    ],
)
def test_cds_malformed_requests_are_400(
    cds: httpx.Client, vocab: Vocabulary, change: dict[str, Any], fragment: str
) -> None:
    body = request(PROFILES["example"], vocab, **change)
    assert fragment in error_of(cds.post(SERVICE, json=body), 400)["error"]


def test_cds_bad_json_and_unknown_service(cds: httpx.Client) -> None:
    assert "invalid JSON" in error_of(cds.post(SERVICE, content=b"{nope"), 400)["error"]
    assert "no service 'nope'" in error_of(cds.post("/cds-services/nope", json={}), 404)["error"]
    assert error_of(cds.post("/cds-services/nope/feedback", json={}), 404)


def test_cds_feedback_is_accepted_and_kept(cds: httpx.Client) -> None:
    item = {
        "card": "abc",
        "outcome": "accepted",
        "acceptedSuggestions": [{"id": "s1"}],
        "outcomeTimestamp": "2026-11-28T10:00:00Z",
    }
    response = cds.post(f"{SERVICE}/feedback", json={"feedback": [item]})
    assert response.status_code == 200 and response.content == b""
    assert (
        "outcome"
        in error_of(cds.post(f"{SERVICE}/feedback", json={"feedback": [{"card": "x"}]}), 400)[
            "error"
        ]
    )


def test_cds_models_dump_leaves_out_empty_optional_fields() -> None:
    from ekbom.interop.cds.models import Card, Source

    card = Card(
        summary="s", indicator="info", source=Source(label="l", url=""), links=[], extension={}
    )
    assert card.dump() == {"summary": "s", "indicator": "info", "source": {"label": "l"}}
    assert CardsResponse(cards=[]).dump() == {"cards": []}
    with pytest.raises(ValueError, match="selectionBehavior"):
        Card(summary="s", indicator="info", source=Source(label="l"), suggestions=[{"label": "x"}])
    with pytest.raises(ValueError, match="139"):
        Card(summary="x" * 140, indicator="info", source=Source(label="l"))
