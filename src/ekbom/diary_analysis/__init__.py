"""Pure analysis of a person's diary: trend charts, "did it help?" and the report for the doctor.

The diary package (`ekbom.diary.analysis`) builds a `DiaryData` (see `records`) from the store,
and the shells call::

    trend_figure(data, tests, out_path)            # PNG or SVG by suffix -> Path
    effect(data, nutrient, as_of, score="nrs")     # -> EffectResult (answer or refusal)
    render_report(document, data, out_path)        # PDF or HTML by suffix -> Path

Nothing here touches the database. matplotlib, numpy and WeasyPrint are imported inside the
functions that need them, so importing this package stays cheap. A wrong request (an unknown
test or nutrient, an unsupported file suffix) raises `AnalysisError`.
"""

from __future__ import annotations

from ekbom.diary_analysis.effect import EffectResult, Side, effect
from ekbom.diary_analysis.records import (
    AnalysisError,
    DiaryData,
    LabPoint,
    SupplementPeriod,
    SymptomDay,
)
from ekbom.diary_analysis.report import render_report
from ekbom.diary_analysis.thresholds import Threshold, decision_thresholds
from ekbom.diary_analysis.trend import trend_figure

__all__ = [
    "AnalysisError",
    "DiaryData",
    "EffectResult",
    "LabPoint",
    "Side",
    "SupplementPeriod",
    "SymptomDay",
    "Threshold",
    "decision_thresholds",
    "effect",
    "render_report",
    "trend_figure",
]
