"""`fill`: a word from the knowledge with HTML in its place-holders; only the template's HTML is
left as it is, so a word or a person's entry cannot inject markup."""

from __future__ import annotations

from markupsafe import Markup

from ekbom.web.word_fill import fill


def test_the_word_and_plain_parts_are_escaped_and_html_parts_kept() -> None:
    link = Markup('<a href="#basics-h">About you</a>')
    filled = fill("Add <b>{missing}</b> under {link}.", missing="age & <sex>", link=link)
    assert filled == (
        'Add &lt;b&gt;age &amp; &lt;sex&gt;&lt;/b&gt; under <a href="#basics-h">About you</a>.'
    )
    assert isinstance(filled, Markup)


def test_a_word_without_place_holders_is_itself() -> None:
    assert fill("Deleted the entry.") == "Deleted the entry."
