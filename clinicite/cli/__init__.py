"""The ``clinicite`` command. Each sub-module registers its commands on :data:`app`.

The CLI is an edge: it parses arguments, calls the core, and turns
:class:`clinicite.errors.CliniciteError` into a message and an exit status.
"""

from __future__ import annotations

import importlib

from clinicite.cli.base import app, run

# Order is the order of `clinicite --help`.
for _module in ("up", "ingest", "search", "phenotypes", "diagnose", "ask", "serve", "users", "llm"):
    importlib.import_module(f"clinicite.cli.{_module}")


def main() -> None:
    run()


__all__ = ["app", "main"]
