"""Opening the database: engine, sessions and migrations.

SQLite (a file in the home) is the embedded default; PostgreSQL is used when
``CLINICITE_DATABASE_URL`` names it. Opening a database always brings its schema
to the newest Alembic revision, so an old home keeps working after an upgrade.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from clinicite.errors import StoreError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class JSONText:
    """A JSON value already serialised: written as it is, so the ingest hot path serialises a document once
    (for its content hash and its ``data`` column alike)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _json_dumps(value) -> str:
    return value.text if type(value) is JSONText else json.dumps(value)


WAL_CHECKPOINT_PAGES = 10_000
CACHE_KIB = 65_536


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (web, search) run while an ingest writes; busy_timeout waits instead of failing.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Deleted rows (purged case text) are overwritten with zeros, not left readable in free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    # An ingest commits a batch every 500 records: with the default checkpoint every 1,000 WAL pages
    # (4 MB) and a 2 MB page cache, the writer waited on checkpoint I/O and re-read index pages. A WAL
    # checkpoint every 10,000 pages and a 64 MB cache (allocated only as used): round 10, 5,000 MEDLINE
    # records, 3 interleaved repetitions at load 14-18, median ingest/parse ratio by wall 0.46 -> 0.62
    # (CPU 0.49 -> 0.51, within noise). Durability is unchanged: synchronous=NORMAL in WAL either way.
    cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cursor.close()


def _private_file(path: Path) -> None:
    """Create the database file readable by its owner only (SQLite gives its -wal and -shm files the same
    mode), and tighten an existing one: it holds private case text and password hashes."""
    import os
    import stat
    try:
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(0o600)
    except OSError:
        pass  # a read-only location: SQLite reports the real problem when it opens the file


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            _private_file(Path(path))
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               json_serializer=_json_dumps)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, json_serializer=_json_dumps)


class Database:
    """One database: its engine, a session factory, and its migrations."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self.engine = make_engine(url)
        except (SQLAlchemyError, ImportError) as exc:
            raise StoreError(f"cannot open database {self.safe_url}: {exc}") from exc
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def safe_url(self) -> str:
        """The URL with any password hidden, for messages and logs."""
        return self.engine.url.render_as_string(hide_password=True) if hasattr(self, "engine") else "<url>"

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @classmethod
    def open(cls, url: str, migrate: bool = True) -> "Database":
        database = cls(url)
        if migrate:
            database.migrate()
        return database

    def migrate(self, revision: str = "head") -> None:
        if revision == "head" and self._at_head():
            return
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        try:
            with self._migration_lock(), self.engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot migrate database {self.safe_url}: {exc}",
                             hint="Check that the database server runs and the user may create tables.") from exc

    def _at_head(self) -> bool:
        """True when the database already carries the newest revision: then Alembic (about a second to
        import and load its scripts) is not needed, which every CLI command and ingest would pay otherwise."""
        head = _head_revision()
        if head is None:
            return False
        from sqlalchemy import text
        try:
            with self.engine.connect() as connection:
                versions = [row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))]
        except SQLAlchemyError:
            return False        # a fresh database: no version table yet
        return versions == [head]

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        """Two processes opening a fresh home at once (a CLI and the web app) must not both create tables.

        SQLite: an exclusive lock on a file beside the database. PostgreSQL: a transaction-level advisory lock
        taken inside the migration transaction would be ideal; a session-level one around it does the same job.
        """
        if self.dialect == "sqlite":
            database = self.engine.url.database
            if not database or database == ":memory:":
                yield
                return
            import fcntl
            with open(f"{database}.migrate.lock", "w") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)
            return
        from sqlalchemy import text
        with self.engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(727172)"))
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(727172)"))
                connection.commit()

    def tables(self) -> list[str]:
        return sorted(inspect(self.engine).get_table_names())

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


_REVISION = re.compile(r"^(down_revision|revision)\s*=\s*['\"]?([^'\"\n]*)['\"]?\s*$", re.M)


def _head_revision() -> str | None:
    """The single newest revision of the migration scripts, read from their text (None when unclear)."""
    revisions, parents = set(), set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        found = dict((name, value.strip()) for name, value in _REVISION.findall(script.read_text()))
        if not found.get("revision"):
            return None
        revisions.add(found["revision"])
        if found.get("down_revision") not in (None, "", "None"):
            parents.add(found["down_revision"])
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 else None
