"""The shared words of ekbom: each list of allowed names is written here once and imported by
every package that checks, offers or shows it (profile, engine, foods, store, CLI, web, screen).
Importing it costs nothing: it imports nothing.

These are names the code branches on, so they live in code; the labels people read for them come
from the knowledge data (text.yaml, nutrients.yaml, labs.yaml).
"""

from __future__ import annotations

DIETS = ("omnivore", "vegetarian", "vegan")
"""A profile's `diet`, widest first: each diet eats only the foods of the diets after it
(a vegetarian eats vegetarian and vegan foods)."""

LIMIT_SOURCES = ("us", "eu")
"""The upper-limit policies with their own figures in nutrients.yaml."""
STRICTEST = "strictest"
"""The policy whose limit is the lower of the sources' figures."""
POLICIES = (STRICTEST, *LIMIT_SOURCES)
"""A profile's `limits` choices, the default first."""
LIMIT_COLUMNS = (*LIMIT_SOURCES, STRICTEST)
"""The policies in the order nutrients.yaml writes them and tables show them."""

VERDICTS = ("recommended", "consider", "test_first", "not_indicated", "avoid")
"""A nutrient's verdict (spec assessment-v1 §2)."""
ACTIVE_VERDICTS = ("recommended", "consider")
"""Verdicts that suggest taking something (absorption interactions, doses, foods, plans apply)."""

ENTRY_KINDS = ("lab", "symptoms", "supplement")
"""The kinds of diary entry."""

TSAT_PARTS = ("serum_iron", "tibc")
"""The lab pair that transferrin saturation is worked out from (serum iron / TIBC x 100)."""

ENGINES = ("duckdb", "spark")
"""What `ekbom screen` can run on, the default first."""

DISPLAY_UNITS = {"mg": "mg", "ug": "mcg"}
"""How a nutrient unit is written for people ('ug' is stored, 'mcg' is read)."""


def display_unit(unit: str) -> str:
    """'mcg' for 'ug'; any other unit as it is."""
    return DISPLAY_UNITS.get(unit, unit)
