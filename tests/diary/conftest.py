"""The diary tests use the store's fixtures: an empty, migrated diary per test."""

from tests.store.conftest import _no_real_diary, session, store, template, url

__all__ = ["_no_real_diary", "session", "store", "template", "url"]
