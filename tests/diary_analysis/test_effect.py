"""`effect`: "did it help?" on synthetic series whose true effect is known."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

from ekbom.diary_analysis import AnalysisError, DiaryData, SupplementPeriod, effect
from ekbom.diary_analysis.effect import block_bootstrap_interval
from ekbom.knowledge.diary_knowledge import load_effect_windows
from tests.diary_analysis.synthetic import (
    AS_OF,
    ONE_DAY,
    START,
    ar1_scores,
    before_after,
    iid_scores,
    symptom_series,
)


def test_effect_big_drop_interval_excludes_zero() -> None:
    result = effect(before_after(-3.0), "iron", AS_OF)
    assert result.refusal is None
    assert result.before is not None and result.after is not None
    assert (result.before.n, result.after.n) == (56, 56)
    assert result.difference == pytest.approx(result.after.mean - result.before.mean)
    assert result.difference == pytest.approx(-3.0, abs=0.5)
    assert result.interval is not None
    low, high = result.interval
    assert low < result.difference < high < 0
    assert "lower" in result.sentence and "does not include no change" in result.sentence
    assert "not that iron caused it" in result.sentence


def test_effect_no_change_interval_includes_zero() -> None:
    result = effect(before_after(0.0), "iron", AS_OF)
    assert result.interval is not None
    low, high = result.interval
    assert low < 0 < high
    assert "includes no change" in result.sentence
    assert "does not include" not in result.sentence


def test_effect_rise_is_reported_as_higher() -> None:
    result = effect(before_after(+2.0), "iron", AS_OF)
    assert result.interval is not None and result.interval[0] > 0
    assert "higher" in result.sentence and "does not include no change" in result.sentence


def test_effect_leaves_out_the_onset_days() -> None:
    # The 42 onset days all score 10; counting any of them would raise the after mean.
    result = effect(before_after(-3.0), "iron", AS_OF)
    assert result.after is not None and result.after.mean is not None
    assert result.after.first == START + 42 * ONE_DAY
    assert result.after.mean < 4.0


def test_effect_onset_comes_from_the_knowledge_windows() -> None:
    windows = load_effect_windows()
    assert windows.windows["iron"].onset_days == 42
    assert windows.windows["magnesium"].onset_days == 14
    assert windows.windows["vitamin_b6"].onset_days == 14
    data = before_after(-3.0, nutrient="magnesium", onset_days=14)
    result = effect(data, "magnesium", AS_OF)
    assert result.after is not None and result.after.first == START + 14 * ONE_DAY


def test_effect_is_deterministic() -> None:
    data = before_after(-1.0)
    assert effect(data, "iron", AS_OF) == effect(data, "iron", AS_OF)


def test_effect_block_bootstrap_is_wider_than_iid_on_autocorrelated_scores() -> None:
    before = ar1_scores(56, 6.0, 1.0, 0.8, seed=11)
    after = ar1_scores(56, 6.0, 1.0, 0.8, seed=12)
    block = block_bootstrap_interval(before, after, 7, 2000, 0.95, 1)
    iid = block_bootstrap_interval(before, after, 1, 2000, 0.95, 1)
    assert (block[1] - block[0]) > 1.4 * (iid[1] - iid[0])


def test_effect_block_bootstrap_matches_iid_width_on_independent_scores() -> None:
    before = iid_scores(56, 6.0, 1.0, seed=21)
    after = iid_scores(56, 6.0, 1.0, seed=22)
    block = block_bootstrap_interval(before, after, 7, 2000, 0.95, 1)
    iid = block_bootstrap_interval(before, after, 1, 2000, 0.95, 1)
    assert 0.7 < (block[1] - block[0]) / (iid[1] - iid[0]) < 1.3


def test_effect_uses_the_configured_block_length() -> None:
    data = before_after(0.0)
    windows = load_effect_windows()
    iid = windows._replace(method=windows.method._replace(block_days=1))
    first = effect(data, "iron", AS_OF)
    second = effect(data, "iron", AS_OF, windows=iid)
    assert (first.block_days, second.block_days) == (7, 1)
    assert first.interval != second.interval


def test_effect_refuses_with_too_few_days_before() -> None:
    data = before_after(-3.0, days=56)
    sparse = tuple(d for d in data.symptoms if d.date >= START or d.date.day % 5 == 0)
    result = effect(data._replace(symptoms=sparse), "iron", AS_OF)
    assert result.refusal == "too_few"
    assert result.difference is None and result.interval is None
    assert result.before is not None and result.before.n < 14
    assert "before" in result.sentence and "at least 14" in result.sentence


def test_effect_refuses_with_too_few_days_after() -> None:
    result = effect(before_after(-3.0), "iron", START + 50 * ONE_DAY)
    assert result.refusal == "too_few"
    assert result.after is not None and result.after.n == 9
    assert "after" in result.sentence


def test_effect_refusal_with_one_day_reads_right() -> None:
    """One scored day after the onset: no "1 days" in the sentence nor in the text."""
    from ekbom.cli.diary_reports import effect_text

    result = effect(before_after(-3.0), "iron", START + 42 * ONE_DAY)
    assert result.refusal == "too_few" and result.after is not None and result.after.n == 1
    assert "1 days" not in result.sentence and "): 1." in result.sentence
    text = effect_text(result)
    assert "1 scored days" not in text and "days with a score 1," in text


def test_effect_accepts_exactly_the_minimum_days() -> None:
    result = effect(before_after(-3.0), "iron", START + (42 + 13) * ONE_DAY)
    assert result.after is not None and result.after.n == 14
    assert result.refusal is None


def test_effect_refuses_when_another_supplement_started_in_the_window() -> None:
    other = SupplementPeriod("magnesium", 200, "mg", "day", START + 60 * ONE_DAY)
    result = effect(before_after(-3.0, supplements=(other,)), "iron", AS_OF)
    assert result.refusal == "other_change"
    assert "magnesium" in result.sentence and str(other.start) in result.sentence
    assert result.interval is None


def test_effect_refuses_when_another_supplement_stopped_in_the_window() -> None:
    other = SupplementPeriod("vitamin_d", 25, "ug", "day", date(2025, 1, 1), START - 10 * ONE_DAY)
    result = effect(before_after(-3.0, supplements=(other,)), "iron", AS_OF)
    assert result.refusal == "other_change"
    assert "stopped" in result.sentence


def test_effect_ignores_supplements_taken_throughout_or_outside_the_window() -> None:
    throughout = SupplementPeriod("vitamin_d", 25, "ug", "day", date(2024, 1, 1))
    later = SupplementPeriod("magnesium", 200, "mg", "day", AS_OF - 10 * ONE_DAY)
    data = before_after(-3.0, supplements=(throughout, later))
    assert effect(data, "iron", AS_OF).refusal is None


def test_effect_refuses_when_the_nutrient_was_taken_just_before() -> None:
    earlier = SupplementPeriod("iron", 65, "mg", "day", date(2025, 6, 1), START - 20 * ONE_DAY)
    result = effect(before_after(-3.0, supplements=(earlier,)), "iron", AS_OF)
    assert result.refusal == "taken_before"


def test_effect_refuses_without_a_start() -> None:
    data = before_after(-3.0)
    result = effect(data, "iron", START - ONE_DAY)
    assert result.refusal == "no_start" and result.start is None
    assert effect(data, "magnesium", AS_OF).refusal == "no_start"


def test_effect_cuts_the_after_side_at_the_last_day_taken() -> None:
    data = before_after(-3.0)
    stopped = data.supplements[0]._replace(end=START + 70 * ONE_DAY)
    result = effect(data._replace(supplements=(stopped,)), "iron", AS_OF)
    assert result.after is not None
    assert (result.after.last, result.after.n) == (stopped.end, 29)


def test_effect_reads_other_scores() -> None:
    before = symptom_series(START - 56 * ONE_DAY, iid_scores(56, 20.0, 3.0, 1), field="irls")
    after = symptom_series(START + 42 * ONE_DAY, iid_scores(56, 12.0, 3.0, 2), field="irls")
    data = DiaryData(symptoms=before + after, supplements=before_after(0).supplements)
    assert effect(data, "iron", AS_OF).refusal == "too_few"  # no NRS at all
    result = effect(data, "iron", AS_OF, score="irls")
    assert result.interval is not None and result.interval[1] < 0
    assert "IRLS score" in result.sentence


def test_effect_rejects_a_nutrient_without_window() -> None:
    with pytest.raises(AnalysisError, match="did you mean 'iron'"):
        effect(before_after(0.0), "irn", AS_OF)
    with pytest.raises(AnalysisError, match="use one of nrs, irls, nights"):
        effect(before_after(0.0), "iron", AS_OF, score="mood")


def test_effect_error_pickles_with_its_fields() -> None:
    error = AnalysisError("nutrient", "irn", "use iron")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.field, copy.value, copy.hint, str(copy)) == (
        "nutrient",
        "irn",
        "use iron",
        "nutrient 'irn': use iron",
    )


def test_effect_to_dict_is_json_ready() -> None:
    import json

    document = effect(before_after(-3.0), "iron", AS_OF).to_dict()
    assert json.loads(json.dumps(document)) == document
    assert document["before"]["n"] == 56 and document["method"]["block_days"] == 7
    assert document["start"] == START.isoformat() and document["refusal"] is None
