"""`ekbom db info`: where the diary is, its schema revision and what it holds.

Looking never changes anything: a diary that does not exist yet is not created, and an old one
is not upgraded (other diary commands upgrade it on use; `ekbom db upgrade` does it now).
"""

from __future__ import annotations

from typing import Any

from ekbom.store.settings import StoreSettings


def diary_info(settings: StoreSettings) -> dict[str, Any]:
    """What `ekbom db info` shows, as JSON-ready data."""
    from ekbom.store import repository
    from ekbom.store.accounts import count_accounts
    from ekbom.store.migrate import HEAD, current_revision
    from ekbom.store.session import connected, make_engine
    from ekbom.store.settings import redact

    info: dict[str, Any] = {
        "database": settings.display,
        "url": redact(settings.database_url),
        "chosen_by": settings.source,
        "latest_revision": HEAD,
    }
    path = settings.sqlite_path
    if path is not None and (not path.exists() or path.stat().st_size == 0):
        return {**info, "exists": False, "revision": None}
    engine = make_engine(settings)
    try:
        with connected(settings, engine) as connection:
            revision = current_revision(connection)
            backend = _backend(connection)
        info.update(exists=True, revision=revision, backend=backend)
        if revision == HEAD:
            from ekbom.store.session import Store

            counts = repository.count_entries(Store(settings, engine).session())
            info["entries"] = {
                "lab": counts.lab,
                "symptoms": counts.symptoms,
                "supplement": counts.supplement,
            }
            info["first_day"] = counts.first_day.isoformat() if counts.first_day else None
            info["last_day"] = counts.last_day.isoformat() if counts.last_day else None
            info["basics"] = counts.has_basics
            with connected(settings, engine) as connection:
                info["web_accounts"] = count_accounts(connection)
    finally:
        engine.dispose()
    return info


def _backend(connection: Any) -> str:
    dialect = connection.dialect
    version = ".".join(str(part) for part in dialect.server_version_info or ())
    if dialect.name == "sqlite":
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        return f"SQLite {version}, journal mode {mode}"
    return f"PostgreSQL {version}"


def info_text(info: dict[str, Any]) -> str:
    """The info for people."""
    chosen = {
        "--db": "chosen with --db",
        "EKBOM_DATABASE_URL": "from EKBOM_DATABASE_URL",
        "default": "the default; --db or EKBOM_DATABASE_URL choose another",
    }
    lines = [f"diary: {info['database']} ({chosen[info['chosen_by']]})"]
    if not info["exists"]:
        lines.append("not created yet: it is created on first use, or with `ekbom db upgrade`")
        return "\n".join(lines)
    lines.append(f"database: {info['backend']}")
    revision = info["revision"] or "none (empty database)"
    if info["revision"] == info["latest_revision"]:
        lines.append(f"schema revision: {revision} (the latest)")
        return "\n".join([*lines, *_contents(info)])
    lines.append(
        f"schema revision: {revision}; the latest is {info['latest_revision']}: "
        "run `ekbom db upgrade` (other diary commands upgrade it on use)"
    )
    return "\n".join(lines)


def _contents(info: dict[str, Any]) -> list[str]:
    counts = info["entries"]
    total = sum(counts.values())
    parts = [
        _count(counts["lab"], "lab result"),
        _count(counts["symptoms"], "symptom day"),
        _count(counts["supplement"], "supplement period"),
    ]
    lines = [f"entries: {total} ({', '.join(parts)})"]
    if total:
        lines.append(f"dates: {info['first_day']} to {info['last_day']}")
    lines.append("basics: " + ("stored" if info["basics"] else "not set (`ekbom profile set`)"))
    if info["web_accounts"]:
        lines.append(
            f"web accounts: {info['web_accounts']}, each with its own diary in this database "
            "(not shown above; see `ekbom serve`)"
        )
    return lines


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
