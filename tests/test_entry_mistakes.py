"""Two likely entry mistakes are errors with the fix (spec 1.1 §1): a TSAT written as a fraction,
and an iron amount written as the weight of the iron salt.

Checked at the exact edges (TSAT 1 vs 1.01, iron 299.9 vs 300 mg a day, 2100 mg a week), through
the library and through the real `ekbom assess` command (exit 1, nothing on stdout, no traceback).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import ekbom
from ekbom.errors import ProfileError

AS_OF = "2026-11-28"
TSAT_MESSAGE = (
    "0.5 looks like a fraction; transferrin saturation is a percent, so 0.5 is 50 %; enter 50"
)


def _problems(**extra: Any) -> list[tuple[str, str]]:
    try:
        ekbom.assess({"age": 45, "sex": "female", **extra}, as_of=AS_OF)
    except ProfileError as exc:
        return [(p.location, p.message) for p in exc.problems]
    return []


def _tsat(value: float) -> list[dict[str, Any]]:
    return [
        {"test": "ferritin", "value": 40, "unit": "ng/mL"},
        {"test": "tsat", "value": value, "unit": "%"},
    ]


def test_tsat_as_a_fraction_gives_the_spec_message():
    assert _problems(labs=_tsat(0.5)) == [("labs[1].value", TSAT_MESSAGE)]


@pytest.mark.parametrize(
    ("value", "percent"), [(1, "100"), (0.27, "27"), (0.01, "1"), (0.335, "33.5")]
)
def test_tsat_of_1_or_less_is_an_error_showing_the_percent(value, percent):
    (problem,) = _problems(labs=_tsat(value))
    assert problem[0] == "labs[1].value"
    assert problem[1].endswith(f"so {value:g} is {percent} %; enter {percent}")


@pytest.mark.parametrize("value", [1.01, 2, 27, 100, 0])
def test_tsat_above_1_or_zero_is_accepted(value):
    # 0 reads the same as a fraction or a percent, so it is no mistake
    assert _problems(labs=_tsat(value)) == []


def _iron(amount: float, unit: str = "mg", per: str = "day") -> list[dict[str, Any]]:
    return [{"nutrient": "iron", "amount": amount, "unit": unit, "per": per}]


@pytest.mark.parametrize(
    ("supplements", "written"),
    [
        (_iron(300), "300 mg a day"),
        (_iron(325), "325 mg a day"),
        (_iron(0.3, "g"), "0.3 g a day"),
        (_iron(2100, per="week"), "2100 mg a week (300 mg a day)"),
    ],
)
def test_iron_of_300_mg_a_day_or_more_is_an_error_that_explains_elemental_iron(
    supplements, written
):
    ((location, message),) = _problems(supplements=supplements)
    assert location == "supplements[0].amount"
    assert message.startswith(f"{written} looks like the weight of an iron salt")
    assert "A 325 mg ferrous sulfate tablet holds 65 mg of iron." in message
    assert "elemental iron" in message


@pytest.mark.parametrize(
    "supplements",
    [_iron(299.9), _iron(65), _iron(2099, per="week"), _iron(65) + _iron(250)],
    ids=["299.9-a-day", "65-a-day", "2099-a-week", "two-entries-315-in-all"],
)
def test_iron_below_300_mg_an_entry_is_accepted(supplements):
    # the check is per entry: two real pills that add up to 300 mg or more are not a salt weight
    assert _problems(supplements=supplements) == []


def test_both_mistakes_are_listed_together():
    locations = [p[0] for p in _problems(labs=_tsat(0.3), supplements=_iron(325))]
    assert locations == ["supplements[0].amount", "labs[1].value"]


def test_other_nutrients_have_no_salt_check():
    assert _problems(supplements=[{"nutrient": "magnesium", "amount": 400, "unit": "mg"}]) == []


def _run_assess(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "me.yaml"
    path.write_text(text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("EKBOM_")}
    env["EKBOM_CACHE_DIR"] = str(tmp_path / "parse-cache")
    return subprocess.run(
        [sys.executable, "-m", "ekbom", "assess", str(path), "--as-of", AS_OF],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_assess_command_exits_1_and_prints_both_messages(tmp_path: Path):
    done = _run_assess(
        tmp_path,
        "age: 45\nsex: female\nlabs:\n"
        "  - {test: ferritin, value: 40, unit: ng/mL}\n"
        "  - {test: tsat, value: 0.5, unit: '%'}\n"
        "supplements:\n  - {nutrient: iron, amount: 325, unit: mg}\n",
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert f"labs[1].value: {TSAT_MESSAGE}" in done.stderr
    assert (
        "supplements[0].amount: 325 mg a day looks like the weight of an iron salt" in done.stderr
    )
