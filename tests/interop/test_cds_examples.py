"""Every example of the CDS Hooks 2.0.1 specification in ../shared/data/cds-hooks-2.0.1.

Requests (anything with a `context`) are posted to the service of their hook and must get cards
or the documented 412 (ekbom does not fetch from `fhirServer`; the examples carry no prefetch
ekbom can use). Feedback examples are posted to the feedback endpoint. Discovery, response and
card-part examples must parse with ekbom's own models of the 2.0 messages, which is what shows
those models (and so ekbom's responses, built with them) have the specification's shape.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from ekbom.interop import profile_resources
from ekbom.interop.cds import models
from ekbom.interop.cds.prefetch import prefetch_for
from ekbom.interop.codings import Vocabulary
from tests.interop.conftest import AS_OF, SHARED_DATA, shared

FOLDER = SHARED_DATA / "cds-hooks-2.0.1"
# Examples that are not CDS Hooks messages a service receives or sends: the JWT header and
# payload and the keys the client signs with (security section).
NOT_MESSAGES = {
    "spec-22-example.json",
    "spec-23-example.json",
    "spec-24-example.json",
    "spec-25-example.json",
}
PART_MODELS = {"source": models.Source, "overrideReasons": models.Coding}
# The one example that breaks the specification's own rules: its card has no `indicator`,
# which the specification marks REQUIRED. ekbom's model rejects it for exactly that reason.
FLAWED = {"spec-18-example.json": ("cards", 0, "indicator")}


def examples() -> list[str]:
    return sorted(p.name for p in FOLDER.glob("*.json")) if FOLDER.is_dir() else ["(absent)"]


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (shared("cds-hooks-2.0.1") / name).read_text(encoding="utf-8")
    )
    return data


def service_for(example: dict[str, Any], name: str) -> str:
    hook = example.get("hook") or ("order-select" if "order-select" in name else "")
    if hook == "order-select":
        return "ekbom-supplement-order-check-select"
    if hook == "order-sign" or "draftOrders" in example["context"] or "order-sign" in name:
        return "ekbom-supplement-order-check"
    return "ekbom-rls-nutrients"


@pytest.mark.parametrize("name", examples())
def test_cds_example_is_accepted_or_parses(name: str, cds: httpx.Client) -> None:
    example = load(name)
    if name in NOT_MESSAGES:
        assert set(example) & {"alg", "iss", "keys", "kty"}
        return
    if "context" in example:
        response = cds.post(f"/cds-services/{service_for(example, name)}", json=example)
        assert response.status_code in (200, 412), response.text
        if response.status_code == 200:
            models.CardsResponse.model_validate(response.json())
        else:
            assert "prefetch" in response.json()["error"]
    elif "feedback" in example:
        response = cds.post("/cds-services/ekbom-rls-nutrients/feedback", json=example)
        assert response.status_code == 200, response.text
    elif "services" in example:
        models.Discovery.model_validate(example)
    elif name in FLAWED:
        with pytest.raises(ValidationError) as caught:
            models.CardsResponse.model_validate(example)
        assert [error["loc"] for error in caught.value.errors()] == [FLAWED[name]]
    elif "cards" in example:
        models.CardsResponse.model_validate(example)
    elif "type" in example:
        models.Action.model_validate(example)
    elif "fhirAuthorization" in example:
        models.FhirAuthorization.model_validate(example["fhirAuthorization"])
    elif "prefetch" in example:
        assert all(isinstance(v, (str, dict)) for v in example["prefetch"].values())
    else:
        key, value = next(iter(example.items()))
        model = PART_MODELS[key]
        for item in value if isinstance(value, list) else [value]:
            model.model_validate(item)


def test_cds_examples_cover_every_kind() -> None:
    kinds = {name.split("-")[0] for name in examples() if name != "(absent)"}
    if not kinds:
        pytest.skip(f"{FOLDER} is absent")
    assert kinds == {"spec", "order"}
    assert len(examples()) == 29


@pytest.mark.parametrize(
    "name", ["order-select-01-example-r4.json", "order-sign-01-example-r4.json"]
)
def test_cds_order_examples_with_prefetch_give_no_cards_for_non_supplements(
    name: str, cds: httpx.Client, vocab: Vocabulary
) -> None:
    """The hook library's drafts (a diet and amoxicillin) are not supplements: no cards."""
    example = load(name)
    profile = {"age": 40, "sex": "male", "labs": [{"test": "tsat", "value": 60, "unit": "%"}]}
    resources = profile_resources(profile, as_of=AS_OF, patient_id=example["context"]["patientId"])
    example["prefetch"] = prefetch_for(resources, vocab)
    response = cds.post(f"/cds-services/{service_for(example, name)}", json=example)
    assert response.status_code == 200, response.text
    assert response.json() == {"cards": []}


def test_cds_patient_view_example_with_our_prefetch_gets_cards(
    cds: httpx.Client, vocab: Vocabulary
) -> None:
    example = load("spec-02-example.json")
    resources = profile_resources({"age": 100, "sex": "male"}, as_of=AS_OF, patient_id="1288992")
    example["prefetch"] = prefetch_for(resources, vocab)
    response = cds.post("/cds-services/ekbom-rls-nutrients", json=example)
    assert response.status_code == 200
    cards = response.json()["cards"]
    assert cards[0]["extension"]["ekbom"]["best_first_step"]["action"] == "test"
    verdicts = {c["extension"]["ekbom"]["nutrient"] for c in cards[1:]}
    assert verdicts == {"iron", "vitamin_b12", "vitamin_d"}


def test_cds_examples_folder_is_where_the_readme_says() -> None:
    assert FOLDER == Path(__file__).resolve().parents[3] / "shared" / "data" / "cds-hooks-2.0.1"
