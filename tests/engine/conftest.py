"""Helpers for the spec-conformance tests (assessment-v1.md).

Everything here is derived from the spec, not from the engine: the unit factors of §5.2, the
limits of §4 and the lab-selection rules of §1 are written out again on purpose.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import ekbom

AS_OF = "2026-11-28"
AS_OF_DATE = date(2026, 11, 28)

NUTRIENT_ORDER = [
    "iron",
    "vitamin_b12",
    "folate",
    "vitamin_d",
    "magnesium",
    "vitamin_b6",
    "vitamin_c",
    "vitamin_e",
]
VERDICTS = {"recommended", "consider", "test_first", "not_indicated", "avoid"}
GIVEN = {"recommended", "consider"}

# §5.2: test -> (canonical unit, {accepted unit: (factor, divide?)}, decision precision)
LAB_UNITS: dict[str, tuple[str, dict[str, tuple[float, bool]], int]] = {
    "ferritin": ("ug/L", {"ug/L": (1, False), "ng/mL": (1, False)}, 0),
    "tsat": ("%", {"%": (1, False)}, 0),
    "serum_iron": ("ug/dL", {"ug/dL": (1, False), "umol/L": (5.585, False)}, 0),
    "tibc": ("ug/dL", {"ug/dL": (1, False), "umol/L": (5.585, False)}, 0),
    "hemoglobin": ("g/dL", {"g/dL": (1, False), "g/L": (10, True), "mmol/L": (1.611, False)}, 1),
    "magnesium": (
        "mmol/L",
        {"mmol/L": (1, False), "mg/dL": (0.4114, False), "mEq/L": (2, True)},
        2,
    ),
    "vitamin_b12": (
        "pmol/L",
        {"pmol/L": (1, False), "pg/mL": (0.738, False), "ng/L": (0.738, False)},
        0,
    ),
    "folate": (
        "nmol/L",
        {"nmol/L": (1, False), "ng/mL": (2.266, False), "ug/L": (2.266, False)},
        1,
    ),
    "vitamin_d": ("nmol/L", {"nmol/L": (1, False), "ng/mL": (2.496, False)}, 0),
    "vitamin_b6": (
        "nmol/L",
        {"nmol/L": (1, False), "ug/L": (4.046, False), "ng/mL": (4.046, False)},
        0,
    ),
    "crp": ("mg/L", {"mg/L": (1, False), "mg/dL": (10, False)}, 1),
    "egfr": ("mL/min/1.73m2", {"mL/min/1.73m2": (1, False)}, 0),
    "mma": ("nmol/L", {"nmol/L": (1, False), "umol/L": (1000, False)}, 0),
}

# §4: nutrient -> (unit, {policy: limit}); vitamin_b12 has none.
LIMITS: dict[str, tuple[str, dict[str, float]]] = {
    "iron": ("mg", {"us": 45, "eu": 40, "strictest": 40}),
    "magnesium": ("mg", {"us": 350, "eu": 250, "strictest": 250}),
    "vitamin_b6": ("mg", {"us": 100, "eu": 12, "strictest": 12}),
    "folate": ("ug", {"us": 1000, "eu": 1000, "strictest": 1000}),
    "vitamin_c": ("mg", {"us": 2000, "eu": math.inf, "strictest": 2000}),
    "vitamin_e": ("mg", {"us": 1000, "eu": 300, "strictest": 300}),
    "vitamin_d": ("ug", {"us": 100, "eu": 100, "strictest": 100}),
}


# --- building profiles -------------------------------------------------------------------------


def profile(**overrides: Any) -> dict[str, Any]:
    """A minimal valid adult profile; keyword arguments replace or add keys."""
    base: dict[str, Any] = {"age": 45, "sex": "female"}
    base.update(overrides)
    return base


def lab(test: str, value: float, unit: str | None = None, date: str | None = None) -> dict:
    entry: dict[str, Any] = {
        "test": test,
        "value": value,
        "unit": unit if unit is not None else LAB_UNITS[test][0],
    }
    if date is not None:
        entry["date"] = date
    return entry


def supp(nutrient: str, amount: float, unit: str = "mg", per: str | None = None) -> dict:
    entry: dict[str, Any] = {"nutrient": nutrient, "amount": amount, "unit": unit}
    if per is not None:
        entry["per"] = per
    return entry


def iron_labs(ferritin: float | None, tsat: float | None) -> list[dict]:
    out = []
    if ferritin is not None:
        out.append(lab("ferritin", ferritin))
    if tsat is not None:
        out.append(lab("tsat", tsat))
    return out


def days_before(n: int, as_of: date = AS_OF_DATE) -> str:
    return (as_of - timedelta(days=n)).isoformat()


# --- running and reading assessments -----------------------------------------------------------


def assess(p: dict, **kwargs: Any) -> dict:
    kwargs.setdefault("as_of", AS_OF)
    return ekbom.assess(p, **kwargs).to_dict()


def entry(d: dict, nutrient: str) -> dict:
    matches = [n for n in d["nutrients"] if n["nutrient"] == nutrient]
    assert len(matches) == 1, f"{nutrient} appears {len(matches)} times"
    return matches[0]


def verdict(d: dict, nutrient: str) -> str:
    return entry(d, nutrient)["verdict"]


def rule(d: dict, nutrient: str) -> str:
    return entry(d, nutrient)["rule_ids"][0]


def flags(d: dict) -> set[str]:
    return {f["id"] for f in d["red_flags"]}


def requested(d: dict) -> dict[str, str]:
    """test -> priority ('essential' wins if a test is listed twice)."""
    out: dict[str, str] = {}
    for t in d["tests_to_request"]:
        if out.get(t["test"]) != "essential":
            out[t["test"]] = t["priority"]
    return out


def text_of(e: dict) -> str:
    parts = [e.get("summary") or "", *e.get("reasons", []), *e.get("cautions", [])]
    return " ".join(parts).lower()


def dose_in(dose: dict, unit: str) -> float:
    return convert_mass(float(dose["amount"]), dose["unit"], unit)


# --- spec arithmetic (§1, §4, §5.2) ------------------------------------------------------------


def round_half_away(value: float, places: int) -> float:
    q = Decimal(1).scaleb(-places)
    d = Decimal(repr(value))
    r = abs(d).quantize(q, rounding=ROUND_HALF_UP)
    return float(r if d >= 0 else -r)


def to_canonical(test: str, value: float, unit: str) -> float:
    factor, divide = LAB_UNITS[test][1][unit]
    return value / factor if divide else value * factor


def meets(test: str, value: float, pred: Any) -> bool:
    """Safety comparison: true when either the unrounded or the rounded value meets `pred`."""
    return bool(pred(value) or pred(round_half_away(value, LAB_UNITS[test][2])))


def _as_date(s: Any) -> date:
    return s if isinstance(s, date) else date.fromisoformat(str(s))


def _select(entries: list[dict]) -> dict | None:
    """§1: undated wins (last listed); else latest date, last listed on a tie."""
    if not entries:
        return None
    undated = [e for e in entries if e.get("date") is None]
    if undated:
        return undated[-1]
    best = entries[0]
    for e in entries[1:]:
        if _as_date(e["date"]) >= _as_date(best["date"]):
            best = e
    return best


def _is_stale(e: dict, as_of: date) -> bool:
    return e.get("date") is not None and (as_of - _as_date(e["date"])).days > 365


def current_value(p: dict, test: str, as_of: date = AS_OF_DATE) -> float | None:
    """The canonical, unrounded value the rules use for `test`, or None when missing/stale."""
    chosen = _select([e for e in p.get("labs", []) if e["test"] == test])
    if chosen is None or _is_stale(chosen, as_of):
        return None
    return to_canonical(test, chosen["value"], chosen["unit"])


def current_tsat(p: dict, as_of: date = AS_OF_DATE) -> float | None:
    """Measured TSAT if current, else the derived TSAT of the latest same-day iron/TIBC pair."""
    measured = current_value(p, "tsat", as_of)
    if measured is not None:
        return measured
    labs = p.get("labs", [])
    iron = [e for e in labs if e["test"] == "serum_iron"]
    tibc = [e for e in labs if e["test"] == "tibc"]
    keys = {e.get("date") for e in iron} & {e.get("date") for e in tibc}
    if not keys:
        return None
    key = None if None in keys else max(keys, key=_as_date)
    fe = [e for e in iron if e.get("date") == key][-1]
    tb = [e for e in tibc if e.get("date") == key][-1]
    if _is_stale(fe, as_of):
        return None
    return (
        to_canonical("serum_iron", fe["value"], fe["unit"])
        / to_canonical("tibc", tb["value"], tb["unit"])
        * 100
    )


def convert_mass(amount: float, unit: str, target: str, nutrient: str = "") -> float:
    u = unit.replace("µ", "u").replace("mcg", "ug")
    if u == "IU":
        if nutrient == "vitamin_d":
            amount, u = amount / 40, "ug"
        elif nutrient == "vitamin_e":
            amount, u = amount * 0.67, "mg"
        else:
            raise ValueError(f"IU for {nutrient}")
    mg = {"g": 1000.0, "mg": 1.0, "ug": 0.001}[u] * amount
    return mg / {"g": 1000.0, "mg": 1.0, "ug": 0.001}[target]


def supplement_total(p: dict, nutrient: str) -> float:
    """Current daily intake of `nutrient` from supplements, in the unit of its §4 limit."""
    target = LIMITS[nutrient][0] if nutrient in LIMITS else "mg"
    total = 0.0
    for s in p.get("supplements", []):
        if s["nutrient"] != nutrient:
            continue
        amount = convert_mass(s["amount"], s["unit"], target, nutrient)
        total += amount / 7 if s.get("per", "day") == "week" else amount
    return total


# §4 children (1.1): per nutrient the US figures for ages 0 / 1-3 / 4-8 / 9-13 / 14-17 and the EU
# figures for ages 0 / 1-3 / 4-6 / 7-10 / 11-14 / 15-17; inf = no limit. EU age 0 uses EFSA's
# infant figures (iron 5 mg from 4 months, vitamin D 25 ug, B6 2.2 mg from 4 months).
US_CHILD_BANDS = ((0, 0), (1, 3), (4, 8), (9, 13), (14, 17))
EU_CHILD_BANDS = ((0, 0), (1, 3), (4, 6), (7, 10), (11, 14), (15, 17))
_NONE = math.inf
CHILD_LIMITS: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    "iron": ((40, 40, 40, 40, 45), (5, 10, 15, 20, 30, 35)),
    "magnesium": ((_NONE, 65, 110, 350, 350), (_NONE, _NONE, 250, 250, 250, 250)),
    "vitamin_b6": ((_NONE, 30, 40, 60, 80), (2.2, 3.2, 4.5, 6.1, 8.6, 10.7)),
    "folate": ((_NONE, 300, 400, 600, 800), (_NONE, 200, 300, 400, 600, 800)),
    "vitamin_c": ((_NONE, 400, 650, 1200, 1800), (_NONE,) * 6),
    "vitamin_e": ((_NONE, 200, 300, 600, 800), (_NONE, 100, 120, 160, 220, 260)),
    "vitamin_d": ((25, 63, 75, 100, 100), (25, 50, 50, 50, 100, 100)),
}


def limit(nutrient: str, policy: str | None, age: int = 18) -> float:
    """The §4 limit for `age` (inf when none), worked out here from the spec's tables."""
    policy = policy or "strictest"
    if age >= 18:
        return LIMITS[nutrient][1][policy]
    us_figures, eu_figures = CHILD_LIMITS[nutrient]
    us = next(v for (lo, hi), v in zip(US_CHILD_BANDS, us_figures, strict=True) if lo <= age <= hi)
    eu = next(v for (lo, hi), v in zip(EU_CHILD_BANDS, eu_figures, strict=True) if lo <= age <= hi)
    return {"us": us, "eu": eu, "strictest": min(us, eu)}[policy]
