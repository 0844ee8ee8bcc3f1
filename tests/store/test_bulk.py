"""The bulk inserts store exactly what the ORM writes, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from clinicite.store.bulk import insert_rows, insert_rows_returning_ids
from clinicite.store.database import Database, JSONText
from clinicite.store.models import DocumentRow, PassageRow

WHEN = datetime(2026, 12, 2, 4, 30, 15, 123456, tzinfo=timezone.utc)


@pytest.fixture
def database(database_url) -> Database:
    db = Database.open(database_url)
    yield db
    db.dispose()


def _document(document_id: str, **extra) -> dict:
    values = {"id": document_id, "source": "pubmed", "title": "Flowing hyperostosis", "text": "Flowing hyperostosis. x",
              "pmid": document_id[5:], "pmid_version": None, "pmcid": None, "doi": None, "year": 2019,
              "language": "eng", "publication_types": ["Case Reports", "Review"],
              "data": {"title": "Flowing hyperostosis", "tags": ["ü", 1]}, "content_hash": "ab" * 32,
              "origin": None, "deleted": False, "revision": 1, "created_at": WHEN, "updated_at": WHEN}
    return {**values, **extra}


def _row_values(row: DocumentRow) -> dict:
    return {c.name: getattr(row, c.name) for c in DocumentRow.__table__.columns}


def test_bulk_rows_read_back_as_the_orm_writes_them(database):
    with database.session() as session:
        session.add(DocumentRow(**_document("pmid:1")))
    with database.session() as session:
        insert_rows(session.connection(), DocumentRow.__table__,
                    [_document("pmid:2"), _document("pmid:3", data=JSONText('{"title": "as stored", "n": 3}'),
                                                    pmid_version=2, deleted=True, origin="file.xml")])
    with database.session() as session:
        rows = {row.id: _row_values(row) for row in session.scalars(select(DocumentRow))}
    orm, bulk = rows["pmid:1"], rows["pmid:2"]
    assert {k: v for k, v in bulk.items() if k not in ("id", "pmid")} == \
        {k: v for k, v in orm.items() if k not in ("id", "pmid")}
    assert bulk["created_at"].replace(tzinfo=timezone.utc) == WHEN       # SQLite hands back a naive UTC time
    assert bulk["publication_types"] == ["Case Reports", "Review"] and bulk["indexed_revision"] is None
    third = rows["pmid:3"]
    assert third["data"] == {"title": "as stored", "n": 3}          # pre-serialised JSON stored as it is
    assert (third["pmid_version"], third["deleted"], third["origin"]) == (2, True, "file.xml")


def test_ids_are_assigned_in_order_and_carry_on_after_other_inserts(database):
    with database.session() as session:
        insert_rows(session.connection(), DocumentRow.__table__, [_document("pmid:1")])
    passage = {"document_id": "pmid:1", "ordinal": 0, "start": 0, "end": 5, "section": None, "kind": "body",
               "text": "Flowing", "embedded": False}
    with database.session() as session:
        first = insert_rows_returning_ids(session.connection(), PassageRow.__table__,
                                          [{**passage, "ordinal": i, "text": f"text {i}"} for i in range(3)])
    with database.session() as session:        # an ORM insert between two bulk ones takes its own id
        row = PassageRow(**{**passage, "ordinal": 3, "text": "text 3"})
        session.add(row)
        session.flush()
        orm_id = row.id
    with database.session() as session:
        second = insert_rows_returning_ids(session.connection(), PassageRow.__table__,
                                           [{**passage, "ordinal": 4, "text": "text 4", "embedded": None}])
    assert first == sorted(first) and len(set(first + [orm_id] + second)) == 5
    assert orm_id > max(first) and second[0] > orm_id
    with database.session() as session:
        stored = {row.id: (row.ordinal, row.text, row.embedded) for row in session.scalars(select(PassageRow))}
    assert [stored[i] for i in first] == [(0, "text 0", False), (1, "text 1", False), (2, "text 2", False)]
    assert stored[second[0]] == (4, "text 4", None)
    with database.engine.connect() as connection:
        assert insert_rows_returning_ids(connection, PassageRow.__table__, []) == []
