"""Upper limits by age (spec 1.1 §4): children's US and EU bands, strictest, and their flags.

The expected figures are the spec's tables (and EFSA 2024's safe levels for iron), written out
here rather than read from the knowledge files, so a wrong band in nutrients.yaml fails a test.
"""

from __future__ import annotations

import pytest

import ekbom

from .conftest import assess, entry, flags, profile, supp

KB = ekbom.load_knowledge()


def _above(d: dict) -> set[str]:
    return {f["nutrient"] for f in d["red_flags"] if f["id"] == "supplement_above_limit"}


# (nutrient, policy, age, limit): the edges of the bands, on both sides of 18
LIMITS = [
    # iron: US 40 to 13, 45 from 14; EU EFSA 2024 safe levels; adults 45 / 40
    ("iron", "us", 0, 40),
    ("iron", "eu", 0, 5),
    ("iron", "strictest", 0, 5),
    ("iron", "eu", 3, 10),
    ("iron", "eu", 4, 15),
    ("iron", "eu", 6, 15),
    ("iron", "eu", 7, 20),
    ("iron", "eu", 10, 20),
    ("iron", "eu", 11, 30),
    ("iron", "us", 13, 40),
    ("iron", "us", 14, 45),
    ("iron", "eu", 14, 30),
    ("iron", "strictest", 14, 30),
    ("iron", "eu", 15, 35),
    ("iron", "us", 17, 45),
    ("iron", "eu", 17, 35),
    ("iron", "us", 18, 45),
    ("iron", "eu", 18, 40),
    ("iron", "strictest", 18, 40),
    # vitamin D: US 25 (0-6 months, age 0) / 63 / 75 / 100; EU 50 to 10, 100 from 11
    ("vitamin_d", "us", 0, 25),
    ("vitamin_d", "us", 1, 63),
    ("vitamin_d", "us", 3, 63),
    ("vitamin_d", "us", 4, 75),
    ("vitamin_d", "us", 8, 75),
    ("vitamin_d", "us", 9, 100),
    ("vitamin_d", "eu", 6, 50),
    ("vitamin_d", "strictest", 6, 50),
    ("vitamin_d", "eu", 10, 50),
    ("vitamin_d", "eu", 11, 100),
    # magnesium: no EU limit at 1-3, so strictest takes the US 65; none at all under 1
    ("magnesium", "us", 0, None),
    ("magnesium", "strictest", 0, None),
    ("magnesium", "eu", 2, None),
    ("magnesium", "strictest", 2, 65),
    ("magnesium", "strictest", 5, 110),
    ("magnesium", "strictest", 9, 250),
    ("magnesium", "us", 9, 350),
    # vitamin B6: EU EFSA 2023 per band
    ("vitamin_b6", "eu", 2, 3.2),
    ("vitamin_b6", "us", 2, 30),
    ("vitamin_b6", "strictest", 2, 3.2),
    ("vitamin_b6", "eu", 5, 4.5),
    ("vitamin_b6", "eu", 9, 6.1),
    ("vitamin_b6", "eu", 12, 8.6),
    ("vitamin_b6", "eu", 16, 10.7),
    ("vitamin_b6", "us", 16, 80),
    ("vitamin_b6", "strictest", 18, 12),
    # folic acid
    ("folate", "us", 0, None),
    ("folate", "us", 2, 300),
    ("folate", "eu", 2, 200),
    ("folate", "eu", 10, 400),
    ("folate", "us", 10, 600),
    ("folate", "strictest", 16, 800),
    # vitamin C: no EU limit at any age, so strictest is the US figure
    ("vitamin_c", "eu", 18, None),
    ("vitamin_c", "strictest", 18, 2000),
    ("vitamin_c", "eu", 5, None),
    ("vitamin_c", "strictest", 5, 650),
    ("vitamin_c", "strictest", 14, 1800),
    # vitamin E
    ("vitamin_e", "us", 2, 200),
    ("vitamin_e", "eu", 2, 100),
    ("vitamin_e", "eu", 15, 260),
    ("vitamin_e", "strictest", 15, 260),
    # no limit at any age
    ("vitamin_b12", "strictest", 5, None),
    ("calcium", "us", 5, None),
]


@pytest.mark.parametrize(("nutrient", "policy", "age", "expected"), LIMITS)
def test_limit_for_age(nutrient, policy, age, expected):
    assert KB.nutrients[nutrient].limit(policy, age) == expected


def test_every_nutrient_with_a_limit_has_bands_for_every_child_age():
    for nutrient in KB.nutrients.values():
        for age in range(18):
            for policy in ("us", "eu"):
                figure = nutrient.limit(policy, age)
                assert figure is None or figure > 0, (nutrient.id, policy, age)


def test_unknown_policy_is_refused_for_children_and_adults():
    with pytest.raises(KeyError):
        KB.nutrients["iron"].limit("uk", 6)
    with pytest.raises(KeyError):
        KB.nutrients["iron"].limit("uk", 40)


# (age, policy, supplements, nutrients over their limit): spec §3.9 supplement_above_limit
ABOVE = [
    (6, "us", [supp("vitamin_d", 75, "ug")], set()),
    (6, "us", [supp("vitamin_d", 76, "ug")], {"vitamin_d"}),
    (6, "us", [supp("vitamin_d", 3000, "IU")], set()),  # 75 ug
    (6, "us", [supp("vitamin_d", 3040, "IU")], {"vitamin_d"}),  # 76 ug
    (6, None, [supp("vitamin_d", 50, "ug")], set()),
    (6, None, [supp("vitamin_d", 51, "ug")], {"vitamin_d"}),
    (9, "us", [supp("vitamin_d", 100, "ug")], set()),
    (14, "us", [supp("iron", 45)], set()),
    (14, "us", [supp("iron", 46)], {"iron"}),
    (14, "eu", [supp("iron", 30)], set()),
    (14, "eu", [supp("iron", 31)], {"iron"}),
    (13, "us", [supp("iron", 41)], {"iron"}),
    (17, "eu", [supp("iron", 35)], set()),
    (17, "eu", [supp("iron", 36)], {"iron"}),
    (18, "us", [supp("iron", 45)], set()),
    (18, "us", [supp("iron", 46)], {"iron"}),
    (18, "eu", [supp("iron", 40)], set()),
    (18, "eu", [supp("iron", 41)], {"iron"}),
    (2, None, [supp("magnesium", 65)], set()),
    (2, None, [supp("magnesium", 66)], {"magnesium"}),
    (2, "eu", [supp("magnesium", 500)], set()),
    (0, None, [supp("iron", 5)], set()),
    (0, None, [supp("iron", 6)], {"iron"}),
    (5, None, [supp("vitamin_c", 651)], {"vitamin_c"}),
    (40, "eu", [supp("vitamin_c", 5000)], set()),
    (40, None, [supp("vitamin_c", 2000)], set()),
    (40, None, [supp("vitamin_c", 2001)], {"vitamin_c"}),
]


@pytest.mark.parametrize(("age", "policy", "supplements", "over"), ABOVE)
def test_supplement_above_limit_uses_the_limit_for_the_age(age, policy, supplements, over):
    kw = {"limits": policy} if policy else {}
    d = assess(profile(age=age, supplements=supplements), **kw)
    assert _above(d) == over


@pytest.mark.parametrize(
    ("amount", "raised"), [(3.2, False), (3.3, True)], ids=["at-limit", "above"]
)
def test_b6_above_limit_for_a_two_year_old_under_eu(amount, raised):
    d = assess(profile(age=2, supplements=[supp("vitamin_b6", amount)]), limits="eu")
    assert ("b6_above_limit" in flags(d)) is raised
    b6 = entry(d, "vitamin_b6")
    assert (b6["verdict"] == "avoid") is raised
    if raised:
        assert "The upper limit is 3.2 mg." in " ".join(b6["reasons"])


def test_the_flag_message_gives_the_childs_limit():
    d = assess(profile(age=6, supplements=[supp("vitamin_d", 76, "ug")]), limits="us")
    message = next(f["message"] for f in d["red_flags"] if f["id"] == "supplement_above_limit")
    assert "76 mcg" in message and "75 mcg" in message
