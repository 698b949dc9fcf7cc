"""Match free-text medicine names ("Zoloft 50 mg", "Acetaminophen / Doxylamine") to ingredients."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ekbom.knowledge.loader import medication_words
from ekbom.knowledge.models import Knowledge

_CACHE_SIZE = 10_000


class MatchedMedication(NamedTuple):
    """One medicine string and the ingredients recognised in it, in order of appearance."""

    text: str
    ingredients: tuple[str, ...]


class NameSpan(NamedTuple):
    """A medicine name found in a string's words: words[start:end] is the name `key`."""

    start: int
    end: int
    key: str


def find_names(words: Sequence[str], knowledge: Knowledge) -> list[NameSpan]:
    """Every generic, alias or brand name in `words`, longest name first at each word.

    A name that is also a salt ("magnesium", "calcium") right after the name of a medicine
    that is not itself a nutrient belongs to that medicine ("esomeprazole magnesium") and is
    skipped; after a nutrient ("calcium magnesium zinc") it is a name of its own.
    """
    found: list[NameSpan] = []
    i = 0
    count = len(words)
    while i < count:
        longest = knowledge.name_lengths.get(words[i], 0)
        for size in range(min(longest, count - i), 0, -1):
            key = " ".join(words[i : i + size])
            if key in knowledge.names:
                if not (key in knowledge.salt_names and _names_a_salt_of(found, i, knowledge)):
                    found.append(NameSpan(i, i + size, key))
                i += size
                break
        else:
            i += 1
    return found


def _names_a_salt_of(found: list[NameSpan], i: int, knowledge: Knowledge) -> bool:
    """Whether a salt name at word `i` follows right after a medicine that is no nutrient."""
    if not found or found[-1].end != i:
        return False
    key = found[-1].key
    if key in knowledge.salt_names:
        return False
    return not any(knowledge.ingredients[name].nutrient for name in knowledge.names[key])


def match_medication(text: str, knowledge: Knowledge) -> MatchedMedication:
    """Find every generic, alias or brand name in `text` (whole words, any case)."""
    cached = knowledge.match_cache.get(text)
    if cached is not None:
        return MatchedMedication(text, cached)
    found: list[str] = []
    for span in find_names(medication_words(text), knowledge):
        found.extend(name for name in knowledge.names[span.key] if name not in found)
    if len(knowledge.match_cache) >= _CACHE_SIZE:
        knowledge.match_cache.clear()
    knowledge.match_cache[text] = tuple(found)
    return MatchedMedication(text, tuple(found))


def match_all(medications: tuple[str, ...], knowledge: Knowledge) -> tuple[MatchedMedication, ...]:
    return tuple(match_medication(text, knowledge) for text in medications)
