"""Step 3 of the sync, on SQLite and on a real PostgreSQL server: a document is marked indexed only at the
revision the index saw, so one changed meanwhile stays pending."""

from __future__ import annotations

from sqlalchemy import select

from clinicite.ingest.document import Document, Section
from clinicite.index.sync import count_pending, mark_indexed
from clinicite.store.database import Database
from clinicite.store.documents import save_documents
from clinicite.store.models import DocumentRow


def article(pmid: str, title: str, text: str) -> Document:
    return Document(id=f"pmid:{pmid}", source="pubmed", title=title, pmid=pmid, year=2020,
                    sections=[Section(text, label="CASE")]).assemble()


def test_marks_only_the_revision_that_was_indexed(database_url):
    database = Database.open(database_url)
    try:
        with database.session() as session:
            save_documents(session, [article(str(i), f"Osteosclerosis {i}", "Thick cortex.") for i in range(3)])
        with database.session() as session:      # pmid:2 is revised after the index read revision 1
            save_documents(session, [article("2", "Osteosclerosis 2, revised", "Thicker cortex.")])
        mark_indexed(database, [("pmid:0", 1), ("pmid:1", 1), ("pmid:2", 1), ("pmid:9", 1)])
        with database.session() as session:
            marks = dict(session.execute(select(DocumentRow.id, DocumentRow.indexed_revision)).all())
        assert marks == {"pmid:0": 1, "pmid:1": 1, "pmid:2": None}
        assert count_pending(database) == 1
        mark_indexed(database, [])
        mark_indexed(database, [("pmid:2", 2)])
        assert count_pending(database) == 0
    finally:
        database.dispose()
