"""One store error of each kind, for the tests of how each shell phrases it."""

from __future__ import annotations

from ekbom.errors import Clash, ConflictError, NotFoundError, StoreError, StoreProblem

DRIVER_WORDS = "driver says: --db ekbom db upgrade"  # a careless shell would show these
NOT_FOUND = ("no_entry", "no_open_period")
CONFLICTS = ("clash", "not_empty", "ids_taken", "newer_schema")


def example(problem: StoreProblem, clash: Clash | None = None) -> StoreError:
    """A store error of kind `problem` (of the class the store raises it as), with the facts
    every fix may name and the driver's words."""
    facts = {"nutrient": "iron", "entry_id": "7", "revision": "9999", "latest": "0003"}
    args = (f"the diary failed ({problem})", "/srv/ekbom/diary.db")
    if problem in NOT_FOUND:
        return NotFoundError(*args, problem, facts, DRIVER_WORDS)
    if problem in CONFLICTS:
        return ConflictError(*args, clash, problem, facts, DRIVER_WORDS)
    return StoreError(*args, problem, facts, DRIVER_WORDS)
