"""`trend_figure`: lab panels with the rules' cut-offs, symptoms, shaded supplement periods."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ekbom.diary_analysis import (
    AnalysisError,
    DiaryData,
    LabPoint,
    SupplementPeriod,
    SymptomDay,
    trend_figure,
)
from ekbom.diary_analysis.trend import build_figure

DATA = DiaryData(
    profile={"age": 45, "sex": "female"},
    labs=(
        LabPoint("ferritin", 40, "ug/L", date(2026, 1, 10)),
        LabPoint("tsat", 15, "%", date(2026, 1, 10)),
        LabPoint("ferritin", 85, "ug/L", date(2026, 5, 10)),
        LabPoint("tsat", 24, "%", date(2026, 5, 10)),
    ),
    symptoms=tuple(
        SymptomDay(date(2026, 1, 1 + i), nrs=6 - i % 3, irls=20 if i % 7 == 0 else None)
        for i in range(30)
    ),
    supplements=(SupplementPeriod("iron", 65, "mg", "day", date(2026, 1, 15), date(2026, 4, 15)),),
)


def flat_lines(ax: Any) -> set[float]:
    """The y values of the horizontal lines drawn on an axes (the cut-offs)."""
    found = set()
    for line in ax.get_lines():
        ys = list(line.get_ydata())
        if len(ys) == 2 and ys[0] == ys[1] and line.get_linestyle() == "--":
            found.add(float(ys[0]))
    return found


def test_trend_png_is_written(tmp_path: Path) -> None:
    out = trend_figure(DATA, None, tmp_path / "trend.png")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_trend_svg_is_chosen_by_suffix(tmp_path: Path) -> None:
    out = trend_figure(DATA, ["ferritin"], tmp_path / "trend.SVG")
    assert b"<svg" in out.read_bytes()[:1000]


def test_trend_rejects_other_suffixes(tmp_path: Path) -> None:
    with pytest.raises(AnalysisError, match=r"\.png or \.svg"):
        trend_figure(DATA, None, tmp_path / "trend.jpg")
    assert not (tmp_path / "trend.jpg").exists()


def test_trend_rejects_unknown_tests(tmp_path: Path) -> None:
    with pytest.raises(AnalysisError, match="did you mean 'ferritin'"):
        trend_figure(DATA, ["feritin"], tmp_path / "trend.png")


def test_trend_draws_the_rules_cut_offs_on_each_lab_panel() -> None:
    figure = build_figure(DATA)
    ferritin, tsat = figure.axes[0], figure.axes[1]
    assert {75.0, 100.0} <= flat_lines(ferritin)
    assert 300.0 not in flat_lines(ferritin)  # far above the values: left out
    assert flat_lines(tsat) == {20.0}


def test_trend_labels_panels_with_names_and_units() -> None:
    figure = build_figure(DATA)
    titles = [ax.get_title(loc="left") for ax in figure.axes]
    assert titles[:3] == ["Serum ferritin (µg/L)", "Transferrin saturation (%)", "Symptoms"]
    assert figure.axes[0].get_ylabel() == "µg/L"
    assert "Supplements" in titles


def test_trend_limits_panels_to_the_tests_asked_for() -> None:
    figure = build_figure(DATA, ["tsat"])
    titles = [ax.get_title(loc="left") for ax in figure.axes]
    assert titles[0] == "Transferrin saturation (%)"
    assert not any("ferritin" in t for t in titles)


def test_trend_shades_supplement_periods_on_every_panel() -> None:
    figure = build_figure(DATA)
    for ax in figure.axes[:3]:
        assert len(ax.patches) >= 1, ax.get_title(loc="left")


def test_trend_without_entries_still_draws(tmp_path: Path) -> None:
    out = trend_figure(DiaryData(), None, tmp_path / "empty.png")
    assert out.stat().st_size > 0


def test_trend_panel_without_results_says_so() -> None:
    figure = build_figure(DATA, ["vitamin_d"])
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert "no results logged" in texts


def _texts(ax: Any) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_latest_result_is_labelled_in_the_unit_logged() -> None:
    """Vitamin D logged as 22 ng/mL: "22 ng/mL (54.9 nmol/L)", not "54.912"."""
    logged = LabPoint("vitamin_d", 54.912, "nmol/L", date(2026, 5, 10), 22, "ng/mL")
    same_number = LabPoint("ferritin", 85, "ug/L", date(2026, 5, 10), 85, "ng/mL")
    data = DATA._replace(labs=(DATA.labs[0], same_number, logged))
    panels = build_figure(data, ["ferritin", "vitamin_d"]).axes
    assert "22 ng/mL (54.9 nmol/L)" in _texts(panels[1])
    assert not any("54.912" in t for t in _texts(panels[1]))
    assert "85 ng/mL" in _texts(panels[0])
    canonical_only = build_figure(DATA, ["ferritin"]).axes[0]
    assert "85" in _texts(canonical_only)


def test_cramps_have_their_own_marker_and_legend_entry() -> None:
    days = tuple(d._replace(cramps=d.date.day % 4 == 0) for d in DATA.symptoms)
    symptoms = build_figure(DATA._replace(symptoms=days), ["ferritin"]).axes[1]
    (cramps,) = [line for line in symptoms.get_lines() if "cramps" in str(line.get_label())]
    assert cramps.get_marker() not in ("|", "_") and cramps.get_linestyle() == "None"
    legend = symptoms.get_legend()
    assert legend is not None and "night with leg cramps" in [t.get_text() for t in legend.texts]


def test_overlapping_supplements_both_show_and_are_named() -> None:
    magnesium = SupplementPeriod("magnesium", 300, "mg", "day", date(2026, 2, 1), None)
    data = DATA._replace(supplements=(*DATA.supplements, magnesium))
    figure = build_figure(data, ["ferritin"], as_of=date(2026, 6, 1))
    lab = figure.axes[0]
    spans = [p for p in lab.patches if p.get_hatch()]
    assert len(spans) == 2 and len({p.get_hatch() for p in spans}) == 2
    assert all(p.get_facecolor()[3] < 0.2 for p in spans)  # see-through: the other one shows
    (strip,) = [ax for ax in figure.axes if ax.get_title(loc="left") == "Supplements"]
    legend = strip.get_legend()
    assert legend is not None and [t.get_text() for t in legend.texts] == ["Iron", "Magnesium"]
