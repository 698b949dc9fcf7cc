"""The `fill` template filter: a word from the knowledge with HTML put in its place-holders, so a
sentence that holds a link or a piece of code is still written once, in the data file."""

from __future__ import annotations

from markupsafe import Markup, escape


def fill(word: str, **parts: object) -> Markup:
    """`word` with each `{name}` replaced by `parts[name]`: the word's own text and plain parts
    are escaped, a part the template built as HTML (`{% set link %}<a ...>{% endset %}`) is not.
    """
    return Markup(escape(word)).format(**parts)
