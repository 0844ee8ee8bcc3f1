"""Loading a stream of ingest events into the store, resumably.

Events are written in batches; each batch and the file's checkpoint
(``IngestFile.events_done``) commit in the same transaction. A run killed at any
point therefore leaves whole batches and a checkpoint that matches them, and the
next run of the same file skips what was committed and carries on. Because
writes are idempotent (unchanged content is left alone), even a lost checkpoint
could only cost time, never correctness.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinicite.ingest.document import Deletion, Document, IngestEvent, Problem
from clinicite.store.base import utcnow
from clinicite.store.database import Database
from clinicite.store.documents import delete_documents, save_documents
from clinicite.store.models import IngestFile, IngestProblemRow

COUNTED = ("added", "replaced", "unchanged", "older", "deleted", "absent")


@dataclass
class IngestSummary:
    """What one ingest run did. ``older``: a newer version was already stored; ``absent``: a deletion of
    a document the store never held."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    older: int = 0
    deleted: int = 0
    absent: int = 0
    files: int = 0
    resumed_files: int = 0
    done_before: int = 0          # files of a folder already ingested whole, with the same content: not read
    problems: list[Problem] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len(self.problems)

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    @property
    def records(self) -> int:
        return sum(getattr(self, name) for name in COUNTED) + self.skipped

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def merge(self, other: "IngestSummary") -> "IngestSummary":
        for name in (*COUNTED, "files", "resumed_files", "done_before"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.problems.extend(other.problems)
        return self

    def to_dict(self) -> dict:
        data = {name: getattr(self, name) for name in (*COUNTED, "files", "resumed_files", "done_before", "skipped")}
        data["problems"] = [vars(p) for p in self.problems]
        return data


def fingerprint(path: Path) -> str:
    """Identity of a file's content, cheap enough for multi-GB files: size plus hashes of head and tail."""
    size = path.stat().st_size
    digest = hashlib.sha256(str(size).encode())
    with path.open("rb") as handle:
        digest.update(handle.read(1 << 20))
        if size > 2 << 20:
            handle.seek(-(1 << 20), 2)
            digest.update(handle.read())
    return digest.hexdigest()


def _checkpoint(database: Database, path: str, print_: str, fmt: str | None) -> tuple[int, int]:
    """The checkpoint row for this file and how many events are already committed (0 unless resuming)."""
    with database.session() as session:
        row = session.scalars(select(IngestFile).where(IngestFile.fingerprint == print_, IngestFile.path == path)
                              .order_by(IngestFile.id.desc())).first()
        if row is not None and row.status == "running":
            return row.id, row.events_done
        row = IngestFile(path=path, fingerprint=print_, format=fmt, events_done=0, status="running", counts={})
        session.add(row)
        session.flush()
        return row.id, 0


def already_ingested(database: Database, path: Path) -> bool:
    """True when this file, with this content, was ingested to its end before (a folder's resume position)."""
    try:
        print_ = fingerprint(path)
    except OSError:
        return False        # unreadable: let the reader report it
    with database.session() as session:
        row = session.scalars(select(IngestFile).where(IngestFile.path == str(path),
                                                       IngestFile.fingerprint == print_)
                              .order_by(IngestFile.id.desc())).first()
    return row is not None and row.status == "done"


class BatchHook(Protocol):
    """What the loader tells an indexer about each batch (:class:`clinicite.index.inline.IngestIndexer`)."""

    def stage(self, session: Session, written: list[tuple[Document, int, bool]]) -> None:
        """Inside the batch's transaction: these (document, revision, was stored before) were written."""

    def committed(self) -> None:
        """The batch's transaction committed."""

    def discard(self) -> None:
        """The batch's transaction rolled back."""


def _write_batch(database: Database, file_id: int, batch: list[IngestEvent], summary: IngestSummary,
                 hook: BatchHook | None = None) -> None:
    try:
        _write_batch_rows(database, file_id, batch, summary, hook)
    except BaseException:
        if hook is not None:
            hook.discard()
        raise
    if hook is not None:
        hook.committed()


def _write_batch_rows(database: Database, file_id: int, batch: list[IngestEvent], summary: IngestSummary,
                      hook: BatchHook | None) -> None:
    with database.session() as session:
        # Keep file order: a deletion followed by a re-addition of the same record must end added.
        for kind, group in groupby(batch, key=type):
            events = list(group)
            if kind is Document:
                written: list[tuple[Document, int, bool]] = []
                outcomes = save_documents(session, events, written)
                if hook is not None and written:
                    hook.stage(session, written)
            elif kind is Deletion:
                outcomes = delete_documents(session, [e.document_id for e in events])
            else:
                session.add_all(IngestProblemRow(file_id=file_id, path=p.path, position=p.position, reason=p.reason)
                                for p in events)
                summary.problems.extend(events)
                continue
            for outcome in outcomes:
                summary.count(outcome)
            session.flush()
        row = session.get(IngestFile, file_id)
        row.events_done += len(batch)
        row.counts = {k: v for k, v in summary.to_dict().items() if k != "problems"}


def load_events(database: Database, path: Path | str, events: Iterable[IngestEvent], *,
                fmt: str | None = None, batch_size: int = 500,
                on_progress: Callable[[int], None] | None = None, file_print: str | None = None,
                hook: BatchHook | None = None) -> IngestSummary:
    """Write the events read from ``path`` to the store, resuming after the last committed batch.

    ``hook`` (e.g. the ingest-time lexical indexer) hears of every batch written.
    """
    path = Path(path)
    print_ = file_print or (fingerprint(path) if path.is_file() else hashlib.sha256(str(path).encode()).hexdigest())
    file_id, done = _checkpoint(database, str(path), print_, fmt)
    summary = IngestSummary(files=1, resumed_files=1 if done else 0)
    batch: list[IngestEvent] = []
    for position, event in enumerate(events):
        if position < done:
            continue  # committed by the run that was interrupted
        batch.append(event)
        if len(batch) >= batch_size:
            _write_batch(database, file_id, batch, summary, hook)
            if on_progress:
                on_progress(len(batch))
            batch = []
    if batch:
        _write_batch(database, file_id, batch, summary, hook)
        if on_progress:
            on_progress(len(batch))
    with database.session() as session:
        row = session.get(IngestFile, file_id)
        row.status = "done"
        row.finished_at = utcnow()
    return summary
