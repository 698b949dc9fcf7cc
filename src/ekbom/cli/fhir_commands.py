"""`ekbom import-fhir`, and the FHIR side of `ekbom assess` (`--fhir FILE`, `--format fhir`).
FHIR libraries are imported only inside the commands (`ekbom serve` is `serve_command`)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ekbom.cli._output import UsageError, errors_exit, fail, write
from ekbom.cli._parsing import add_command, iso_date

if TYPE_CHECKING:
    from ekbom.interop.fhir_import import ImportedProfile

IMPORT_FORMATS = ("yaml", "json")


def register(sub: Any) -> None:
    """Add `import-fhir` to the command line."""
    parser = add_command(sub, "import-fhir", cmd_import_fhir)
    parser.add_argument(
        "source",
        metavar="FILE|DIR",
        help="FHIR R4 JSON (a Bundle or a resource), NDJSON, or a folder",
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        type=iso_date,
        help="the day to work out age and recent conditions for (YYYY-MM-DD), defaults to today",
    )
    parser.add_argument(
        "--format",
        "-f",
        choices=IMPORT_FORMATS,
        default="yaml",
        help="output format, defaults to yaml",
    )
    parser.add_argument(
        "--patient", metavar="ID", help="the Patient id, when the input holds several"
    )


def _source(text: str) -> Path:
    path = Path(text)
    if not path.exists():
        raise UsageError(f"cannot read {text}: no such file or folder")
    return path


def read_profile(source: str, as_of: str | None, patient: str | None = None) -> ImportedProfile:
    """The profile of the one Patient in a FHIR file or folder (notes go to stderr)."""
    from ekbom.interop.fhir_import import import_fhir
    from ekbom.interop.resources import read_path

    path = _source(source)
    day = date.fromisoformat(as_of) if as_of else date.today()
    with errors_exit(source):
        found = import_fhir(read_path(path), as_of=day)
        imported = found.only(source, patient)
    notes = [*found.notes, *imported.notes]
    if notes:
        fail([f"Note: {note}" for note in notes])
    return imported


def cmd_import_fhir(args: argparse.Namespace) -> None:
    """Read a FHIR R4 record and write it as a profile for `ekbom assess`

    Reads a Bundle (transaction, collection, searchset …), a single resource, NDJSON files (one
    resource per line, as a FHIR Bulk Data export writes them) or a folder of such files, and
    writes the profile of its Patient: age at --as-of and sex, lab results by LOINC code (units
    mapped from UCUM), conditions by SNOMED CT or ICD-10-CM code, active medication orders and
    statements (supplement products become supplements). Codes and units ekbom cannot use are
    listed on standard error as notes, never as errors.

    Examples:
      ekbom import-fhir record.json > me.yaml
      ekbom import-fhir export/ --patient 123 --as-of 2026-11-28 --format json
    """
    imported = read_profile(args.source, args.as_of, args.patient)
    if args.format == "json":
        write(json.dumps(imported.profile, indent=2, ensure_ascii=False))
        return
    import yaml

    source = Path(args.source).name
    header = f"# Profile of Patient/{imported.patient_id}, from `ekbom import-fhir {source}`.\n"
    write(header + yaml.safe_dump(imported.profile, sort_keys=False, allow_unicode=True))


def assess_from_fhir(args: argparse.Namespace) -> None:
    """`ekbom assess --fhir FILE`: assess the profile a FHIR record gives."""
    if args.profile is not None or getattr(args, "diary", False) or getattr(args, "db", None):
        raise UsageError("give one of a profile FILE, --fhir FILE or --diary")
    imported = read_profile(args.fhir, args.as_of)
    assess_and_emit(imported.profile, args, args.fhir, imported.patient)


def assess_and_emit(
    data: Any, args: argparse.Namespace, name: str, patient: Mapping[str, Any] | None = None
) -> None:
    """Assess a profile mapping and print it in any format, FHIR included."""
    from ekbom.cli.assess_command import emit
    from ekbom.engine import assess
    from ekbom.profile import parse_profile

    with errors_exit(name):
        as_of = date.fromisoformat(args.as_of) if args.as_of else None
        person = parse_profile(data, as_of=as_of)
        result = assess(person, as_of=args.as_of, limits=args.limits)
        if args.format != "fhir":
            emit(result.to_dict(), args.format)
            return
        from ekbom.interop.fhir_export import assessment_bundle

        bundle = assessment_bundle(result, person, patient=patient)
        write(json.dumps(bundle, indent=2, ensure_ascii=False))
