"""Finding an export's files, and naming its bad lines."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from ekbom.errors import ScreeningError
from ekbom.screening.badlines import locate
from ekbom.screening.inputs import find_inputs, resource_type_of


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Observation.ndjson", "Observation"),
        ("Observation.000.ndjson.gz", "Observation"),
        ("1.Observation.ndjson", "Observation"),
        ("Observation-2.ndjson", "Observation"),
        ("MedicationRequest_part1.NDJSON", "MedicationRequest"),
        ("Encounter.ndjson", None),
        ("Observation.json", None),
        ("manifest.json", None),
        ("PatientObservation.ndjson", None),
    ],
)
def test_inputs_resource_type_of_names(name: str, kind: str | None) -> None:
    assert resource_type_of(name) == kind


def test_inputs_find_sorts_files_by_type_and_lists_the_ignored(tmp_path: Path) -> None:
    for name in (
        "Patient.ndjson",
        "Condition.ndjson",
        "Observation.001.ndjson",
        "Observation.000.ndjson.gz",
        "Claim.ndjson",
        "log.txt",
    ):
        (tmp_path / name).write_text("")
    found = find_inputs(tmp_path)
    assert [p.name for p in found.files("Observation")] == [
        "Observation.000.ndjson.gz",
        "Observation.001.ndjson",
    ]
    assert found.files("MedicationRequest") == ()
    assert [p.name for p in found.ignored] == ["Claim.ndjson"]


def test_inputs_without_patients_names_what_to_export(tmp_path: Path) -> None:
    (tmp_path / "Condition.ndjson").write_text("")
    with pytest.raises(ScreeningError) as caught:
        find_inputs(tmp_path)
    assert caught.value.source == str(tmp_path)
    assert "no Patient files" in caught.value.message and "Patient.ndjson" in caught.value.message


def test_inputs_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ScreeningError, match="is not a folder"):
        find_inputs(tmp_path / "nope")


LINES = [
    '{"resourceType": "Observation", "id": "a"}',
    "",
    "not json at all",
    '{"resourceType": "Patient", "id": "b"}',
    "   ",
    "[1, 2]",
    '{"resourceType": "Observation", "id": "c"}',
    '{"resourceType": "Observation", "id": "cut',
]


@pytest.mark.parametrize("zipped", [False, True])
def test_badlines_locates_each_bad_line_and_skips_blank_ones(tmp_path: Path, zipped: bool) -> None:
    text = "\n".join(LINES) + "\n"
    path = tmp_path / ("Observation.ndjson.gz" if zipped else "Observation.ndjson")
    if zipped:
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    found = locate(path, "Observation", expected=10)
    assert [bad.line for bad in found] == [3, 4, 6, 8]
    assert "not JSON" in found[0].reason
    assert "'Patient'" in found[1].reason
    assert "list" in found[2].reason


def test_badlines_stops_once_the_counted_lines_are_found(tmp_path: Path) -> None:
    path = tmp_path / "Observation.ndjson"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    assert [bad.line for bad in locate(path, "Observation", expected=2)] == [3, 4]
