"""Read and check screening.yaml: what `ekbom screen` needs beyond the engine's knowledge.

Pure, like the rest of the knowledge package. The screen (ekbom.screening) reads the file through
`load_screening_codes()`; `ekbom kb check` checks it through `read_screening_file()`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

from ekbom.errors import KnowledgeIssue
from ekbom.knowledge import folder
from ekbom.knowledge import models as m
from ekbom.knowledge.core_reader import CORE
from ekbom.knowledge.medications_reader import medication_words
from ekbom.knowledge.reader import Reader, read_yaml_file
from ekbom.yamlsource import line_of

FILE = "screening.yaml"
GAPS = (
    "no_iron_studies",
    "iron_indicated_untreated",
    "iron_with_overload_risk",
    "trigger_medication",
    "dopamine_agonist_without_iron_studies",
)
"""The care gaps the screen computes (their meaning is code: ekbom.screening.gaps)."""

_SNOMED = re.compile(r"^[1-9][0-9]{5,17}$")
_ICD = re.compile(r"^[A-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?\*?$")
_FIELDS = {
    "version": "int",
    "rls": "map",
    "iron_studies": "strs",
    "iron_nutrient": "str",
    "iron_products": "strs",
    "dopamine_agonist_class": "str",
    "overload_red_flag": "str",
    "gaps": "list",
}


class Gap(NamedTuple):
    id: str
    title: str


class ScreeningCodes(NamedTuple):
    """Everything in screening.yaml, checked against the knowledge it refers to."""

    rls_snomed: tuple[str, ...]
    rls_icd10cm: tuple[str, ...]  # upper case, dots kept, as written; `*` marks a prefix
    iron_studies: tuple[str, ...]
    iron_nutrient: str
    iron_products: tuple[str, ...]  # lower-case words joined by single spaces
    dopamine_agonist_class: str
    overload_red_flag: str
    gaps: tuple[Gap, ...]


def load_screening_codes(directory: Path | str | None = None) -> ScreeningCodes:
    """The checked screening codes (loaded once per folder); KnowledgeError on any problem."""
    return folder.load(PART, directory)


def read_screening_file(
    root: Path, knowledge: m.Knowledge
) -> tuple[ScreeningCodes | None, list[KnowledgeIssue]]:
    """Read screening.yaml against `knowledge`; the codes (None on problems) and the issues."""
    issues: list[KnowledgeIssue] = []
    node, reader = read_yaml_file(root, FILE, issues)
    if node is None:
        return None, issues
    f = reader.fields(node, 1, _FIELDS, what=FILE)
    if len(f) != len(_FIELDS):
        return None, issues
    codes = _build(node, f, reader, knowledge)
    return (codes if not issues else None), issues


PART: folder.Part[ScreeningCodes] = folder.Part("screening", read_screening_file, CORE)
"""screening.yaml, read against the core knowledge."""


def _build(node: Any, f: dict[str, Any], reader: Reader, kb: m.Knowledge) -> ScreeningCodes:
    def at(key: str) -> int:
        return line_of(node, key, 1)

    snomed, icd = _rls(f["rls"], at("rls"), reader)
    _known(f["iron_studies"], kb.tests, "lab test", at("iron_studies"), reader)
    _known([f["iron_nutrient"]], kb.nutrients, "nutrient", at("iron_nutrient"), reader)
    _known(
        [f["dopamine_agonist_class"]],
        kb.classes,
        "medication class",
        at("dopamine_agonist_class"),
        reader,
    )
    _known([f["overload_red_flag"]], kb.red_flags, "red flag", at("overload_red_flag"), reader)
    return ScreeningCodes(
        rls_snomed=snomed,
        rls_icd10cm=icd,
        iron_studies=tuple(f["iron_studies"]),
        iron_nutrient=f["iron_nutrient"],
        iron_products=_names(f["iron_products"], at("iron_products"), reader),
        dopamine_agonist_class=f["dopamine_agonist_class"],
        overload_red_flag=f["overload_red_flag"],
        gaps=_gaps(node, reader),
    )


def _rls(
    node: dict[str, Any], line: int, reader: Reader
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    f = reader.fields(node, line, {"snomed": "strs", "icd10cm": "strs"}, what="rls")
    snomed = tuple(f.get("snomed", ()))
    icd = tuple(code.strip().upper() for code in f.get("icd10cm", ()))
    for code in snomed:
        if not _SNOMED.match(code):
            reader.report(line, "code", f"'{code}' is not a SNOMED CT concept id")
    for code in icd:
        if not _ICD.match(code):
            reader.report(line, "code", f"'{code}' is not an ICD-10-CM code (e.g. G25.81, G25*)")
    return snomed, icd


def _known(ids: list[str], known: dict[str, Any], what: str, line: int, reader: Reader) -> None:
    for item in ids:
        if item not in known:
            reader.report(
                line, "reference", f"unknown {what} '{item}'; use one of {', '.join(known)}"
            )


def _names(names: list[str], line: int, reader: Reader) -> tuple[str, ...]:
    seen: dict[str, int] = {}
    found = []
    for name in names:
        words = " ".join(medication_words(name))
        if words and reader.unique(seen, words, line, "iron product"):
            found.append(words)
    return tuple(found)


def _gaps(node: Any, reader: Reader) -> tuple[Gap, ...]:
    found: list[Gap] = []
    for f, _, line in reader.entries(node, "gaps", {"id": "str", "title": "str"}, what="gap"):
        if f["id"] not in GAPS:
            reader.report(
                line, "reference", f"unknown gap '{f['id']}'; use one of {', '.join(GAPS)}"
            )
            continue
        found.append(Gap(f["id"], " ".join(f["title"].split())))
    missing = [gap for gap in GAPS if gap not in {g.id for g in found}]
    if missing:
        reader.report(line_of(node, "gaps", 1), "missing-key", f"gaps needs {', '.join(missing)}")
    return tuple(found)
