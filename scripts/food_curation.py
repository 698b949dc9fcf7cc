"""The curation rules of the food table, read from `knowledge/data/foods/curation.yaml`.

Used by `scripts/build_foods.py` only. Every rule is data in that file (groups and names left
out, how preparations collapse into one food, portions, fortification, diets); this module only
applies them. Regular expressions are Python syntax, matched case-insensitively.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ekbom import yamlsource
from ekbom.yamlsource import line_of

_BRACKETS = re.compile(r"\s*\([^()]*\)")
DIETS = ("vegan", "vegetarian", "omnivore")  # each allows the ones before it
_TOP = {
    "version": int,
    "source": dict,
    "nutrients": dict,
    "exclude": dict,
    "food": dict,
    "portion": dict,
    "fortified": dict,
    "diet": dict,
    "heme_groups": list,
}


def split_parts(description: str) -> list[str]:
    """The comma-separated parts of an SR28 description; commas inside brackets do not split."""
    parts, depth, current = [], 0, []
    for char in description:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth <= 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [part for part in parts if part]


class CurationError(Exception):
    """The curation file breaks its grammar (the message names the line)."""


def _fail(path: Path, line: int, message: str) -> CurationError:
    return CurationError(f"{path}:{line}: {message}")


def _regex(path: Path, node: Any, key: str | int, pattern: Any) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise _fail(path, line_of(node, key), f"{pattern!r} is not a regular expression")
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise _fail(
            path, line_of(node, key), f"bad regular expression {pattern!r}: {exc}"
        ) from None


def _fields(path: Path, node: Any, spec: Mapping[str, type], what: str) -> dict[str, Any]:
    """Check a mapping has exactly the keys of `spec`, each of its type."""
    if not isinstance(node, Mapping):
        raise _fail(path, line_of(node), f"{what} must be a mapping")
    for key in node:
        if key not in spec:
            raise _fail(path, line_of(node, key), f"unknown key '{key}' in {what}")
    for key, kind in spec.items():
        if key not in node:
            raise _fail(path, line_of(node), f"{what} needs '{key}'")
        if not isinstance(node[key], kind) or isinstance(node[key], bool) and kind is int:
            raise _fail(path, line_of(node, key), f"'{key}' in {what} must be a {kind.__name__}")
    return dict(node)


def _regex_list(path: Path, node: Any, what: str) -> list[re.Pattern[str]]:
    if not isinstance(node, list):
        raise _fail(path, line_of(node), f"{what} must be a list of regular expressions")
    return [_regex(path, node, i, pattern) for i, pattern in enumerate(node)]


def _reasoned(path: Path, node: Any, what: str) -> list[tuple[re.Pattern[str], str]]:
    """A list of {pattern, reason} entries."""
    if not isinstance(node, list):
        raise _fail(path, line_of(node), f"{what} must be a list")
    result = []
    for i, item in enumerate(node):
        f = _fields(path, item, {"pattern": str, "reason": str}, f"{what} entry")
        result.append((_regex(path, node, i, f["pattern"]), f["reason"]))
    return result


@dataclass
class Curation:
    """The rules, ready to apply."""

    requirement: str
    sha256: str
    folder: str
    source_title: str
    licence: str
    nutrients: dict[str, tuple[str, str]]
    exclude_groups: dict[str, str]
    exclude_names: list[tuple[re.Pattern[str], str]]
    keep: dict[str, str]
    keys: list[tuple[re.Pattern[str], str]]
    drop_parts: list[re.Pattern[str]]
    default_depth: int
    depth: list[tuple[str, int]]
    prefer: list[re.Pattern[str]]
    demote: list[re.Pattern[str]]
    representatives: dict[str, str]
    names: dict[str, str]
    templates: dict[str, str]
    portion_default: float
    require_measure: bool
    portion_groups: dict[str, float]
    portion_foods: list[tuple[re.Pattern[str], float]]
    portion_avoid: list[re.Pattern[str]]
    states: list[tuple[str, re.Pattern[str]]]
    fortified_patterns: list[re.Pattern[str]]
    fortified_srs: dict[str, str]
    diet_groups: dict[str, str]
    diet_default: str
    omnivore: list[re.Pattern[str]]
    vegetarian: list[re.Pattern[str]]
    vegan_phrases: list[re.Pattern[str]]
    diet_foods: dict[str, str]
    heme_groups: frozenset[str] = field(default_factory=frozenset)

    # -- which items stay ----------------------------------------------------------------------

    def excluded(self, sr: str, group: str, description: str) -> bool:
        if sr in self.keep:
            return False
        if group in self.exclude_groups:
            return True
        return any(pattern.search(description) for pattern, _ in self.exclude_names)

    # -- which food an item belongs to, and which item stands for the food --------------------

    def food_key(self, description: str) -> str:
        for pattern, key in self.keys:
            if pattern.search(description):
                return key
        parts = [_BRACKETS.sub("", part).strip() for part in split_parts(description)]
        kept = [p for p in parts if p and not any(d.fullmatch(p) for d in self.drop_parts)]
        kept = kept or parts[:1]
        joined = ", ".join(kept)
        depth = next(
            (n for prefix, n in self.depth if joined.lower().startswith(prefix.lower())),
            self.default_depth,
        )
        return ", ".join(kept[:depth])

    def representative_rank(
        self, key: str, sr: str, description: str, measured: bool
    ) -> tuple[Any, ...]:
        """Smaller is better: the named representative, an item with a household measure, one
        not demoted, the preferred preparation, the shorter description, the lower SR number."""
        preferred = next(
            (i for i, p in enumerate(self.prefer) if p.search(description)), len(self.prefer)
        )
        demoted = any(p.search(description) for p in self.demote)
        chosen = self.representatives.get(key) == sr
        return (not chosen, not measured, demoted, preferred, len(split_parts(description)), sr)

    def display_name(self, key: str) -> str:
        if key in self.names:
            return self.names[key]
        first, _, rest = key.partition(", ")
        template = self.templates.get(first)
        if template is None or not rest:
            return key
        return template.format(rest[:1].upper() + rest[1:]).strip()

    # -- properties of the food ----------------------------------------------------------------

    def fortified(self, sr: str, description: str) -> bool:
        return sr in self.fortified_srs or any(
            p.search(description) for p in self.fortified_patterns
        )

    def diet(self, group: str, description: str) -> str:
        key = self.food_key(description)
        if key in self.diet_foods:
            return self.diet_foods[key]
        diet = self.diet_groups.get(group, self.diet_default)
        if any(p.search(description) for p in self.omnivore):
            return "omnivore"
        text = description
        for phrase in self.vegan_phrases:
            text = phrase.sub(" ", text)
        if diet == "vegan" and any(p.search(text) for p in self.vegetarian):
            return "vegetarian"
        return diet

    def heme(self, group: str, description: str) -> bool:
        return group in self.heme_groups

    def portion(
        self, group: str, key: str, portions: tuple[tuple[float, str, float], ...]
    ) -> tuple[float, str, float]:
        """(amount, measure, grams) of the household measure closest to the food's serving."""
        target = next(
            (grams for pattern, grams in self.portion_foods if pattern.search(key)),
            self.portion_groups.get(group, self.portion_default),
        )
        usable = [p for p in portions if not any(a.search(p[1]) for a in self.portion_avoid)]
        candidates = [p for p in (usable or list(portions)) if p[2] > 0]
        if not candidates:
            return 100.0, "", 100.0
        return min(candidates, key=lambda p: abs(math.log(p[2] / target)))

    def state(self, description: str) -> str:
        return next((word for word, p in self.states if p.search(description)), "")


def load_curation(path: Path) -> Curation:
    """Read and check the curation file; CurationError names the line of a problem."""
    try:
        node = yamlsource.load(path.read_text(encoding="utf-8"))
    except yamlsource.YamlError as exc:
        raise _fail(path, exc.line, exc.message) from None
    top = _fields(path, node, _TOP, "the curation file")
    source = _fields(
        path,
        top["source"],
        {"requirement": str, "sha256": str, "folder": str, "title": str, "licence": str},
        "source",
    )
    return Curation(
        requirement=source["requirement"],
        sha256=source["sha256"],
        folder=source["folder"],
        source_title=" ".join(source["title"].split()),
        licence=" ".join(source["licence"].split()),
        nutrients=_nutrients(path, top["nutrients"]),
        **_exclusions(path, top["exclude"]),
        **_food(path, top["food"]),
        **_portion(path, top["portion"]),
        **_fortification(path, top["fortified"]),
        **_diet(path, top["diet"]),
        heme_groups=frozenset(str(g) for g in top["heme_groups"]),
    )


def _nutrients(path: Path, node: Any) -> dict[str, tuple[str, str]]:
    result = {}
    for column, entry in node.items():
        f = _fields(path, entry, {"number": str, "unit": str}, f"nutrient '{column}'")
        result[column] = (f["number"], f["unit"])
    return result


def _text_map(path: Path, node: Any, what: str) -> dict[str, str]:
    if not isinstance(node, Mapping):
        raise _fail(path, line_of(node), f"{what} must be a mapping")
    for key, value in node.items():
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise _fail(path, line_of(node, key), f"{what}: '{key}' needs a text value")
    return {str(k): str(v) for k, v in node.items()}


def _exclusions(path: Path, node: Any) -> dict[str, Any]:
    f = _fields(path, node, {"groups": dict, "names": list, "keep": dict}, "exclude")
    return {
        "exclude_groups": _text_map(path, f["groups"], "exclude.groups"),
        "exclude_names": _reasoned(path, f["names"], "exclude.names"),
        "keep": _text_map(path, f["keep"], "exclude.keep"),
    }


def _food(path: Path, node: Any) -> dict[str, Any]:
    spec = {
        "keys": list,
        "drop": list,
        "default_depth": int,
        "depth": dict,
        "prefer": list,
        "demote": list,
        "representatives": dict,
        "names": dict,
        "templates": dict,
    }
    f = _fields(path, node, spec, "food")
    depth = [(str(prefix), int(n)) for prefix, n in f["depth"].items()]
    keys = []
    for i, item in enumerate(f["keys"]):
        entry = _fields(path, item, {"match": str, "key": str}, "food.keys entry")
        keys.append((_regex(path, f["keys"], i, entry["match"]), entry["key"]))
    return {
        "keys": keys,
        "demote": _regex_list(path, f["demote"], "food.demote"),
        "drop_parts": _regex_list(path, f["drop"], "food.drop"),
        "default_depth": f["default_depth"],
        "depth": sorted(depth, key=lambda entry: -len(entry[0])),
        "prefer": _regex_list(path, f["prefer"], "food.prefer"),
        "representatives": _text_map(path, f["representatives"], "food.representatives"),
        "names": _text_map(path, f["names"], "food.names"),
        "templates": _text_map(path, f["templates"], "food.templates"),
    }


def _portion(path: Path, node: Any) -> dict[str, Any]:
    spec = {
        "default": int,
        "require_measure": bool,
        "groups": dict,
        "foods": list,
        "avoid": list,
        "states": dict,
    }
    f = _fields(path, node, spec, "portion")
    foods = []
    for i, item in enumerate(f["foods"]):
        entry = _fields(path, item, {"match": str, "grams": int}, "portion.foods entry")
        foods.append((_regex(path, f["foods"], i, entry["match"]), float(entry["grams"])))
    return {
        "portion_default": float(f["default"]),
        "require_measure": f["require_measure"],
        "portion_groups": {str(g): float(n) for g, n in f["groups"].items()},
        "portion_foods": foods,
        "portion_avoid": _regex_list(path, f["avoid"], "portion.avoid"),
        "states": [
            (str(word), _regex(path, f["states"], word, pattern))
            for word, pattern in f["states"].items()
        ],
    }


def _fortification(path: Path, node: Any) -> dict[str, Any]:
    f = _fields(path, node, {"patterns": list, "srs": dict}, "fortified")
    return {
        "fortified_patterns": _regex_list(path, f["patterns"], "fortified.patterns"),
        "fortified_srs": _text_map(path, f["srs"], "fortified.srs"),
    }


def _diet(path: Path, node: Any) -> dict[str, Any]:
    spec = {
        "default": str,
        "groups": dict,
        "omnivore": list,
        "vegetarian": list,
        "vegan_phrases": list,
        "foods": dict,
    }
    f = _fields(path, node, spec, "diet")
    groups = _text_map(path, f["groups"], "diet.groups")
    foods = _text_map(path, f["foods"], "diet.foods")
    for where, value in [("diet.default", f["default"]), *groups.items(), *foods.items()]:
        if value not in DIETS:
            raise _fail(path, line_of(node), f"{where}: diet must be one of {', '.join(DIETS)}")
    return {
        "diet_groups": groups,
        "diet_default": f["default"],
        "omnivore": _regex_list(path, f["omnivore"], "diet.omnivore"),
        "vegetarian": _regex_list(path, f["vegetarian"], "diet.vegetarian"),
        "vegan_phrases": _regex_list(path, f["vegan_phrases"], "diet.vegan_phrases"),
        "diet_foods": foods,
    }
