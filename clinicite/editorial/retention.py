"""Retention that happens without anyone remembering it: a purge on a schedule inside ``clinicite serve``.

Every ``case_purge_interval_s`` a background thread deletes case text older than ``case_retention_days``
(conversation threads with their turns and answers, :func:`clinicite.editorial.answers.purge_cases`) and
expired sign-in sessions, then makes the deletion real on disk: SQLite runs with ``secure_delete`` (freed
pages are zeroed) and the write-ahead log is checkpointed and truncated, so the old pages do not linger in
the WAL.
On PostgreSQL a deleted row stays in its page until VACUUM reclaims it (autovacuum does, later);
docs/configuration.md says how to make that prompt. No web framework here: the CLI purges the same way.
"""

from __future__ import annotations

import logging
import threading



from clinicite.editorial import sessions
from clinicite.editorial.answers import purge_cases
from clinicite.store.database import Database

log = logging.getLogger("clinicite.web")


def purge_now(database: Database, retention_days: int) -> int:
    """Delete expired case text and sessions; returns the number of answers deleted."""
    with database.session() as session:
        removed = purge_cases(session, retention_days)
        sessions.purge_expired(session)
    if database.dialect == "sqlite":
        with database.engine.connect() as connection:  # push the zeroed pages into the file, empty the WAL
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return removed


class RetentionSchedule:
    """A daemon thread that calls :func:`purge_now` every ``interval_s`` seconds until stopped."""

    def __init__(self, database: Database, retention_days: int, interval_s: float) -> None:
        self.database, self.retention_days, self.interval_s = database, retention_days, interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.runs = 0

    def start(self) -> None:
        if self.interval_s <= 0 or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="clinicite-retention", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                removed = purge_now(self.database, self.retention_days)
                if removed:
                    log.info("retention: deleted %d answers older than %d days", removed, self.retention_days)
            except Exception:  # noqa: BLE001 - a failed purge is logged and retried next time, never fatal
                log.exception("retention purge failed")
            self.runs += 1
            self._stop.wait(self.interval_s)



