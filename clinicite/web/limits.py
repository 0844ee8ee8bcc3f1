"""Input limits and quiet logs at the web edge.

* :class:`BodyLimit` refuses a request body over ``max_request_bytes`` (413) before it is read whole:
  by its Content-Length when it states one; a chunked body (no length) is read here, up to the limit, before
  the app sees it, so it works like any other body and an oversized one gets the same 413.
* :func:`handle_invalid` answers a validation error (422) naming the fields and the rule they broke, never
  the input itself: a 100 MB question is not sent back, and case text never lands in a log.
* :func:`handle_bad_unicode` answers malformed Unicode (a lone surrogate in JSON) with 422, not a 500.
* :class:`WithoutQueryStrings` drops query strings from uvicorn's access log (``/api/v1/search?q=<a
  patient's name>`` becomes ``/api/v1/search``).
"""

from __future__ import annotations

import logging

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clinicite.errors import InputError, RequestTooLarge
from clinicite.web.handlers import handle_error
from clinicite.web.security import SECURITY_HEADERS

MESSAGE_CHARS = 200  # a validation message is cut here: some quote the constraint, none may quote the input


class BodyLimit:
    """Pure ASGI middleware: at most ``limit`` bytes of request body per request."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.limit <= 0:
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit():
            if int(declared) > self.limit:
                await _refuse(scope, send, self.limit)
                return
            await self.app(scope, receive, send)  # the server reads no more than the length it declared
            return
        # No length stated (Transfer-Encoding: chunked): read the body here, at most ``limit`` bytes, and
        # hand it on whole. Refusing from inside the app's read would surface as FastAPI's bare 400.
        messages: list[Message] = []
        seen = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break  # the client went away; the app sees that as it would have
            seen += len(message.get("body", b""))
            if seen > self.limit:
                await _refuse(scope, send, self.limit)
                return
            if not message.get("more_body", False):
                break
        buffered = iter(messages)

        async def replay() -> Message:
            return next(buffered, None) or await receive()

        await self.app(scope, replay, send)


async def _refuse(scope: Scope, send: Send, limit: int) -> None:
    import json

    error = RequestTooLarge(limit)
    body = json.dumps({"error": "RequestTooLarge", "message": str(error), "hint": error.hint}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"connection", b"close")] + [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def describe_invalid(error: RequestValidationError) -> str:
    """``body.question: String should have at most 8000 characters; ...`` without any input value."""
    parts = []
    for item in error.errors()[:5]:
        where = ".".join(str(p) for p in item.get("loc", ()))
        parts.append(f"{where}: {str(item.get('msg', 'invalid'))[:MESSAGE_CHARS]}")
    more = len(error.errors()) - len(parts)
    return "invalid input: " + "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


async def handle_invalid(request: Request, error: RequestValidationError):
    return handle_error(request, InputError(describe_invalid(error), hint="Check the fields named above."))


async def handle_bad_unicode(request: Request, error: UnicodeError):
    return handle_error(request, InputError("the text holds malformed Unicode (for example a lone surrogate)",
                                            hint="Send valid UTF-8 text."))


class WithoutQueryStrings(logging.Filter):
    """Cuts the query string from uvicorn access-log lines: queries carry what people typed."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str) and "?" in args[2]:
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


def quiet_access_log() -> None:
    """Install :class:`WithoutQueryStrings` on uvicorn's access logger (once)."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, WithoutQueryStrings) for f in access.filters):
        access.addFilter(WithoutQueryStrings())
