"""Web security at the edge: signed session cookies, CSRF, rate limits and response headers.

The session is a small JSON object signed with the secret key (itsdangerous):
``uid`` (signed-in user), ``sid`` (anonymous session id that owns questions
asked before signing in), ``csrf`` (the token every form must echo) and
``aud`` (the audience last chosen). Nothing secret is stored in it.
"""

from __future__ import annotations

import math
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from itsdangerous import BadSignature, URLSafeTimedSerializer

from clinicite.errors import ClinciteError

COOKIE = "clinicite_session"
SESSION_MAX_AGE = 14 * 24 * 3600

CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                           "frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class RateLimited(ClinciteError):
    """Raised when one user or address asks more questions per minute than allowed."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many questions: try again in {retry_after} s",
                         hint="The limit is set by ask_rate_limit_per_minute.")
        self.retry_after = retry_after


class CsrfFailed(ClinciteError):
    """Raised when a form or cookie-authenticated API call lacks the session's CSRF token."""

    hint = "Reload the page and submit the form again."


@dataclass
class WebSession:
    sid: str
    csrf: str
    uid: int | None = None
    aud: str = "clinician"
    flash: list[str] = field(default_factory=list)
    changed: bool = False

    @classmethod
    def fresh(cls) -> "WebSession":
        return cls(sid=secrets.token_urlsafe(16), csrf=secrets.token_urlsafe(24), changed=True)

    def to_dict(self) -> dict:
        return {"sid": self.sid, "csrf": self.csrf, "uid": self.uid, "aud": self.aud, "flash": self.flash}

    def sign_in(self, user_id: int) -> None:
        # A new anonymous id and CSRF token on every sign-in defeats session fixation.
        self.uid, self.sid, self.csrf, self.changed = user_id, secrets.token_urlsafe(16), \
            secrets.token_urlsafe(24), True

    def sign_out(self) -> None:
        self.uid, self.sid, self.csrf, self.changed = None, secrets.token_urlsafe(16), \
            secrets.token_urlsafe(24), True

    def say(self, message: str) -> None:
        self.flash.append(message)
        self.changed = True

    def take_flash(self) -> list[str]:
        messages, self.flash = self.flash, []
        if messages:
            self.changed = True
        return messages


class SessionCodec:
    def __init__(self, secret: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="clinicite-session")

    def load(self, cookie: str | None) -> WebSession | None:
        if not cookie:
            return None
        try:
            data = self._serializer.loads(cookie, max_age=SESSION_MAX_AGE)
            return WebSession(sid=str(data["sid"]), csrf=str(data["csrf"]), uid=data.get("uid"),
                              aud=str(data.get("aud", "clinician")), flash=list(data.get("flash", [])))
        except (BadSignature, KeyError, TypeError, ValueError):
            return None

    def dump(self, session: WebSession) -> str:
        return self._serializer.dumps(session.to_dict())


def same_token(expected: str, given: str | None) -> bool:
    return bool(given) and secrets.compare_digest(expected.encode(), str(given).encode())


class RateLimiter:
    """A sliding one-minute window of events per key (user or address), kept in this process.

    With several worker processes each keeps its own window, so the effective
    limit is per worker; run one worker per host or put a proxy limit in front.
    """

    def __init__(self, per_minute: int, window_s: float = 60.0) -> None:
        self.per_minute = per_minute
        self.window_s = window_s
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, now: float | None = None) -> None:
        """Count one event for ``key``; raise :class:`RateLimited` when over the limit."""
        if self.per_minute <= 0:
            return
        now = time.monotonic() if now is None else now
        with self._lock:
            events = self._events.setdefault(key, deque())
            while events and events[0] <= now - self.window_s:
                events.popleft()
            if len(events) >= self.per_minute:
                raise RateLimited(max(1, math.ceil(events[0] + self.window_s - now)))
            events.append(now)
            if len(self._events) > 100_000:  # forget idle keys so memory stays bounded
                for idle in [k for k, v in self._events.items() if not v or v[-1] <= now - self.window_s]:
                    del self._events[idle]
