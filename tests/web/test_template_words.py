"""The templates hold no words of their own (issue 12, one voice): every label, heading, hint,
button, link and alt text of the web pages comes from questionnaire.yaml (words only the web pages
use) or from text.yaml's labels through `ekbom.presenter` (words every channel shares), so a word
written once cannot drift between pages, and the report's templates take theirs from the
presenter too."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ekbom.knowledge.loader import load_knowledge
from ekbom.knowledge.questionnaire_words import load_questionnaire_words
from ekbom.web.field_names import field_name

SRC = Path(__file__).parents[2] / "src/ekbom"
TEMPLATES = SRC / "web/templates"
REPORT_TEMPLATES = SRC / "report/templates"
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
SPOKEN = ("alt", "aria-label", "title", "placeholder")  # attributes a person reads or hears
# Not words: a macro's attribute text (` aria-invalid="true"`) and a bare path ("/openapi.json")
NOT_WORDS = re.compile(r'(\s*[\w-]+="[^"]*")+\s*|/[\w./-]*')


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.in_code = 0  # inside <code>: the machine's language, not words

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_code += tag == "code"
        self.found += [v.strip() for k, v in attrs if k in SPOKEN and v and _letters(v)]

    def handle_endtag(self, tag: str) -> None:
        self.in_code -= tag == "code"

    def handle_data(self, data: str) -> None:
        if not self.in_code and _letters(data) and not NOT_WORDS.fullmatch(data.strip()):
            self.found.append(data.strip())


def _letters(text: str) -> bool:
    return re.search(r"[A-Za-z]", text) is not None


def own_words(template: str) -> list[str]:
    """The text nodes and spoken attributes (alt, aria-label, ...) of `template` that hold letters
    once every Jinja tag is taken out, and the Jinja strings that read as words (a capital or a
    space: not a field name like "age")."""
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


ALL = sorted(TEMPLATES.glob("*.html")) + sorted(REPORT_TEMPLATES.glob("*.html"))


def test_every_template_is_checked() -> None:
    assert len(ALL) >= 23
    assert {p.name for p in TEMPLATES.glob("*.html")} >= {"base.html", "diary.html", "error.html"}


@pytest.mark.parametrize("path", ALL, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_the_template_has_no_words_of_its_own(path: Path) -> None:
    assert own_words(path.read_text("utf-8")) == []


def test_words_outside_jinja_are_found() -> None:
    """The check can fail: the old diary form and a label written in place are caught."""
    assert own_words('<label for="age">Age in years</label> {{ qw.fields.age.label }}') == [
        "Age in years"
    ]
    assert own_words('{{ number(values, errors, "age", "Age in years") }}') == ["Age in years"]
    old = '<img alt="Chart of {{ c.title|lower }} over time"><a href="/">Sign in</a>'
    assert own_words(old) == ["Chart of  over time", "Sign in"]
    old = '<p class="hint">Send it as <code>Authorization: Bearer TOKEN</code> to <code>/x</code>.'
    assert own_words(old) == ["Send it as", "to"]
    markup = '<input{% if e %} aria-invalid="true"{% endif %}><a href="/x">/openapi.json</a>'
    assert own_words(markup) == []


def test_every_profile_field_has_a_label_and_its_short_name_in_the_summary() -> None:
    fields = load_questionnaire_words().fields
    kb = load_knowledge()
    assert fields["age"].label == "Age in years"
    assert field_name("age", kb) == "Age"
    assert field_name("sex", kb) == "Sex at birth"  # no short name: the label
    assert field_name("caffeine_coffee", kb) == fields["caffeine_mg_per_day"].short
    assert all(field_name(name, kb) == words.short for name, words in fields.items())
