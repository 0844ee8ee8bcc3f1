"""Password strength, judged by zxcvbn (Wheeler, "zxcvbn: Low-Budget Password Strength Estimation",
USENIX Security 2016), which ships its own frequency lists of common passwords, names and words.

A password must be long enough and score at least :data:`MIN_SCORE` (0-4: 3 means "safely unguessable:
moderate protection from offline slow-hash scenario"); the e-mail is passed as a user input, so a
password built from it scores low.
"""

from __future__ import annotations

from zxcvbn import zxcvbn

from clinicite.errors import InputError

MIN_PASSWORD = 10
MIN_SCORE = 3
ZXCVBN_MAX_CHARS = 72  # zxcvbn refuses longer input; the first 72 characters decide


def check_strength(password: str, email: str = "") -> None:
    """Raise :class:`InputError` with zxcvbn's advice when ``password`` is short, common or trivial."""
    if len(password) < MIN_PASSWORD:
        raise InputError(f"a password needs at least {MIN_PASSWORD} characters")
    inputs = [part for part in (email, email.split("@")[0], "clinicite") if part]
    result = zxcvbn(password[:ZXCVBN_MAX_CHARS], user_inputs=inputs)
    if result["score"] < MIN_SCORE:
        feedback = result.get("feedback") or {}
        warning = feedback.get("warning") or "this password is too easy to guess"
        advice = " ".join(feedback.get("suggestions") or []) or "Use a few unrelated words or a password manager."
        raise InputError(f"the password is too weak: {warning.rstrip('.')}.", hint=advice)
