"""One ingest per home at a time.

Two ingests of the same file would share one checkpoint row and race on it (one dies on a unique
constraint, the checkpoint counts both). The index already refuses a second writer; this lock does
the same for ingestion: an exclusive ``flock`` on ``<home>/ingest.lock`` held for the whole run and
released by the kernel if the process dies, so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from clinicite.errors import StoreError


@contextmanager
def ingest_lock(home: Path) -> Iterator[None]:
    """Hold the home's ingest lock, or raise :class:`StoreError` naming the process that holds it."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / "ingest.lock"
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    with os.fdopen(descriptor, "r+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = handle.read().strip() or "another process"
            raise StoreError(f"another ingest is already running in {home} (process {holder})",
                             hint="Wait for it to finish, then run this one: one ingest per home at a time.") \
                from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
