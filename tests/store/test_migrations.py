"""The Alembic migrations create exactly the schema the models declare, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from clinicite.store.database import Database
from clinicite.store.schema import metadata


def test_migrations_match_the_models(database_url):
    database = Database.open(database_url)
    try:
        with database.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, metadata)
        assert differences == [], f"a model changed without a migration: {differences}"
    finally:
        database.dispose()


def test_opening_twice_is_a_no_op(database_url):
    first = Database.open(database_url)
    tables = first.tables()
    first.dispose()
    second = Database.open(database_url)
    assert second.tables() == tables and "alembic_version" in tables
    second.dispose()
