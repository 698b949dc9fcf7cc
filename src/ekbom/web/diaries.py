"""The web app's data: one store (the diary's, SQLite or PostgreSQL) for the accounts tables and
every account's diary.

An account's diary is owner = the account's id in that store (the command line's diary is owner
0), so the web app and `ekbom` share one database. A session from `diary(account_id)` reads and
writes that owner's rows only: another account's entry id is "not found", answered 404.
"""

from __future__ import annotations

import threading

from sqlalchemy.orm import Session, sessionmaker

from ekbom.store.session import Store, open_store
from ekbom.store.settings import StoreSettings


class WebData:
    """Opens the store lazily, on the first request that needs it (migrated to the latest
    schema, which holds the accounts tables too)."""

    def __init__(self, settings: StoreSettings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._sessions: sessionmaker[Session] | None = None

    def store(self) -> Store:
        with self._lock:
            if self._store is None:
                self._store = open_store(self.settings)
                self._sessions = sessionmaker(
                    self._store.engine, expire_on_commit=False, autobegin=False
                )
            return self._store

    def accounts(self) -> Session:
        """A session on the accounts tables (it reads no diary)."""
        self.store()
        assert self._sessions is not None
        return self._sessions()

    def diary(self, account_id: int) -> Session:
        """A session on the diary of one account."""
        return self.store().session(owner=account_id)

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
