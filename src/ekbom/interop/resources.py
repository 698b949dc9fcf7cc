"""Read FHIR input: Bundle or resource JSON files, NDJSON files (FHIR Bulk Data), folders of them,
and the JSON values a CDS Hooks prefetch carries. Everything ends up as a flat list of raw
resources; only the ones ekbom reads are validated, with the R4B models (`validate`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from ekbom.errors import FhirError, Problem
from ekbom.interop._errors import fhir_errors, validate_resource

SUFFIXES = (".json", ".ndjson")


class RawResource(NamedTuple):
    """One resource as read (a JSON mapping), where it came from and its Bundle fullUrl."""

    data: Mapping[str, Any]
    where: str
    full_url: str | None = None

    @property
    def type(self) -> str:
        return str(self.data.get("resourceType", ""))

    @property
    def label(self) -> str:
        """`Observation/abc` when the resource has an id, else where it was read."""
        ident = self.data.get("id")
        return f"{self.type}/{ident}" if ident else f"{self.type} at {self.where}"


def read_path(path: Path) -> list[RawResource]:
    """Every resource in a file, or in the .json and .ndjson files of a folder (sorted by name)."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())
        if not files:
            raise FhirError(str(path), [Problem("", "holds no .json or .ndjson files")])
        return [resource for file in files for resource in read_file(file)]
    return read_file(path)


def read_file(path: Path) -> list[RawResource]:
    """The resources of one file: NDJSON (one resource per line), or one JSON resource/Bundle."""
    name = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FhirError(name, [Problem("", "is not UTF-8 text")]) from None
    if path.suffix.lower() == ".ndjson":
        return read_ndjson(text, name)
    with fhir_errors(name):
        data = json.loads(text)
    return flatten(data, name)


def read_ndjson(text: str, name: str) -> list[RawResource]:
    """Resources of NDJSON text: one JSON resource per non-blank line."""
    found: list[RawResource] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            with fhir_errors(name, f"line {number}"):
                data = json.loads(line)
            found.extend(flatten(data, f"{name} line {number}"))
    return found


def flatten(data: Any, where: str, full_url: str | None = None) -> list[RawResource]:
    """A resource as a one-item list, or every resource of a Bundle (nested Bundles too)."""
    if not isinstance(data, Mapping) or not isinstance(data.get("resourceType"), str):
        raise FhirError(where, [Problem("", "is not a FHIR resource (no resourceType)")])
    if data["resourceType"] != "Bundle":
        return [RawResource(data, where, full_url)]
    entries = data.get("entry") or []
    if not isinstance(entries, list):
        raise FhirError(where, [Problem("entry", "must be a list")])
    found: list[RawResource] = []
    for i, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, Mapping) else None
        if resource is not None:
            url = entry.get("fullUrl")
            found.extend(
                flatten(resource, f"{where} entry[{i}]", url if isinstance(url, str) else None)
            )
    return found


def flatten_all(values: Iterable[tuple[str, Any]]) -> list[RawResource]:
    """Flatten several named JSON values (e.g. prefetch keys); None values hold nothing."""
    return [r for name, value in values if value is not None for r in flatten(value, name)]


def validate(resource: RawResource) -> Any:
    """The resource as its fhir.resources R4B model; FhirError when it is not valid R4."""
    return validate_resource(resource.data, resource.label)
