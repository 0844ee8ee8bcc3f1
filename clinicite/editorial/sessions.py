"""Signed-in sessions kept server-side, so that ending one takes effect at once.

The cookie holds a random session key; the database holds only its SHA-256
(:class:`~clinicite.store.editorial.SessionRow`), so a copy of the database
cannot sign anyone in. A session lives until it expires, its owner signs out,
or something about the account changes (password, role, disabled): then every
session of that account is deleted and a replayed cookie finds nothing. No web
framework here: the CLI ends sessions through the same functions.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from clinicite.store.base import utcnow
from clinicite.store.editorial import SessionRow, UserRow

SESSION_DAYS = 14
# Writing last_seen_at on every request would turn each page view into a write; once a minute is enough.
TOUCH_EVERY = timedelta(minutes=1)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start_session(session: Session, user: UserRow, days: int = SESSION_DAYS) -> str:
    """A new session for ``user``; returns the key that goes into the cookie (never stored)."""
    key = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(SessionRow(id=_digest(key), user_id=user.id, created_at=now, last_seen_at=now,
                           expires_at=now + timedelta(days=days)))
    return key


def session_user(session: Session, user_id: int, key: str | None) -> UserRow | None:
    """The active user whose live session has ``key``, or ``None`` (signed out, expired, revoked)."""
    if not key:
        return None
    row = session.get(SessionRow, _digest(key))
    now = utcnow()
    if row is None or row.user_id != user_id or as_utc(row.expires_at) <= now:
        return None
    user = session.get(UserRow, user_id)
    if user is None or not user.active:
        return None
    if now - as_utc(row.last_seen_at) > TOUCH_EVERY:
        row.last_seen_at = now
    return user


def end_session(session: Session, key: str | None) -> None:
    if key:
        session.execute(delete(SessionRow).where(SessionRow.id == _digest(key)))


def end_sessions_of(session: Session, user_id: int) -> int:
    """Sign ``user_id`` out everywhere; returns how many sessions ended."""
    return rows_touched(session.execute(delete(SessionRow).where(SessionRow.user_id == user_id)))


def purge_expired(session: Session) -> int:
    return rows_touched(session.execute(delete(SessionRow).where(SessionRow.expires_at < utcnow())))


def rows_touched(result: Any) -> int:
    """Rows a DELETE or UPDATE touched (a CursorResult's ``rowcount``; typed as a plain Result)."""
    return getattr(result, "rowcount", 0) or 0


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes for timezone-aware columns; they were written in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)
