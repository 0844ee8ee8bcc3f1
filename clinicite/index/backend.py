"""Where passages are indexed: the :class:`SearchBackend` seam and its local implementation.

The local backend keeps a tantivy index (lexical) and a usearch index (dense)
in the home folder. Another backend (e.g. Milvus) can replace it behind the
same protocol; the encoder, passage cutting and fusion stay in clinicite.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from clinicite.index.lexical import IndexedPassage, LexicalIndex, SearchFilters
from clinicite.index.vectors import EXACT_LIMIT, VectorIndex
from clinicite.paths import Paths

# With filters, dense search ranks exactly within the passages that pass them when they are
# this few; beyond that it asks the graph for more neighbours and keeps those that pass.
FILTER_SCAN_LIMIT = 200_000
OVERFETCH = 10


@runtime_checkable
class SearchBackend(Protocol):
    def add_passages(self, passages: Sequence[IndexedPassage], vectors: np.ndarray | None = None) -> None:
        """Index passages (their ids are store ids); ``vectors`` row i belongs to passage i."""

    def add_vectors(self, passages: Sequence[IndexedPassage], vectors: np.ndarray) -> None:
        """Give already indexed passages their dense vectors (durable after :meth:`commit_vectors`)."""

    def commit_vectors(self) -> None:
        """Make the vectors added since the last call durable and searchable."""

    def delete_documents(self, document_ids: Sequence[str]) -> None:
        """Remove every passage of these documents from the lexical index (and, where the backend can do
        so safely from any process, their vectors; the rest are dropped by the next embedding run)."""

    def search_lexical(self, query: str, limit: int, filters: SearchFilters | None = None,
                       expansions: Sequence[tuple[str, float]] = ()) -> list[tuple[int, float]]:
        """(passage id, score), best first, by BM25."""

    def search_dense(self, vector: np.ndarray, limit: int,
                     filters: SearchFilters | None = None) -> list[tuple[int, float]]:
        """(passage id, cosine), best first."""

    def clear(self) -> None:
        """Remove every passage from all indexes (durable after :meth:`commit`)."""

    def commit(self) -> None:
        """Make all additions and deletions durable and visible to readers."""

    def release(self) -> None:
        """End a run of writes: wait for background work and free write locks."""

    def count(self) -> dict[str, int]:
        """Passages held: {"lexical": n, "dense": m}."""

    def close(self) -> None:
        """Drop uncommitted changes and release locks."""


class LocalBackend:
    """tantivy + usearch files under the home's index folder."""

    def __init__(self, paths: Paths, model: str | None = None, dimensions: int | None = None) -> None:
        self.paths = paths
        self.lexical = LexicalIndex(paths.lexical_dir)
        self._vector_spec = (model, dimensions) if model and dimensions else None
        self._vectors: VectorIndex | None = None
        if self._vector_spec:
            VectorIndex.check_model(paths.vectors_dir, model, dimensions)

    @property
    def vectors(self) -> VectorIndex | None:
        """The dense index, read from disk on first use: an ingest (lexical only) never loads it."""
        if self._vectors is None and self._vector_spec is not None:
            self._vectors = VectorIndex(self.paths.vectors_dir, *self._vector_spec)
        return self._vectors

    def add_passages(self, passages: Sequence[IndexedPassage], vectors: np.ndarray | None = None) -> None:
        self.lexical.add(passages)
        if self.vectors is not None and vectors is not None and len(passages):
            self.vectors.add([p.passage_id for p in passages], [p.document_id for p in passages], vectors)

    def add_vectors(self, passages: Sequence[IndexedPassage], vectors: np.ndarray) -> None:
        if self.vectors is not None and len(passages):
            self.vectors.add([p.passage_id for p in passages], [p.document_id for p in passages], vectors)

    def commit_vectors(self) -> None:
        if self.vectors is not None:
            self.vectors.commit()

    def vector_keys(self) -> set[int] | None:
        return self.vectors.keys() if self.vectors is not None else None

    def remove_vectors(self, keys: Sequence[int]) -> None:
        if self.vectors is not None:
            self.vectors.remove(keys)

    def reload_vectors(self) -> None:
        if self.vectors is not None:
            self.vectors.reload_if_changed()

    def delete_documents(self, document_ids: Sequence[str]) -> None:
        # Tantivy only: the vector files belong to the process holding the embedding lock, which drops
        # the vectors of passages the store no longer has (clinicite.index.embedding.collect_stale).
        if document_ids:
            self.lexical.delete_documents(document_ids)

    def search_lexical(self, query: str, limit: int, filters: SearchFilters | None = None,
                       expansions: Sequence[tuple[str, float]] = ()) -> list[tuple[int, float]]:
        return self.lexical.search(query, limit, filters, expansions)

    def search_dense(self, vector: np.ndarray, limit: int,
                     filters: SearchFilters | None = None) -> list[tuple[int, float]]:
        if self.vectors is None:
            return []
        self.vectors.reload_if_changed()      # `clinicite index` in another process may have added vectors
        if filters is None or filters.empty:
            return self.vectors.search(vector, limit)
        allowed = self.lexical.filtered_ids(filters, FILTER_SCAN_LIMIT + 1)
        if len(allowed) <= EXACT_LIMIT:
            return self.vectors.search(vector, limit, allowed=allowed)
        allowed_set = set(allowed)
        wide = self.vectors.search(vector, limit * OVERFETCH)
        return [(key, score) for key, score in wide if key in allowed_set][:limit]

    def clear(self) -> None:
        self.lexical.clear()
        if self.vectors is not None:
            self.vectors.clear()

    def commit(self) -> None:
        # Vectors first: if the process dies before tantivy commits, the next sync re-adds the
        # same documents and both indexes converge (deletion by document id precedes every add).
        if self._vectors is not None:
            self._vectors.commit()
        self.lexical.commit()

    def release(self) -> None:
        self.lexical.release()

    def count(self) -> dict[str, int]:
        return {"lexical": self.lexical.count(), "dense": len(self.vectors) if self.vectors is not None else 0}

    def size_bytes(self) -> dict[str, int]:
        dense = sum(f.stat().st_size for f in self.paths.vectors_dir.glob("*") if f.is_file()) \
            if self.paths.vectors_dir.is_dir() else 0
        return {"lexical": self.lexical.size_bytes(), "dense": dense}

    def close(self) -> None:
        self.lexical.rollback()
        self.lexical.release()
