"""`ekbom plan`: each separation of spec §5.5 holds, iron and magnesium sit where they should,
every slot says why, and a clash gives the pair and what to ask, never a broken timetable."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ekbom.cli import main
from ekbom.errors import PlanError
from ekbom.knowledge.loader import load_knowledge
from ekbom.plan import Gap, Item, make_plan
from ekbom.plan.solver import Day, solve
from tests.plan.checks import broken_rules, minutes_after_wake

AS_OF = "2026-11-28"
IRON_LOW = [
    {"test": "ferritin", "value": 40, "unit": "ug/L"},
    {"test": "tsat", "value": 15, "unit": "%"},
]


def profile(medications: list[str], **extra: Any) -> dict[str, Any]:
    person: dict[str, Any] = {
        "age": 50,
        "sex": "female",
        "as_of": AS_OF,
        "labs": IRON_LOW,
        "symptoms": {"leg_cramps": True},  # magnesium: consider
        "medications": medications,
    }
    person.update(extra)
    return person


def plan(medications: list[str], **kwargs: Any) -> dict[str, Any]:
    person = profile(medications, **kwargs.pop("extra", {}))
    document = make_plan(person, **kwargs).to_dict()
    if document["status"] == "ok":
        assert broken_rules(document, medications, load_knowledge()) == []
    return document


def times(document: dict[str, Any], match: str) -> list[int]:
    return [
        minutes_after_wake(document, s["time"])
        for s in document["slots"]
        if match in (s["nutrient"] or "") or match in s["ingredients"]
    ]


def test_plan_iron_four_hours_from_levothyroxine() -> None:
    document = plan(["Synthroid 75 mcg"])
    (thyroid,), (iron,) = times(document, "levothyroxine"), times(document, "iron")
    assert abs(iron - thyroid) >= 4 * 60
    assert thyroid <= 30  # before breakfast, on an empty stomach


def test_plan_iron_two_hours_from_every_levodopa_dose() -> None:
    document = plan(["Sinemet 25/100"])
    doses, (iron,) = times(document, "levodopa"), times(document, "iron")
    assert len(doses) == 3 and all(abs(iron - d) >= 120 for d in doses)


DAY = 24 * 60


def kept(mineral: int, medicine: int, before_hours: float, after_hours: float) -> bool:
    """Taken daily: the medicine at least `before_hours` ahead of the mineral and at least
    `after_hours` behind it, counted round the clock (the next day's dose too)."""
    since_medicine, until_medicine = (mineral - medicine) % DAY, (medicine - mineral) % DAY
    return since_medicine >= before_hours * 60 and until_medicine >= after_hours * 60


@pytest.mark.parametrize(
    ("medicine", "before", "after"),
    [
        ("ciprofloxacin 500 mg twice daily", 2, 6),
        ("levofloxacin 750 mg", 2, 2),
        ("moxifloxacin 400 mg", 4, 8),
        ("doxycycline 100 mg twice daily", 2, 4),
    ],
)
@pytest.mark.parametrize(("wake", "sleep"), [("07:00", "23:00"), ("07:00", "05:00")])
def test_plan_antibiotic_hours_before_or_after_minerals_round_the_clock(
    medicine: str, before: int, after: int, wake: str, sleep: str
) -> None:
    calcium = [{"nutrient": "calcium", "amount": 500, "unit": "mg"}]
    document = plan([medicine], wake=wake, sleep=sleep, extra={"supplements": calcium})
    assert document["status"] == "ok"
    doses = times(document, medicine.split()[0])
    minerals = [*times(document, "iron"), *times(document, "magnesium")]
    minerals += times(document, "calcium")
    assert doses and len(minerals) == 3
    for mineral in minerals:
        for dose in doses:
            assert kept(mineral, dose, before, after), (mineral, dose)


@pytest.mark.parametrize("sleep", ["05:00", "06:00", "06:45"])
def test_plan_evening_magnesium_and_morning_antibiotic_across_midnight(sleep: str) -> None:
    """The 1.0 plan put magnesium at 02:00 and the antibiotic at 07:00 on a 23-hour day: 5 hours
    where the next morning's dose needed 6 (moxifloxacin: 8). Each gap now holds overnight."""
    high_iron = [
        {"test": "ferritin", "value": 150, "unit": "ug/L"},
        {"test": "tsat", "value": 30, "unit": "%"},
    ]
    for medicine, before, after in (("moxifloxacin 400 mg", 4, 8), ("Cipro 500 mg", 2, 6)):
        document = plan([medicine], wake="07:00", sleep=sleep, extra={"labs": high_iron})
        (magnesium,) = times(document, "magnesium")
        doses = times(document, "moxifloxacin" if "moxi" in medicine else "ciprofloxacin")
        assert magnesium >= minutes_after_wake(document, sleep) - 4 * 60  # still the evening
        assert all(kept(magnesium, dose, before, after) for dose in doses)


def fits(mineral: int, medicine: int, before_hours: float, after_hours: float) -> bool:
    """Whether the solver accepts a mineral and a medicine at these minutes after waking."""
    items = [
        Item("supplement:x", "supplement", "Mineral", fixed=mineral, nutrient="magnesium"),
        Item("medicine:y", "medicine", "Medicine", fixed=medicine),
    ]
    gap = Gap(
        "supplement:x",
        "medicine:y",
        round(before_hours * 60),
        round(after_hours * 60),
        "test",
        "advice",
        None,
        (),
    )
    day = Day(23 * 60 + 45, 15, {}, 60, 120, 300, 240, 60)
    return solve(items, [gap], day) is not None


@pytest.mark.parametrize(
    ("mineral", "medicine", "ok"),
    [
        (0, 360, True),  # ciprofloxacin 6 hours after the mineral
        (0, 345, False),  # 5.75 hours
        (240, 120, True),  # ciprofloxacin 2 hours before the mineral
        (240, 135, False),  # 1.75 hours
        (18 * 60, 0, True),  # mineral at 18 h, the next day's dose at 24 h: 6 hours
        (18 * 60 + 15, 0, False),  # 5.75 hours across midnight
        (120, 22 * 60, True),  # antibiotic at 22 h, the mineral next day at 26 h: 4 hours
        (60, 23 * 60 + 15, False),  # 1.75 hours across midnight
        (600, 600, False),  # at the same time neither comes first
    ],
)
def test_plan_ciprofloxacin_gap_exact_edges_in_the_day_and_overnight(
    mineral: int, medicine: int, ok: bool
) -> None:
    assert fits(mineral, medicine, 2, 6) is ok


@pytest.mark.parametrize(
    ("magnesium", "gabapentin", "ok"),
    [(0, 120, True), (0, 105, False), (600, 585, True), (600, 600, False), (22 * 60, 0, True)],
)
def test_plan_gabapentin_gap_is_one_way(magnesium: int, gabapentin: int, ok: bool) -> None:
    """Gabapentin at least 2 hours after magnesium; gabapentin first needs no wait, but not
    the very same time."""
    assert fits(magnesium, gabapentin, 0, 2) is ok


def test_plan_bisphosphonate_first_and_magnesium_two_hours_apart() -> None:
    document = plan(["Fosamax 70 mg weekly"])
    (bone,), (magnesium,) = times(document, "alendronate"), times(document, "magnesium")
    assert bone == 0 and magnesium - bone >= 120
    assert all(minutes_after_wake(document, s["time"]) >= 30 for s in document["slots"][1:])
    first = document["slots"][0]
    assert first["days"] == "weekly" and "30 minutes" in first["why"][0]


def test_plan_gabapentin_at_least_two_hours_after_magnesium() -> None:
    document = plan(["gabapentin 600 mg at bedtime"])
    (gabapentin,), (magnesium,) = times(document, "gabapentin"), times(document, "magnesium")
    assert gabapentin - magnesium >= 120


def test_plan_calcium_two_hours_from_iron() -> None:
    calcium = [{"nutrient": "calcium", "amount": 500, "unit": "mg"}]
    document = plan([], extra={"supplements": calcium})
    (iron,), (taken,) = times(document, "iron"), times(document, "calcium")
    assert abs(iron - taken) >= 120


def test_plan_iron_empty_stomach_with_vitamin_c_every_other_day() -> None:
    document = plan([])
    iron = next(s for s in document["slots"] if s["nutrient"] == "iron")
    vitamin_c = next(s for s in document["slots"] if s["nutrient"] == "vitamin_c")
    meals = [
        minutes_after_wake(document, s["time"]) for s in document["slots"] if s["kind"] == "meal"
    ]
    at = minutes_after_wake(document, iron["time"])
    assert all(at <= m - 60 or at >= m + 120 for m in meals)
    assert (
        vitamin_c["time"] == iron["time"] and iron["days"] == vitamin_c["days"] == "every_other_day"
    )
    assert any("tea, coffee" in text for text in iron["why"])


def test_plan_magnesium_in_the_evening_and_every_slot_says_why() -> None:
    document = plan(["Zoloft 50 mg", "mystery pill"], wake="06:00", sleep="22:00")
    (magnesium,) = times(document, "magnesium")
    assert magnesium >= (16 - 4) * 60
    assert all(s["why"] for s in document["slots"] if s["kind"] != "meal" and s["dose"] == 1)
    assert document["keep_usual_times"] == ["Zoloft 50 mg"]
    assert document["unrecognised_medications"] == ["mystery pill"]


def test_plan_avoided_supplement_is_left_out() -> None:
    overload = [
        {"test": "ferritin", "value": 800, "unit": "ug/L"},
        {"test": "tsat", "value": 60, "unit": "%"},
    ]
    taken = [{"nutrient": "iron", "amount": 18, "unit": "mg"}]
    document = plan([], extra={"labs": overload, "supplements": taken})
    assert times(document, "iron") == []
    assert any(
        text.startswith("Iron: the assessment says to avoid it") for text in document["not_planned"]
    )


def test_plan_conflict_names_the_pair_and_what_to_ask_and_prints_no_timetable() -> None:
    document = plan(["tetracycline 500 mg four times a day"], wake="09:00", sleep="21:00")
    assert document["status"] == "conflict" and document["slots"] == []
    conflict = document["conflicts"][0]
    assert conflict["interaction"] == "minerals-tetracyclines"
    assert conflict["items"][0].split()[0] in ("Iron", "Magnesium")
    assert conflict["items"][0].endswith(" (new, suggested by ekbom)")
    assert "Tetracycline" in conflict["items"][1]
    assert "antibiotic" in conflict["ask"] and conflict["citations"]


def test_plan_wrong_wake_or_sleep_is_a_plan_error() -> None:
    with pytest.raises(PlanError, match="shorter than 12 hours"):
        make_plan(profile([]), wake="07:00", sleep="15:00")
    with pytest.raises(PlanError, match="not a time of day"):
        make_plan(profile([]), wake="7am")


def test_plan_sleep_after_midnight() -> None:
    document = plan(["Synthroid 75 mcg"], wake="10:00", sleep="01:30")
    assert document["wake"] == "10:00" and document["sleep"] == "01:30"
    assert document["slots"][0]["time"] == "10:00"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_plan_cli_text_and_json(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "me.json"
    path.write_text(json.dumps(profile(["Synthroid 75 mcg"])), encoding="utf-8")
    code, out, _ = run(["plan", str(path), "--wake", "06:30", "--sleep", "22:30"], capsys)
    assert code == 0 and out.startswith("Your day: up at 06:30, asleep at 22:30")
    assert "06:30  Levothyroxine (Synthroid 75 mcg)" in out
    iron = "Iron 65 mg (new, suggested by ekbom) — on an empty stomach, every other day"
    assert iron in " ".join(out.split())
    code, out, _ = run(["plan", str(path), "--format", "json"], capsys)
    document = json.loads(out)
    assert code == 0 and document["schema"] == "ekbom.plan/1" and document["status"] == "ok"


def test_plan_cli_conflict_text(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(json.dumps(profile(["tetracycline 500 mg four times a day"])), encoding="utf-8")
    code, out, _ = run(["plan", str(path), "--wake", "09:00", "--sleep", "21:00"], capsys)
    assert code == 0 and "No timetable" in out and "→ Ask your prescriber" in out
    assert "09:00" not in out.split("No timetable")[1].split("Sources")[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--wake", "25:00"], "not a time of day"),
        (["--sleep", "12:00"], "shorter than 12 hours"),
        (["--wake", "07:10"], "15-minute step"),
    ],
)
def test_plan_cli_bad_times_exit_2(
    tmp_path: Any, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "me.yaml"
    path.write_text("age: 40\nsex: male\n", encoding="utf-8")
    code, _, err = run(["plan", str(path), *args], capsys)
    assert code == 2 and message in err


def test_plan_cli_bad_profile_exits_1(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "me.yaml"
    path.write_text("age: 40\n", encoding="utf-8")
    code, _, err = run(["plan", str(path)], capsys)
    assert code == 1 and "sex" in err and "Traceback" not in err


def test_plan_marks_what_is_taken_now_apart_from_what_is_new() -> None:
    """Iron taken now and iron suggested are two items at one time, each with its source; a
    nutrient taken now with nothing to add (calcium is never suggested) is current only."""
    taken = [
        {"nutrient": "iron", "amount": 65, "unit": "mg"},
        {"nutrient": "calcium", "amount": 500, "unit": "mg"},
    ]
    document = plan([], extra={"supplements": taken})
    supplements = [s for s in document["slots"] if s["kind"] == "supplement"]
    sources = {(s["nutrient"], s["source"]) for s in supplements}
    assert ("iron", "current") in sources and ("calcium", "current") in sources
    assert ("calcium", "suggested") not in sources
    assert ("magnesium", "suggested") in sources and ("magnesium", "current") not in sources
    iron = {s["source"]: s for s in supplements if s["nutrient"] == "iron"}
    assert iron["current"]["label"] == "Iron 65 mg" and iron["current"]["days"] == "daily"
    if "suggested" in iron:  # an added dose sits with what is taken now
        assert iron["suggested"]["time"] == iron["current"]["time"]
    assert all(s["source"] == "current" for s in document["slots"] if s["kind"] == "medicine")
    assert all(s["source"] is None for s in document["slots"] if s["kind"] == "meal")


def test_plan_text_labels_taken_now_and_new(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = [{"nutrient": "zinc", "amount": 10, "unit": "mg"}]
    path = tmp_path / "me.json"
    path.write_text(json.dumps(profile([], supplements=taken)), encoding="utf-8")
    code, out, _ = run(["plan", str(path)], capsys)
    text = " ".join(out.split())
    assert code == 0
    assert "Zinc 10 mg (you take this now) — with a meal" in text
    assert "Magnesium 200 mg (new, suggested by ekbom) — in the evening" in text


def test_plan_places_calcium_and_zinc_taken_with_every_gap() -> None:
    taken = [
        {"nutrient": "calcium", "amount": 600, "unit": "mg"},
        {"nutrient": "zinc", "amount": 15, "unit": "mg"},
    ]
    medicines = ["Synthroid 75 mcg", "Fosamax 70 mg weekly", "doxycycline 100 mg twice daily"]
    document = plan(medicines, extra={"supplements": taken})  # plan() checks every rule
    assert document["status"] == "ok"
    (calcium,), (zinc,) = times(document, "calcium"), times(document, "zinc")
    (thyroid,), (bone,) = times(document, "levothyroxine"), times(document, "alendronate")
    assert kept(calcium, thyroid, 4, 4) and kept(calcium, bone, 2, 2)
    for dose in times(document, "doxycycline"):
        assert kept(calcium, dose, 2, 4) and kept(zinc, dose, 2, 4)


def test_plan_uses_no_dose_for_calcium_or_zinc_not_taken() -> None:
    document = plan(["ciprofloxacin 500 mg twice daily"])
    assert times(document, "calcium") == [] and times(document, "zinc") == []
