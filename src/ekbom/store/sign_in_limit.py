"""Sign-in rate limiting: at most EMAIL_LIMIT failed attempts per WINDOW for one email, and
CLIENT_LIMIT for one client address; more answer 429 with Retry-After until the window has
passed.

Failures are rows of the store's `web_login_failure` table, so every server process (and every
restart) that shares the store counts the same failures. Keys are SHA-256 digests: the table
holds no email address and no IP address.
"""

from __future__ import annotations

import hashlib
import math
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ekbom.store.repository import now as _now
from ekbom.store.repository import reading, writing
from ekbom.store.tables import LoginFailureTable

EMAIL_LIMIT = 5
CLIENT_LIMIT = 30
WINDOW = timedelta(minutes=5)


def email_key(email: str) -> str:
    return hashlib.sha256(b"email:" + email.encode()).hexdigest()


def client_key(address: str) -> str:
    return hashlib.sha256(b"client:" + address.encode()).hexdigest()


def retry_after(session: Session, email: str, client: str, *, now: datetime | None = None) -> int:
    """Seconds to wait before another attempt for this email and client key (0: go ahead)."""
    moment = now or _now()
    wait = 0.0
    with reading(session):
        for key, limit in ((email, EMAIL_LIMIT), (client, CLIENT_LIMIT)):
            recent = (
                select(LoginFailureTable.failed_at)
                .where(LoginFailureTable.key == key, LoginFailureTable.failed_at > moment - WINDOW)
                .order_by(LoginFailureTable.failed_at.desc())
                .limit(limit)
            )
            times = session.scalars(recent).all()
            if len(times) >= limit:  # free again when the oldest of the last `limit` expires
                wait = max(wait, (times[-1] + WINDOW - moment).total_seconds())
    return math.ceil(wait) if wait > 0 else 0


def failed(session: Session, *keys: str, now: datetime | None = None) -> None:
    """Count a failed attempt against each key (and forget failures older than the window)."""
    moment = now or _now()
    with writing(session):
        old = LoginFailureTable.failed_at <= moment - WINDOW
        session.execute(delete(LoginFailureTable).where(old))
        session.add_all(LoginFailureTable(key=key, failed_at=moment) for key in keys)


def succeeded(session: Session, key: str) -> None:
    """A successful sign-in clears the failures of its email."""
    with writing(session):
        session.execute(delete(LoginFailureTable).where(LoginFailureTable.key == key))
