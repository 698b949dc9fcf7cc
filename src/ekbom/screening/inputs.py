"""Find the files of a FHIR Bulk Data export: one resource type per file, several files per type.

A file belongs to a resource type when its name, without `.ndjson` or `.ndjson.gz`, has the type as
one of its parts separated by `.`, `-` or `_`: `Observation.ndjson`, `Observation.000.ndjson.gz`,
`1.Observation.ndjson` (bulk-data-client) and `Observation-2.ndjson` all hold Observations.
NDJSON files of other types (Encounter, Claim ...) are listed as ignored, never read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from ekbom.errors import ScreeningError

RESOURCE_TYPES = ("Patient", "Condition", "Observation", "MedicationRequest")
REQUIRED_TYPES = ("Patient", "Condition")
SUFFIXES = (".ndjson", ".ndjson.gz")
_PARTS = re.compile(r"[._-]")


class InputFiles(NamedTuple):
    """The export's files by resource type (sorted by name), and the NDJSON files not used."""

    folder: Path
    by_type: dict[str, tuple[Path, ...]]
    ignored: tuple[Path, ...]

    def files(self, resource_type: str) -> tuple[Path, ...]:
        return self.by_type.get(resource_type, ())


def _stem(name: str) -> str | None:
    for suffix in SUFFIXES[::-1]:  # the longer suffix first
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return None


def resource_type_of(name: str) -> str | None:
    """The resource type a file name stands for, or None (also for non-NDJSON names)."""
    stem = _stem(name)
    if stem is None:
        return None
    parts = set(_PARTS.split(stem))
    found = [kind for kind in RESOURCE_TYPES if kind in parts]
    return found[0] if len(found) == 1 else None


def find_inputs(folder: Path) -> InputFiles:
    """The export's files; ScreeningError when the folder is missing or lacks a required type."""
    if not folder.is_dir():
        raise ScreeningError(
            str(folder), "is not a folder; give the folder of a FHIR Bulk Data export"
        )
    by_type: dict[str, list[Path]] = {kind: [] for kind in RESOURCE_TYPES}
    ignored: list[Path] = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or _stem(path.name) is None:
            continue
        kind = resource_type_of(path.name)
        if kind is None:
            ignored.append(path)
        else:
            by_type[kind].append(path)
    missing = [kind for kind in REQUIRED_TYPES if not by_type[kind]]
    if missing:
        names = " and ".join(f"{kind}.ndjson" for kind in missing)
        raise ScreeningError(
            str(folder),
            f"has no {' or '.join(missing)} files; a Bulk Data export names them like {names} "
            "(or Patient.000.ndjson.gz); export at least Patient and Condition",
        )
    return InputFiles(folder, {k: tuple(v) for k, v in by_type.items()}, tuple(ignored))
