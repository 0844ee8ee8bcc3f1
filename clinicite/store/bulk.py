"""Many rows per round trip: the ingest's bulk inserts, on SQLite and PostgreSQL alike.

SQLAlchemy's Core ``insert(table)`` with a list of rows already reaches the driver's ``executemany``, but
it processes every value of every row through the generic parameter machinery first, and on PostgreSQL
``executemany`` still sends one ``INSERT`` per row (pipelined) and ``INSERT ... RETURNING`` one per
thousand. Here, with the same column types' own bind processors (so the stored values are exactly those
the ORM writes and reads back):

- SQLite: one DB-API ``executemany`` of plain tuples, processors applied per column only where a column
  has one (JSON text, timestamps);
- PostgreSQL (psycopg 3): ``COPY ... FROM STDIN``, the bulk-load path PostgreSQL documents for populating
  a table ("Populating a Database", PostgreSQL manual, section 14.4); ids for a ``RETURNING``-style caller
  are taken from the table's sequence in one statement first;
- any other database: the Core statement.

Every function runs inside the caller's transaction, so a batch and its ingest checkpoint still commit
or roll back together (:mod:`clinicite.store.loader`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.engine import Connection


def _processors(connection: Connection, table: Table, columns: Sequence[str]) -> list:
    dialect = connection.dialect
    return [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns]


def _tuples(connection: Connection, table: Table, columns: Sequence[str], rows: Sequence[dict]) -> list[tuple]:
    """The rows as tuples of driver values, each column through its type's bind processor (if any)."""
    processors = _processors(connection, table, columns)
    # itemgetter reads a row's values in C, and only the columns that have a processor are visited per row
    # (17,205 rows of a 5,000-record ingest: a Python loop over every column of every row was 0.1-0.2 CPU s).
    take: Callable[[dict], tuple] = itemgetter(*columns) if len(columns) > 1 else (lambda row: (row[columns[0]],))
    active = [(i, process) for i, process in enumerate(processors) if process is not None]
    if not active:
        return [take(row) for row in rows]
    out = []
    for row in rows:
        values = list(take(row))
        for i, process in active:
            if values[i] is not None:
                values[i] = process(values[i])
        out.append(tuple(values))
    return out


def _psycopg(connection: Connection):
    """The psycopg 3 connection under ``connection``, or None (another driver: use the Core path)."""
    if connection.dialect.name != "postgresql" or connection.dialect.driver != "psycopg":
        return None
    return connection.connection.dbapi_connection


def insert_rows(connection: Connection, table: Table, rows: Sequence[dict]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` in one bulk operation."""
    if not rows:
        return
    columns = list(rows[0])
    raw = _psycopg(connection)
    if connection.dialect.name == "sqlite":
        quoted = ", ".join(f'"{c}"' for c in columns)
        connection.exec_driver_sql(f'INSERT INTO "{table.name}" ({quoted}) VALUES ({", ".join("?" * len(columns))})',
                                   _tuples(connection, table, columns, rows))
    elif raw is not None:
        _copy(raw, table, columns, _tuples(connection, table, columns, rows))
    else:
        connection.execute(insert(table), list(rows))


def _copy(raw, table: Table, columns: Sequence[str], tuples: list[tuple]) -> None:
    quoted = ", ".join(f'"{c}"' for c in columns)
    with raw.cursor() as cursor:
        with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
            for values in tuples:
                copy.write_row(values)


def insert_rows_returning_ids(connection: Connection, table: Table, rows: Sequence[dict]) -> list[int]:
    """Insert ``rows`` into ``table`` (integer primary key ``id``, assigned here) and return their ids in order.

    SQLite, inside a write transaction (it holds the database's only write lock, so no other writer can take
    ids meanwhile): numbered on from the largest id. PostgreSQL: ``nextval`` of the id's sequence, one call
    for the whole batch (safe beside other writers), then ``COPY``. Elsewhere: ``INSERT ... RETURNING``.
    """
    if not rows:
        return []
    raw = connection.connection.dbapi_connection
    if connection.dialect.name == "sqlite" and getattr(raw, "in_transaction", False):
        first = (connection.execute(select(func.max(table.c.id))).scalar() or 0) + 1
        ids = list(range(first, first + len(rows)))
    elif _psycopg(connection) is not None:
        ids = sorted(connection.execute(
            text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
            {"table": table.name, "n": len(rows)}).scalars())
    else:
        return list(connection.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                                       list(rows)).scalars())
    insert_rows(connection, table, [{"id": pid, **row} for pid, row in zip(ids, rows)])
    return ids
