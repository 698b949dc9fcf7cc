"""Fixtures shared across the test packages."""

pytest_plugins = ["tests.knowledge_copy"]
