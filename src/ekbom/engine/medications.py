"""Match free-text medicine names ("Zoloft 50 mg", "Acetaminophen / Doxylamine") to ingredients."""

from __future__ import annotations

from typing import NamedTuple

from ekbom.knowledge.loader import medication_words
from ekbom.knowledge.models import Knowledge

_LONGEST_NAME_WORDS = 4
_CACHE_SIZE = 10_000


class MatchedMedication(NamedTuple):
    """One medicine string and the ingredients recognised in it, in order of appearance."""

    text: str
    ingredients: tuple[str, ...]


def match_medication(text: str, knowledge: Knowledge) -> MatchedMedication:
    """Find every generic, alias or brand name in `text` (whole words, any case)."""
    cached = knowledge.match_cache.get(text)
    if cached is not None:
        return MatchedMedication(text, cached)
    words = medication_words(text)
    found: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST_NAME_WORDS, len(words) - i), 0, -1):
            hit = knowledge.names.get(" ".join(words[i : i + size]))
            if hit is not None:
                found.extend(name for name in hit if name not in found)
                i += size
                break
        else:
            i += 1
    if len(knowledge.match_cache) >= _CACHE_SIZE:
        knowledge.match_cache.clear()
    knowledge.match_cache[text] = tuple(found)
    return MatchedMedication(text, tuple(found))


def match_all(medications: tuple[str, ...], knowledge: Knowledge) -> tuple[MatchedMedication, ...]:
    return tuple(match_medication(text, knowledge) for text in medications)
