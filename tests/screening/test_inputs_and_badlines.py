"""Finding an export's files, and naming its bad lines."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from ekbom.errors import ScreeningError
from ekbom.screening import badlines
from ekbom.screening.badlines import BadLine, locate
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


def _write(tmp_path: Path, data: bytes, name: str = "Observation.ndjson") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


GOOD = b'{"resourceType":"Observation","id":"g"}'


def test_badlines_bad_first_line_and_bad_last_line_without_newline(tmp_path: Path) -> None:
    path = _write(tmp_path, b"oops\n" + GOOD + b"\n" + GOOD + b'\n{"resourceType":"Observation"')
    found = locate(path, "Observation", expected=2)
    assert found == [
        BadLine(1, "not JSON"),
        BadLine(4, "not JSON: cut off (no closing brace)"),
    ]


def test_badlines_blank_and_whitespace_lines_are_not_bad_but_are_counted(tmp_path: Path) -> None:
    path = _write(tmp_path, b"\n\n   \n\t\r\n" + GOOD + b"\r\n\nnope\n")
    assert locate(path, "Observation", expected=5) == [BadLine(7, "not JSON")]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"[1, 2]", "not a JSON object but an array (list)"),
        (b'"Observation"', "not a JSON object but a string"),
        (b"42", "not a JSON object but a number"),
        (b"true", "not a JSON object but true or false"),
        (b"null", "not a JSON object but null"),
        (b'{"id": "x"}', "no resourceType, expected 'Observation'"),
        (b'{"resourceType": 5}', "resourceType is not a string, expected 'Observation'"),
        (b'{"resourceType":"Encounter"}', "resourceType is 'Encounter', expected 'Observation'"),
    ],
)
def test_badlines_valid_json_that_is_not_a_resource_of_the_file_type(
    tmp_path: Path, line: bytes, reason: str
) -> None:
    path = _write(tmp_path, GOOD + b"\n" + line + b"\n" + GOOD + b"\n")
    assert locate(path, "Observation", expected=1) == [BadLine(2, reason)]


def test_badlines_utf8_errors_keep_the_line_numbers_after_them(tmp_path: Path) -> None:
    data = b"\n".join([GOOD, b"\xff\xfe not utf-8", GOOD, b"\xc3\x28", b"", b"broken", GOOD, b"[]"])
    found = locate(_write(tmp_path, data + b"\n"), "Observation", expected=10)
    assert found == [
        BadLine(2, "not JSON: not UTF-8 text"),
        BadLine(4, "not JSON: not UTF-8 text"),
        BadLine(6, "not JSON"),
        BadLine(8, "not a JSON object but an array (list)"),
    ]


def test_badlines_a_raw_control_character_makes_a_line_bad(tmp_path: Path) -> None:
    data = GOOD + b'\n{"resourceType":"Observation","id":"a\x01b"}\n' + GOOD + b"\n"
    found = locate(_write(tmp_path, data), "Observation", expected=1)
    assert found == [BadLine(2, "not JSON: holds a control character")]


def test_badlines_a_line_broken_in_the_middle_is_found_by_testing_every_line(
    tmp_path: Path,
) -> None:
    """The line begins and ends like a good one, so only the second search (every line)
    finds it: the engine counted one bad line and the cheap text test found none."""
    broken = b'{"resourceType":"Observation","id": ,"x":1}'
    path = _write(tmp_path, GOOD + b"\n" + broken + b"\n" + GOOD + b"\n")
    assert locate(path, "Observation", expected=1) == [BadLine(2, "not JSON")]


def test_badlines_lines_that_do_not_begin_with_the_resource_type_are_still_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Key order and spacing differ in real exports: every line is then a candidate; past
    MAX_CANDIDATES the search tests every line in one pass instead of keeping them."""
    monkeypatch.setattr(badlines, "MAX_CANDIDATES", 3)
    lines = [b'{ "id": "%d", "resourceType": "Observation" }' % i for i in range(6)]
    lines.insert(4, b'{"id": "x", "resourceType": "Patient"}')
    path = _write(tmp_path, b"\n".join(lines) + b"\n")
    assert locate(path, "Observation", expected=1) == [
        BadLine(5, "resourceType is 'Patient', expected 'Observation'")
    ]


def test_badlines_listing_is_capped_and_many_files_are_searched_in_one_call(
    tmp_path: Path,
) -> None:
    first = _write(tmp_path, b"x\n" * 5)
    second = _write(tmp_path, GOOD + b"\n[1]\n", "Condition.ndjson")
    found = badlines.locate_many(
        [
            badlines.Wanted(first, "Observation", 5),
            badlines.Wanted(second, "Condition", 1),
        ],
        limit=3,
    )
    assert [[b.line for b in lines] for lines in found] == [[1, 2, 3], [1]]
    assert found[1][0].reason == "resourceType is 'Observation', expected 'Condition'"


def test_badlines_windows_line_ends_are_read_by_duckdb(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD + b"\r\n\r\n" + b"[1]\r\n" + GOOD + b"\r\nnope")
    assert locate(path, "Observation", expected=2) == [
        BadLine(3, "not a JSON object but an array (list)"),
        BadLine(5, "not JSON"),
    ]


def test_badlines_a_lone_carriage_return_is_one_line_as_the_engine_reads_it(
    tmp_path: Path,
) -> None:
    """DuckDB's text reader would split `x\\ry` in two; the file is then read in Python."""
    path = _write(tmp_path, GOOD + b"\nx\ry\n" + GOOD + b"\n\xff\n[]\n")
    assert locate(path, "Observation", expected=3) == [
        BadLine(2, "not JSON"),
        BadLine(4, "not JSON: not UTF-8 text"),
        BadLine(5, "not a JSON object but an array (list)"),
    ]
