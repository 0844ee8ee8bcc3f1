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
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinicite.api.permissions import ROLES, Actor
from clinicite.api.workflow import audit
from clinicite.errors import InputError, NotFound, WorkflowError
from clinicite.settings import Settings
from clinicite.store.base import utcnow
from clinicite.store.editorial import ApiTokenRow, UserRow

_hasher = PasswordHasher()
# Verifying against a real hash when the e-mail is unknown keeps sign-in timing the same either way.
_DUMMY_HASH = _hasher.hash("not a real password")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TOKEN_PREFIX = "clc_"
MIN_PASSWORD = 10


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"a password needs at least {MIN_PASSWORD} characters")
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
    """Create an account. The CLI passes :data:`~clinicite.api.permissions.SYSTEM` as actor."""
    actor.require("manage_users")
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise InputError(f"{email!r} is not an e-mail address")
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}", hint=f"Choose one of: {', '.join(ROLES)}.")
    if session.scalar(select(UserRow.id).where(func.lower(UserRow.email) == email)) is not None:
        raise WorkflowError(f"a user {email} already exists")
    user = UserRow(email=email, role=role, display_name=display_name.strip(),
                   password_hash=hash_password(password) if password else None)
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
    user.role = role
    audit(session, actor, "set_role", "user", user.id, before, {"role": role})
    return user


def set_password(session: Session, actor: Actor, email: str, password: str) -> UserRow:
    actor.require("manage_users")
    user = find_user(session, email)
    user.password_hash = hash_password(password)
    audit(session, actor, "set_password", "user", user.id, {}, {})
    return user


def list_users(session: Session, actor: Actor) -> list[UserRow]:
    actor.require("manage_users")
    return list(session.scalars(select(UserRow).order_by(UserRow.id)))


def authenticate(session: Session, email: str, password: str) -> UserRow | None:
    """The active user with this e-mail and password, or ``None``."""
    user = session.scalar(select(UserRow).where(func.lower(UserRow.email) == email.strip().lower()))
    stored = user.password_hash if user is not None and user.active and user.password_hash else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if stored is _DUMMY_HASH:
        return None
    if _hasher.check_needs_rehash(stored):
        user.password_hash = _hasher.hash(password)
    user.last_login_at = utcnow()
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, actor: Actor, email: str, label: str = "") -> str:
    """A new bearer token for ``email``; shown once, only its hash is kept."""
    actor.require("manage_users")
    user = find_user(session, email)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiTokenRow(user_id=user.id, token_hash=_token_hash(token), label=label))
    audit(session, actor, "issue_token", "user", user.id, {}, {"label": label})
    return token


def user_for_token(session: Session, token: str) -> UserRow | None:
    row = session.scalar(select(ApiTokenRow).where(ApiTokenRow.token_hash == _token_hash(token),
                                                   ApiTokenRow.revoked.is_(False)))
    if row is None:
        return None
    user = session.get(UserRow, row.user_id)
    return user if user is not None and user.active else None


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
