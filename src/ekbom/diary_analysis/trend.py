"""Trend charts: lab results over time with the rules' cut-offs, symptom scores, supplements.

One panel per lab test (values in the test's canonical unit, the decision thresholds of
`thresholds.decision_thresholds` as dashed lines, red for safety cut-offs), one panel of symptom
scores, and a strip with one row per supplement; supplement periods are also shaded on every
panel. matplotlib is imported inside the functions, and figures are built with the object API
(no pyplot, no global state), so this is safe in a server and costs nothing at import.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ekbom.diary_analysis.private_file import open_private
from ekbom.diary_analysis.records import AnalysisError, DiaryData, LabPoint, SymptomDay
from ekbom.diary_analysis.thresholds import Threshold, decision_thresholds
from ekbom.knowledge.loader import load_knowledge
from ekbom.knowledge.models import Knowledge
from ekbom.knowledge.reader import did_you_mean

FORMATS = {".png": "png", ".svg": "svg"}
WIDTH_IN = 8.0
LAB_PANEL_IN = 1.9
SYMPTOM_PANEL_IN = 2.3
SUPPLEMENT_ROW_IN = 0.28
SAFETY_COLOUR = "#c0392b"
CUTOFF_COLOUR = "#7f8c8d"
CRAMP_COLOUR = "#c0392b"
HATCHES = ("//", "\\\\", "..", "xx", "--", "++", "oo", "||")
NOTE = (
    "Dashed lines: cut-offs the ekbom rules use (red: safety cut-off). Shaded, hatched: "
    "supplements. Latest result in the unit you logged."
)


def display_unit(unit: str) -> str:
    """A unit as people read it (ug/L -> µg/L)."""
    return unit.replace("ug/", "µg/").replace("umol/", "µmol/")


def chart_tests(data: DiaryData, tests: Sequence[str] | None, knowledge: Knowledge) -> list[str]:
    """The tests to draw, in labs.yaml order: ``tests`` when given, else those in the diary."""
    if tests:
        for test in tests:
            if test not in knowledge.tests:
                hint = did_you_mean(test, knowledge.tests)
                raise AnalysisError(
                    "test", test, f"not a lab test{hint}; use one of {', '.join(knowledge.tests)}"
                )
        wanted = set(tests)
    else:
        wanted = {point.test for point in data.labs}
    return [test for test in knowledge.tests if test in wanted]


def trend_figure(
    data: DiaryData,
    tests: Sequence[str] | None,
    out_path: Path | str,
    *,
    as_of: date | None = None,
    knowledge: Knowledge | None = None,
) -> Path:
    """Draw the trend chart to ``out_path`` (PNG or SVG by its suffix) and return the path.

    ``tests`` limits the lab panels (None or empty: every test in the diary). Supplements still
    being taken are drawn up to ``as_of`` (default: the diary's latest date).
    """
    path = Path(out_path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise AnalysisError("out_path", str(path), "end the file name in .png or .svg")
    figure = build_figure(data, tests, as_of=as_of, knowledge=knowledge)
    with open_private(path) as handle:
        figure.savefig(handle, format=kind, dpi=150)
    return path


def figure_bytes(figure: Any, kind: str) -> bytes:
    """The figure encoded as ``png`` or ``svg``."""
    import io

    buffer = io.BytesIO()
    figure.savefig(buffer, format=kind, dpi=150)
    return buffer.getvalue()


def build_figure(
    data: DiaryData,
    tests: Sequence[str] | None = None,
    *,
    as_of: date | None = None,
    knowledge: Knowledge | None = None,
) -> Any:
    """The trend chart as a matplotlib Figure (not saved)."""
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    kb = knowledge or load_knowledge()
    shown = chart_tests(data, tests, kb)
    end = as_of or _last_date(data)
    nutrients = sorted({p.nutrient for p in data.supplements})
    heights = [LAB_PANEL_IN] * len(shown) + [SYMPTOM_PANEL_IN]
    if nutrients:
        heights.append(SUPPLEMENT_ROW_IN * len(nutrients) + 0.35)
    figure = Figure(
        figsize=(WIDTH_IN, sum(heights) + 0.9), layout=ConstrainedLayoutEngine(h_pad=0.06)
    )
    axes = figure.subplots(len(heights), 1, sharex=True, height_ratios=heights, squeeze=False)
    panels = [row[0] for row in axes]
    colours = _colours(nutrients)
    thresholds = decision_thresholds(kb, data.profile)
    for ax, test in zip(panels, shown, strict=False):
        _lab_panel(ax, data, test, thresholds.get(test, ()), kb)
    _symptom_panel(panels[len(shown)], data.symptoms)
    if nutrients:
        _supplement_strip(panels[-1], data, nutrients, colours, end, kb)
    for ax in panels[: len(shown) + 1]:
        _shade(ax, data, colours, end)
    _date_axis(panels[-1], data, end)
    figure.suptitle("Lab results, symptoms and supplements over time", fontsize=12)
    figure.supxlabel(NOTE, fontsize=7.5, color="#444444", x=0.01, ha="left")
    return figure


def _last_date(data: DiaryData) -> date:
    days = [p.date for p in data.labs] + [d.date for d in data.symptoms]
    days += [p.end or p.start for p in data.supplements]
    return max(days) if days else date.today()


def _colours(nutrients: list[str]) -> dict[str, Any]:
    from matplotlib import colormaps

    palette = colormaps["tab10"]
    return {nutrient: palette(i % 10) for i, nutrient in enumerate(nutrients)}


def _lab_panel(
    ax: Any, data: DiaryData, test: str, cutoffs: Sequence[Threshold], kb: Knowledge
) -> None:
    info = kb.tests[test]
    points = sorted((p.date, p.value) for p in data.labs if p.test == test)
    unit = display_unit(info.canonical)
    ax.set_ylabel(unit, fontsize=8)
    ax.set_title(f"{info.name} ({unit})", fontsize=9, loc="left")
    ax.tick_params(labelsize=8)
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.6)
    if not points:
        ax.text(0.5, 0.5, "no results logged", transform=ax.transAxes, ha="center", fontsize=8)
        return
    days = [d for d, _ in points]
    values = [v for _, v in points]
    ax.plot(days, values, marker="o", markersize=4, linewidth=1.4, color="#1f3b73", zorder=3)
    latest = max((p for p in data.labs if p.test == test), key=lambda p: p.date)
    ax.annotate(
        latest_label(latest, unit),
        (days[-1], values[-1]),
        textcoords="offset points",
        xytext=(-5, 6),
        ha="right",
        fontsize=7.5,
        color="#1f3b73",
    )
    low, high = min(values), max(values)
    visible = [c for c in cutoffs if low / 1.6 <= c.value <= high * 1.6 + 1e-9]
    for cut in visible:
        colour = SAFETY_COLOUR if cut.safety else CUTOFF_COLOUR
        ax.axhline(cut.value, linestyle="--", linewidth=0.9, color=colour, zorder=2)
        ax.annotate(
            f"{cut.value:g}",
            (1.0, cut.value),
            xycoords=("axes fraction", "data"),
            xytext=(3, -3),
            textcoords="offset points",
            fontsize=7,
            color=colour,
        )
    span = [*values, *(c.value for c in visible)]
    margin = (max(span) - min(span)) * 0.12 or abs(max(span)) * 0.1 or 1.0
    ax.set_ylim(
        max(0.0, min(span) - margin) if min(span) >= 0 else min(span) - margin, max(span) + margin
    )


def latest_label(point: LabPoint, unit: str) -> str:
    """The value as logged, with the canonical value beside it when the units differ:
    "22 ng/mL (54.9 nmol/L)"; a value logged in the canonical unit is just "54.9"."""
    shown = f"{round(point.value, 1):g}"
    if point.given_value is None or point.given_unit in (None, point.unit):
        return shown
    given = f"{point.given_value:g} {display_unit(point.given_unit or '')}"
    if round(point.given_value, 1) == round(point.value, 1):  # ng/mL is µg/L: same number
        return given
    return f"{given} ({shown} {unit})"


def _symptom_panel(ax: Any, symptoms: Sequence[SymptomDay]) -> None:
    ax.set_title("Symptoms", fontsize=9, loc="left")
    ax.set_ylabel("severity 0-10 / nights 0-7", fontsize=8)
    ax.set_ylim(-0.6, 13.5)  # the top is room for the legend
    ax.set_yticks(range(0, 11, 2))
    ax.tick_params(labelsize=8)
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.6)
    days = sorted(symptoms, key=lambda d: d.date)
    if not days:
        ax.text(0.5, 0.5, "no symptoms logged", transform=ax.transAxes, ha="center", fontsize=8)
        return
    span = (days[-1].date - days[0].date).days
    window = 7 if span <= 180 else 28 if span <= 3 * 365 else 91
    _score_line(ax, days, "nrs", "severity (0-10)", "#d35400", window)
    _score_line(ax, days, "nights", "nights with symptoms (0-7)", "#8e44ad", window)
    cramps = [d.date for d in days if d.cramps]
    if cramps:
        ax.plot(
            cramps,
            [-0.3] * len(cramps),
            linestyle="none",
            marker="^",
            color=CRAMP_COLOUR,
            markersize=4,
            label="night with leg cramps",
            rasterized=True,
        )
    handles: list[Any] = []
    labels: list[str] = []
    if any(d.irls is not None for d in days):
        right = ax.twinx()
        _score_line(right, days, "irls", "IRLS (0-40)", "#16a085", window)
        right.set_ylim(-2.4, 54.0)  # 0-40 lines up with 0-10 on the left
        right.set_yticks(range(0, 41, 10))
        right.set_ylabel("IRLS 0-40", fontsize=8)
        right.tick_params(labelsize=8)
        handles, labels = right.get_legend_handles_labels()
    own_handles, own_labels = ax.get_legend_handles_labels()
    ax.legend(
        own_handles + handles,
        own_labels + labels,
        fontsize=7,
        loc="upper left",
        ncols=2,
        frameon=False,
    )


def _score_line(
    ax: Any, days: Sequence[SymptomDay], field: str, label: str, colour: str, window: int
) -> None:
    points = [(d.date, float(getattr(d, field))) for d in days if getattr(d, field) is not None]
    if not points:
        return
    dates = [d for d, _ in points]
    values = [v for _, v in points]
    # Thousands of daily dots: rasterised, so an SVG (and the PDF built from it) stays small and
    # fast while the lines and text stay sharp vectors.
    ax.plot(dates, values, ".", markersize=2, alpha=0.35, color=colour, rasterized=True)
    ax.plot(
        dates,
        _rolling_mean(dates, values, window),
        linewidth=1.4,
        color=colour,
        label=f"{label}, {window}-day average",
    )


def _rolling_mean(dates: Sequence[date], values: Sequence[float], window: int) -> list[float]:
    """Mean of the scored days in the ``window`` days ending on each date (dates ascending)."""
    result: list[float] = []
    total = 0.0
    first = 0
    for i, day in enumerate(dates):
        total += values[i]
        while dates[first] <= day - timedelta(days=window):
            total -= values[first]
            first += 1
        result.append(total / (i - first + 1))
    return result


def _shade(ax: Any, data: DiaryData, colours: dict[str, Any], end: date) -> None:
    """Each supplement's periods in its colour, see-through and hatched its own way, so that
    overlapping periods both show."""
    hatches = _hatches(colours)
    for period in data.supplements:
        stop = (period.end or max(end, period.start)) + timedelta(days=1)
        colour = colours[period.nutrient]
        ax.axvspan(
            period.start,
            stop,
            facecolor=(*colour[:3], 0.08),
            edgecolor=(*colour[:3], 0.3),
            hatch=hatches[period.nutrient],
            linewidth=0,
            zorder=0,
        )


def _hatches(colours: dict[str, Any]) -> dict[str, str]:
    return {nutrient: HATCHES[i % len(HATCHES)] for i, nutrient in enumerate(colours)}


def _supplement_strip(
    ax: Any,
    data: DiaryData,
    nutrients: list[str],
    colours: dict[str, Any],
    end: date,
    kb: Knowledge,
) -> None:
    from matplotlib.patches import Patch

    ax.set_title("Supplements", fontsize=9, loc="left")
    hatches = _hatches(colours)
    names = [kb.nutrients[n].name if n in kb.nutrients else n for n in nutrients]
    for row, nutrient in enumerate(nutrients):
        periods = [p for p in data.supplements if p.nutrient == nutrient]
        stops = [(p.end or max(end, p.start)) + timedelta(days=1) for p in periods]
        ax.barh(
            [row] * len(periods),
            [stop - p.start for p, stop in zip(periods, stops, strict=True)],
            left=[p.start for p in periods],
            height=0.7,
            color=colours[nutrient],
            alpha=0.85,
            hatch=hatches[nutrient],
            edgecolor="white",
            linewidth=0,
        )
    ax.set_yticks(range(len(nutrients)))
    ax.set_yticklabels(names)
    legend = [
        Patch(facecolor=(*colours[n][:3], 0.15), edgecolor=colours[n], hatch=hatches[n], label=name)
        for n, name in zip(nutrients, names, strict=True)
    ]
    ax.legend(
        handles=legend,
        fontsize=7,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        frameon=False,
    )
    ax.set_ylim(len(nutrients) - 0.5, -0.5)
    ax.tick_params(labelsize=8)


def _date_axis(
    ax: Any, data: DiaryData, end: date, min_ticks: int = 4, max_ticks: int = 10
) -> None:
    """Dates along the x axis (`min_ticks` to `max_ticks` labels), spanning every entry and
    `end`."""
    import matplotlib.dates

    dates: Any = matplotlib.dates  # untyped module
    locator = dates.AutoDateLocator(minticks=min_ticks, maxticks=max_ticks)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))
    days = [p.date for p in data.labs] + [d.date for d in data.symptoms]
    days += [p.start for p in data.supplements]
    if days:
        first = min(days)
        ax.set_xlim(first - timedelta(days=3), max(end, first) + timedelta(days=3))
