r"""clinicite: answers clinical questions with evidence it really holds.

Data flows through the stages in this order, and a stage imports only the ones before it::

    ingest -> store -> index -> understand -> reason -> compose -> editorial
                                                  \                /
                                          app (the core object, Clinicite)
                                                        |
                                                 edges: web, cli

The public API is what ``__all__`` names: the core object, its settings, search filters and the errors
(``tests/test_public_api.py`` guards it). Everything else is internal and may change between releases.
Names are imported on first use, so ``import clinicite`` stays cheap.

    >>> from clinicite import Clinicite
    >>> core = Clinicite(home="/tmp/clinicite-home")        # doctest: +SKIP
    >>> core.ask("How is Kawasaki disease treated?")         # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Clinicite": "clinicite.app",
    "Settings": "clinicite.settings",
    "load_settings": "clinicite.settings",
    "SearchFilters": "clinicite.index.lexical",
    **{name: "clinicite.errors" for name in (
        "CliniciteError", "ConfigurationError", "InputError", "UnsupportedFormat", "HostileInput", "StoreError",
        "IngestBusy", "IndexError_", "KnowledgeMissing", "NotFound", "PermissionDenied", "WorkflowError",
        "ExternalServiceError", "InsufficientEvidence", "RateLimited", "SignInThrottled", "CsrfFailed",
        "RequestTooLarge")},
}

__all__ = [
    "__version__", "Clinicite", "Settings", "load_settings", "SearchFilters",
    "CliniciteError", "ConfigurationError", "InputError", "UnsupportedFormat", "HostileInput", "StoreError",
    "IngestBusy", "IndexError_", "KnowledgeMissing", "NotFound", "PermissionDenied", "WorkflowError",
    "ExternalServiceError", "InsufficientEvidence", "RateLimited", "SignInThrottled", "CsrfFailed", "RequestTooLarge",
]

if TYPE_CHECKING:  # the type checker sees the names; at run time __getattr__ loads them
    from clinicite.app import Clinicite
    from clinicite.errors import (ConfigurationError, CliniciteError, CsrfFailed, ExternalServiceError,
                                  HostileInput, IndexError_, IngestBusy, InputError, InsufficientEvidence,
                                  KnowledgeMissing, NotFound, PermissionDenied, RateLimited, RequestTooLarge,
                                  SignInThrottled, StoreError, UnsupportedFormat, WorkflowError)
    from clinicite.index.lexical import SearchFilters
    from clinicite.settings import Settings, load_settings


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'clinicite' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
