"""Writing and reading documents and disease records.

Every write goes through here so the rules hold everywhere:

- a document whose content is unchanged is left alone (re-ingesting is idempotent);
- a newer record of the same id replaces the older one; an older MEDLINE version
  (lower ``pmid_version``) never replaces a newer one;
- a deletion leaves a tombstone that the index sync removes later; the identical record
  arriving again (re-ingesting a baseline after its update file deleted a citation) does
  not bring it back, only a changed record does;
- each change bumps ``revision`` so the index can tell what it has not seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinicite.ingest.disease import DiseaseRecord
from clinicite.ingest.document import Document
from clinicite.store.models import DiseaseRow, DocumentRow, PassageRow

Outcome = Literal["added", "replaced", "unchanged", "older", "deleted", "absent"]


def _apply(row: DocumentRow, document: Document, content_hash: str) -> None:
    row.source = document.source
    row.title = document.title
    row.text = document.text
    row.pmid = document.pmid
    row.pmid_version = document.pmid_version
    row.pmcid = document.pmcid
    row.doi = document.doi
    row.year = document.year
    row.language = document.language
    row.publication_types = list(document.publication_types)
    row.data = document.to_dict()
    row.content_hash = content_hash
    row.origin = document.origin
    row.deleted = False


def save_documents(session: Session, documents: Sequence[Document]) -> list[Outcome]:
    """Insert or replace ``documents`` in one round trip per batch; returns each one's outcome.

    Within a batch a later record of the same id wins, as in a MEDLINE update file.
    """
    for document in documents:
        if not document.text:
            document.assemble()
    ids = list({d.id for d in documents})
    existing = {row.id: row for row in session.scalars(select(DocumentRow).where(DocumentRow.id.in_(ids)))}
    outcomes: list[Outcome] = []
    for document in documents:
        content_hash = document.content_hash
        row = existing.get(document.id)
        if row is None:
            row = DocumentRow(id=document.id, revision=1)
            _apply(row, document, content_hash)
            session.add(row)
            existing[document.id] = row
            outcomes.append("added")
        elif row.content_hash == content_hash:
            outcomes.append("unchanged")
        elif (not row.deleted and row.pmid_version and document.pmid_version
              and document.pmid_version < row.pmid_version):
            outcomes.append("older")
        else:
            _apply(row, document, content_hash)
            row.revision = (row.revision or 0) + 1
            outcomes.append("replaced")
    return outcomes


def delete_documents(session: Session, document_ids: Iterable[str]) -> list[Outcome]:
    """Mark documents deleted; the index sync removes them and their passages."""
    ids = list(document_ids)
    rows = {row.id: row for row in session.scalars(select(DocumentRow).where(DocumentRow.id.in_(ids)))}
    outcomes: list[Outcome] = []
    for document_id in ids:
        row = rows.get(document_id)
        if row is None or row.deleted:
            outcomes.append("absent")
            continue
        row.deleted = True
        row.revision = (row.revision or 0) + 1
        outcomes.append("deleted")
    return outcomes


def get_document(session: Session, document_id: str) -> Document | None:
    row = session.get(DocumentRow, document_id)
    if row is None or row.deleted:
        return None
    return Document.from_dict(row.data)


def get_documents(session: Session, document_ids: Iterable[str]) -> dict[str, Document]:
    ids = list(set(document_ids))
    rows = session.scalars(select(DocumentRow).where(DocumentRow.id.in_(ids), DocumentRow.deleted.is_(False)))
    return {row.id: Document.from_dict(row.data) for row in rows}


def find_by_pmid(session: Session, pmid: str) -> Document | None:
    row = session.scalars(select(DocumentRow).where(DocumentRow.pmid == pmid,
                                                    DocumentRow.deleted.is_(False))).first()
    return Document.from_dict(row.data) if row else None


def save_diseases(session: Session, records: Sequence[DiseaseRecord]) -> list[Outcome]:
    import hashlib
    import json

    ids = [r.id for r in records]
    existing = {row.id: row for row in session.scalars(select(DiseaseRow).where(DiseaseRow.id.in_(ids)))}
    outcomes: list[Outcome] = []
    for record in records:
        data = record.to_dict()
        digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
        row = existing.get(record.id)
        if row is None:
            session.add(DiseaseRow(id=record.id, name=record.name, data=data, content_hash=digest))
            outcomes.append("added")
        elif row.content_hash == digest:
            outcomes.append("unchanged")
        else:
            row.name, row.data, row.content_hash = record.name, data, digest
            outcomes.append("replaced")
    return outcomes


def load_diseases(session: Session) -> dict[str, DiseaseRecord]:
    return {row.id: DiseaseRecord.from_dict(row.data) for row in session.scalars(select(DiseaseRow))}


def corpus_counts(session: Session) -> dict:
    """Documents by source, passages, knowledge records and index backlog, for `clinicite stats`."""
    by_source = dict(session.execute(
        select(DocumentRow.source, func.count()).where(DocumentRow.deleted.is_(False)).group_by(DocumentRow.source)
    ).all())
    pending = session.scalar(select(func.count()).select_from(DocumentRow).where(
        (DocumentRow.indexed_revision.is_(None)) | (DocumentRow.indexed_revision != DocumentRow.revision)))
    return {
        "documents": sum(by_source.values()),
        "documents_by_source": by_source,
        "passages": session.scalar(select(func.count()).select_from(PassageRow)),
        "knowledge_records": session.scalar(select(func.count()).select_from(DiseaseRow)),
        "pending_index": pending,
        "last_document_update": session.scalar(select(func.max(DocumentRow.updated_at))),
    }
