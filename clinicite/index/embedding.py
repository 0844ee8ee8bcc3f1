"""Dense vectors off the ingest path: embedding the passages that wait for one, resumably.

Ingest stores passages with ``embedded = False`` and makes them lexically
searchable at once; this module fills in their vectors afterwards, from
``clinicite index`` or the background worker of ``clinicite serve``. Each round
reads the next waiting passages in id order, encodes them and hands the vectors
to the backend; every ``commit_seconds`` the backend's vectors are made durable
and only then are those passages marked ``embedded = True``. A run killed at any
point therefore loses at most the vectors since the last commit and the next
run starts where the store says it stopped (re-adding a passage's vector
replaces it, so redoing a round never duplicates one). Search meanwhile fuses
dense results over the passages that have vectors with BM25 over all of them.

One process writes the vector files at a time: :func:`vector_writer_lock` takes
an exclusive lock beside them. Vectors of passages that re-indexing or deletion
removed from the store are dropped at the start of each run
(:func:`collect_stale`), so the lexical sync never needs the lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, update

from clinicite.index.lexical import IndexedPassage
from clinicite.store.models import DocumentRow, PassageRow

ROUND = 256              # passages read and encoded per round
COMMIT_SECONDS = 60.0    # vectors are made durable (and marked in the store) at least this often
MARK_CHUNK = 500         # ids per UPDATE ... WHERE id IN (...)
LOCK_FILE = "embed.lock"

Progress = Callable[[int, int], None]     # (passages done, passages waiting at the start)


@dataclass
class EmbedReport:
    passages: int = 0
    stale_removed: int = 0
    seconds: float = 0.0
    locked_elsewhere: bool = False

    @property
    def passages_per_second(self) -> float:
        return self.passages / self.seconds if self.seconds else 0.0


def pending_vectors(database) -> int:
    """Passages stored and lexically searchable that still wait for a dense vector."""
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(PassageRow).where(PassageRow.embedded.is_(False)))


@contextlib.contextmanager
def vector_writer_lock(folder: Path, wait: bool = False) -> Iterator[bool]:
    """An exclusive lock on ``folder/embed.lock``; yields False when another process holds it (and not ``wait``)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_FILE, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _waiting(session, after: int, limit: int) -> list[IndexedPassage]:
    query = (select(PassageRow.id, PassageRow.text, PassageRow.start, DocumentRow.id, DocumentRow.title,
                    DocumentRow.source, DocumentRow.year, DocumentRow.language, DocumentRow.publication_types)
             .join(DocumentRow, DocumentRow.id == PassageRow.document_id)
             .where(PassageRow.embedded.is_(False), PassageRow.id > after)
             .order_by(PassageRow.id).limit(limit))
    out = []
    for pid, text, start, document_id, title, source, year, language, types in session.execute(query):
        # The same text the lexical index saw: the title for context unless the passage is the title.
        indexed = text if not title or start == 0 else f"{title}\n{text}"
        out.append(IndexedPassage(int(pid), document_id, indexed, source, year, language, list(types or [])))
    return out


def _mark_embedded(database, ids: list[int]) -> None:
    with database.session() as session:
        for begin in range(0, len(ids), MARK_CHUNK):
            session.execute(update(PassageRow).where(PassageRow.id.in_(ids[begin:begin + MARK_CHUNK]))
                            .values(embedded=True))


def collect_stale(database, backend) -> int:
    """Drop vectors whose passage the store no longer holds (re-indexed or deleted documents)."""
    keys = backend.vector_keys() if hasattr(backend, "vector_keys") else None
    if not keys:
        return 0
    with database.session() as session:
        live = set(session.scalars(select(PassageRow.id)))
    stale = [key for key in keys if key not in live]
    if stale:
        backend.remove_vectors(stale)
        backend.commit_vectors()
    return len(stale)


def embed_pending(database, backend, encoder, *, progress: Progress | None = None,
                  stop: threading.Event | None = None, commit_seconds: float = COMMIT_SECONDS,
                  round_size: int = ROUND, limit: int | None = None) -> EmbedReport:
    """Embed waiting passages until none wait, ``stop`` is set or ``limit`` passages are done.

    The caller holds the vector writer lock (:func:`vector_writer_lock`) when other processes may embed.
    """
    started = time.perf_counter()
    report = EmbedReport()
    if hasattr(backend, "reload_vectors"):
        backend.reload_vectors()      # another process may have written vectors since this one loaded them
    report.stale_removed = collect_stale(database, backend)
    total = pending_vectors(database)
    uncommitted: list[int] = []
    last_commit = time.monotonic()
    after = 0

    def commit() -> None:
        nonlocal last_commit
        if uncommitted:
            backend.commit_vectors()
            _mark_embedded(database, uncommitted)
            uncommitted.clear()
        last_commit = time.monotonic()

    # A pool of encoders elsewhere (clinicite.index.distributed) takes one round per worker at a time.
    ahead = getattr(encoder, "workers", 1)
    try:
        while not (stop is not None and stop.is_set()) and (limit is None or report.passages < limit):
            rounds: list[list[IndexedPassage]] = []
            with database.session() as session:
                for _ in range(ahead):
                    wanted = report.passages + sum(map(len, rounds))
                    size = round_size if limit is None else min(round_size, limit - wanted)
                    passages = _waiting(session, after, size) if size > 0 else []
                    if not passages:
                        break
                    after = passages[-1].passage_id
                    rounds.append(passages)
            if not rounds:
                break
            texts = [[p.text for p in passages] for passages in rounds]
            vectors = encoder.encode_rounds(texts) if ahead > 1 else [encoder.encode(texts[0])]
            for passages, round_vectors in zip(rounds, vectors):
                backend.add_vectors(passages, round_vectors)
                uncommitted.extend(p.passage_id for p in passages)
                report.passages += len(passages)
            if time.monotonic() - last_commit >= commit_seconds:
                commit()
            if progress is not None:
                progress(report.passages, total)
        commit()
    finally:
        report.seconds = time.perf_counter() - started
    return report
