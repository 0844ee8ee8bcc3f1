"""One ingest at a time per home and per database.

Two ingests of the same file would share one checkpoint row and race on it (one dies on a unique
constraint, the checkpoint counts both). The index already refuses a second writer; these locks do the
same for ingestion, held for the whole run and released by the system if the process dies, so a crash
never leaves a stale lock behind:

* the home: an exclusive ``flock`` on ``<home>/ingest.lock``;
* the database, which two homes may share (two servers on one PostgreSQL database, or a home pointed at
  another home's SQLite file): a PostgreSQL session advisory lock on a connection held for the run, or a
  ``flock`` beside the SQLite file.

A second ingest is refused at once with :class:`~clinicite.errors.IngestBusy` (a StoreError) that says
what runs and what to do.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text

from clinicite.errors import IngestBusy

if TYPE_CHECKING:
    from clinicite.store.database import Database

# The advisory lock's key: any constant 64-bit number; this one spells "clinicit" in ASCII.
ADVISORY_KEY = int.from_bytes(b"clinicit", "big") & 0x7FFF_FFFF_FFFF_FFFF
WAIT_HINT = "Wait for it to finish, then run this one: one ingest at a time per home and per database."


@contextmanager
def ingest_lock(home: Path, database: Database | None = None) -> Iterator[None]:
    """Hold the home's ingest lock (and ``database``'s), or raise :class:`IngestBusy` naming the holder."""
    home.mkdir(parents=True, exist_ok=True)
    with _file_lock(home / "ingest.lock", f"another ingest is already running in {home}"):
        if database is None:
            yield
        else:
            with database_ingest_lock(database):
                yield


@contextmanager
def database_ingest_lock(database: Database) -> Iterator[None]:
    """Hold the database's ingest lock for the block, or raise :class:`IngestBusy` at once."""
    if database.dialect == "postgresql":
        with database.engine.connect() as connection:
            taken = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}).scalar()
            connection.commit()
            if not taken:
                raise IngestBusy(f"another ingest is already writing to the database {database.safe_url}",
                                 hint=WAIT_HINT)
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
                connection.commit()
        return
    file = database.engine.url.database
    if database.dialect != "sqlite" or not file or file == ":memory:":
        yield  # an in-memory database lives in this process only
        return
    # ".lock": a suffix that ingest never reads, so a home ingested as a folder does not ingest its own lock
    with _file_lock(Path(f"{file}.ingest.lock"), f"another ingest is already writing to {file}"):
        yield


@contextmanager
def _file_lock(path: Path, busy: str) -> Iterator[None]:
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    with os.fdopen(descriptor, "r+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = handle.read().strip() or "another process"
            raise IngestBusy(f"{busy} (process {holder})", hint=WAIT_HINT) from None
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
