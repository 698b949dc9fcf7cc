"""Read each resource type once: keep the rows the screen needs, and every bad line.

All files of a type are read with the type's explicit schema and stacked, each row tagged with its
file name (`_file`). A row is bad (`_bad`) when its line was not a JSON object of that resource type
(both engines read such a line as a row with a null `resourceType`). One pass over the files keeps
the bad rows and the rows `keep` selects, projected to the columns the screen uses, and caches
them; the bad rows are counted per file later, from the cache: nothing is read twice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from ekbom.screening import _imports
from ekbom.screening.backends import Backend
from ekbom.screening.inputs import InputFiles


class TypeRows(NamedTuple):
    """One resource type's kept rows (bad ones included, `_bad` true), cached."""

    resource_type: str
    rows: Any  # Ibis table

    @property
    def good(self) -> Any:
        return self.rows.filter(~self.rows._bad)

    def bad_counts(self) -> Any:
        """Ibis table: file name (`key`) and number of bad lines (`n`) of each file that has any."""
        ibis = _imports.ibis()

        bad = self.rows.filter(self.rows._bad)
        counts = bad.group_by(key=bad._file).aggregate(n=bad.count())
        return counts.mutate(
            kind=ibis.literal(f"bad:{self.resource_type}"), detail=ibis.literal("")
        )


def _stacked(backend: Backend, files: tuple[Path, ...], resource_type: str, empty: Path) -> Any:
    ibis = _imports.ibis()

    tables = [
        backend.read(resource_type, path).mutate(_file=ibis.literal(path.name))
        for path in (files or (empty,))
    ]
    stacked = tables[0] if len(tables) == 1 else ibis.union(*tables, distinct=False)
    bad = stacked.resourceType.isnull() | (stacked.resourceType != resource_type)
    return stacked.mutate(_bad=bad.fill_null(True))


def read_type(
    backend: Backend,
    inputs: InputFiles,
    resource_type: str,
    keep: Callable[[Any], Any],
    columns: Callable[[Any], dict[str, Any]],
    empty: Path,
) -> TypeRows:
    """Read every file of `resource_type` once; `keep(t)` says which good rows to keep and
    `columns(t)` which columns (name -> expression) to keep of them. `empty` is an empty file
    read in place of a type the export does not have."""
    t = _stacked(backend, inputs.files(resource_type), resource_type, empty)
    projected = t.filter(t._bad | keep(t)).select(_file=t._file, _bad=t._bad, **columns(t))
    return TypeRows(resource_type, backend.materialize(projected))
