"""Accounts: users and roles, argon2 passwords, API tokens, and the signing key.

Passwords are hashed with Argon2id (Biryukov, Dinu & Khovratovich, RFC 9106)
through argon2-cffi. API tokens are random 32-byte strings; only their SHA-256
is stored, so a copy of the database does not hand out working tokens.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinicite.editorial.passwords import MIN_PASSWORD, check_strength  # noqa: F401 - MIN_PASSWORD: the API's bound
from clinicite.editorial.permissions import ROLES, Actor
from clinicite.editorial.sessions import as_utc, end_sessions_of
from clinicite.editorial.workflow import audit
from clinicite.errors import InputError, NotFound, PermissionDenied, WorkflowError
from clinicite.settings import Settings
from clinicite.store.base import utcnow
from clinicite.store.editorial import ApiTokenRow, UserRow

_hasher = PasswordHasher()
# Verifying against a real hash when the e-mail is unknown keeps sign-in timing the same either way.
_DUMMY_HASH = _hasher.hash("not a real password")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TOKEN_PREFIX = "clc_"


class AccountLocked(PermissionDenied):
    """Raised when an account is locked after too many wrong passwords."""

    def __init__(self, minutes: int) -> None:
        super().__init__(f"this account is locked after too many wrong passwords; try again in {minutes} "
                         f"minute{'s' if minutes != 1 else ''}",
                         hint="Or ask an administrator to set a new password (`clinicite users password`).")
        self.retry_after = minutes * 60


@dataclass(frozen=True)
class Lockout:
    """After ``failures`` wrong passwords in a row an account is locked for ``minutes`` (0 failures: never)."""

    failures: int = 10
    minutes: int = 15


def hash_password(password: str, email: str = "") -> str:
    check_strength(password, email)
    return _hasher.hash(password)


def actor_for(user: UserRow, session_id: str = "") -> Actor:
    return Actor(id=user.id, email=user.email, role=user.role, session_id=session_id)


def find_user(session: Session, email: str) -> UserRow:
    user = session.scalar(select(UserRow).where(func.lower(UserRow.email) == email.strip().lower()))
    if user is None:
        raise NotFound(f"no user {email}", hint="Create one with `clinicite users create EMAIL --role ROLE`.")
    return user


def create_user(session: Session, actor: Actor, email: str, role: str, password: str | None = None,
                display_name: str = "") -> UserRow:
    """Create an account. The CLI passes :data:`~clinicite.editorial.permissions.SYSTEM` as actor."""
    actor.require("manage_users")
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise InputError(f"{email!r} is not an e-mail address")
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}", hint=f"Choose one of: {', '.join(ROLES)}.")
    if session.scalar(select(UserRow.id).where(func.lower(UserRow.email) == email)) is not None:
        raise WorkflowError(f"a user {email} already exists")
    user = UserRow(email=email, role=role, display_name=display_name.strip(),
                   password_hash=hash_password(password, email) if password else None)
    session.add(user)
    session.flush()
    audit(session, actor, "create_user", "user", user.id, {}, {"email": email, "role": role})
    return user


def set_role(session: Session, actor: Actor, user_id: int, role: str) -> UserRow:
    actor.require("manage_users")
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}", hint=f"Choose one of: {', '.join(ROLES)}.")
    user = session.get(UserRow, user_id)
    if user is None:
        raise NotFound(f"no user {user_id}")
    if user.id == actor.id and role != "admin":
        raise WorkflowError("you cannot remove your own admin role", hint="Ask another administrator.")
    before = {"role": user.role}
    if role != user.role:
        end_sessions_of(session, user.id)  # a new role starts from a fresh sign-in
    user.role = role
    audit(session, actor, "set_role", "user", user.id, before, {"role": role})
    return user


def set_password(session: Session, actor: Actor, email: str, password: str) -> UserRow:
    """A new password; every session of the account ends and a lockout is lifted."""
    actor.require("manage_users")
    user = find_user(session, email)
    user.password_hash = hash_password(password, user.email)
    user.failed_logins, user.locked_until = 0, None
    ended = end_sessions_of(session, user.id)
    audit(session, actor, "set_password", "user", user.id, {}, {"sessions_ended": ended})
    return user


def set_active(session: Session, actor: Actor, user_id: int, active: bool) -> UserRow:
    """Disable (or enable again) an account: a disabled one cannot sign in, its sessions and tokens stop."""
    actor.require("manage_users")
    user = session.get(UserRow, user_id)
    if user is None:
        raise NotFound(f"no user {user_id}")
    if user.id == actor.id and not active:
        raise WorkflowError("you cannot disable your own account", hint="Ask another administrator.")
    before = {"active": user.active}
    user.active = active
    ended = 0 if active else end_sessions_of(session, user.id)
    audit(session, actor, "enable_user" if active else "disable_user", "user", user.id, before,
          {"active": active, "sessions_ended": ended})
    return user


def list_users(session: Session, actor: Actor) -> list[UserRow]:
    actor.require("manage_users")
    return list(session.scalars(select(UserRow).order_by(UserRow.id)))


def authenticate(session: Session, email: str, password: str, lockout: Lockout = Lockout()) -> UserRow | None:
    """The active user with this e-mail and password, or ``None``.

    Raises :class:`AccountLocked` while the account is locked; a wrong password counts towards the lock
    (the caller must commit ``session`` when ``None`` comes back, so the count is kept).
    """
    user = session.scalar(select(UserRow).where(func.lower(UserRow.email) == email.strip().lower()))
    now = utcnow()
    if user is not None and user.locked_until is not None and as_utc(user.locked_until) > now:
        raise AccountLocked(max(1, -(-int((as_utc(user.locked_until) - now).total_seconds()) // 60)))
    stored = user.password_hash if user is not None and user.active and user.password_hash else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
        right = stored is not _DUMMY_HASH
    except (VerificationError, InvalidHashError):
        right = False
    if not right:
        if user is not None and stored is not _DUMMY_HASH:
            _count_failure(user, lockout, now)
        return None
    assert user is not None  # only a stored hash can be right
    if _hasher.check_needs_rehash(stored):
        user.password_hash = _hasher.hash(password)
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    return user


def _count_failure(user: UserRow, lockout: Lockout, now) -> None:
    user.failed_logins = (user.failed_logins or 0) + 1
    if lockout.failures > 0 and user.failed_logins >= lockout.failures:
        user.locked_until = now + timedelta(minutes=lockout.minutes)
        user.failed_logins = 0


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, actor: Actor, email: str, label: str = "", days: int | None = None) -> str:
    """A new bearer token for ``email``, valid ``days`` (None or 0: until revoked); shown once, only its
    hash is kept."""
    actor.require("manage_users")
    user = find_user(session, email)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = utcnow() + timedelta(days=days) if days else None
    session.add(ApiTokenRow(user_id=user.id, token_hash=_token_hash(token), label=label, expires_at=expires))
    audit(session, actor, "issue_token", "user", user.id, {},
          {"label": label, "expires_at": expires.isoformat() if expires else None})
    return token


def list_tokens(session: Session, actor: Actor, user_id: int | None = None) -> list[ApiTokenRow]:
    actor.require("manage_users")
    statement = select(ApiTokenRow).order_by(ApiTokenRow.id)
    if user_id is not None:
        statement = statement.where(ApiTokenRow.user_id == user_id)
    return list(session.scalars(statement))


def revoke_token(session: Session, actor: Actor, token_id: int) -> ApiTokenRow:
    actor.require("manage_users")
    row = session.get(ApiTokenRow, token_id)
    if row is None:
        raise NotFound(f"no API token {token_id}", hint="List them with `clinicite users tokens`.")
    row.revoked = True
    audit(session, actor, "revoke_token", "user", row.user_id, {}, {"token_id": row.id, "label": row.label})
    return row


def token_state(row: ApiTokenRow, now=None) -> str:
    if row.revoked:
        return "revoked"
    if row.expires_at is not None and as_utc(row.expires_at) <= (now or utcnow()):
        return "expired"
    return "active"


def user_for_token(session: Session, token: str) -> UserRow | None:
    """The active user holding this live (not revoked, not expired) token; its last use is recorded."""
    row = session.scalar(select(ApiTokenRow).where(ApiTokenRow.token_hash == _token_hash(token)))
    now = utcnow()
    if row is None or token_state(row, now) != "active":
        return None
    user = session.get(UserRow, row.user_id)
    if user is None or not user.active:
        return None
    if row.last_used_at is None or now - as_utc(row.last_used_at) > timedelta(minutes=1):
        row.last_used_at = now  # at most one write a minute per token
    return user


def secret_key(settings: Settings) -> str:
    """``settings.secret_key``, or a key generated once into the home (readable by its owner only)."""
    if settings.secret_key:
        return settings.secret_key
    path: Path = settings.home / "secret_key"
    if path.is_file():
        return path.read_text().strip()
    settings.home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker wrote it first: use theirs
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key)
    return key
