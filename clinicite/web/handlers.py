"""The one place a clinicite error becomes a response: JSON under ``/api/``, an HTML page for people."""

from __future__ import annotations

import logging

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from clinicite.editorial.accounts import AccountLocked
from clinicite.errors import (CliniciteError, ConfigurationError, CsrfFailed, ExternalServiceError, InputError,
                              InsufficientEvidence, NotFound, PermissionDenied, RateLimited, RequestTooLarge,
                              StoreError, WorkflowError)
from clinicite.web.deps import SAFE_METHODS
from clinicite.web.render import render_error
from clinicite.web.security import SECURITY_HEADERS

log = logging.getLogger("clinicite.web")
STATUS = [(AccountLocked, 429), (RequestTooLarge, 413), (NotFound, 404), (PermissionDenied, 403),
          (WorkflowError, 409), (InputError, 422), (InsufficientEvidence, 422), (RateLimited, 429),
          (CsrfFailed, 403), (StoreError, 503), (ConfigurationError, 503), (ExternalServiceError, 502)]


def _status_of(error: CliniciteError) -> int:
    return next((code for kind, code in STATUS if isinstance(error, kind)), 500)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def handle_error(request: Request, error: CliniciteError) -> Response:
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
    return render_error(request, status, str(error), error.hint, headers)


def handle_unexpected(request: Request, error: Exception) -> Response:
    """A bug: log it with its traceback, and tell the user nothing internal."""
    log.exception("%s %s failed", request.method, request.url.path, exc_info=error)
    wrapped = CliniciteError("something went wrong on the server; the error was logged",
                            hint="Try again; if it persists, tell the operator.")
    # This handler runs outside the middleware that adds the security headers: add them here.
    if _wants_json(request):
        return JSONResponse({"error": "InternalError", "message": str(wrapped), "hint": wrapped.hint},
                            status_code=500, headers=SECURITY_HEADERS)
    try:
        return render_error(request, 500, str(wrapped), wrapped.hint, dict(SECURITY_HEADERS))
    except Exception:  # noqa: BLE001 - the request state may be what failed; answer plainly
        return Response("Internal server error", status_code=500, headers=SECURITY_HEADERS)


