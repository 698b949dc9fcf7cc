"""Import rules: FHIR is read only through the R4B models, only ekbom.interop touches
fhir.resources, and the pure core stays free of FHIR and web libraries; every foreign error
is translated in ekbom.interop._errors."""

from __future__ import annotations

import ast
import json
import pickle
import subprocess
import sys
from pathlib import Path

import pydantic
import pytest

import ekbom
from ekbom.errors import CdsHooksError, FhirError, InteropError, Problem
from ekbom.interop import _errors

SRC = Path(ekbom.__file__).resolve().parent
WEB_AND_FHIR = ("fhir", "fhir_core", "fastapi", "starlette", "uvicorn", "httpx")


def imported_modules(source: str) -> list[tuple[int, str]]:
    """(line, module) for every import in `source`, `from a import b` giving `a.b`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def r5_imports(source: str) -> list[str]:
    """Imports of fhir.resources other than its R4B package (the R5 default models)."""
    bad = []
    for _, module in imported_modules(source):
        if module.startswith("fhir.resources") and not module.startswith("fhir.resources.R4B"):
            bad.append(module)
    return bad


def python_files() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_boundaries_fhir_resources_only_through_r4b() -> None:
    offending = {str(p.relative_to(SRC)): r5_imports(p.read_text("utf-8")) for p in python_files()}
    assert {k: v for k, v in offending.items() if v} == {}


@pytest.mark.parametrize(
    ("source", "bad"),
    [
        (
            "from fhir.resources.observation import Observation",
            ["fhir.resources.observation.Observation"],
        ),
        ("import fhir.resources.patient", ["fhir.resources.patient"]),
        (
            "from fhir.resources import get_fhir_model_class",
            ["fhir.resources.get_fhir_model_class"],
        ),
        ("from fhir.resources.R4B import get_fhir_model_class", []),
        ("from fhir.resources.R4B.bundle import Bundle", []),
    ],
)
def test_boundaries_r5_scanner_finds_default_model_imports(source: str, bad: list[str]) -> None:
    assert r5_imports(source) == bad


def test_boundaries_only_interop_imports_fhir_and_web_libraries() -> None:
    offending = []
    for path in python_files():
        relative = path.relative_to(SRC)
        if relative.parts[0] == "interop" or relative.parts[0] == "web":
            continue
        for line, module in imported_modules(path.read_text("utf-8")):
            if module.split(".")[0] in WEB_AND_FHIR and relative.parts[0] in (
                "engine",
                "knowledge",
            ):
                offending.append(f"{relative}:{line}: {module}")
            if module.startswith("fhir."):
                offending.append(f"{relative}:{line}: {module}")
    assert offending == []


def test_boundaries_importing_ekbom_and_interop_loads_no_fhir_or_web_module() -> None:
    code = (
        "import sys, ekbom, ekbom.interop, ekbom.cli.fhir_commands;"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {WEB_AND_FHIR!r}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# -- the one translation point -------------------------------------------------------------------


def test_boundaries_translation_map_is_complete() -> None:
    """Each foreign exception the interop code can meet is translated, in both directions."""
    samples: list[Exception] = []
    try:
        json.loads("{")
    except json.JSONDecodeError as exc:
        samples.append(exc)
    try:
        pydantic.TypeAdapter(int).validate_python("x")
    except pydantic.ValidationError as exc:
        samples.append(exc)
    assert {type(s) for s in samples} == set(_errors.TRANSLATED)
    for sample in samples:
        for context, wanted in (
            (_errors.fhir_errors("in.json"), FhirError),
            (_errors.request_errors(), CdsHooksError),
        ):
            with pytest.raises(wanted) as caught, context:
                raise sample
            assert caught.value.__cause__ is sample
            assert caught.value.problems


def test_boundaries_unknown_resource_type_is_a_fhir_error() -> None:
    with pytest.raises(FhirError, match="'Nonsense' is not a FHIR R4 resource type"):
        _errors.validate_resource({"resourceType": "Nonsense"}, "x")


@pytest.mark.parametrize(
    "error",
    [
        FhirError("in.json", [Problem("entry[0]", "bad")]),
        CdsHooksError(412, [Problem("prefetch", "missing")]),
    ],
)
def test_boundaries_interop_errors_pickle_with_their_fields(error: InteropError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error) and str(copy) == str(error) and vars(copy) == vars(error)
    assert isinstance(copy, ValueError) and isinstance(copy, ekbom.EkbomError)
