"""The error hierarchy: every class pickles with its fields intact and sits where it should.

A worker process (or a Spark executor) raises these and the caller unpickles them, so a class that
loses its fields, or cannot be rebuilt, breaks error reporting far from where it was raised.
"""

from __future__ import annotations

import inspect
import pickle
from collections.abc import Callable
from datetime import date

import pytest

import ekbom
from ekbom import errors
from ekbom.errors import EkbomError, KnowledgeError, KnowledgeIssue, Problem, ProfileError

EXCEPTIONS = sorted(
    (
        cls
        for _, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, BaseException) and cls.__module__ == errors.__name__
    ),
    key=lambda cls: cls.__name__,
)

# One example instance per exception class, with every structured field filled in.
EXAMPLES: dict[type[BaseException], Callable[[], BaseException]] = {
    EkbomError: lambda: EkbomError("something went wrong"),
    ProfileError: lambda: ProfileError(
        [
            Problem("labs[0].unit", "'mg' is not a unit for ferritin; use ug/L, ng/mL"),
            Problem("age", "'forty' is not allowed; give a whole number from 0 to 120"),
            Problem("", "a problem with no location"),
        ]
    ),
    KnowledgeError: lambda: KnowledgeError(
        [
            KnowledgeIssue("rules/iron.yaml", 12, "unknown-key", "unknown key 'verdikt' in rule"),
            KnowledgeIssue("labs.yaml", 3, "unit", "unit 'ng/mL' needs a positive factor"),
        ]
    ),
    errors.InteropError: lambda: errors.InteropError("the CDS client went away"),
    errors.FhirError: lambda: errors.FhirError(
        "record.json", [Problem("entry[3].resource.status", "Field required")]
    ),
    errors.CdsHooksError: lambda: errors.CdsHooksError(
        412, [Problem("prefetch", "required keys missing: labs")]
    ),
    errors.EntryError: lambda: errors.EntryError(
        "the lab entry", [Problem("unit", "'mg' is not a unit for ferritin; use ug/L, ng/mL")]
    ),
    errors.AccountError: lambda: errors.AccountError(
        [Problem("email", "this email already has an account; sign in instead")]
    ),
    errors.StoreError: lambda: errors.StoreError(
        "the diary is busy", "/tmp/d.db", "busy", detail="database is locked"
    ),
    errors.NotFoundError: lambda: errors.NotFoundError(
        "there is no entry 12", "/tmp/d.db", "no_entry", {"entry_id": "12"}
    ),
    errors.ConflictError: lambda: errors.ConflictError(
        "iron is already logged since 2026-10-01 (entry 3)",
        "d.db",
        errors.Clash("supplement", 3, date(2026, 10, 1), "from", "iron", None),
    ),
    errors.PlanError: lambda: errors.PlanError("sleep", "the waking day is shorter than 12 hours"),
    errors.ScreeningError: lambda: errors.ScreeningError("bulk/", "no Patient files found"),
}
FIELDS = ("problems", "issues")


def test_errors_examples_cover_every_exception_class() -> None:
    assert EXCEPTIONS, "ekbom.errors defines no exception classes?"
    missing = [cls.__name__ for cls in EXCEPTIONS if cls not in EXAMPLES]
    assert not missing, f"add an example instance for: {missing}"


def _fields(error: BaseException) -> dict[str, object]:
    public = {k: v for k, v in vars(error).items() if not k.startswith("_")}
    return {**public, **{f: getattr(error, f) for f in FIELDS if hasattr(error, f)}}


@pytest.mark.parametrize("cls", EXCEPTIONS, ids=lambda cls: cls.__name__)
def test_error_pickles_with_equal_fields_and_message(cls: type[BaseException]) -> None:
    original = EXAMPLES[cls]()
    copy = pickle.loads(pickle.dumps(original))
    assert type(copy) is type(original)
    assert str(copy) == str(original)
    assert copy.args == original.args
    assert _fields(copy) == _fields(original)


@pytest.mark.parametrize("cls", EXCEPTIONS, ids=lambda cls: cls.__name__)
def test_error_pickles_with_every_protocol(cls: type[BaseException]) -> None:
    original = EXAMPLES[cls]()
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        copy = pickle.loads(pickle.dumps(original, protocol=protocol))
        assert str(copy) == str(original), protocol


@pytest.mark.parametrize("record", [Problem("age", "bad"), KnowledgeIssue("a.yaml", 1, "c", "m")])
def test_error_records_pickle_equal(record: object) -> None:
    assert pickle.loads(pickle.dumps(record)) == record


@pytest.mark.parametrize("cls", EXCEPTIONS, ids=lambda cls: cls.__name__)
def test_error_derives_from_ekbom_error(cls: type[BaseException]) -> None:
    assert issubclass(cls, EkbomError)


@pytest.mark.parametrize("cls", [ProfileError, KnowledgeError])
def test_error_invalid_input_is_value_error_and_ekbom_error(cls: type[BaseException]) -> None:
    assert issubclass(cls, ValueError)
    assert issubclass(cls, EkbomError)


def test_errors_are_the_ones_exported_by_ekbom() -> None:
    assert ekbom.ProfileError is ProfileError
    assert ekbom.KnowledgeError is KnowledgeError
    assert ekbom.EkbomError is EkbomError


def test_profile_error_message_lists_every_problem() -> None:
    error = EXAMPLES[ProfileError]()
    assert isinstance(error, ProfileError)
    text = str(error)
    for problem in error.problems:
        assert str(problem) in text
    assert "3 problems" in text


def test_knowledge_error_message_lists_every_issue() -> None:
    error = EXAMPLES[KnowledgeError]()
    assert isinstance(error, KnowledgeError)
    for issue in error.issues:
        assert f"{issue.path}:{issue.line}: {issue.check}: {issue.message}" in str(error)
