"""Tables of the literature and knowledge store.

A document row keeps the whole :class:`~clinicite.ingest.document.Document` as
JSON plus the columns that filters need. ``revision`` grows on every change and
``indexed_revision`` records what the search index last saw, so a crash between
the store commit and the index commit is repaired on the next start
(:mod:`clinicite.index.sync`). Deleted documents stay as tombstones until the
index has dropped them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clinicite.store.base import Base, utcnow


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    source: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    pmid: Mapped[str | None] = mapped_column(String(20), index=True)
    pmid_version: Mapped[int | None] = mapped_column(Integer)
    pmcid: Mapped[str | None] = mapped_column(String(20), index=True)
    doi: Mapped[str | None] = mapped_column(String(300), index=True)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    language: Mapped[str | None] = mapped_column(String(10))
    publication_types: Mapped[list] = mapped_column(default=list)
    data: Mapped[dict] = mapped_column(default=dict)
    content_hash: Mapped[str] = mapped_column(String(64))
    origin: Mapped[str | None] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    indexed_revision: Mapped[int | None] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_documents_pending", "indexed_revision", "revision"),)


class PassageRow(Base):
    """A span of a document's text that search returns and a citation points at."""

    __tablename__ = "passages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    section: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    # The dense-vector marker: False waits for the encoder (`clinicite index`, or the background worker
    # of `clinicite serve`), True has its vector in the vector index, None is not meant for dense search
    # (its source is not in ``settings.dense_sources``). Ingest never waits for vectors.
    embedded: Mapped[bool | None] = mapped_column(Boolean, index=True)


class DiseaseRow(Base):
    """A curated disease knowledge record (HPO annotations, Orphanet), kept whole as JSON."""

    __tablename__ = "diseases"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    data: Mapped[dict] = mapped_column(default=dict)
    content_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class IngestFile(Base):
    """Progress through one input file: the resume checkpoint after a crash or a kill.

    ``events_done`` counts the reader's events (documents, deletions, problems)
    already committed; a restarted run skips that many and carries on.
    """

    __tablename__ = "ingest_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    path: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    format: Mapped[str | None] = mapped_column(String(40))
    events_done: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="running")   # running, done, failed
    counts: Mapped[dict] = mapped_column(default=dict)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()


class IngestProblemRow(Base):
    __tablename__ = "ingest_problems"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    file_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_files.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(Text)
    position: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
