"""The supplement order check compares a child's order with the limit for the patient's age
(spec 1.1 §4), not the adult one."""

from __future__ import annotations

import httpx

from ekbom.interop.codings import Vocabulary
from tests.interop.test_order_check import check, draft

CHILD = {"age": 10, "sex": "female"}  # folic acid, strictest at 10: EU 400 (US 600)


def test_order_check_child_folic_acid_above_the_limit_for_the_age(
    cds: httpx.Client, vocab: Vocabulary
) -> None:
    cards = check(cds, vocab, CHILD, [draft("c1", "Folic Acid 1 MG Oral Tablet")])
    assert "above the upper limit of 400 mcg" in cards["folate"]["summary"]


def test_order_check_child_folic_acid_at_the_limit_for_the_age(
    cds: httpx.Client, vocab: Vocabulary
) -> None:
    assert check(cds, vocab, CHILD, [draft("c2", "Folic Acid 0.4 MG Oral Tablet")]) == {}
