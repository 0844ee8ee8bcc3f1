"""The store's rules, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from clinicite.ingest.disease import DiseaseRecord, PhenotypeAnnotation
from clinicite.ingest.document import Author, Document, MeshHeading, Section
from clinicite.store.database import Database
from clinicite.store.documents import (corpus_counts, delete_documents, find_by_pmid, get_document,
                                       load_diseases, save_diseases, save_documents)
from clinicite.store.models import DocumentRow


def article(pmid: str, title: str = "Melorheostosis of the femur", version: int | None = None,
            abstract: str = "Flowing hyperostosis of the cortex was seen.") -> Document:
    return Document(id=f"pmid:{pmid}", source="pubmed", title=title, pmid=pmid, pmid_version=version,
                    year=2019, language="eng", publication_types=["Case Reports"],
                    authors=[Author(last_name="Smith", initials="J")],
                    mesh=[MeshHeading("Melorheostosis", "D008557", True, ["diagnostic imaging"])],
                    sections=[Section(abstract, label="CASE")]).assemble()


@pytest.fixture
def database(database_url) -> Database:
    db = Database.open(database_url)
    yield db
    db.dispose()


def test_schema_is_created_by_migrations(database):
    assert {"documents", "passages", "diseases", "ingest_files", "alembic_version"} <= set(database.tables())


def test_save_is_idempotent_and_round_trips(database):
    with database.session() as session:
        assert save_documents(session, [article("1"), article("2")]) == ["added", "added"]
    with database.session() as session:
        assert save_documents(session, [article("1"), article("2")]) == ["unchanged", "unchanged"]
        document = get_document(session, "pmid:1")
    assert document.title == "Melorheostosis of the femur"
    assert document.mesh[0].qualifiers == ["diagnostic imaging"]
    assert document.text[document.sections[0].start:document.sections[0].end] == document.sections[0].text


def test_newer_record_replaces_and_older_version_does_not(database):
    with database.session() as session:
        save_documents(session, [article("7", version=2)])
    with database.session() as session:
        assert save_documents(session, [article("7", title="Old title", version=1)]) == ["older"]
        assert save_documents(session, [article("7", title="Corrected title", version=3)]) == ["replaced"]
    with database.session() as session:
        row = session.get(DocumentRow, "pmid:7")
        assert row.title == "Corrected title" and row.revision == 2


def test_later_record_in_one_batch_wins(database):
    with database.session() as session:
        outcomes = save_documents(session, [article("9", title="first"), article("9", title="second")])
    assert outcomes == ["added", "replaced"]
    with database.session() as session:
        assert find_by_pmid(session, "9").title == "second"


def test_deletion_leaves_a_tombstone_for_the_index(database):
    with database.session() as session:
        save_documents(session, [article("3")])
    with database.session() as session:
        assert delete_documents(session, ["pmid:3", "pmid:404"]) == ["deleted", "absent"]
    with database.session() as session:
        assert get_document(session, "pmid:3") is None
        row = session.scalars(select(DocumentRow).where(DocumentRow.id == "pmid:3")).one()
        assert row.deleted and row.revision == 2
        assert corpus_counts(session)["documents"] == 0
    with database.session() as session:  # the same record again does not undo a deliberate deletion
        assert save_documents(session, [article("3")]) == ["unchanged"]
        assert get_document(session, "pmid:3") is None
    with database.session() as session:  # a changed record (a new version) brings it back
        assert save_documents(session, [article("3", title="Revised", version=2)]) == ["replaced"]
        assert get_document(session, "pmid:3").title == "Revised"


def test_disease_records_round_trip(database):
    record = DiseaseRecord(id="OMIM:155950", name="Melorheostosis", inheritance=["Somatic mosaicism"],
                           phenotypes=[PhenotypeAnnotation("HP:0002653", "Bone pain", 0.545, references=["PMID:1"])])
    with database.session() as session:
        assert save_diseases(session, [record]) == ["added"]
    with database.session() as session:
        assert save_diseases(session, [record]) == ["unchanged"]
        loaded = load_diseases(session)["OMIM:155950"]
    assert loaded.phenotypes[0].frequency == 0.545 and loaded.references == ["PMID:1"]


def test_rows_hashed_by_the_older_encoder_stay_unchanged(database):
    """Homes written before orjson carry the standard encoder's hash: re-ingesting them changes nothing,
    while a real change to such a row still replaces it."""
    from sqlalchemy import update

    from clinicite.store.documents import legacy_hash
    with database.session() as session:
        save_documents(session, [article("5"), article("6")])
        for pmid in ("5", "6"):
            session.execute(update(DocumentRow).where(DocumentRow.id == f"pmid:{pmid}")
                            .values(content_hash=legacy_hash(article(pmid))))
    with database.session() as session:
        assert session.get(DocumentRow, "pmid:5").content_hash != article("5").content_hash
        outcomes = save_documents(session, [article("5"), article("6", title="Melorheostosis of the tibia")])
    assert outcomes == ["unchanged", "replaced"]
    with database.session() as session:
        assert session.get(DocumentRow, "pmid:5").revision == 1
        assert session.get(DocumentRow, "pmid:6").content_hash == article("6", title="Melorheostosis of the tibia").content_hash
