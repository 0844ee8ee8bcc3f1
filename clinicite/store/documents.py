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

import hashlib
import json

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from clinicite.ingest.disease import DiseaseRecord
from clinicite.ingest.document import Document, stored_form
from clinicite.store.base import utcnow
from clinicite.store.bulk import insert_rows
from clinicite.store.database import JSONText
from clinicite.store.models import DiseaseRow, DocumentRow, PassageRow

Outcome = Literal["added", "replaced", "unchanged", "older", "deleted", "absent"]


def legacy_hash(document: Document) -> str:
    """The content hash rows written before orjson carry (standard encoder, default separators).

    Only consulted when a stored hash differs from the new one, so an old home re-ingested stays "unchanged".
    """
    payload = json.dumps(document.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _columns(document: Document) -> dict:
    """The row's column values; ``data`` and ``content_hash`` come from one serialisation of the document
    (the engine writes the :class:`JSONText` as it is instead of serialising the dict a second time), or
    from the reading process, which serialised and hashed it already (:mod:`clinicite.ingest.read_ahead`)."""
    prepared = document.prepared
    if prepared is not None:
        payload, digest = prepared.payload, prepared.content_hash
    else:
        payload = stored_form(document)[0]
        digest = hashlib.sha256(payload).hexdigest()
    return {"source": document.source, "title": document.title, "text": document.text, "pmid": document.pmid,
            "pmid_version": document.pmid_version, "pmcid": document.pmcid, "doi": document.doi,
            "year": document.year, "language": document.language,
            "publication_types": list(document.publication_types), "data": JSONText(payload.decode("utf-8")),
            "content_hash": digest, "origin": document.origin,
            "deleted": False}


def _unchanged(document: Document, current: dict, values: dict, stored: bool) -> bool:
    if current["content_hash"] == values["content_hash"]:
        return True
    return stored and current["content_hash"] == legacy_hash(document)


def save_documents(session: Session, documents: Sequence[Document],
                   written: list[tuple[Document, int, bool]] | None = None) -> list[Outcome]:
    """Insert or replace ``documents`` with one bulk insert (:mod:`clinicite.store.bulk`) and one bulk update
    per batch.

    Returns each document's outcome. Within a batch a later record of the same id wins, as in a MEDLINE
    update file. Core statements instead of ORM objects: this is the ingest hot path. ``written``, if
    given, receives ``(document, revision, was_stored_before)`` for each document id that was written,
    so the caller can index exactly what the store now holds.
    """
    for document in documents:
        if not document.text:
            document.assemble()
    table = DocumentRow.__table__
    ids = list({d.id for d in documents})
    known = {row.id: row for row in session.execute(
        select(table.c.id, table.c.content_hash, table.c.pmid_version, table.c.deleted, table.c.revision)
        .where(table.c.id.in_(ids)))}
    inserts: dict[str, dict] = {}
    updates: dict[str, dict] = {}
    latest: dict[str, Document] = {}
    outcomes: list[Outcome] = []
    now = utcnow()
    for document in documents:
        values = _columns(document)
        pending = inserts.get(document.id) or updates.get(document.id)
        current = pending or (known[document.id]._asdict() if document.id in known else None)
        if current is None:
            inserts[document.id] = {"id": document.id, **values, "revision": 1, "created_at": now, "updated_at": now}
            latest[document.id] = document
            outcomes.append("added")
        elif _unchanged(document, current, values, pending is None):
            outcomes.append("unchanged")
        elif (not current["deleted"] and current["pmid_version"] and document.pmid_version
              and document.pmid_version < current["pmid_version"]):
            outcomes.append("older")
        else:
            revised = {**values, "revision": (current["revision"] or 0) + (0 if document.id in inserts else 1),
                       "updated_at": now}
            if document.id in inserts:
                inserts[document.id].update(revised)
            else:
                updates[document.id] = {"row_id": document.id, **revised}
            latest[document.id] = document
            outcomes.append("replaced")
    if inserts:
        insert_rows(session.connection(), table, list(inserts.values()))
    if updates:
        columns = [c for c in next(iter(updates.values())) if c != "row_id"]
        statement = update(table).where(table.c.id == bindparam("row_id")).values(
            {c: bindparam(c) for c in columns})
        session.connection().execute(statement, [{**u} for u in updates.values()])
    if written is not None:
        written.extend((latest[i], row["revision"], False) for i, row in inserts.items())
        written.extend((latest[i], row["revision"], True) for i, row in updates.items())
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
        # Stored and lexically searchable, still without a dense vector (`clinicite index` or serve's worker).
        "passages_waiting_for_vectors": session.scalar(select(func.count()).select_from(PassageRow)
                                                       .where(PassageRow.embedded.is_(False))),
        "knowledge_records": session.scalar(select(func.count()).select_from(DiseaseRow)),
        "pending_index": pending,
        "last_document_update": session.scalar(select(func.max(DocumentRow.updated_at))),
    }
