"""What readers of rule-like records check their references against."""

from __future__ import annotations

import re
from typing import Any

from ekbom.knowledge import models as m
from ekbom.knowledge.language import Compiled, Vocabulary, compile_when
from ekbom.knowledge.reader import Reader

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class ReadContext:
    """The vocabulary, citations, tests and nutrients read so far."""

    def __init__(
        self,
        vocab: Vocabulary,
        citations: dict[str, m.Citation],
        tests: dict[str, m.LabTest],
        nutrients: dict[str, m.Nutrient],
    ) -> None:
        self.vocab = vocab
        self.citations = citations
        self.tests = tests
        self.nutrients = nutrients

    def cite(self, ids: Any, reader: Reader, line: int) -> tuple[str, ...]:
        """Check citation ids exist; return them as a tuple."""
        for cid in ids or ():
            if cid not in self.citations:
                reader.report(line, "citation", f"unknown citation id '{cid}'")
        return tuple(ids or ())

    def compile(self, node: Any, reader: Reader, line: int) -> Compiled:
        """Check and compile a `when:` condition."""
        return compile_when(
            node, self.vocab, lambda at, message: reader.report(at, "condition", message), line
        )

    def placeholders(self, text: str, reader: Reader, line: int) -> str:
        """Check that `{name}` placeholders in a rule text are ones the engine fills."""
        for name in _PLACEHOLDER.findall(text):
            kind, _, nutrient = name.partition(".")
            ok = name in self.tests or (kind in ("intake", "limit") and nutrient in self.nutrients)
            if not ok:
                reader.report(
                    line,
                    "placeholder",
                    f"unknown placeholder '{{{name}}}'; use a lab test id, "
                    "intake.NUTRIENT or limit.NUTRIENT",
                )
        return text
