"""SQLite connections get the ingest-friendly WAL checkpoint and page cache, and keep WAL durability."""

from __future__ import annotations

from sqlalchemy import text

from clinicite.store.database import CACHE_KIB, WAL_CHECKPOINT_PAGES, Database


def test_every_sqlite_connection_gets_the_checkpoint_and_cache(tmp_path):
    db = Database.open(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        # Two connections at once: the pragmas are set per connection, not once per engine.
        with db.engine.connect() as first, db.engine.connect() as second:
            for connection in (first, second):
                assert connection.execute(text("PRAGMA wal_autocheckpoint")).scalar() == WAL_CHECKPOINT_PAGES
                assert connection.execute(text("PRAGMA cache_size")).scalar() == -CACHE_KIB
                assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
                assert connection.execute(text("PRAGMA synchronous")).scalar() == 1      # NORMAL
    finally:
        db.dispose()
