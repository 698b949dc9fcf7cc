"""Prefetch: the FHIR queries ekbom's services ask for, and reading what a client sends.

ekbom does not call the client's FHIR server (`fhirServer`): a request that leaves out a
required prefetch key is answered with 412 (CDS Hooks 2.0, "Prefetch"), naming the keys.
A key sent as null means the client has no such data, which is fine.
"""

from __future__ import annotations

from typing import Any

from ekbom.errors import CdsHooksError, Problem
from ekbom.interop.cds.models import HookRequest
from ekbom.interop.codings import Vocabulary
from ekbom.interop.profile_export import bundle_of
from ekbom.interop.resources import RawResource, flatten_all

NOT_FETCHED = (
    "ekbom does not fetch from the FHIR server: send each key as prefetch "
    "(null when there is no such data)"
)


def templates(vocab: Vocabulary) -> dict[str, str]:
    """Prefetch key -> FHIR query template, as discovery lists them."""
    loinc = vocab.system("loinc")
    codes = ",".join(f"{loinc}|{code}" for test in vocab.kb.tests.values() for code in test.loinc)
    facts = vocab.system("profile-fact") + "|"
    return {
        p.key: p.template.replace("{loinc}", codes).replace("{facts}", facts)
        for p in vocab.codes.prefetch
    }


def prefetched_resources(request: HookRequest, vocab: Vocabulary) -> list[RawResource]:
    """Every resource in the request's prefetch; CdsHooksError(412) if a required key is absent."""
    sent = request.prefetch or {}
    missing = [p.key for p in vocab.codes.prefetch if p.required and p.key not in sent]
    if missing:
        problem = Problem("prefetch", f"required keys missing: {', '.join(missing)}; {NOT_FETCHED}")
        raise CdsHooksError(412, [problem])
    wanted = {p.key for p in vocab.codes.prefetch}
    return flatten_all((f"prefetch.{key}", value) for key, value in sent.items() if key in wanted)


def prefetch_for(resources: list[dict[str, Any]], vocab: Vocabulary) -> dict[str, Any]:
    """What a CDS client would send for a patient's resources: one value per prefetch key.

    The Patient goes under `patient`; the other resources go, as searchset Bundles, under the
    key whose query would find them (used by tests and the benchmark, and to try the service).
    """
    keys: dict[str, list[dict[str, Any]]] = {p.key: [] for p in vocab.codes.prefetch}
    for resource in resources:
        keys[_key_of(resource, vocab)].append(resource)
    result: dict[str, Any] = {}
    for key, found in keys.items():
        if key == "patient":
            result[key] = found[0] if found else None
        else:
            result[key] = bundle_of(found, "searchset")
    return result


def _key_of(resource: dict[str, Any], vocab: Vocabulary) -> str:
    kind = resource["resourceType"]
    if kind == "Observation":
        systems = {c.get("system") for c in resource.get("code", {}).get("coding", [])}
        return "facts" if vocab.system("profile-fact") in systems else "labs"
    return {
        "Patient": "patient",
        "Condition": "conditions",
        "MedicationRequest": "medications",
        "MedicationStatement": "supplements",
    }[kind]
