"""The one place where errors of pydantic (and so fhir.resources) and of JSON become ekbom errors.

FHIR input goes through `fhir_errors(source)` and `validate_resource` (the only caller of the
fhir.resources parsers): an invalid resource, bad JSON or an unknown resource type becomes
`FhirError`. CDS Hooks requests go through `request_errors(where)`: the
same failures become `CdsHooksError` with HTTP status 400. Each translation keeps the original
exception as `__cause__`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import pydantic

from ekbom.errors import CdsHooksError, FhirError, Problem

# The foreign exceptions translated here, for the test that checks the map is complete.
TRANSLATED: tuple[type[Exception], ...] = (pydantic.ValidationError, json.JSONDecodeError)


def problems_of(exc: Exception, prefix: str = "") -> list[Problem]:
    """One Problem per error of a pydantic ValidationError (else one for the whole exception)."""
    if isinstance(exc, pydantic.ValidationError):
        return [
            Problem(_location(prefix, error["loc"]), error["msg"]) for error in exc.errors()[:20]
        ]
    if isinstance(exc, json.JSONDecodeError):
        return [Problem(_location(prefix, ()) + f" line {exc.lineno}", f"invalid JSON: {exc.msg}")]
    return [Problem(prefix, str(exc))]


def _location(prefix: str, loc: tuple[int | str, ...]) -> str:
    text = prefix
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


@contextmanager
def fhir_errors(source: str, where: str = "") -> Iterator[None]:
    """Turn pydantic and JSON errors raised inside into FhirError(source, …)."""
    try:
        yield
    except TRANSLATED as exc:
        raise FhirError(source, problems_of(exc, where)) from exc


def validate_resource(data: Mapping[str, Any], label: str) -> Any:
    """`data` as its fhir.resources R4B model (never the R5 defaults); FhirError if invalid."""
    from fhir.resources.R4B import get_fhir_model_class

    kind = str(data.get("resourceType"))
    try:
        model = get_fhir_model_class(kind)
    except (KeyError, ValueError) as exc:
        problem = Problem("resourceType", f"'{kind}' is not a FHIR R4 resource type")
        raise FhirError(label, [problem]) from exc
    with fhir_errors(label):
        return model.model_validate(dict(data))


@contextmanager
def request_errors(where: str = "") -> Iterator[None]:
    """Turn pydantic, JSON and FHIR errors raised inside into CdsHooksError(400, …)."""
    try:
        yield
    except TRANSLATED as exc:
        raise CdsHooksError(400, problems_of(exc, where)) from exc
    except FhirError as exc:
        raise CdsHooksError(400, exc.problems) from exc
