"""The web forms hold no words of their own (issue 12, one voice): every label, heading, hint and
button of the profile fields, the questionnaire, the diary's add and "About you" forms and the
sign-in and register pages comes from questionnaire.yaml, so a label written once cannot drift
between the forms."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ekbom.knowledge.loader import load_knowledge
from ekbom.knowledge.questionnaire_words import load_questionnaire_words
from ekbom.web.field_names import field_name

TEMPLATES = Path(__file__).parents[2] / "src/ekbom/web/templates"
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_data(self, data: str) -> None:
        if re.search(r"[A-Za-z]", data):
            self.found.append(data.strip())


def own_words(template: str) -> list[str]:
    """The text nodes of `template` that hold letters once every Jinja tag is taken out, and the
    Jinja strings that read as words (a capital or a space: not a field name like "age")."""
    parser = _Text()
    parser.feed(JINJA.sub("", template))
    literals = (
        text
        for tag in JINJA.findall(template)
        if not tag.startswith("{#")  # a comment speaks to developers
        for text in re.findall(r"\"([^\"]*)\"|'([^']*)'", tag)
        for text in text
        if re.search(r"[A-Z]|[a-z] [a-z]", text)
    )
    return parser.found + list(literals)


def between(text: str, start: str, end: str) -> str:
    first = text.index(start)
    return text[first : text.index(end, first) + len(end)]


def diary_forms(text: str) -> str:
    """The diary page's add forms and its "About you" form (its history and charts may speak)."""
    add = between(text, '<section class="add-forms"', "</section>")
    return add + between(text, '<details class="basics"', "</details>")


PARTS = {
    "_profile_fields.html": lambda text: text,
    "questionnaire.html": lambda text: text,
    "_questionnaire_parts.html": lambda text: text,
    "diary.html": diary_forms,
    "login.html": lambda text: text,
    "register.html": lambda text: text,
}


@pytest.mark.parametrize("name", sorted(PARTS))
def test_the_form_template_has_no_words_of_its_own(name: str) -> None:
    text = (TEMPLATES / name).read_text("utf-8")
    assert own_words(PARTS[name](text)) == []


def test_words_outside_jinja_are_found() -> None:
    """The check can fail: the old diary form and a label written in place are caught."""
    assert own_words('<label for="age">Age in years</label> {{ qw.fields.age.label }}') == [
        "Age in years"
    ]
    assert own_words('{{ number(values, errors, "age", "Age in years") }}') == ["Age in years"]
    old = '<section class="add-forms"><h2>Add to your diary</h2></section>'
    old += '<details class="basics">x</details>'
    assert own_words(diary_forms(old)) == ["Add to your diary", "x"]


def test_every_profile_field_has_a_label_and_its_short_name_in_the_summary() -> None:
    fields = load_questionnaire_words().fields
    kb = load_knowledge()
    assert fields["age"].label == "Age in years"
    assert field_name("age", kb) == "Age"
    assert field_name("sex", kb) == "Sex at birth"  # no short name: the label
    assert field_name("caffeine_coffee", kb) == fields["caffeine_mg_per_day"].short
    assert all(field_name(name, kb) == words.short for name, words in fields.items())
