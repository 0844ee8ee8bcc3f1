"""The web application: REST API under ``/api/v1`` and server-rendered pages, built by :func:`create_app`.

This is an edge. It resolves who is asking (one dependency, :func:`require`),
calls the core (:mod:`clinicite.api.workflow`, :mod:`clinicite.api.answers`,
:mod:`clinicite.api.accounts`) and turns :class:`~clinicite.errors.ClinciteError`
into JSON for the API or an HTML page for people, in one exception handler.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from clinicite.api import accounts, limits, sessions
from clinicite.api.answers import AnswerService
from clinicite.api.permissions import Actor, anonymous
from clinicite.api.security import (COOKIE, SECURITY_HEADERS, SESSION_MAX_AGE, CsrfFailed, RateLimited,
                                    RateLimiter, SessionCodec, SignInThrottle, WebSession, client_address,
                                    same_token)
from clinicite.errors import (ClinciteError, ConfigurationError, ExternalServiceError, InputError,
                              InsufficientEvidence, NotFound, PermissionDenied, StoreError, WorkflowError)
from clinicite.settings import Settings, load_settings
from clinicite.store.database import Database

log = logging.getLogger("clinicite.web")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
STATUS = [(accounts.AccountLocked, 429), (limits.RequestTooLarge, 413), (NotFound, 404), (PermissionDenied, 403), (WorkflowError, 409), (InputError, 422),
          (InsufficientEvidence, 422), (RateLimited, 429), (CsrfFailed, 403), (StoreError, 503),
          (ConfigurationError, 503), (ExternalServiceError, 502)]


@dataclass
class WebState:
    """The running objects the web edge shares between requests."""

    settings: Settings
    database: Database
    service_given: AnswerService | None = None
    limiter: RateLimiter = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.codec = SessionCodec(accounts.secret_key(self.settings))
        self.limiter = self.limiter or RateLimiter(self.settings.ask_rate_limit_per_minute)
        self.address_limiter = RateLimiter(self.settings.ask_rate_limit_per_address_per_minute)
        self.signin = SignInThrottle(self.settings.signin_attempts_per_minute,
                                     self.settings.max_concurrent_password_checks)
        self.lockout = accounts.Lockout(self.settings.signin_lockout_failures, self.settings.signin_lockout_minutes)
        self.index_watch = IndexWatch(self.settings)

    @cached_property
    def service(self) -> AnswerService:
        if self.service_given is not None:
            return self.service_given
        from clinicite.app import Clinicite
        core = Clinicite(self.settings)
        core.__dict__["database"] = self.database  # one engine for the core and the web
        return core


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
        marks = []
        for path in self.files:
            try:
                info = path.stat()
                marks.append((info.st_mtime_ns, info.st_size))
            except OSError:
                marks.append(None)
        return tuple(marks)

    def refresh(self, core: Any) -> bool:
        """Drop ``core``'s open index if the files changed; returns True when it did."""
        import time
        now = time.monotonic()
        if now - self._checked < self.every_s:
            return False
        self._checked = now
        current = self.fingerprint()
        if current == self._seen:
            return False
        self._seen = current
        cached = getattr(core, "__dict__", {})
        if cached.pop("index", None) is None:
            return False
        context = cached.get("compose_context")
        if context is not None and hasattr(context, "_resolved"):
            context._resolved.pop("searcher", None)  # the composer resolves its searcher once; resolve again
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
        given = (await request.form()).get("csrf_token")
    if not same_token(request.state.session.csrf, given if isinstance(given, str) else None):
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
    from clinicite.api import answers
    web = state(request)
    spend_ask_budget(request, actor)
    with web.database.session() as db:
        limits_of_thread = answers.ThreadLimits(web.settings.thread_max_turns, web.settings.thread_max_chars)
        return answers.ask(db, service_of(web), actor, question, audience, follow_up_of=follow_up_of,
                           log_case_text=web.settings.log_case_text, thread_limits=limits_of_thread)


def _status_of(error: ClinciteError) -> int:
    return next((code for kind, code in STATUS if isinstance(error, kind)), 500)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def handle_error(request: Request, error: ClinciteError) -> Response:
    """The one place a clinicite error becomes a response, JSON for the API and a page for people."""
    status = _status_of(error)
    actor = getattr(request.state, "actor", None)
    retry_after = getattr(error, "retry_after", None)
    headers = {"Retry-After": str(retry_after)} if retry_after else {}
    if status == 403 and isinstance(error, PermissionDenied) and (actor is None or not actor.signed_in) \
            and getattr(request.state, "via", "") != "token":
        status = 401
        headers["WWW-Authenticate"] = "Bearer"
    if status >= 500:
        log.error("%s %s failed: %s", request.method, request.url.path, error)
    if _wants_json(request):
        return JSONResponse({"error": type(error).__name__, "message": str(error), "hint": error.hint},
                            status_code=status, headers=headers)
    if status == 401 and request.method in SAFE_METHODS:
        return RedirectResponse(f"/signin?next={request.url.path}", status_code=303)
    from clinicite.web.render import render_error
    return render_error(request, status, str(error), error.hint, headers)


def handle_unexpected(request: Request, error: Exception) -> Response:
    """A bug: log it with its traceback, and tell the user nothing internal."""
    log.exception("%s %s failed", request.method, request.url.path, exc_info=error)
    wrapped = ClinciteError("something went wrong on the server; the error was logged",
                            hint="Try again; if it persists, tell the operator.")
    # This handler runs outside the middleware that adds the security headers: add them here.
    if _wants_json(request):
        return JSONResponse({"error": "InternalError", "message": str(wrapped), "hint": wrapped.hint},
                            status_code=500, headers=SECURITY_HEADERS)
    from clinicite.web.render import render_error
    try:
        return render_error(request, 500, str(wrapped), wrapped.hint, dict(SECURITY_HEADERS))
    except Exception:  # noqa: BLE001 - the request state may be what failed; answer plainly
        return Response("Internal server error", status_code=500, headers=SECURITY_HEADERS)


def create_app(settings: Settings | None = None, service: AnswerService | None = None) -> FastAPI:
    """The FastAPI application for ``settings`` (default: the environment's), asking ``service``
    (default: :class:`clinicite.app.Clinicite` on the same settings)."""
    settings = settings or load_settings()
    settings.paths.ensure()
    database = getattr(service, "database", None) or Database.open(settings.resolved_database_url)
    from clinicite.api.retention import RetentionSchedule
    retention = RetentionSchedule(database, settings.case_retention_days, settings.case_purge_interval_s)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        retention.start()  # only while serving: building the app (tests, the CLI) starts no thread
        try:
            yield
        finally:
            retention.stop()

    app = FastAPI(title="clinicite", version="1", description="Clinical questions answered with cited "
                  "evidence, reviewed by an editorial board.", docs_url=None, redoc_url=None,
                  openapi_url="/api/v1/openapi.json", lifespan=lifespan)
    app.state.retention = retention
    app.state.web = WebState(settings=settings, database=database, service_given=service)
    codec = app.state.web.codec

    @app.middleware("http")
    async def sessions_and_headers(request: Request, call_next):
        loaded = codec.load(request.cookies.get(COOKIE))
        request.state.session_from_cookie = loaded is not None
        request.state.session = session = loaded or WebSession.fresh()
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if session.changed and "authorization" not in request.headers:
            response.set_cookie(COOKIE, codec.dump(session), max_age=SESSION_MAX_AGE, httponly=True,
                                samesite="lax", secure=request.url.scheme == "https", path="/")
        return response

    app.add_exception_handler(ClinciteError, handle_error)
    app.add_exception_handler(RequestValidationError, limits.handle_invalid)
    app.add_exception_handler(UnicodeError, limits.handle_bad_unicode)
    app.add_exception_handler(Exception, handle_unexpected)
    app.add_middleware(limits.BodyLimit, limit=settings.max_request_bytes)
    limits.quiet_access_log()
    from clinicite.api.routes import router as api_router
    from clinicite.web.pages import router as page_router
    from clinicite.web.render import STATIC
    app.include_router(api_router, prefix="/api/v1")
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def json_safe(value: Any) -> Any:
    """Datetimes as ISO strings, for hand-built JSON responses."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value
