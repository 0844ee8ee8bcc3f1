"""Per-request helpers of the web edge, shared by the JSON API (:mod:`clinicite.web.api`) and the pages
(:mod:`clinicite.web.pages`): the running objects (:class:`WebState`), who is asking (:func:`current_actor`,
checked by :func:`require`, the one dependency every route declares), and the one path by which a question
is asked and kept (:func:`ask_and_keep`).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from fastapi import Depends, Request

from clinicite.editorial import accounts, answers, sessions, workflow
from clinicite.editorial.answers import AnswerService
from clinicite.editorial.permissions import Actor, anonymous
from clinicite.errors import ConfigurationError, CsrfFailed, PermissionDenied
from clinicite.settings import Settings
from clinicite.store.database import Database
from clinicite.web.security import MinuteQuota, SessionCodec, SignInThrottle, client_address, same_token

log = logging.getLogger("clinicite.web")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass
class WebState:
    """The running objects the web edge shares between requests."""

    settings: Settings
    database: Database
    service: AnswerService
    limiter: MinuteQuota = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.codec = SessionCodec(accounts.secret_key(self.settings))
        self.limiter = self.limiter or MinuteQuota(self.settings.ask_rate_limit_per_minute)
        self.address_limiter = MinuteQuota(self.settings.ask_rate_limit_per_address_per_minute)
        self.signin = SignInThrottle(self.settings.signin_attempts_per_minute,
                                     self.settings.max_concurrent_password_checks)
        self.lockout = accounts.Lockout(self.settings.signin_lockout_failures, self.settings.signin_lockout_minutes)
        self.index_watch = IndexWatch(self.settings)


class IndexWatch:
    """Reopens the core's search index when another process (a CLI ingest) has committed a newer one.

    The dense index is read into memory when it is opened, so without this a running server would keep
    ranking on the vectors it started with. The check is a ``stat`` of the files each commit rewrites
    (at most every ``every_s`` seconds); the old index is left to the requests still using it.
    """

    def __init__(self, settings: Settings, every_s: float = 2.0) -> None:
        paths = settings.paths
        self.files = (paths.vectors_dir / "model.json", paths.vectors_dir / "passages.usearch",
                      paths.lexical_dir / "meta.json")
        self.every_s = every_s
        self._checked = 0.0
        self._seen = self.fingerprint()

    def fingerprint(self) -> tuple:
        marks: list[tuple[int, int] | None] = []
        for path in self.files:
            try:
                info = path.stat()
                marks.append((info.st_mtime_ns, info.st_size))
            except OSError:
                marks.append(None)
        return tuple(marks)

    def refresh(self, core: Any) -> bool:
        """Drop ``core``'s open index if the files changed; returns True when it did."""
        now = time.monotonic()
        if now - self._checked < self.every_s:
            return False
        self._checked = now
        current = self.fingerprint()
        if current == self._seen:
            return False
        self._seen = current
        if not core.reopen_index():
            return False
        log.info("the search index changed on disk: reopened")
        return True


def state(request: Request) -> WebState:
    return request.app.state.web


def service_of(web: WebState) -> AnswerService:
    service = web.service
    web.index_watch.refresh(service)
    if not hasattr(service, "ask"):
        raise ConfigurationError("this build of clinicite cannot answer questions yet",
                                 hint="Install a version whose core provides Clinicite.ask.")
    return service


def current_actor(request: Request) -> Actor:
    """Who is asking: a bearer token holder, a signed-in session, or an anonymous session."""
    if hasattr(request.state, "actor"):
        return request.state.actor
    web, session = state(request), request.state.session
    header = request.headers.get("authorization", "")
    actor = anonymous(session.sid)
    if header.lower().startswith("bearer "):
        with web.database.session() as db:
            user = accounts.user_for_token(db, header[7:].strip())
            if user is None:
                raise PermissionDenied("the bearer token is unknown or revoked",
                                       hint="Create one with `clinicite users token EMAIL`.")
            actor = accounts.actor_for(user, session_id=f"token{user.id}")
        request.state.via = "token"
    elif session.uid is not None:
        with web.database.session() as db:
            user = sessions.session_user(db, session.uid, session.key)
            if user is not None:
                actor = accounts.actor_for(user, session_id=session.sid)
            else:  # signed out elsewhere, expired, or the account changed: the cookie alone is not enough
                session.sign_out()
    request.state.actor = actor
    return actor


async def _check_csrf(request: Request) -> None:
    """Unsafe requests that ride on the session cookie must echo its CSRF token (header or form field)."""
    if request.method in SAFE_METHODS or getattr(request.state, "via", "") == "token":
        return
    is_form = request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data"))
    if not request.state.session_from_cookie:
        if is_form:  # a form always comes from a page that set the cookie; this blocks login CSRF
            raise CsrfFailed("this form needs cookies: the session cookie is missing")
        return  # a JSON call without ambient credentials cannot act as anyone
    given = request.headers.get("x-csrf-token")
    if given is None and is_form:
        field = (await request.form()).get("csrf_token")
        given = field if isinstance(field, str) else None
    if not same_token(request.state.session.csrf, given):
        raise CsrfFailed("the form's security token is missing or out of date")


def require(permission: str):
    """The one dependency every route declares: the actor, checked against the permission table."""
    async def dependency(request: Request) -> Actor:
        actor = current_actor(request)
        actor.require(permission)
        await _check_csrf(request)
        return actor
    dependency.__name__ = f"require_{permission}"
    return Depends(dependency)


def address_of(request: Request) -> str:
    """The client's address, through the reverse proxies named in ``settings.trusted_proxies`` only."""
    return client_address(request.client.host if request.client else None,
                          request.headers.get("x-forwarded-for"), state(request).settings.trusted_proxies)


def rate_limit_key(request: Request, actor: Actor) -> str:
    """Whose ask budget a question spends: the account, the anonymous session, or (without a session
    cookie, when every request would start a new session) the address."""
    if actor.signed_in:
        return actor.owner
    if getattr(request.state, "session_from_cookie", False):
        return actor.owner
    return f"addr:{address_of(request)}"


def spend_ask_budget(request: Request, actor: Actor) -> None:
    web = state(request)
    web.limiter.hit(rate_limit_key(request, actor))
    if not actor.signed_in:  # many sessions from one address still share a (larger) budget
        web.address_limiter.hit(f"addr:{address_of(request)}")


def ask_and_keep(request: Request, actor: Actor, question: str, audience: str, follow_up_of: str | None = None):
    """Rate-limit, ask the core, and keep the answer private to ``actor``: one path for the API and the pages."""
    web = state(request)
    spend_ask_budget(request, actor)
    with web.database.session() as db:
        limits_of_thread = answers.ThreadLimits(web.settings.thread_max_turns, web.settings.thread_max_chars)
        return answers.ask(db, service_of(web), actor, question, audience, follow_up_of=follow_up_of,
                           log_case_text=web.settings.log_case_text, thread_limits=limits_of_thread)


def follow_up_audience(request: Request, actor: Actor, answer_id: str, given: str | None = None) -> str:
    """The audience of a follow-up: the one asked for, else that of the answer it follows."""
    if given:
        return given
    with state(request).database.session() as db:
        return answers.get_answer(db, actor, answer_id).audience


def regenerated_answer(request: Request, actor: Actor, article_id: int) -> dict[str, Any]:
    """The article's question answered again on the current evidence, as JSON for a new version."""
    web = state(request)
    with web.database.session() as db:
        article = workflow.get_article(db, article_id)
        question, audience = article.question, article.audience
    # Not kept as a turn: the new version is where the regenerated answer lives.
    fresh = service_of(web).ask(question, audience=audience, owner_id=actor.owner, keep=False)
    return answers.plain_json(fresh.to_dict())


def corpus_stats(request: Request, actor: Actor) -> dict[str, Any]:
    """What the corpus holds; where it lives on disk (home, database URL) only for administrators."""
    stats: dict[str, Any] = service_of(state(request)).stats()
    if not actor.can("manage_users"):
        stats = {k: v for k, v in stats.items() if k not in ("home", "database")}
    return stats


def json_safe(value: Any) -> Any:
    """Datetimes as ISO strings, for hand-built JSON responses."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value
