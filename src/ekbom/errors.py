"""Every exception ekbom raises.

The hierarchy::

    EkbomError                        base of everything below
    ├── ProfileError(ValueError)      a profile is invalid; `.problems` lists every problem
    ├── KnowledgeError(ValueError)    the knowledge files are invalid; `.issues` lists them
    ├── EntryError(ValueError)        a diary entry (or an import file) is invalid; `.problems`
    └── StoreError                    the diary's database cannot do what was asked
        ├── NotFoundError(LookupError)  no diary entry has that id
        └── ConflictError               the change clashes with what is stored
    InteropError                      clinical data exchange (FHIR, CDS Hooks) failed
    ├── FhirError(ValueError)         FHIR input ekbom cannot read; `.problems` lists why
    └── CdsHooksError(ValueError)     a CDS Hooks request ekbom cannot answer; `.status` 400/412
    ScreeningError                    a population screen cannot run (`.source`, `.message`)
    PlanError(ValueError)             a daily plan cannot be laid out (`.option`, `.message`)

Each error keeps structured fields, builds its message from them and pickles cleanly, so that a
worker process (or a Spark executor) can raise it and the caller still gets the whole list.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Literal, NamedTuple, get_args


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


class EntryError(ValueError, EkbomError):
    """A diary entry (or a diary import file) is invalid; nothing was written.

    `what` names the entry ("the lab entry", "entry 12", "diary.json"); `problems` lists every
    problem with its location, in the words of the profile format (`unit`, `entries[3].value`).
    """

    def __init__(self, what: str, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.what = what
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(what, self.problems)

    def __str__(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"  {problem}" for problem in self.problems]
        return f"{self.what} has {count} {noun}; nothing was saved:\n" + "\n".join(lines)


class AccountError(ValueError, EkbomError):
    """A form about a web account is invalid (or its email is taken); nothing was written.
    `problems` names the fields (`email`, `password`, `confirm`, `current`, `new`)."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.problems)


# What went wrong with the diary's database, as a kind each shell phrases a fix for (the command
# line: the command to run, `cli/store_fixes.py`; the web app: what the person or the site's
# operator does, `web/store_fixes.py`). The store says what and where, never how to fix it.
StoreProblem = Literal[
    "busy",  # another writer holds the diary; try again
    "unavailable",  # the database cannot be used right now
    "unreachable",  # the database server cannot be reached
    "no_database",  # the database named does not exist
    "bad_url",  # the address is not a database the diary can live in
    "cannot_open",  # the diary file cannot be opened or created
    "read_only",  # the diary file cannot be written
    "disk_full",
    "not_a_diary",  # the file is not a SQLite database
    "damaged",  # the diary file is corrupt
    "database_error",  # the database refused the work for another reason
    "tables_missing",
    "tables_outdated",
    "newer_schema",  # a newer ekbom wrote the diary (facts: revision, latest)
    "upgrade_failed",  # the schema upgrade failed and was undone
    "clash",  # the change clashes with a stored entry (ConflictError.clash names it, if one)
    "not_empty",  # an import into a diary that holds entries or basics
    "ids_taken",  # an import's entry ids belong to another diary of the store
    "no_entry",  # no entry has this id (facts: entry_id)
    "no_open_period",  # no supplement of this nutrient is being taken (facts: nutrient)
    "bug",  # ekbom itself did something wrong
]
STORE_PROBLEMS: tuple[StoreProblem, ...] = get_args(StoreProblem)


class StoreError(EkbomError):
    """The diary's database cannot do what was asked. It carries fields, not instructions:
    `message` says what went wrong in words every shell can show, `problem` the kind of failure
    (one of `STORE_PROBLEMS`), `facts` what a fix needs to name (`nutrient`, `entry_id`),
    `detail` the database driver's own words, and `database` where the data is (a file path or
    a URL without its password). Each shell phrases the fix from `problem` and `facts`."""

    def __init__(
        self,
        message: str,
        database: str = "",
        problem: StoreProblem = "bug",
        facts: Mapping[str, str] | None = None,
        detail: str = "",
    ) -> None:
        self.message = message
        self.database = database
        self.problem: StoreProblem = problem
        self.facts: dict[str, str] = dict(facts or {})
        self.detail = detail
        super().__init__(message, database)

    def __str__(self) -> str:
        text = f"{self.message} ({self.detail})" if self.detail else self.message
        return f"{text} (diary: {self.database})" if self.database else text

    def __reduce__(self) -> tuple[type[StoreError], tuple[str, str], dict[str, Any]]:
        return type(self), (self.message, self.database), dict(vars(self))


class NotFoundError(StoreError, LookupError):
    """No diary entry has the id asked for (`no_entry`), or nothing matches (`no_open_period`).

    StoreError comes first so that its `__init__` (and fields) win over LookupError's.
    """


class Clash(NamedTuple):
    """The stored entry a new or changed entry clashes with: its kind, id and first day; for a
    supplement period its nutrient and last day (None while it is open); and `field`, the field
    of the new entry to change (`date` of symptoms, `from` of a period). Each shell phrases the
    fix from it: the command line a command to run, the web app the form field to correct."""

    kind: str
    entry_id: int
    day: date
    field: str
    nutrient: str = ""
    ended_on: date | None = None


class ConflictError(StoreError):
    """The change clashes with what is stored: symptoms already logged for that day, supplement
    periods that overlap, an import into a diary that is not empty, or a database from a newer
    ekbom. `clash` names the stored entry when one entry clashes with another (else None)."""

    def __init__(
        self,
        message: str,
        database: str = "",
        clash: Clash | None = None,
        problem: StoreProblem = "clash",
        facts: Mapping[str, str] | None = None,
        detail: str = "",
    ) -> None:
        super().__init__(message, database, problem, facts, detail)
        self.clash = clash


class InteropError(EkbomError):
    """Clinical data exchange failed: FHIR input or a CDS Hooks request (see ekbom.interop)."""


class FhirError(ValueError, InteropError):
    """FHIR input ekbom cannot read: bad JSON, not a FHIR resource, invalid under the R4 models,
    or no Patient to build a profile for.

    `source` names the input (a file, `prefetch.labs`); `problems` lists each problem with its
    location inside it (`entry[3].resource.status`).
    """

    def __init__(self, source: str, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.source = source
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(source, self.problems)

    def __str__(self) -> str:
        lines = [f"  {problem}" for problem in self.problems]
        return f"{self.source} is not FHIR R4 data ekbom can read:\n" + "\n".join(lines)


class CdsHooksError(ValueError, InteropError):
    """A CDS Hooks request the service cannot answer.

    `status` is the HTTP status to answer with: 400 for a malformed request, 412 when data the
    service needs is neither prefetched nor fetchable; `problems` says what is wrong or missing.
    """

    def __init__(self, status: int, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.status = status
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(status, self.problems)

    def __str__(self) -> str:
        return "; ".join(str(problem) for problem in self.problems)


class ScreeningError(EkbomError):
    """A population screen (`ekbom screen`, `ekbom synth bulk`) cannot run.

    `source` names what is wrong (a folder, a file, a rule id, a missing extra); `message` says
    what is wrong with it and how to fix it.
    """

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        self.message = message
        super().__init__(source, message)

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class PlanError(ValueError, EkbomError):
    """`ekbom plan` cannot lay out a day with these settings (not a conflict between medicines,
    which is an answer, not an error): `option` names the setting (`wake`, `sleep`), `message`
    says what is wrong and how to fix it."""

    def __init__(self, option: str, message: str) -> None:
        self.option = option
        self.message = message
        super().__init__(option, message)

    def __str__(self) -> str:
        return f"{self.option}: {self.message}"
