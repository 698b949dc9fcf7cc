"""The food table parser: every problem is reported with its line, nothing is guessed."""

from __future__ import annotations

import hashlib

from ekbom.foods.table import COLUMNS, parse_food_table

NUTRIENTS = ("iron", "magnesium")
ROW = (
    '16070,Lentils,Legumes and Legume Products,vegan,non_heme,no,"1 cup, cooked (198 g)",'
    "198,3.33,36"
)


def _text(*rows: str, edit: bool = False) -> str:
    body = ",".join((*COLUMNS, *NUTRIENTS)) + "\n" + "".join(row + "\n" for row in rows)
    digest = hashlib.sha256(body.encode()).hexdigest()
    header = [
        "# source: SR28",
        "# licence: public domain",
        "# sdist: test sha256=none",
        "# curation: test sha256=none",
        "# script: scripts/build_foods.py version 1",
        f"# rows_sha256: {digest}",
    ]
    return "\n".join(header) + "\n" + (body.replace("3.33", "9.99") if edit else body)


def test_table_parses_values_per_100_g() -> None:
    table, problems = parse_food_table(
        _text(ROW, ROW.replace("16070", "11458").replace(",36", ","))
    )
    assert problems == []
    assert table is not None and table.nutrients == NUTRIENTS
    lentils, spinach = table.foods
    assert lentils.values == {"iron": 3.33, "magnesium": 36.0} and lentils.portion_g == 198
    assert spinach.values == {"iron": 3.33}  # an empty cell means SR28 has no value
    assert table.header["licence"] == "public domain"


def test_table_reports_bad_cells_with_their_line() -> None:
    bad = ROW.replace("vegan", "pescetarian").replace("3.33", "lots")
    _, problems = parse_food_table(_text(ROW, bad))
    assert (9, "diet 'pescetarian' must be one of omnivore, vegetarian, vegan") in problems
    assert (9, "iron 'lots' is not a number") in problems


def test_table_reports_a_duplicate_sr_number_and_negative_values() -> None:
    _, problems = parse_food_table(
        _text(ROW, ROW, ROW.replace("16070", "11111").replace("36", "-1"))
    )
    assert (9, "SR number 16070 is listed twice") in problems
    assert (10, "magnesium '-1' must be a number of 0 or more") in problems


def test_table_detects_rows_edited_by_hand() -> None:
    _, problems = parse_food_table(_text(ROW, edit=True))
    assert any("rows_sha256" in message for _, message in problems)


def test_table_needs_its_header_and_columns() -> None:
    table, problems = parse_food_table("sr,name\n1,x\n")
    assert table is None
    assert any("lacks 'licence'" in message for _, message in problems)
    assert any("columns must start with" in message for _, message in problems)
