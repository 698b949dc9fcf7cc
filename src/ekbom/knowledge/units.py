"""Unit spellings: the one place that decides whether a written unit is an accepted one.

Spellings are compared after normalising (µ and μ to u, "mcg" to "ug", no spaces); then an exact
match wins, else a case-insensitive match counts when it hits exactly one accepted spelling
(spec assessment-v1 §5.2).
"""

from __future__ import annotations

from collections.abc import Iterable


def normalise_unit(spelling: str) -> str:
    """`µg/L` -> `ug/L`, `mcg` -> `ug`, spaces removed; letter case is kept."""
    text = "".join(spelling.split()).replace("µ", "u").replace("μ", "u")
    return text.replace("mcg", "ug").replace("MCG", "ug").replace("Mcg", "ug")


def match_unit(spelling: str, accepted: Iterable[str]) -> str | None:
    """The accepted (normalised) spelling `spelling` stands for, or None."""
    choices = tuple(accepted)
    text = normalise_unit(spelling)
    if text in choices:
        return text
    folded = [choice for choice in choices if choice.lower() == text.lower()]
    return folded[0] if len(folded) == 1 else None
