"""The web application: the JSON API under ``/api/v1`` and the server-rendered pages, built by
:func:`create_app` over one core (:class:`clinicite.app.Clinicite`).

This is an edge. The routes (:mod:`clinicite.web.api`, :mod:`clinicite.web.pages`) resolve who is asking
with :mod:`clinicite.web.deps`, call the core and the editorial stage (:mod:`clinicite.editorial`), and
:mod:`clinicite.web.handlers` turns :class:`~clinicite.errors.CliniciteError` into JSON or a page.
"""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles

from clinicite.app import Clinicite
from clinicite.editorial.retention import RetentionSchedule
from clinicite.errors import CliniciteError
from clinicite.settings import Settings, current_settings, load_settings
from clinicite.web import limits
from clinicite.web.api import router as api_router
from clinicite.web.deps import WebState
from clinicite.web.handlers import handle_error, handle_unexpected
from clinicite.web.pages import router as page_router
from clinicite.web.render import STATIC
from clinicite.web.security import COOKIE, SECURITY_HEADERS, SESSION_MAX_AGE, WebSession


def create_app(settings: Settings | None = None, service: Clinicite | None = None, *,
               serving: bool = False) -> FastAPI:
    """The FastAPI application for ``settings`` (default: the core's, else the environment's) over the core
    ``service`` (default: a new :class:`clinicite.app.Clinicite` on the same settings).

    ``serving`` (`clinicite serve`): while the server runs, warm the core up and embed what ingest left
    waiting in background threads. Building the app alone (tests) starts no thread.
    """
    settings = settings or (service.settings if service is not None else load_settings())
    settings.paths.ensure()
    core = service if service is not None else Clinicite(settings)
    database = core.database  # one engine for the core and the web
    retention = RetentionSchedule(database, settings.case_retention_days, settings.case_purge_interval_s)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        retention.start()  # only while serving: building the app (tests, the CLI) starts no thread
        if serving:
            _start_workers(app, core, settings)
        try:
            yield
        finally:
            retention.stop()
            stop = getattr(app.state, "embedding_stop", None)
            if stop is not None:
                stop.set()

    app = FastAPI(title="clinicite", version="1", description="Clinical questions answered with cited "
                  "evidence, reviewed by an editorial board.", docs_url=None, redoc_url=None,
                  openapi_url="/api/v1/openapi.json", lifespan=lifespan)
    app.state.retention = retention
    app.state.web = WebState(settings=settings, database=database, service=core)
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

    # Starlette types a handler as taking any Exception; each of these is registered for its own kind only.
    app.add_exception_handler(CliniciteError, handle_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, limits.handle_invalid)  # type: ignore[arg-type]
    app.add_exception_handler(UnicodeError, limits.handle_bad_unicode)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, handle_unexpected)
    app.add_middleware(limits.BodyLimit, limit=settings.max_request_bytes)
    limits.quiet_access_log()
    app.include_router(api_router, prefix="/api/v1")
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def serving_app() -> FastAPI:
    """The app `clinicite serve` runs (uvicorn's factory): the environment's settings, workers on."""
    return create_app(current_settings(), serving=True)


def _start_workers(app: FastAPI, core: Clinicite, settings: Settings) -> None:
    """Load the index, knowledge base and lexicon while the server already answers page requests, and
    compute the dense vectors that ingest left waiting (search is lexical for those meanwhile)."""
    threading.Thread(target=core.warm, name="clinicite-warm-up", daemon=True).start()
    if settings.background_embedding:
        stop = threading.Event()
        app.state.embedding_stop = stop
        threading.Thread(target=core.embed_in_background, args=(stop,), name="clinicite-embedding",
                         daemon=True).start()
