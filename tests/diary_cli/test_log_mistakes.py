"""`ekbom log` refuses the entry mistakes a profile refuses (spec 1.1 §1), with the same words:
the diary checks entries through the profile parser, so nothing is saved."""

from __future__ import annotations

from tests.diary_cli.conftest import Run


def test_log_lab_tsat_as_a_fraction_exits_1_and_saves_nothing(run: Run) -> None:
    done = run("log", "lab", "tsat", "0.5", "%", "--date", "2026-10-02")
    assert done.code == 1
    assert "Traceback" not in done.err
    assert (
        "0.5 looks like a fraction; transferrin saturation is a percent, so 0.5 is 50 %; enter 50"
        in done.err
    )
    assert run("history").out.startswith("No entries")


def test_log_lab_tsat_just_above_1_is_saved(run: Run) -> None:
    done = run("log", "lab", "tsat", "1.01", "%", "--date", "2026-10-02")
    assert done.code == 0, done.err


def test_log_supplement_iron_salt_weight_exits_1_and_saves_nothing(run: Run) -> None:
    done = run("log", "supplement", "iron", "325", "mg", "--from", "2026-10-01")
    assert done.code == 1
    assert "325 mg a day looks like the weight of an iron salt" in done.err
    assert "65 mg of iron" in done.err
    assert run("history").out.startswith("No entries")
