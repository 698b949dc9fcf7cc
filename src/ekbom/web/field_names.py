"""Short names of the profile form's fields, for the error summary ("Age: must be a number").

The summary at the top of a form lists every problem; each names its field so that a person
knows what to fix before following the link. The names are the fields' `short` words in
questionnaire.yaml, beside their labels. Row fields take their row's name: `lab_1_unit`
is "Lab 2 unit", `supplement_0_amount` is "Supplement 1 amount", `medication_1` is
"Medicine 2".
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ekbom.knowledge.models import Knowledge
from ekbom.knowledge.questionnaire_words import load_questionnaire_words

PARTS = {"value": "result"}  # a row's part -> its label in questionnaire.yaml (else the same)
_LAB = re.compile(r"lab_(?P<row>\d+)_(?P<part>test|value|unit|date)")
_SUPPLEMENT = re.compile(r"supplement_(?P<row>\d+)_(?P<part>nutrient|amount|unit|per)")
_MEDICINE = re.compile(r"medication_(?P<row>\d+)")


def field_name(field: str, knowledge: Knowledge, values: Mapping[str, str] | None = None) -> str:
    """The short name of a form field ('' for the whole form, the field itself if unknown); a
    lab row's fields name the test chosen in `values` ("Lab 2 (Serum ferritin) unit")."""
    if not field:
        return ""
    loaded = load_questionnaire_words()
    if field in loaded.fields:
        return loaded.fields[field].short
    words = loaded.words  # the rows' labels, as the form shows them
    if found := _LAB.fullmatch(field):
        row = int(found["row"])
        test = knowledge.tests.get((values or {}).get(f"lab_{row}_test", ""))
        chosen = f" ({test.name})" if test else ""
        return f"{words['lab_row']} {row + 1}{chosen} {_part(found['part'], words)}"
    if found := _SUPPLEMENT.fullmatch(field):
        row = int(found["row"])
        return f"{words['supplement_row']} {row + 1} {_part(found['part'], words)}"
    if found := _MEDICINE.fullmatch(field):
        return f"{words['medicine_row']} {int(found['row']) + 1}"
    if field.startswith("caffeine_"):
        return loaded.fields["caffeine_mg_per_day"].short
    return field


def _part(part: str, words: Mapping[str, str]) -> str:
    return words[PARTS.get(part, part)].lower()
