"""The plain records the diary analysis reads: what the store hands over, nothing more.

The store (``ekbom.store``) builds a `DiaryData` from its tables and passes it to the pure
functions of this package (`trend_figure`, `effect`, `render_report`). Every record is an
immutable named tuple (like ``ekbom.knowledge.models``) so building ten years of entries is cheap.

Conventions:

* ``LabPoint.test`` is a lab test id of ``knowledge/data/labs.yaml`` (``ferritin``, ``tsat`` …)
  and ``value``/``unit`` are already in that test's canonical unit (ferritin in ``ug/L``).
* ``SymptomDay`` holds one day's scores; a field is None when it was not logged that day.
  When a day was logged twice the store passes the latest entry only (one record per date).
* ``SupplementPeriod.nutrient`` is a nutrient id of ``nutrients.yaml`` (``iron``,
  ``magnesium`` …); ``end`` is None while the person still takes it (the last day taken
  otherwise, inclusive).
* ``DiaryData.profile`` is the stored basics as the profile mapping of spec assessment-v1 §1
  (``age``, ``sex``, ``medications`` …), without labs, symptoms or supplements.
* Lists are sorted by date (``start`` for supplements); the functions do not rely on it but
  charts and tables read better when the store keeps that order.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Any, NamedTuple

from ekbom.errors import EkbomError

_EMPTY: Mapping[str, Any] = MappingProxyType({})


class LabPoint(NamedTuple):
    """One lab result in the test's canonical unit (e.g. ferritin 42 ug/L on 2026-03-01), with
    the value and unit the person logged when they differ (vitamin D 22 ng/mL is 54.9 nmol/L);
    charts show the logged value with the canonical one beside it (spec 1.1 §3.11)."""

    test: str
    value: float
    unit: str
    date: date
    given_value: float | None = None
    given_unit: str | None = None


class SymptomDay(NamedTuple):
    """One day's symptom scores; None where that score was not logged.

    ``nrs`` is severity 0-10, ``irls`` the IRLS total 0-40, ``nights`` the nights with symptoms
    in the past week 0-7 and ``cramps`` whether there were leg cramps.
    """

    date: date
    nrs: float | None = None
    irls: float | None = None
    nights: int | None = None
    cramps: bool | None = None


class SupplementPeriod(NamedTuple):
    """A supplement taken from ``start`` to ``end`` (inclusive; None = still taking it).

    ``amount`` ``unit`` per ``per`` as the person logged it, e.g. 65 mg per day of iron.
    """

    nutrient: str
    amount: float
    unit: str
    per: str
    start: date
    end: date | None = None

    def active_on(self, day: date) -> bool:
        """Whether the supplement was taken on ``day``."""
        return self.start <= day and (self.end is None or day <= self.end)


class DiaryData(NamedTuple):
    """Everything the analysis needs from one person's diary."""

    profile: Mapping[str, Any] = _EMPTY
    labs: tuple[LabPoint, ...] = ()
    symptoms: tuple[SymptomDay, ...] = ()
    supplements: tuple[SupplementPeriod, ...] = ()


class AnalysisError(ValueError, EkbomError):
    """A request the diary analysis cannot answer because the request itself is wrong.

    ``field`` names what was wrong (``nutrient``, ``score``, ``tests``, ``out_path``), ``value``
    is what was given and ``hint`` says how to fix it. Data that is too thin for an answer is not
    an error: `effect` returns a refusal instead.
    """

    def __init__(self, field: str, value: str, hint: str) -> None:
        self.field = field
        self.value = value
        self.hint = hint
        super().__init__(field, value, hint)

    def __str__(self) -> str:
        return f"{self.field} '{self.value}': {self.hint}"

    def __reduce__(self) -> tuple[type[AnalysisError], tuple[str, str, str]]:
        return (type(self), (self.field, self.value, self.hint))
