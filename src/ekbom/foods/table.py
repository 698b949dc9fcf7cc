"""The shipped food table (`knowledge/data/foods/foods.csv`): parse and check it.

The table is written by `python scripts/build_foods.py` from the USDA Standard Reference, Release
28. It is CSV with `# key: value` header lines first (source, licence, the sdist and its sha256,
the curation file's sha256, the script's version and `rows_sha256`, a sha256 of everything after
the header), then a row of column names and one row per food. Values are per 100 g; an empty
cell means SR28 has no value. `parse_food_table` checks every row and returns the problems with
their line numbers instead of raising, so that `ekbom kb check` can list them all.
"""

from __future__ import annotations

import csv
import hashlib
from typing import NamedTuple

from ekbom.knowledge.vocabulary import DIETS as DIETS

IRON_KINDS = ("heme", "non_heme")
COLUMNS = ("sr", "name", "group", "diet", "iron_kind", "fortified", "portion", "portion_g")
HEADER_KEYS = ("source", "licence", "sdist", "curation", "script", "rows_sha256")
_YES_NO = ("yes", "no")
REBUILD = "rebuild it with `python scripts/build_foods.py`"


class Food(NamedTuple):
    """One everyday food and its nutrients per 100 g (only those SR28 gives a value for)."""

    sr: str
    name: str
    group: str
    diet: str
    iron_kind: str
    fortified: bool
    portion: str
    portion_g: float
    values: dict[str, float]


class FoodTable(NamedTuple):
    """The whole table: its header (provenance) and its foods, in SR number order."""

    header: dict[str, str]
    nutrients: tuple[str, ...]
    foods: tuple[Food, ...]


Problem = tuple[int, str]


def parse_food_table(text: str) -> tuple[FoodTable | None, list[Problem]]:
    """The table in `text`, or None, and every problem as (line, message)."""
    lines = text.split("\n")
    header: dict[str, str] = {}
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        key, _, value = lines[start][1:].strip().partition(": ")
        header[key] = value
        start += 1
    problems = [
        (1, f"the header lacks '{key}'; {REBUILD}") for key in HEADER_KEYS if key not in header
    ]
    body = "\n".join(lines[start:])
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    if "rows_sha256" in header and header["rows_sha256"] != digest:
        problems.append(
            (start + 1, f"the rows do not match rows_sha256 (edited by hand?); {REBUILD}")
        )
    rows = list(csv.reader(lines[start:]))
    if not rows or tuple(rows[0][: len(COLUMNS)]) != COLUMNS:
        problems.append((start + 1, f"the columns must start with {', '.join(COLUMNS)}"))
        return None, problems
    nutrients = tuple(rows[0][len(COLUMNS) :])
    foods: list[Food] = []
    seen: set[str] = set()
    for offset, row in enumerate(rows[1:], start=start + 2):
        if not row:
            continue
        food = _food(row, nutrients, offset, problems)
        if food is None:
            continue
        if food.sr in seen:
            problems.append((offset, f"SR number {food.sr} is listed twice"))
        seen.add(food.sr)
        foods.append(food)
    return FoodTable(header, nutrients, tuple(foods)), problems


def _food(
    row: list[str], nutrients: tuple[str, ...], line: int, problems: list[Problem]
) -> Food | None:
    """The food of one row; a row with any problem is reported in full and left out."""
    if len(row) != len(COLUMNS) + len(nutrients):
        problems.append((line, f"expected {len(COLUMNS) + len(nutrients)} cells, found {len(row)}"))
        return None
    sr, name, group, diet, iron_kind, fortified, portion, grams = row[: len(COLUMNS)]
    try:  # the fast path: every cell is fine
        portion_g = float(grams)
        values = {n: float(c) for n, c in zip(nutrients, row[len(COLUMNS) :], strict=True) if c}
        fine = (
            len(sr) == 5
            and sr.isdigit()
            and bool(name and group and portion)
            and diet in DIETS
            and iron_kind in IRON_KINDS
            and fortified in _YES_NO
            and portion_g > 0
            and all(v >= 0 for v in values.values())
        )
    except ValueError:
        fine = False
    if fine:
        return Food(
            sr, name, group, diet, iron_kind, fortified == "yes", portion, portion_g, values
        )
    _report(row, nutrients, line, problems)
    return None


def _report(row: list[str], nutrients: tuple[str, ...], line: int, problems: list[Problem]) -> None:
    """Every problem of a row that failed the fast check."""
    sr, name, group, diet, iron_kind, fortified, portion, grams = row[: len(COLUMNS)]
    if not (len(sr) == 5 and sr.isdigit()):
        problems.append((line, f"SR number '{sr}' must be five digits"))
    if not name or not group or not portion:
        problems.append((line, "name, group and portion must not be empty"))
    if diet not in DIETS:
        problems.append((line, f"diet '{diet}' must be one of {', '.join(DIETS)}"))
    if iron_kind not in IRON_KINDS:
        problems.append((line, f"iron_kind '{iron_kind}' must be heme or non_heme"))
    if fortified not in _YES_NO:
        problems.append((line, f"fortified '{fortified}' must be yes or no"))
    if _number(grams, "portion_g", line, problems) == 0:
        problems.append((line, "portion_g must be above 0"))
    for nutrient, cell in zip(nutrients, row[len(COLUMNS) :], strict=True):
        if cell != "":
            _number(cell, nutrient, line, problems)


def _number(cell: str, column: str, line: int, problems: list[Problem]) -> float:
    try:
        value = float(cell)
    except ValueError:
        problems.append((line, f"{column} '{cell}' is not a number"))
        return 0.0
    if value < 0 or value != value:
        problems.append((line, f"{column} '{cell}' must be a number of 0 or more"))
    return value
