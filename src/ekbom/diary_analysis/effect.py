""" "Did it help?": symptom scores before and after a supplement was started.

The comparison (settings in ``knowledge/data/effect_windows.yaml``):

* the *before* side is the ``before_days`` days up to the day before the start;
* the days until the supplement can act (``onset_days``: iron 6 weeks, magnesium 2 weeks …) are
  left out;
* the *after* side is the next ``after_days`` days, cut short at the supplement's last day or
  at ``as_of``.

The estimate is the difference in mean scores (after minus before; negative = fewer symptoms).
Daily scores are autocorrelated (a bad week stays bad), so the interval comes from a moving-block
bootstrap: each side is rebuilt from randomly placed runs of ``block_days`` consecutive scored
days, which keeps that dependence and so gives an honestly wide interval. The seed is fixed, so
the same diary always gives the same answer.

There is no answer (a refusal with its reason) when either side has fewer than
``min_scored_days`` scored days, when another supplement was started or stopped inside the
compared days, or when the same nutrient was already taken during the before side.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple

from ekbom.diary_analysis.records import AnalysisError, DiaryData, SupplementPeriod, SymptomDay
from ekbom.knowledge.diary_knowledge import SCORES, EffectWindows, Method, load_effect_windows
from ekbom.knowledge.loader import load_knowledge
from ekbom.knowledge.models import Knowledge
from ekbom.knowledge.reader import did_you_mean

ONE_DAY = timedelta(days=1)


class Side(NamedTuple):
    """One side of the comparison: its days (inclusive) and the scores found in them."""

    first: date
    last: date
    n: int
    mean: float | None


class EffectResult(NamedTuple):
    """The answer to "did it help?", or a refusal (``refusal`` is then the reason's id)."""

    nutrient: str
    score: str
    as_of: date
    start: date | None
    onset_days: int
    before: Side | None
    after: Side | None
    difference: float | None
    interval: tuple[float, float] | None
    confidence: float
    block_days: int
    resamples: int
    seed: int
    sentence: str
    refusal: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (dates as YYYY-MM-DD)."""

        def side(s: Side | None) -> dict[str, Any] | None:
            if s is None:
                return None
            return {
                "first": s.first.isoformat(),
                "last": s.last.isoformat(),
                "n": s.n,
                "mean": s.mean,
            }

        return {
            "nutrient": self.nutrient,
            "score": self.score,
            "as_of": self.as_of.isoformat(),
            "start": self.start.isoformat() if self.start else None,
            "onset_days": self.onset_days,
            "before": side(self.before),
            "after": side(self.after),
            "difference": self.difference,
            "interval": list(self.interval) if self.interval else None,
            "confidence": self.confidence,
            "method": {
                "name": "difference in means, moving-block bootstrap percentile interval",
                "block_days": self.block_days,
                "resamples": self.resamples,
                "seed": self.seed,
            },
            "sentence": self.sentence,
            "refusal": self.refusal,
        }


def effect(
    data: DiaryData,
    nutrient: str,
    as_of: date,
    *,
    score: str = "nrs",
    windows: EffectWindows | None = None,
    knowledge: Knowledge | None = None,
) -> EffectResult:
    """Compare ``score`` before and after the latest start of ``nutrient`` up to ``as_of``.

    Raises `AnalysisError` for a nutrient without an effect window or an unknown score; thin or
    mixed-up data gives a result whose ``refusal`` names the reason.
    """
    settings = windows or load_effect_windows()
    kb = knowledge or load_knowledge()
    if nutrient not in settings.windows:
        hint = did_you_mean(nutrient, settings.windows)
        raise AnalysisError(
            "nutrient",
            nutrient,
            f"not a supplement whose effect ekbom can compare{hint}; "
            f"use one of {', '.join(settings.windows)}",
        )
    if score not in SCORES:
        raise AnalysisError("score", score, f"use one of {', '.join(SCORES)}")
    return _Comparison(data, nutrient, as_of, score, settings, kb).run()


class _Comparison:
    """One effect question; `run` answers it."""

    def __init__(
        self,
        data: DiaryData,
        nutrient: str,
        as_of: date,
        score: str,
        settings: EffectWindows,
        kb: Knowledge,
    ) -> None:
        self.data = data
        self.nutrient = nutrient
        self.as_of = as_of
        self.score = score
        self.settings = settings
        self.method: Method = settings.method
        self.onset = settings.windows[nutrient].onset_days
        self.names = {n: kb.nutrients[n].plain if n in kb.nutrients else n for n in kb.nutrients}

    def name(self, nutrient: str) -> str:
        return self.names.get(nutrient, nutrient.replace("_", " "))

    def result(self, sentence: str, **fields: Any) -> EffectResult:
        m = self.method
        blank = EffectResult(
            self.nutrient,
            self.score,
            self.as_of,
            None,
            self.onset,
            None,
            None,
            None,
            None,
            m.confidence,
            m.block_days,
            m.resamples,
            m.seed,
            sentence,
        )
        return blank._replace(**fields)

    def say(self, message: str, **values: Any) -> str:
        return self.settings.messages[message].format(
            nutrient=self.name(self.nutrient), score=self.settings.scores[self.score], **values
        )

    def run(self) -> EffectResult:
        period = _latest_start(self.data.supplements, self.nutrient, self.as_of)
        if period is None:
            return self.result(self.say("no_start"), refusal="no_start")
        start = period.start
        m = self.method
        before_days = (start - m.before_days * ONE_DAY, start - ONE_DAY)
        after_first = start + self.onset * ONE_DAY
        after_last = min(after_first + (m.after_days - 1) * ONE_DAY, self.as_of)
        if period.end is not None:
            after_last = min(after_last, period.end)
        before_scores = self.scores(*before_days)
        after_scores = self.scores(after_first, after_last)
        fields: dict[str, Any] = {
            "start": start,
            "before": _side(*before_days, before_scores),
            "after": _side(after_first, max(after_last, after_first), after_scores),
        }
        refusal = self.refusal(period, before_days[0], after_last, before_scores, after_scores)
        if refusal is not None:
            reason, sentence = refusal
            return self.result(sentence, refusal=reason, **fields)
        difference = _mean(after_scores) - _mean(before_scores)
        interval = block_bootstrap_interval(
            before_scores, after_scores, m.block_days, m.resamples, m.confidence, m.seed
        )
        return self.result(
            self.verdict(difference, interval), difference=difference, interval=interval, **fields
        )

    def scores(self, first: date, last: date) -> list[float]:
        """The scored days between ``first`` and ``last`` (inclusive), in date order."""
        days = sorted((d for d in self.data.symptoms if first <= d.date <= last), key=_day)
        values = [getattr(day, self.score) for day in days]
        return [float(v) for v in values if v is not None]

    def refusal(
        self,
        period: SupplementPeriod,
        first: date,
        last: date,
        before: Sequence[float],
        after: Sequence[float],
    ) -> tuple[str, str] | None:
        start = period.start
        for other in self.data.supplements:
            if other is period:
                continue
            if other.nutrient == self.nutrient and other.start < start:
                if other.end is None or other.end >= first:
                    return "taken_before", self.say("taken_before", day=start.isoformat())
                continue
            change = _change_inside(other, first, last)
            if change is not None and other.nutrient != self.nutrient:
                action, day = change
                text = self.say(
                    "other_change", other=self.name(other.nutrient), action=action, day=day
                )
                return "other_change", text
        needed = self.method.min_scored_days
        onset_first = start + self.onset * ONE_DAY
        sides = (
            ("before", before, first, start - ONE_DAY),
            ("after", after, onset_first, max(last, onset_first)),
        )
        for side, values, side_first, side_last in sides:
            if len(values) < needed:
                text = self.say(
                    "too_few",
                    side=side,
                    count=len(values),
                    needed=needed,
                    first=side_first.isoformat(),
                    last=side_last.isoformat(),
                )
                return "too_few", text
        return None

    def verdict(self, difference: float, interval: tuple[float, float]) -> str:
        low, high = interval
        size = abs(difference)
        shown = f"{size:.1f}" if size >= 0.05 else "less than 0.1"
        if difference == 0:
            return self.say("same", difference=shown)
        direction = "lower" if difference < 0 else "higher"
        sure = high < 0 or low > 0
        return self.say(f"{direction}_{'sure' if sure else 'unsure'}", difference=shown)


def _latest_start(
    periods: Sequence[SupplementPeriod], nutrient: str, as_of: date
) -> SupplementPeriod | None:
    started = [p for p in periods if p.nutrient == nutrient and p.start <= as_of]
    return max(started, key=lambda p: p.start) if started else None


def _change_inside(other: SupplementPeriod, first: date, last: date) -> tuple[str, str] | None:
    """("started"|"stopped", day) when ``other`` began or ended within [first, last]."""
    if first <= other.start <= last:
        return "started", other.start.isoformat()
    if other.end is not None and first <= other.end < last:
        return "stopped", (other.end + ONE_DAY).isoformat()
    return None


def _day(day: SymptomDay) -> date:
    return day.date


def _side(first: date, last: date, values: Sequence[float]) -> Side:
    return Side(first, last, len(values), _mean(values) if values else None)


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def block_bootstrap_interval(
    before: Sequence[float],
    after: Sequence[float],
    block_days: int,
    resamples: int,
    confidence: float,
    seed: int,
) -> tuple[float, float]:
    """Percentile interval of mean(after) - mean(before) by a moving-block bootstrap.

    Each side is resampled on its own from overlapping blocks of ``block_days`` consecutive
    values (``block_days`` = 1 is the ordinary bootstrap, which assumes independent days).
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    means_before = _block_means(np.asarray(before, dtype=float), block_days, resamples, rng)
    means_after = _block_means(np.asarray(after, dtype=float), block_days, resamples, rng)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(means_after - means_before, [tail, 100 - tail])
    return float(low), float(high)


def _block_means(values: Any, block_days: int, resamples: int, rng: Any) -> Any:
    import numpy as np

    n = len(values)
    block = min(block_days, n)
    blocks = -(-n // block)
    starts = rng.integers(0, n - block + 1, size=(resamples, blocks))
    index = (starts[:, :, None] + np.arange(block)).reshape(resamples, -1)[:, :n]
    return values[index].mean(axis=1)
