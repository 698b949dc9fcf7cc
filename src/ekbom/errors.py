"""Every exception ekbom raises.

The hierarchy::

    EkbomError                        base of everything below
    ├── ProfileError(ValueError)      a profile is invalid; `.problems` lists every problem
    └── KnowledgeError(ValueError)    the knowledge files are invalid; `.issues` lists them

Each error keeps structured fields, builds its message from them and pickles cleanly, so that a
worker process (or a Spark executor) can raise it and the caller still gets the whole list.
"""

from __future__ import annotations

from typing import NamedTuple


class EkbomError(Exception):
    """Base class of every ekbom error."""


class Problem(NamedTuple):
    """One thing wrong with a profile: where it is and what to do about it."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class ProfileError(ValueError, EkbomError):
    """A profile is invalid. Raised by `ekbom.assess` and the profile parser.

    `problems` holds every problem found, each with its location (`labs[2].unit`).
    """

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        count = len(self.problems)
        head = "the profile has 1 problem" if count == 1 else f"the profile has {count} problems"
        return head + ":\n" + "\n".join(f"  {problem}" for problem in self.problems)

    def __reduce__(self) -> tuple[type[ProfileError], tuple[tuple[Problem, ...]]]:
        return (type(self), (self.problems,))


class KnowledgeIssue(NamedTuple):
    """One problem in the knowledge files, at a file and line."""

    path: str
    line: int
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.check}: {self.message}"


class KnowledgeError(ValueError, EkbomError):
    """The knowledge files are invalid: `issues` lists each problem with file and line."""

    def __init__(self, issues: list[KnowledgeIssue] | tuple[KnowledgeIssue, ...]) -> None:
        self.issues: tuple[KnowledgeIssue, ...] = tuple(issues)
        super().__init__(self.issues)

    def __str__(self) -> str:
        return "invalid knowledge data:\n" + "\n".join(f"  {issue}" for issue in self.issues)

    def __reduce__(self) -> tuple[type[KnowledgeError], tuple[tuple[KnowledgeIssue, ...]]]:
        return (type(self), (self.issues,))
