"""The personal diary's storage: lab results, symptom scores, supplement periods and basics.

Open it with `open_store(store_settings(db=...))` (or `opened(...)`), then read through the
functions of `ekbom.store.repository` (the only code that commits) and write through
`ekbom.diary.entries`, which checks entries and basics before the repository stores them.
The schema is kept current by the Alembic migrations in `migrations/`.
"""

from ekbom.store.basics import Basics
from ekbom.store.entries import Entry, LabEntry, Stamp, SupplementEntry, SymptomEntry
from ekbom.store.session import Store, open_store, opened
from ekbom.store.settings import StoreSettings, store_settings

__all__ = [
    "Basics",
    "Entry",
    "LabEntry",
    "Stamp",
    "Store",
    "StoreSettings",
    "SupplementEntry",
    "SymptomEntry",
    "open_store",
    "opened",
    "store_settings",
]
