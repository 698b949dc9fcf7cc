"""The trend chart cut into one picture per panel, for the diary page: a chart per lab test, one
of the symptom scores and one of the supplements, each drawn for the width it is shown at.

A phone shows the `narrow` picture (3.6 in wide: shown at about its own size, so its text is not
scaled down) and a wide screen the wide one. Every text is at least `MIN_PT` points (a point of
the SVG's viewBox is 4/3 CSS px at the picture's own size: 9 pt is 12 px), and the SVG keeps its
text as text (`svg.fonttype: none`) so that a test can read the sizes. The panels are those of
`trend.build_figure`, drawn by the same functions.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from ekbom.diary_analysis.records import AnalysisError, DiaryData
from ekbom.diary_analysis.thresholds import decision_thresholds
from ekbom.diary_analysis.trend import (
    _colours,
    _date_axis,
    _lab_panel,
    _last_date,
    _shade,
    _supplement_strip,
    _symptom_panel,
    chart_tests,
)
from ekbom.diary_analysis.trend_words import SYMPTOMS
from ekbom.knowledge.models import Knowledge

SUPPLEMENTS = "supplements"
"""The panel id of the supplement strip (the others are lab test ids and `SYMPTOMS`)."""


class Size(NamedTuple):
    """A picture's width in inches, its smallest text in points and its most date ticks."""

    width_in: float
    min_pt: float
    max_ticks: int


WIDE = Size(8.0, 10.0, 10)
NARROW = Size(3.6, 9.0, 4)
LAB_IN = 2.4
SYMPTOMS_IN = 3.0
NARROW_LEGEND_IN = 0.9
SUPPLEMENT_ROW_IN = 0.35


def panels(data: DiaryData, knowledge: Knowledge) -> list[str]:
    """The panels the diary has data for: its lab tests (labs.yaml order), then the symptoms
    (drawn even when empty, as in the whole chart) and the supplements when any were taken."""
    found = [*chart_tests(data, None, knowledge), SYMPTOMS]
    return [*found, SUPPLEMENTS] if data.supplements else found


def panel_height(panel: str, data: DiaryData, size: Size) -> float:
    """The picture's height in inches."""
    if panel == SUPPLEMENTS:
        return SUPPLEMENT_ROW_IN * len({p.nutrient for p in data.supplements}) + 1.1
    if panel == SYMPTOMS:
        return SYMPTOMS_IN + (NARROW_LEGEND_IN if size is NARROW else 0.0)
    return LAB_IN


def panel_figure(
    data: DiaryData, panel: str, size: Size, *, as_of: date, knowledge: Knowledge
) -> Any:
    """One panel as a matplotlib Figure (not saved); AnalysisError for a panel not in `panels`."""
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    if panel not in panels(data, knowledge):
        shown = ", ".join(panels(data, knowledge))
        raise AnalysisError("panel", panel, f"not a chart of this diary; use one of {shown}")
    figure = Figure(
        figsize=(size.width_in, panel_height(panel, data, size)),
        layout=ConstrainedLayoutEngine(h_pad=0.06),
    )
    ax = figure.subplots()
    nutrients = sorted({p.nutrient for p in data.supplements})
    colours = _colours(nutrients)
    if panel == SUPPLEMENTS:
        _supplement_strip(ax, data, nutrients, colours, as_of, knowledge)
        legend: Any = ax.get_legend()
        legend.remove()  # the rows are named on the left already
    elif panel == SYMPTOMS:
        _symptom_panel(ax, data.symptoms)
        if size is NARROW:
            _legend_below(ax)
    else:
        cutoffs = decision_thresholds(knowledge, data.profile).get(panel, ())
        _lab_panel(ax, data, panel, cutoffs, knowledge)
    if panel != SUPPLEMENTS:
        _shade(ax, data, colours, as_of)
    _date_axis(ax, data, as_of, min_ticks=2, max_ticks=size.max_ticks)
    _at_least(figure, size.min_pt)
    return figure


def panel_svg(
    data: DiaryData, panel: str, size: Size, *, as_of: date | None, knowledge: Knowledge
) -> bytes:
    """The panel as SVG with its text kept as text."""
    import io

    from matplotlib import rc_context

    figure = panel_figure(data, panel, size, as_of=as_of or _last_date(data), knowledge=knowledge)
    buffer = io.BytesIO()
    with rc_context({"svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg")
    return buffer.getvalue()


def _legend_below(ax: Any) -> None:
    """The symptom legend in one column under the chart (two columns do not fit a phone)."""
    legends = [a.get_legend() for a in ax.figure.axes if a.get_legend() is not None]
    handles: list[Any] = []
    labels: list[str] = []
    for legend in legends:
        handles += legend.legend_handles
        labels += [t.get_text() for t in legend.get_texts()]
        legend.remove()
    ax.set_ylim(-0.6, 10.6)  # no room kept for a legend at the top
    for right in (a for a in ax.figure.axes if a is not ax):
        right.set_ylim(-2.4, 42.4)  # IRLS 0-40 still lines up with 0-10 on the left
    if handles:
        ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(0.0, -0.18), frameon=False)


def _at_least(figure: Any, points: float) -> None:
    """Raise every text of the figure (titles, labels, ticks, legends) to `points` or more."""
    from matplotlib.text import Text

    for ax in figure.axes:
        ax.tick_params(which="both", labelsize=max(points, 0))
        ax.xaxis.get_offset_text().set_fontsize(points)
    for text in figure.findobj(Text):
        if text.get_fontsize() < points:
            text.set_fontsize(points)
