"""Reader.entries, the one loop over a knowledge file's list of records: an item missing a
required field is reported and left out, even when an optional field makes up the count (this
used to pass a length check and then fail on the missing key), and a repeated id is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

import ekbom
from tests.knowledge_copy import edit

pytestmark = pytest.mark.usefixtures("private_parse_cache")


def _messages(folder: Path) -> list[str]:
    return [issue.message for issue in ekbom.check_knowledge(folder)]


def test_a_class_missing_a_required_field_is_an_issue_not_a_crash(kb_copy: Path) -> None:
    head = (
        "  - id: sedating_antihistamine\n"
        '    label: "sedating (first-generation) H1 antihistamine"\n'
    )
    edit(kb_copy, "medications.yaml", head + "    trigger: true\n", head)
    assert "medication class needs 'trigger'" in _messages(kb_copy)


def test_a_lab_test_missing_a_required_field_is_an_issue_not_a_crash(kb_copy: Path) -> None:
    edit(kb_copy, "labs.yaml", "    plain: magnesium (blood level)\n", "")  # it has a note
    assert "lab test needs 'plain'" in _messages(kb_copy)


def test_a_repeated_id_is_reported_with_its_first_line(kb_copy: Path) -> None:
    path = kb_copy / "labs.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: ferritin\n")
    end = text.index("\n  - id:", start) + 1
    path.write_text(text[:end] + text[start:end] + text[end:], encoding="utf-8")
    first_line = text.count("\n", 0, start) + 1
    duplicates = [m for m in _messages(kb_copy) if m.startswith("duplicate test id")]
    assert duplicates == [f"duplicate test id 'ferritin' (first on line {first_line})"]
