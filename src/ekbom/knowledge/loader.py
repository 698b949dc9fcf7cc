"""The one entry point to the knowledge folder: load it, or check every file in it.

`load_knowledge()` returns the checked core knowledge (read once per folder, kept in the one
cache of `ekbom.knowledge.folder`) and raises `KnowledgeError` listing every problem;
`check_knowledge()` returns the problems of every part instead, for `ekbom kb check`. The other
parts (interop, screening, timing, the diary's files) are loaded by their own `load_*` functions
through the same cache, and `parts()` lists them all so that the check misses none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ekbom.errors import KnowledgeIssue
from ekbom.knowledge import folder
from ekbom.knowledge import models as m
from ekbom.knowledge.core_reader import CORE
from ekbom.knowledge.folder import DATA_DIR as DATA_DIR
from ekbom.knowledge.folder import data_dir
from ekbom.knowledge.medications_reader import medication_words

__all__ = ["check_knowledge", "data_dir", "load_knowledge", "medication_words", "parts"]


def parts() -> tuple[folder.Part[Any], ...]:
    """Every part of the folder beyond the core, in the order the check reports them. (Their
    readers are imported here, not at start-up: a command needs only the parts it uses.)"""
    from ekbom.knowledge import (
        caffeine_drinks,
        diary_assess,
        diary_knowledge,
        interop_codes,
        nutrient_names,
        questionnaire_words,
        screening_codes,
        timing_reader,
        trend_words,
    )

    return (
        interop_codes.PART,  # fhir_codes.yaml and cds_hooks.yaml
        screening_codes.PART,  # screening.yaml (`ekbom screen`)
        timing_reader.PART,  # timing.yaml (`ekbom plan`)
        diary_assess.PART,  # diary_assess.yaml (`assess --diary`)
        diary_knowledge.EFFECT_WINDOWS,  # effect_windows.yaml (the diary's analysis)
        diary_knowledge.REPORT_QUESTIONS,  # report_questions.yaml (`ekbom report`)
        nutrient_names.PART,  # nutrient_names.yaml (what people type for a nutrient)
        caffeine_drinks.PART,  # caffeine_drinks.yaml (the web form's cups)
        trend_words.PART,  # trend_words.yaml (the diary page's trend sentences)
        questionnaire_words.PART,  # questionnaire.yaml (the web questionnaire's choices)
    )


def load_knowledge(directory: Path | str | None = None) -> m.Knowledge:
    """The checked knowledge base (loaded once per folder); KnowledgeError if it has problems."""
    return folder.load(CORE, directory)


def check_knowledge(directory: Path | str | None = None) -> list[KnowledgeIssue]:
    """Every problem in the knowledge files, in file order (empty when all is well). A part
    that refers to the core is checked only when the core has no problems."""
    root = Path(directory or data_dir())
    knowledge, issues = CORE.read(root, None)
    for part in parts():
        if part.needs is None:
            issues.extend(part.read(root, None)[1])
        elif knowledge is not None:
            issues.extend(part.read(root, knowledge)[1])
    return issues
