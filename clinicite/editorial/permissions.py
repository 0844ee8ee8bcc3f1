"""Who may do what: the one permission table, checked by the web edge in one dependency.

Roles grow in trust: anonymous < reader < author < reviewer < editor < admin.
Permissions are listed explicitly per role (not inferred from the order) so the
table reads as the policy it is. Object-level rules (an author sees their own
drafts; only the owner of a thread sees its case text) live in
:mod:`clinicite.editorial.workflow` and :mod:`clinicite.editorial.answers`.
"""

from __future__ import annotations

from dataclasses import dataclass

from clinicite.errors import PermissionDenied

ROLES = ("reader", "author", "reviewer", "editor", "admin")
ANONYMOUS = "anonymous"

_EVERYONE = frozenset({ANONYMOUS, *ROLES})
_WRITERS = frozenset({"author", "reviewer", "editor", "admin"})
_REVIEWERS = frozenset({"reviewer", "editor", "admin"})
_EDITORS = frozenset({"editor", "admin"})

PERMISSIONS: dict[str, frozenset[str]] = {
    "ask": _EVERYONE,                 # anonymous questions are owned by an anonymous session id
    "read_public": _EVERYONE,         # approved articles, policy, corpus status, search
    "submit_article": _WRITERS,       # turn one of your answers into an article draft
    "edit_own_article": _WRITERS,     # revise your own article after changes were requested
    "view_drafts": _REVIEWERS,        # see every article that is not yet public
    "review": _REVIEWERS,             # take, approve, request changes, reject
    "edit_article": _EDITORS,         # edit any article: each edit is a new version
    "regenerate": _EDITORS,           # re-ask an article's question after new evidence
    "view_audit": _EDITORS,
    "manage_users": frozenset({"admin"}),
}


@dataclass(frozen=True)
class Actor:
    """The person behind a request: a signed-in user, a token holder, or an anonymous session."""

    id: int | None
    email: str
    role: str
    session_id: str = ""

    @property
    def owner(self) -> str:
        """The key that owns this actor's threads: ``user:<id>`` or ``anon:<session id>``."""
        return f"user:{self.id}" if self.id is not None else f"anon:{self.session_id}"

    @property
    def signed_in(self) -> bool:
        return self.id is not None

    def can(self, permission: str) -> bool:
        return self.role in PERMISSIONS[permission]

    def require(self, permission: str) -> "Actor":
        if permission not in PERMISSIONS:
            raise KeyError(f"unknown permission {permission!r}")
        if not self.can(permission):
            hint = "Sign in with an account that has this role." if not self.signed_in else \
                "Ask an administrator for a role that allows it."
            raise PermissionDenied(f"{self.role} may not {permission.replace('_', ' ')}", hint=hint)
        return self

    @property
    def label(self) -> str:
        return self.email if self.signed_in else f"anonymous session {self.session_id[:8]}"


def anonymous(session_id: str) -> Actor:
    return Actor(id=None, email="", role=ANONYMOUS, session_id=session_id)


SYSTEM = Actor(id=None, email="system", role="admin", session_id="system")
