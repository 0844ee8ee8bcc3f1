"""Keeping the search indexes in step with the store.

A document needs indexing when its ``indexed_revision`` differs from its
``revision`` (or is NULL); a deleted tombstone needs removing when the same
holds. Each batch goes through three commits, in this order:

1. the store: the documents' passage rows are replaced (this assigns passage ids);
2. the indexes: every passage of those documents is deleted, the new ones added, committed;
3. the store: ``indexed_revision = revision``, only where the revision is unchanged.

A crash after 1 or 2 leaves ``indexed_revision`` behind, so the next sync redoes
the batch; since step 2 always deletes by document id first, redoing it never
duplicates a passage. A document changed while being indexed keeps its new
revision pending.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import bindparam, delete, or_, select, update

from clinicite.index.backend import SearchBackend
from clinicite.index.embed import Encoder
from clinicite.index.expansion import AbbreviationTable
from clinicite.index.lexical import IndexedPassage
from clinicite.index.passages import Passage, cut_passages
from clinicite.ingest.document import Document, Section
from clinicite.store.models import DocumentRow, PassageRow

BATCH_DOCUMENTS = 200          # with the dense encoder: ~1 minute of work per commit
BATCH_DOCUMENTS_LEXICAL = 2000 # lexical only: commits (fsync) dominate small batches

Progress = Callable[[int, int], None]     # (documents done, documents to do)


@dataclass
class SyncReport:
    documents_indexed: int = 0
    documents_removed: int = 0
    passages_indexed: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def passages_per_second(self) -> float:
        return self.passages_indexed / self.seconds if self.seconds else 0.0


def row_document(row: DocumentRow) -> Document:
    """The Document a row holds (its JSON), or one body section built from its text columns."""
    if row.data and "sections" in row.data:
        document = Document.from_dict(row.data)
        return document.assemble() if not document.text else document
    body = row.text[len(row.title):].strip() if row.text.startswith(row.title) else row.text
    return Document(id=row.id, source=row.source, title=row.title, sections=[Section(body, kind="body")],
                    year=row.year, language=row.language,
                    publication_types=list(row.publication_types or [])).assemble()


def _pending(session, deleted: bool, limit: int, after: str) -> list[tuple[str, int]]:
    query = (select(DocumentRow.id, DocumentRow.revision)
             .where(DocumentRow.deleted.is_(deleted), DocumentRow.id > after,
                    or_(DocumentRow.indexed_revision.is_(None),
                        DocumentRow.indexed_revision != DocumentRow.revision))
             .order_by(DocumentRow.id).limit(limit))
    return [(row.id, row.revision) for row in session.execute(query)]


def count_pending(database) -> int:
    from sqlalchemy import func
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(DocumentRow).where(
            or_(DocumentRow.indexed_revision.is_(None), DocumentRow.indexed_revision != DocumentRow.revision)))


def mark_all_pending(database) -> None:
    """Forget what was indexed: the next sync redoes every document (after the indexes were emptied)."""
    with database.session() as session:
        session.execute(update(DocumentRow).values(indexed_revision=None))


def _mark_indexed(database, revisions: list[tuple[str, int]]) -> None:
    """Step 3, one executemany for the batch (a statement per document took most of a knowledge sync)."""
    if not revisions:
        return
    table = DocumentRow.__table__
    statement = (update(table).where(table.c.id == bindparam("document_id"), table.c.revision == bindparam("seen"))
                 .values(indexed_revision=bindparam("seen")))
    with database.session() as session:
        session.connection().execute(statement, [{"document_id": d, "seen": r} for d, r in revisions])


def _store_passages(database, ids: list[str], max_chars: int
                    ) -> tuple[list[tuple[Passage, DocumentRow]], list[str]]:
    """Step 1: replace the passage rows of these documents; returns passages with their ids."""
    out: list[tuple[Passage, DocumentRow, PassageRow]] = []
    problems: list[str] = []
    with database.session() as session:
        rows = session.scalars(select(DocumentRow).where(DocumentRow.id.in_(ids))).all()
        session.execute(delete(PassageRow).where(PassageRow.document_id.in_(ids)))
        for row in rows:
            try:
                passages = cut_passages(row_document(row), max_chars)
            except (TypeError, KeyError, ValueError) as exc:
                problems.append(f"{row.id}: cannot cut passages ({exc})")
                continue
            for passage in passages:
                stored = PassageRow(document_id=row.id, ordinal=passage.ordinal, start=passage.start,
                                    end=passage.end, section=passage.section, kind=passage.kind,
                                    text=passage.text)
                session.add(stored)
                out.append((passage, row, stored))
        session.flush()  # assigns the passage ids the indexes use as keys
        for passage, _, stored in out:
            passage.id = stored.id
    # Rows stay readable after the session closes (the session factory does not expire on commit).
    return [(passage, row) for passage, row, _ in out], problems


def index_batch(database, backend: SearchBackend, encoder: Encoder | None, abbreviations: AbbreviationTable | None,
                batch: list[tuple[str, int]], max_chars: int, report: SyncReport,
                dense_sources: frozenset[str] | None = None) -> None:
    ids = [document_id for document_id, _ in batch]
    stored, problems = _store_passages(database, ids, max_chars)
    report.problems.extend(problems)
    indexed = []
    for passage, row in stored:
        indexed.append(IndexedPassage(passage.id, row.id, passage.indexed_text(row.title), row.source, row.year,
                                      row.language, list(row.publication_types or [])))
        if abbreviations is not None:
            abbreviations.add_text(passage.text)
    # Only sources chosen for dense search are embedded; the rest are indexed lexically.
    def embedded(passage: IndexedPassage) -> bool:
        return encoder is not None and (dense_sources is None or passage.source in dense_sources)

    dense = [p for p in indexed if embedded(p)]
    lexical_only = [p for p in indexed if not embedded(p)]
    backend.delete_documents(ids)
    if dense:
        backend.add_passages(dense, encoder.encode([p.text for p in dense]))
    if lexical_only:
        backend.add_passages(lexical_only, None)
    backend.commit()
    _mark_indexed(database, batch)
    report.documents_indexed += len(batch)
    report.passages_indexed += len(indexed)


def remove_tombstones(database, backend: SearchBackend, batch: list[tuple[str, int]], report: SyncReport) -> None:
    ids = [document_id for document_id, _ in batch]
    backend.delete_documents(ids)
    backend.commit()
    with database.session() as session:
        session.execute(delete(PassageRow).where(PassageRow.document_id.in_(ids)))
    _mark_indexed(database, batch)
    report.documents_removed += len(batch)


def sync(database, backend: SearchBackend, encoder: Encoder | None, *, max_chars: int = 1200,
         abbreviations: AbbreviationTable | None = None, progress: Progress | None = None,
         batch_size: int | None = None, dense_sources=None) -> SyncReport:
    """Bring the indexes up to date with the store; safe to interrupt and to run again.

    ``dense_sources`` limits dense vectors to passages of those document sources (None: all).
    """
    batch_size = batch_size or (BATCH_DOCUMENTS if encoder is not None else BATCH_DOCUMENTS_LEXICAL)
    dense_sources = frozenset(dense_sources) if dense_sources is not None else None
    try:
        return _sync(database, backend, encoder, max_chars, abbreviations, progress, batch_size, dense_sources)
    finally:
        backend.release()


def _sync(database, backend, encoder, max_chars, abbreviations, progress, batch_size, dense_sources) -> SyncReport:
    started = time.perf_counter()
    report = SyncReport()
    total = count_pending(database)
    done = 0
    for deleted in (True, False):
        after = ""
        while True:
            with database.session() as session:
                batch = _pending(session, deleted, batch_size, after)
            if not batch:
                break
            after = batch[-1][0]
            if deleted:
                remove_tombstones(database, backend, batch, report)
            else:
                index_batch(database, backend, encoder, abbreviations, batch, max_chars, report, dense_sources)
            done += len(batch)
            if abbreviations is not None:
                abbreviations.save()
            if progress is not None:
                progress(done, total)
    report.seconds = time.perf_counter() - started
    return report
