"""Keeping the search indexes in step with the store.

A document needs indexing when its ``indexed_revision`` differs from its
``revision`` (or is NULL); a deleted tombstone needs removing when the same
holds. Each batch goes through three commits, in this order:

1. the store: the documents' passage rows are replaced (this assigns passage ids);
2. the lexical index: every passage of those documents is deleted, the new ones added, committed;
3. the store: ``indexed_revision = revision``, only where the revision is unchanged.

A crash after 1 or 2 leaves ``indexed_revision`` behind, so the next sync redoes
the batch; since step 2 always deletes by document id first, redoing it never
duplicates a passage. A document changed while being indexed keeps its new
revision pending.

Dense vectors are not computed here: new passages are stored with
``embedded = False`` (when their source is one of ``dense_sources``) and
:mod:`clinicite.index.embedding` fills them in afterwards, so a document is
lexically searchable as soon as this sync commits.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import bindparam, delete, func, or_, select, text, update

from clinicite.index.backend import SearchBackend
from clinicite.index.expansion import AbbreviationTable
from clinicite.index.lexical import IndexedPassage
from clinicite.index.passages import cut_passages
from clinicite.ingest.document import Document, Section
from clinicite.store.bulk import insert_rows_returning_ids
from clinicite.store.models import DocumentRow, PassageRow

BATCH_DOCUMENTS = 2000   # documents per commit: commits (fsync, a tantivy segment) dominate small batches
BATCH_DOCUMENTS_LEXICAL = BATCH_DOCUMENTS   # the name older callers use

Progress = Callable[[int, int], None]     # (documents done, documents to do)


@dataclass
class SyncReport:
    documents_indexed: int = 0
    documents_removed: int = 0
    passages_indexed: int = 0
    passages_embedded: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def passages_per_second(self) -> float:
        return self.passages_indexed / self.seconds if self.seconds else 0.0


def row_document(row) -> Document:
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
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(DocumentRow).where(
            or_(DocumentRow.indexed_revision.is_(None), DocumentRow.indexed_revision != DocumentRow.revision)))


def mark_all_pending(database) -> None:
    """Forget what was indexed: the next sync redoes every document (after the indexes were emptied)."""
    with database.session() as session:
        session.execute(update(DocumentRow).values(indexed_revision=None))


def mark_indexed(database, revisions: list[tuple[str, int]]) -> None:
    """Step 3, one executemany for the batch (a statement per document took most of a knowledge sync)."""
    if not revisions:
        return
    table = DocumentRow.__table__
    with database.session() as session:
        connection = session.connection()
        if connection.dialect.name == "sqlite":
            # Straight to the driver with tuples: half the CPU of the Core statement's per-row parameter
            # processing (5,000 marks: 0.29-0.35 -> 0.14-0.16 CPU s), the same statement.
            connection.exec_driver_sql(f"UPDATE {table.name} SET indexed_revision = ? WHERE id = ? AND revision = ?",
                                       [(r, d, r) for d, r in revisions])
            return
        if connection.dialect.name == "postgresql":
            # One statement over two arrays instead of a statement per document (5,000 marks: ~0.57 -> ~0.1 s
            # wall under load; the same condition on the revision).
            connection.execute(text(f"UPDATE {table.name} AS d SET indexed_revision = v.revision "
                                    "FROM unnest(CAST(:ids AS varchar[]), CAST(:revisions AS integer[])) "
                                    "AS v(id, revision) WHERE d.id = v.id AND d.revision = v.revision"),
                               {"ids": [d for d, _ in revisions], "revisions": [r for _, r in revisions]})
            return
        statement = (update(table).where(table.c.id == bindparam("document_id"),
                                         table.c.revision == bindparam("seen"))
                     .values(indexed_revision=bindparam("seen")))
        connection.execute(statement, [{"document_id": d, "seen": r} for d, r in revisions])


_mark_indexed = mark_indexed


def write_passages(session, documents: Sequence[Document], max_chars: int,
                   dense_sources: frozenset[str] | None, problems: list[str] | None = None
                   ) -> list[IndexedPassage]:
    """Cut ``documents`` into passages and insert their rows in one bulk insert.

    The documents' old passage rows must already be gone. Returns the passages as the indexes see
    them, carrying the ids the store assigned. Passages of ``dense_sources`` (None: all) are stored
    waiting for a vector (``embedded = False``).
    """
    rows: list[dict] = []
    owners: list[tuple[Document, str]] = []
    for document in documents:
        try:
            passages = cut_passages(document, max_chars)
        except (TypeError, KeyError, ValueError) as exc:
            if problems is not None:
                problems.append(f"{document.id}: cannot cut passages ({exc})")
            continue
        wanted = False if dense_sources is None or document.source in dense_sources else None
        for passage in passages:
            rows.append({"document_id": document.id, "ordinal": passage.ordinal, "start": passage.start,
                         "end": passage.end, "section": passage.section, "kind": passage.kind,
                         "text": passage.text, "embedded": wanted})
            owners.append((document, passage.indexed_text(document.title)))
    if not rows:
        return []
    ids = _insert_passage_rows(session, rows)
    return [IndexedPassage(int(pid), document.id, text, document.source, document.year, document.language,
                           list(document.publication_types or []))
            for pid, (document, text) in zip(ids, owners)]


def _insert_passage_rows(session, rows: list[dict]) -> list[int]:
    """Insert passage rows and return their ids, in order, in one bulk insert (:mod:`clinicite.store.bulk`)."""
    return insert_rows_returning_ids(session.connection(), PassageRow.__table__, rows)


def delete_passage_rows(session, document_ids: Iterable[str]) -> None:
    ids = list(document_ids)
    if ids:
        session.execute(delete(PassageRow).where(PassageRow.document_id.in_(ids)))


def _store_passages(database, ids: list[str], max_chars: int, dense_sources) -> tuple[list[IndexedPassage], list[str]]:
    """Step 1: replace the passage rows of these documents."""
    problems: list[str] = []
    table = DocumentRow.__table__
    with database.session() as session:
        rows = session.execute(select(table.c.id, table.c.source, table.c.title, table.c.text, table.c.year,
                                      table.c.language, table.c.publication_types, table.c.data)
                               .where(table.c.id.in_(ids))).all()
        documents = []
        for row in rows:
            try:
                documents.append(row_document(row))
            except (TypeError, KeyError, ValueError) as exc:
                problems.append(f"{row.id}: cannot read the stored document ({exc})")
        delete_passage_rows(session, ids)
        indexed = write_passages(session, documents, max_chars, dense_sources, problems)
    return indexed, problems


def add_lexical(backend: SearchBackend, indexed: Sequence[IndexedPassage], replaced: Sequence[str],
                abbreviations: AbbreviationTable | None) -> None:
    """Step 2 without its commit: the passages of ``replaced`` documents out, ``indexed`` in."""
    if abbreviations is not None:
        for passage in indexed:
            abbreviations.add_text(passage.text)
    backend.delete_documents(list(replaced))
    if indexed:
        backend.add_passages(indexed, None)


def index_batch(database, backend: SearchBackend, abbreviations: AbbreviationTable | None,
                batch: list[tuple[str, int]], max_chars: int, report: SyncReport,
                dense_sources: frozenset[str] | None = None) -> None:
    ids = [document_id for document_id, _ in batch]
    indexed, problems = _store_passages(database, ids, max_chars, dense_sources)
    report.problems.extend(problems)
    add_lexical(backend, indexed, ids, abbreviations)
    backend.commit()
    mark_indexed(database, batch)
    report.documents_indexed += len(batch)
    report.passages_indexed += len(indexed)


def remove_tombstones(database, backend: SearchBackend, batch: list[tuple[str, int]], report: SyncReport) -> None:
    ids = [document_id for document_id, _ in batch]
    backend.delete_documents(ids)
    backend.commit()
    with database.session() as session:
        delete_passage_rows(session, ids)
    mark_indexed(database, batch)
    report.documents_removed += len(batch)


def sync(database, backend: SearchBackend, encoder=None, *, max_chars: int = 1200,
         abbreviations: AbbreviationTable | None = None, progress: Progress | None = None,
         batch_size: int | None = None, dense_sources=None, embed: bool = True,
         embed_progress: Progress | None = None) -> SyncReport:
    """Bring the indexes up to date with the store; safe to interrupt and to run again.

    The lexical pass comes first and commits batch by batch; then, with ``embed`` and an ``encoder``,
    the passages still waiting for a dense vector are embedded (:func:`clinicite.index.embedding.embed_pending`).
    ``dense_sources`` limits dense vectors to passages of those document sources (None: all).
    """
    batch_size = batch_size or BATCH_DOCUMENTS
    dense_sources = frozenset(dense_sources) if dense_sources is not None else None
    try:
        report = _sync(database, backend, max_chars, abbreviations, progress, batch_size, dense_sources)
    finally:
        backend.release()
    if embed and encoder is not None:
        from clinicite.index.embedding import embed_pending
        embedded = embed_pending(database, backend, encoder, progress=embed_progress)
        report.passages_embedded, report.embed_seconds = embedded.passages, embedded.seconds
    return report


def _sync(database, backend, max_chars, abbreviations, progress, batch_size, dense_sources) -> SyncReport:
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
                index_batch(database, backend, abbreviations, batch, max_chars, report, dense_sources)
            done += len(batch)
            if abbreviations is not None:
                abbreviations.save()
            if progress is not None:
                progress(done, total)
    report.seconds = time.perf_counter() - started
    return report
