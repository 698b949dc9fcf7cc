"""The web app's data: the accounts tables in the store, and one diary store per account.

The diary schema (issue 4) holds one person's diary (one symptom entry a day, no overlapping
supplement periods), so each account gets its own diary database: with a SQLite store,
`web-diaries/account-<id>.db` beside the store's file. Another account's entry ids simply do
not exist in it, so guessing them answers 404.
"""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from ekbom.errors import StoreError
from ekbom.store.session import Store, open_store
from ekbom.store.settings import StoreSettings, sqlite_url
from ekbom.web.accounts import WebBase


class WebData:
    """Opens lazily: the store with the accounts tables, and each account's diary store."""

    def __init__(self, settings: StoreSettings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._main: Store | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._diaries: dict[int, Store] = {}

    def accounts(self) -> Session:
        """A session on the accounts tables (created on first use)."""
        with self._lock:
            if self._sessions is None:
                self._main = open_store(self.settings)
                WebBase.metadata.create_all(self._main.engine)
                self._sessions = sessionmaker(
                    self._main.engine, expire_on_commit=False, autobegin=False
                )
            return self._sessions()

    def diary(self, account_id: int) -> Store:
        """The diary store of one account (created and migrated on first use)."""
        with self._lock:
            store = self._diaries.get(account_id)
            if store is None:
                store = open_store(self._diary_settings(account_id))
                self._diaries[account_id] = store
            return store

    def _diary_settings(self, account_id: int) -> StoreSettings:
        path = self.settings.sqlite_path
        if path is None:
            raise StoreError(
                "the web diary keeps each account in its own SQLite file for now; serve the web "
                "app with a SQLite store (unset EKBOM_DATABASE_URL)",
                self.settings.display,
            )
        folder = Path(path).parent / "web-diaries"
        folder.mkdir(mode=0o700, exist_ok=True)
        return StoreSettings(sqlite_url(folder / f"account-{account_id}.db"), "web")

    def close(self) -> None:
        for store in [*self._diaries.values(), *([self._main] if self._main else [])]:
            store.close()
