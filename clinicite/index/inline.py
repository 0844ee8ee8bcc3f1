"""Lexical indexing during ingest, from the documents the loader has in memory.

The ordinary sync (:mod:`clinicite.index.sync`) reads pending documents back from
the store, decodes their JSON and cuts them into passages. During an ingest the
loader holds those very documents, so :class:`IngestIndexer` cuts and indexes
them as each batch is written, saving a second pass over the store:

1. inside the batch's transaction: the passage rows of the written documents are
   replaced (the store assigns their ids);
2. after that transaction commits: their tantivy documents are replaced (not yet
   committed; a rolled-back batch never reaches tantivy);
3. every ``commit_every`` documents and at the end: tantivy commits, then
   ``indexed_revision`` is set for exactly those (document, revision) pairs.

The rules of the sync hold unchanged: a kill before 3 leaves the documents
pending, and the next sync (which every ingest ends with) deletes their passages
by document id before re-adding them; a document changed or deleted later in
the same file keeps its newer revision pending.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from clinicite.index.backend import SearchBackend
from clinicite.index.expansion import AbbreviationTable
from clinicite.index.lexical import IndexedPassage
from clinicite.index.sync import add_lexical, delete_passage_rows, mark_indexed, write_passages
from clinicite.ingest.document import Document

COMMIT_EVERY = 20_000      # documents between tantivy commits: fewer, larger segments


class IngestIndexer:
    """The loader's hook (:func:`clinicite.store.loader.load_events`) that indexes what it writes."""

    def __init__(self, database, backend: SearchBackend, abbreviations: AbbreviationTable | None,
                 max_chars: int, dense_sources, commit_every: int = COMMIT_EVERY) -> None:
        self.database = database
        self.backend = backend
        self.abbreviations = abbreviations
        self.max_chars = max_chars
        self.dense_sources = frozenset(dense_sources) if dense_sources is not None else None
        self.commit_every = commit_every
        self.problems: list[str] = []
        self.passages = 0
        self._staged: tuple[list[IndexedPassage], list[str], list[tuple[str, int]]] | None = None
        self._added: list[tuple[str, int]] = []        # in tantivy's writer, not yet committed

    def stage(self, session: Session, written: list[tuple[Document, int, bool]]) -> None:
        """Step 1, in the batch's transaction."""
        replaced = [document.id for document, _, known in written if known]
        delete_passage_rows(session, replaced)
        indexed = write_passages(session, [document for document, _, _ in written], self.max_chars,
                                 self.dense_sources, self.problems)
        revisions = [(document.id, revision) for document, revision, _ in written]
        if self._staged is None:
            self._staged = (indexed, replaced, revisions)
        else:       # a batch with several runs of documents (deletions between them)
            self._staged[0].extend(indexed)
            self._staged[1].extend(replaced)
            self._staged[2].extend(revisions)

    def committed(self) -> None:
        """Step 2, once the batch's transaction has committed."""
        if self._staged is None:
            return
        indexed, replaced, revisions = self._staged
        self._staged = None
        add_lexical(self.backend, indexed, replaced, self.abbreviations)
        self.passages += len(indexed)
        self._added.extend(revisions)
        if len(self._added) >= self.commit_every:
            self.commit()

    def discard(self) -> None:
        """The batch's transaction rolled back: forget what it staged."""
        self._staged = None

    def commit(self) -> None:
        """Step 3."""
        if not self._added:
            return
        self.backend.commit()
        mark_indexed(self.database, self._added)
        self._added = []
        if self.abbreviations is not None:
            self.abbreviations.save()

    def finish(self) -> None:
        try:
            self.commit()
        finally:
            self.backend.release()
