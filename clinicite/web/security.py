"""Web security at the edge: signed session cookies, CSRF, rate limits and response headers.

The session is a small JSON object signed with the secret key (itsdangerous):
``uid`` (signed-in user), ``key`` (the server-side session it belongs to, see
:mod:`clinicite.editorial.sessions`: the signature alone never signs anyone in),
``sid`` (anonymous session id that owns questions asked before signing in),
``csrf`` (the token every form must echo) and ``aud`` (the audience last chosen).

Sign-in is throttled per address and per account (a sliding window each), and
at most ``max_concurrent_password_checks`` Argon2 verifications run at once:
each takes tens of MiB, so a flood of bogus sign-ins is refused, not queued.
"""

from __future__ import annotations

import ipaddress
import math
import secrets
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from itsdangerous import BadSignature, URLSafeTimedSerializer

from clinicite.errors import RateLimited, SignInThrottled

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


@dataclass
class WebSession:
    sid: str
    csrf: str
    uid: int | None = None
    key: str | None = None
    aud: str = "clinician"
    flash: list[str] = field(default_factory=list)
    changed: bool = False

    @classmethod
    def fresh(cls) -> "WebSession":
        return cls(sid=secrets.token_urlsafe(16), csrf=secrets.token_urlsafe(24), changed=True)

    def to_dict(self) -> dict:
        return {"sid": self.sid, "csrf": self.csrf, "uid": self.uid, "key": self.key, "aud": self.aud,
                "flash": self.flash}

    def sign_in(self, user_id: int, key: str) -> None:
        # A new anonymous id and CSRF token on every sign-in defeats session fixation.
        self.uid, self.key, self.sid, self.csrf, self.changed = user_id, key, secrets.token_urlsafe(16), \
            secrets.token_urlsafe(24), True

    def sign_out(self) -> None:
        self.uid, self.key, self.sid, self.csrf, self.changed = None, None, secrets.token_urlsafe(16), \
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
            uid = data.get("uid")
            return WebSession(sid=str(data["sid"]), csrf=str(data["csrf"]),
                              uid=uid if isinstance(uid, int) else None, key=data.get("key") or None,
                              aud=str(data.get("aud", "clinician")), flash=list(data.get("flash", [])))
        except (BadSignature, KeyError, TypeError, ValueError):
            return None

    def dump(self, session: WebSession) -> str:
        return self._serializer.dumps(session.to_dict())


def same_token(expected: str, given: str | None) -> bool:
    return bool(given) and secrets.compare_digest(expected.encode(), str(given).encode())


class MinuteQuota:
    """At most ``per_minute`` events per key (user, session or address) in a sliding one-minute window, kept
    in this process. (Not :class:`clinicite.ingest.eutils.RateLimiter`, which spaces requests to NCBI.)

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
        wait = self.take(key, now)
        if wait:
            raise RateLimited(wait)

    def take(self, key: str, now: float | None = None) -> int:
        """Count one event for ``key`` and return 0, or the seconds to wait when over the limit."""
        if self.per_minute <= 0:
            return 0
        now = time.monotonic() if now is None else now
        with self._lock:
            events = self._events.setdefault(key, deque())
            while events and events[0] <= now - self.window_s:
                events.popleft()
            if len(events) >= self.per_minute:
                return max(1, math.ceil(events[0] + self.window_s - now))
            events.append(now)
            if len(self._events) > 100_000:  # forget idle keys so memory stays bounded
                for idle in [k for k, v in self._events.items() if not v or v[-1] <= now - self.window_s]:
                    del self._events[idle]
            return 0


class SignInThrottle:
    """Sliding-window limits on sign-in attempts per address and per account, and a bound on
    concurrent password hashing (Argon2 is memory-hard by design, RFC 9106)."""

    def __init__(self, per_minute: int, concurrent: int) -> None:
        self.by_address = MinuteQuota(per_minute)
        self.by_account = MinuteQuota(per_minute)
        self._hashing = threading.BoundedSemaphore(max(1, concurrent))

    def admit(self, address: str, email: str) -> None:
        for limiter, key, why in ((self.by_address, address, "from this address"),
                                  (self.by_account, email.strip().lower(), "for this account")):
            wait = limiter.take(key)
            if wait:
                raise SignInThrottled(wait, why)

    @contextmanager
    def hashing(self, wait_s: float = 2.0) -> Iterator[None]:
        """Hold one of the hashing slots; refuse (rather than queue without bound) when none frees up."""
        if not self._hashing.acquire(timeout=wait_s):
            raise SignInThrottled(5, "at once (the server is busy checking other sign-ins)")
        try:
            yield
        finally:
            self._hashing.release()


def client_address(peer: str | None, forwarded_for: str | None, trusted_proxies: Sequence[str]) -> str:
    """The address of the person behind a request.

    ``X-Forwarded-For`` is believed only when the direct peer is one of ``trusted_proxies`` (addresses or
    networks); then the right-most address that is not itself a trusted proxy is the client. Anyone can
    write the header, so trusting it from an unlisted peer would let each request pick its own address.
    """
    peer = peer or "unknown"
    if not forwarded_for or not trusted_proxies:
        return peer
    networks = _networks(tuple(trusted_proxies))
    if not _within(peer, networks):
        return peer
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        if not _within(hop, networks):
            return hop
    return peer


def _networks(entries: tuple[str, ...]) -> list:
    return [ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip()]


def _within(address: str, networks: list) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks if network.version == ip.version)
