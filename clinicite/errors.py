"""Every error clinicite raises on purpose.

::

    CliniciteError
     ├── ConfigurationError      settings or environment are wrong
     ├── InputError              a file or record cannot be read
     │    ├── UnsupportedFormat  the format of a path was not recognised
     │    └── HostileInput       a document tried entity expansion or external fetches
     ├── StoreError              the database refused or is out of date
     │    └── IngestBusy         another ingest holds the home or the database
     ├── IndexError_             the search index is missing, locked or inconsistent
     ├── KnowledgeMissing        the disease knowledge base has not been installed
     ├── NotFound                a document, answer, article or user does not exist
     ├── PermissionDenied        the user's role does not allow the action
     ├── WorkflowError           an editorial action is not allowed in the current state
     ├── ExternalServiceError    NCBI or a language-model endpoint failed after retries
     ├── InsufficientEvidence    too little evidence to answer; the caller abstains
     ├── RateLimited             too many questions per minute from one user, session or address
     │    └── SignInThrottled    too many sign-ins from one address or for one account, or at once
     ├── CsrfFailed              a form or cookie-authenticated call lacks the session's CSRF token
     └── RequestTooLarge         a request body is larger than ``max_request_bytes``

The CLI and the web app turn these into messages that say what to do; the core
never imports Typer or FastAPI. Errors of other libraries are converted at the
adapter that calls them.
"""

from __future__ import annotations


class CliniciteError(Exception):
    """Base class. ``hint`` tells the user what to do next."""

    hint: str = ""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint


class ConfigurationError(CliniciteError):
    """Raised when a setting or environment variable has an unusable value."""


class InputError(CliniciteError):
    """Raised when a file or record cannot be read. Carries where it happened."""

    def __init__(self, message: str, *, path: str | None = None, position: str | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.path = path
        self.position = position


class UnsupportedFormat(InputError):
    """Raised when the content of a path matches no format clinicite reads."""


class HostileInput(InputError):
    """Raised when XML declares entities or external resources that would be expanded or fetched."""


class StoreError(CliniciteError):
    """Raised when the database cannot be opened, migrated or written."""


class IngestBusy(StoreError):
    """Raised when another ingest already runs in the same home or writes to the same database."""


class IndexError_(CliniciteError):  # noqa: N801 - avoid shadowing the builtin IndexError
    """Raised when the search index is missing, locked by another writer, or out of step."""


class KnowledgeMissing(CliniciteError):
    """Raised when a feature needs the disease knowledge base and none is installed."""

    hint = "Run `clinicite ingest knowledge` to install the HPO annotations."


class NotFound(CliniciteError):
    """Raised when an identifier names nothing that the store holds."""


class PermissionDenied(CliniciteError):
    """Raised when the current user's role does not permit the action."""


class WorkflowError(CliniciteError):
    """Raised when an editorial action does not fit the article's current review status."""


class ExternalServiceError(CliniciteError):
    """Raised when NCBI E-utilities or a language-model endpoint still fails after retries."""


class InsufficientEvidence(CliniciteError):
    """Raised when the evidence is too thin to answer; callers abstain instead of guessing."""


class RateLimited(CliniciteError):
    """Raised when one user or address asks more questions per minute than allowed."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many questions: try again in {retry_after} s",
                         hint="The limit is set by ask_rate_limit_per_minute.")
        self.retry_after = retry_after


class SignInThrottled(RateLimited):
    """Raised when too many sign-ins come from one address or for one account, or too many run at once."""

    def __init__(self, retry_after: int, why: str) -> None:
        CliniciteError.__init__(self, f"too many sign-in attempts {why}: try again in {retry_after} s",
                               hint="Wait a moment; if you forgot the password, ask an administrator.")
        self.retry_after = retry_after


class CsrfFailed(CliniciteError):
    """Raised when a form or cookie-authenticated API call lacks the session's CSRF token."""

    hint = "Reload the page and submit the form again."


class RequestTooLarge(CliniciteError):
    """Raised when a request body is larger than ``settings.max_request_bytes``."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is larger than {limit:,} bytes",
                         hint="Shorten the text; a case description needs the findings that matter, not a record.")


# Deprecated: the base class's old, misspelled name. Kept so that code written against it still runs;
# it is the same class, so ``except ClinciteError`` catches every clinicite error. Use CliniciteError.
ClinciteError = CliniciteError
