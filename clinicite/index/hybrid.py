"""Hybrid search: BM25 and dense rankings fused into one.

The fusion function is chosen by name from :data:`clinicite.index.fusion.FUSIONS`.
The default, ``"convex"``, is a convex combination of min-max normalised scores
(Bruch, Gai & Ingber, ACM TOIS 2023): on SciFact it beats reciprocal rank fusion
(Cormack et al., 2009), which stays available as ``"rrf"`` (its ``k`` is
``settings.rrf_k``). The weights are ``settings.lexical_weight`` and
``settings.dense_weight`` for either function; each ranking contributes its best
``depth`` passages (default 100).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import bindparam, select

from clinicite.errors import ConfigurationError, IndexError_
from clinicite.index.backend import LocalBackend, SearchBackend
from clinicite.index.embed import model_dimensions
from clinicite.index.encoders import load_encoder
from clinicite.index.embedding import EmbedReport, embed_pending, pending_vectors, vector_writer_lock
from clinicite.index.expansion import AbbreviationTable, QueryExpander, synonym_table
from clinicite.index.fusion import BM25_FLOOR, COSINE_FLOOR, DEFAULT_FUSION, FUSIONS, fuse, reciprocal_rank_fusion
from clinicite.index.lexical import SearchFilters
from clinicite.index.sync import Progress, SyncReport, count_pending, mark_all_pending, sync
from clinicite.store.models import DocumentRow, PassageRow

Mode = Literal["hybrid", "lexical", "dense"]
DEPTH = 100           # candidates taken from each ranking before fusion
ABBREVIATIONS_FILE = "abbreviations.json"

# What a hit list shows of its passages and documents, built once: SQLAlchemy then reuses the compiled
# statement and a search pays only for binding its keys. Building the select on every search cost ~10 ms
# of Python per query at 100k passages (the SQL itself runs in < 1 ms).
HIT_ROWS = (select(PassageRow.id, PassageRow.text, PassageRow.start, PassageRow.end, PassageRow.section,
                   DocumentRow.id, DocumentRow.pmid, DocumentRow.doi, DocumentRow.title, DocumentRow.source,
                   DocumentRow.year, DocumentRow.publication_types, DocumentRow.deleted)
            .join(DocumentRow, DocumentRow.id == PassageRow.document_id)
            .where(PassageRow.id.in_(bindparam("keys", expanding=True))))


__all__ = ["Hit", "SearchIndex", "reciprocal_rank_fusion"]


@dataclass
class Hit:
    """One passage that matched, with where it sits in its document and how each ranking placed it."""

    passage_id: int
    document_id: str
    pmid: str | None
    doi: str | None
    title: str
    text: str
    start: int
    end: int
    section: str | None
    score: float          # hybrid: the fusion's score (convex: 0..1); lexical: BM25; dense: cosine
    source: str
    year: int | None
    publication_types: list[str] = field(default_factory=list)
    lexical_rank: int | None = None
    dense_rank: int | None = None


class SearchIndex:
    """The search index of one home: open it, keep it in sync with the store, and search it."""

    def __init__(self, settings, database, backend: SearchBackend, encoder=None,
                 abbreviations: AbbreviationTable | None = None, ontology=None,
                 fusion: str | None = None, depth: int | None = None, encoder_loader=None) -> None:
        """``fusion`` (a :data:`FUSIONS` name) and ``depth`` (candidates per ranking) override settings."""
        self.fusion = fusion or settings.fusion or DEFAULT_FUSION
        if self.fusion not in FUSIONS:
            raise ConfigurationError(f"unknown fusion {self.fusion!r}: use one of {', '.join(sorted(FUSIONS))}")
        self.depth = depth or settings.fusion_depth or DEPTH
        self.ontology = ontology
        self.settings = settings
        self.database = database
        self.backend = backend
        self._encoder = encoder
        self._encoder_loader = encoder_loader
        self.abbreviations = abbreviations
        self._expander: QueryExpander | None = None

    @classmethod
    def open(cls, settings, database, ontology=None, fusion: str | None = None,
             depth: int | None = None, rebuild: bool = False, runtime: str | None = None) -> "SearchIndex":
        """The index of ``settings.home``; ``ontology`` (default: the packaged HPO) feeds query expansion.

        ``runtime`` ("numpy" or "onnx") overrides ``settings.embedding_runtime`` for the encoder.
        ``rebuild=True`` opens it empty, with every document pending, even when its vector files
        came from another model or cannot be read; the caller then runs :meth:`sync`.
        """
        paths = settings.paths.ensure()
        if settings.search_backend not in ("local", "milvus"):
            raise ConfigurationError(f"unknown search backend {settings.search_backend!r}",
                                     hint="Set CLINICITE_SEARCH_BACKEND to 'local' or 'milvus'.")
        # The encoder is loaded on first use (a query, an embedding run), not here: ingest never needs it.
        dimensions = model_dimensions(settings.embedding_model)

        def encoder_loader():
            return load_encoder(settings.embedding_model, settings.embedding_max_tokens,
                                settings.embedding_batch_size, settings.embedding_threads,
                                runtime or settings.embedding_runtime, cache_dir=paths.cache_dir)
        if rebuild:
            # Vector files hold no lock and may be unreadable or from another model: remove them
            # before opening. The lexical index is emptied through its writer, which takes the lock.
            shutil.rmtree(paths.vectors_dir, ignore_errors=True)
            (paths.index_dir / ABBREVIATIONS_FILE).unlink(missing_ok=True)
        model = settings.embedding_model if dimensions else None
        try:
            backend = cls._backend(settings, paths, model, dimensions, rebuild)
        except IndexError_:
            if not rebuild:
                raise
            # An unreadable lexical index cannot be emptied through its writer: start it afresh.
            shutil.rmtree(paths.lexical_dir, ignore_errors=True)
            backend = cls._backend(settings, paths, model, dimensions, rebuild)
        abbreviations = AbbreviationTable(paths.index_dir / ABBREVIATIONS_FILE)
        index = cls(settings, database, backend, None, abbreviations, ontology, fusion, depth,
                    encoder_loader=encoder_loader if dimensions else None)
        if rebuild:
            index.clear()
        elif getattr(backend, "created", False) and backend.count()["lexical"]:
            # A new, empty Milvus collection while tantivy holds passages (e.g. after switching from the
            # local backend): the next sync indexes every document again; lexical search works meanwhile.
            mark_all_pending(database)
        return index

    @staticmethod
    def _backend(settings, paths, model, dimensions, rebuild: bool):
        if settings.search_backend == "milvus":
            from clinicite.index.milvus import MilvusBackend  # optional: pip install 'clinicite[milvus]'
            return MilvusBackend.open(paths, settings.milvus_uri, settings.milvus_collection, model, dimensions,
                                      token=settings.milvus_token or "", recreate=rebuild)
        return LocalBackend(paths, model, dimensions)

    @property
    def dense_enabled(self) -> bool:
        return self._encoder is not None or self._encoder_loader is not None

    @property
    def encoder(self):
        """The dense encoder (None: dense search is off), loaded on first use."""
        if self._encoder is None and self._encoder_loader is not None:
            self._encoder = self._encoder_loader()
        return self._encoder

    @property
    def expander(self) -> QueryExpander:
        if self._expander is None:
            synonyms = synonym_table(self.ontology) if self.ontology is not None else None
            self._expander = QueryExpander(self.abbreviations, synonyms)
        return self._expander

    def sync(self, progress: Progress | None = None, embed: bool = True,
             embed_progress: Progress | None = None) -> SyncReport:
        """Index what the store holds and the index has not seen; with ``embed``, then embed the passages
        that wait for a dense vector (as ``clinicite index`` does). Ingest passes ``embed=False``."""
        report = sync(self.database, self.backend, None, max_chars=self.settings.passage_max_chars,
                      abbreviations=self.abbreviations, progress=progress, dense_sources=self.settings.dense_sources)
        if embed and self.dense_enabled and pending_vectors(self.database):
            embedded = self.embed_pending(progress=embed_progress, wait=True)
            report.passages_embedded, report.embed_seconds = embedded.passages, embedded.seconds
        return report

    def ingest_indexer(self):
        """A hook for :func:`clinicite.store.loader.load_events` that indexes each batch lexically as it is
        written (:class:`clinicite.index.inline.IngestIndexer`)."""
        from clinicite.index.inline import IngestIndexer
        return IngestIndexer(self.database, self.backend, self.abbreviations, self.settings.passage_max_chars,
                             self.settings.dense_sources)

    def embed_pending(self, progress: Progress | None = None, stop=None, wait: bool = False,
                      limit: int | None = None) -> EmbedReport:
        """Dense vectors for the passages that wait for one; resumable (see :mod:`clinicite.index.embedding`).

        Only one process embeds at a time: without ``wait``, a run that finds another one embedding returns
        at once with ``locked_elsewhere``.
        """
        encoder = self.encoder      # before the vector index: onnxruntime must load before usearch
        if encoder is None:
            return EmbedReport()
        with vector_writer_lock(self.settings.paths.index_dir, wait=wait) as acquired:
            if not acquired:
                return EmbedReport(locked_elsewhere=True)
            pool = self._ray_pool()
            try:
                return embed_pending(self.database, self.backend, pool or encoder, progress=progress, stop=stop,
                                     limit=limit)
            finally:
                if pool is not None:
                    pool.close()

    def _ray_pool(self):
        """Encoder actors on Ray when ``settings.embedding_ray_address`` is set (:mod:`clinicite.index.distributed`)."""
        settings = self.settings
        if not settings.embedding_ray_address:
            return None
        from clinicite.index.distributed import RayEncoderPool
        return RayEncoderPool(settings.embedding_ray_address, settings.embedding_workers, settings.embedding_model,
                              settings.embedding_max_tokens, settings.embedding_batch_size, settings.embedding_threads,
                              settings.embedding_runtime, cache_dir=settings.paths.cache_dir)

    def clear(self) -> None:
        """Empty both indexes and the abbreviation table, and mark every document as pending."""
        self.backend.clear()
        self.backend.commit()
        self.backend.release()
        if self.abbreviations is not None:
            self.abbreviations.forms.clear()
            self.abbreviations.save()
        self._expander = None
        mark_all_pending(self.database)

    def rebuild(self, progress: Progress | None = None) -> SyncReport:
        """Drop both indexes and index every document again (``clinicite index --rebuild``)."""
        self.clear()
        return self.sync(progress)

    def ranked_ids(self, query: str, depth: int | None = None, filters: SearchFilters | None = None,
                   mode: Mode = "hybrid", expand: bool = True) -> tuple[list[tuple[int, float]], dict, dict]:
        """Fused (passage id, score) plus each ranking's positions; no store access."""
        if mode not in ("hybrid", "lexical", "dense"):
            raise ConfigurationError(f"unknown search mode {mode!r}: use hybrid, lexical or dense")
        depth = depth or self.depth
        lexical: list[tuple[int, float]] = []
        dense: list[tuple[int, float]] = []
        if mode in ("hybrid", "lexical"):
            expansions = self.expander.expand(query) if expand else []
            lexical = self.backend.search_lexical(query, depth, filters, expansions)
        if mode in ("hybrid", "dense") and self.dense_enabled and query.strip():
            vector = self.encoder.encode([query])[0]
            dense = self.backend.search_dense(vector, depth, filters)
        lexical_rank = {key: i for i, (key, _) in enumerate(lexical, start=1)}
        dense_rank = {key: i for i, (key, _) in enumerate(dense, start=1)}
        if mode == "hybrid":
            fused = fuse(self.fusion, [(lexical, self.settings.lexical_weight), (dense, self.settings.dense_weight)],
                         (BM25_FLOOR, COSINE_FLOOR), k=self.settings.rrf_k)
        else:
            fused = list(lexical if mode == "lexical" else dense)
        return fused, lexical_rank, dense_rank

    def search(self, query: str, k: int = 10, filters: SearchFilters | None = None, mode: Mode = "hybrid",
               expand: bool = True) -> list[Hit]:
        """The ``k`` best passages for ``query``; ``expand`` adds HPO synonyms and corpus abbreviations."""
        fused, lexical_rank, dense_rank = self.ranked_ids(query, max(self.depth, k), filters, mode, expand)
        # A few spare candidates cover passages the store dropped since the index last committed.
        wanted = fused[:k + 10]
        rows = self._hydrate([key for key, _ in wanted])
        hits = []
        for key, score in wanted:
            if key not in rows:
                continue
            passage, document = rows[key]
            hits.append(Hit(key, document.id, document.pmid, document.doi, document.title, passage.text,
                            passage.start, passage.end, passage.section, score, document.source, document.year,
                            list(document.publication_types or []), lexical_rank.get(key), dense_rank.get(key)))
            if len(hits) == k:
                break
        return hits

    def _hydrate(self, keys: list[int]) -> dict[int, tuple]:
        if not keys:
            return {}
        # A plain read on a pooled connection: no ORM session or commit on the search path.
        with self.database.engine.connect() as connection:
            out = {}
            for row in connection.execute(HIT_ROWS, {"keys": keys}):
                # Tombstones are dropped here, not in SQL: a "deleted = 0" condition tempts SQLite
                # to scan the whole deleted index instead of looking the passages up by key.
                if row[12]:
                    continue
                passage = _Row(text=row[1], start=row[2], end=row[3], section=row[4])
                document = _Row(id=row[5], pmid=row[6], doi=row[7], title=row[8], source=row[9], year=row[10],
                                publication_types=row[11])
                out[row[0]] = (passage, document)
            return out

    def stats(self) -> dict:
        counts = self.backend.count()
        info = {"passages_lexical": counts["lexical"], "passages_dense": counts["dense"],
                "pending_documents": count_pending(self.database),
                "pending_vectors": pending_vectors(self.database) if self.dense_enabled else 0,
                "embedding_model": self.settings.embedding_model if self.dense_enabled else "none",
                "abbreviations": len(self.abbreviations.forms) if self.abbreviations else 0}
        if hasattr(self.backend, "size_bytes"):
            info["bytes"] = self.backend.size_bytes()
        return info

    def close(self) -> None:
        self.backend.close()


class _Row:
    def __init__(self, **values) -> None:
        self.__dict__.update(values)
