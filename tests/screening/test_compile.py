"""The condition-language compiler: the same decisions as the engine, on a table of people."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ekbom
from ekbom.engine.labs import lab_facts, round_half_away
from ekbom.errors import ScreeningError
from ekbom.profile import parse_profile
from ekbom.screening.compile import Compiler, Needs, needs_of, rounded_threshold
from tests.screening.conftest import AS_OF, needs_screening

KB = ekbom.load_knowledge()
BASE = {"age": 45, "sex": "female"}
IRON_CASES = [(rule.id, case.given) for rule in KB.rules["iron"].rules for case in rule.cases]
EXTRA_PROFILES: list[dict[str, Any]] = [
    {
        "age": 30,
        "sex": "female",
        "pregnant": True,
        "labs": [
            {"test": "ferritin", "value": 20, "unit": "ng/mL"},
            {"test": "tsat", "value": 12, "unit": "%"},
        ],
    },
    {"age": 9, "sex": "male", "labs": [{"test": "ferritin", "value": 74.5, "unit": "ug/L"}]},
    {
        "age": 60,
        "sex": "male",
        "conditions": ["dialysis"],
        "labs": [
            {"test": "ferritin", "value": 199.5, "unit": "ug/L"},
            {"test": "tsat", "value": 19.5, "unit": "%"},
        ],
    },
    {
        "age": 50,
        "sex": "female",
        "labs": [
            {"test": "ferritin", "value": 150, "unit": "ug/L"},
            {"test": "tsat", "value": 30, "unit": "%"},
            {"test": "crp", "value": 1.005, "unit": "mg/dL"},
        ],
    },
    {
        "age": 50,
        "sex": "female",
        "labs": [
            {"test": "ferritin", "value": 90, "unit": "ug/L"},
            {"test": "serum_iron", "value": 8.1, "unit": "umol/L"},
            {"test": "tibc", "value": 70, "unit": "umol/L"},
        ],
    },
]


@pytest.mark.parametrize("op", ["lt", "le", "gt", "ge"])
@given(
    value=st.floats(min_value=0, max_value=2000, allow_nan=False),
    limit=st.sampled_from([0.7, 1.05, 10, 19.5, 20, 45, 75, 100, 148, 200, 300, 75.25]),
    precision=st.sampled_from([0, 1, 2]),
)
def test_rounded_threshold_agrees_with_the_engine_rounding(
    op: str, value: float, limit: float, precision: int
) -> None:
    rounded = round_half_away(value, precision)
    expected = {
        "lt": rounded < limit,
        "le": rounded <= limit,
        "gt": rounded > limit,
        "ge": rounded >= limit,
    }[op]
    threshold = rounded_threshold(op, limit, precision)
    compiled = value < threshold if op in ("lt", "le") else value >= threshold
    assert compiled == expected, (value, threshold)


@pytest.mark.parametrize(
    ("value", "decimals"), [(44.5, 0), (44.49999999999999, 0), (10.05, 1), (1.005, 2), (0.745, 2)]
)
def test_rounded_threshold_agrees_at_exact_ties(value: float, decimals: int) -> None:
    for limit in (
        round_half_away(value, decimals),
        round_half_away(value, decimals) - 10**-decimals,
    ):
        threshold = rounded_threshold("ge", limit, decimals)
        assert (value >= threshold) == (round_half_away(value, decimals) >= limit)


def _facts_row(profile: dict[str, Any], tests: frozenset[str]) -> dict[str, Any]:
    person = parse_profile(profile, KB, as_of=AS_OF)
    current = lab_facts(person.labs, AS_OF, KB).current
    row: dict[str, Any] = {
        "patient": "x",
        "age": person.age,
        "sex": person.sex,
        "pregnant": person.pregnant,
        "postmenopausal": person.postmenopausal,
    }
    row |= {f"condition_{c}": c in person.conditions for c in KB.conditions}
    row |= {f"lab_{t}": current[t][1] if t in current else None for t in tests}
    return row


def _iron_rules_of(profiles: list[dict[str, Any]]) -> list[str]:
    import ibis
    import pyarrow as pa

    from ekbom.screening.backends import EngineOptions, connect
    from ekbom.screening.gaps import with_iron

    tests = frozenset(KB.tests)
    rows = [_facts_row(p, tests) | {"patient": f"p{i:03d}"} for i, p in enumerate(profiles)]
    kinds = {"patient": pa.string(), "age": pa.int64(), "sex": pa.string()}
    schema = pa.schema(
        [
            (name, kinds.get(name, pa.float64() if name.startswith("lab_") else pa.bool_()))
            for name in rows[0]
        ]
    )
    backend = connect("duckdb", EngineOptions())
    try:
        facts = backend.materialize(ibis.memtable(pa.Table.from_pylist(rows, schema=schema)))
        result = backend.execute(with_iron(facts, KB).order_by("patient").select("iron_rule"))
    finally:
        backend.close()
    return list(result.column("iron_rule").to_pylist())


@needs_screening
def test_compiled_iron_rules_decide_like_the_engine_on_every_rule_case() -> None:
    profiles = [{**BASE, **given} for _, given in IRON_CASES] + EXTRA_PROFILES
    engine = [ekbom.assess(p, as_of=AS_OF).nutrient("iron").rule_ids[0] for p in profiles]
    assert _iron_rules_of(profiles) == engine
    fired = {rule_id for rule_id, rule in zip(engine, profiles, strict=True)}
    assert fired == {rule.id for rule in KB.rules["iron"].rules}, "every iron rule is exercised"


def test_compile_rejects_an_operator_a_screen_cannot_see() -> None:
    with pytest.raises(ScreeningError) as caught:
        needs_of(
            {"all": [{"lab": "ferritin", "lt": 10}, {"symptom": "leg_cramps"}]}, "rules/x.yaml:3"
        )
    assert caught.value.source == "rules/x.yaml:3"
    assert "symptom" in caught.value.message


def test_needs_of_lists_every_fact_a_condition_reads() -> None:
    node = {
        "any": [
            {"lab": "tsat", "ge": 45},
            {"all": [{"missing": "crp"}, {"not": {"condition": ["dialysis", "ckd"]}}]},
            {"medication": ["sertraline"]},
            {"medication_class": "dopamine_agonist"},
            {"age": {"lt": 18}},
        ]
    }
    assert needs_of(node, "here") == Needs(
        labs=frozenset({"tsat", "crp"}),
        conditions=frozenset({"dialysis", "ckd"}),
        ingredients=frozenset({"sertraline"}),
        classes=frozenset({"dopamine_agonist"}),
    )


@needs_screening
def test_compiled_predicate_is_never_null_so_not_works() -> None:
    import ibis
    import pyarrow as pa

    from ekbom.screening.backends import EngineOptions, connect

    data = pa.table({"lab_ferritin": pa.array([None, 40.0, 400.0], pa.float64())})
    backend = connect("duckdb", EngineOptions())
    try:
        table = backend.materialize(ibis.memtable(data))
        expr = Compiler(table, KB).predicate({"not": {"lab": "ferritin", "gt": 300}}, "here")
        result = backend.execute(table.select(x=expr))
    finally:
        backend.close()
    assert result.column("x").to_pylist() == [True, True, False]
