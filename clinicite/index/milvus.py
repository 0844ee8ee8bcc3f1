"""The Milvus backend: passage vectors in a Milvus collection, BM25 in tantivy.

Milvus is the scale-out engine for dense search; the same code talks to Milvus
Lite (a local ``.db`` folder, used by the tests and small installs) and to a
Milvus server (``http(s)://host:19530``), both through pymilvus' ``MilvusClient``.
Lexical search stays in tantivy (:class:`~clinicite.index.lexical.LexicalIndex`
in the home), so BM25 scores, query expansion and stemming are the same as with
:class:`~clinicite.index.backend.LocalBackend`; Milvus' own BM25 function uses
another analyser and would rank differently.

One collection row per embedded passage: ``passage_id`` (INT64 primary key, the
store id), ``document_id``, ``source``, ``year``, ``language``,
``publication_types`` (ARRAY of VARCHAR) and ``vector`` (FLOAT_VECTOR, COSINE).
The encoder's name and dimensions are kept in the collection's properties and
checked on open. Filters become Milvus boolean expressions whose string
literals are escaped by :func:`literal`.

Writes are held in memory until :meth:`MilvusBackend.commit`, which applies them
in order (clear, deletions by document, upserts), so :meth:`close` drops
uncommitted changes as the local backend does, and a crash mid-commit is
repaired by the next sync (it deletes by document id before every add).
Vectors are searched by HNSW (Malkov & Yashunin, 2018) on a server and exactly
(FLAT) in Milvus Lite.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from clinicite.errors import ConfigurationError, IndexError_
from clinicite.index.lexical import IndexedPassage, LexicalIndex, SearchFilters
from clinicite.paths import Paths

MODEL_PROPERTY = "clinicite.model"
DIMENSIONS_PROPERTY = "clinicite.dimensions"
SERVER_SCHEMES = ("http://", "https://", "tcp://")
INSTALL_HINT = "pip install 'clinicite[milvus]'"
REBUILD_HINT = "Run `clinicite index --rebuild` to re-embed every passage, or choose another milvus_collection."
# Field sizes: Milvus rejects a row past them, with a message naming the field.
DOCUMENT_ID_BYTES = 1024
SOURCE_BYTES = 64
LANGUAGE_BYTES = 32
PUBLICATION_TYPES = 64
PUBLICATION_TYPE_BYTES = 256
ROWS_PER_CALL = 1000          # keeps one gRPC message well under Milvus' 64 MB limit
IDS_PER_DELETE = 500
MAX_TOP_K = 16_384            # Milvus' limit on one search
HNSW_BUILD = {"M": 16, "efConstruction": 200}

# Milvus Lite runs one in-process server per .db folder, holding the folder's lock until it
# is stopped; count the backends using each so the last one to close stops it.
_LITE_USERS: dict[str, int] = {}
_LITE_LOCK = threading.Lock()


def _pymilvus(lite: bool):
    """The pymilvus module, or a ConfigurationError saying what to install."""
    try:
        module = importlib.import_module("pymilvus")
        if lite:
            importlib.import_module("milvus_lite")
    except ImportError as exc:
        raise ConfigurationError(f"the Milvus search backend needs {exc.name}, which is not installed",
                                 hint=INSTALL_HINT) from exc
    return module


def literal(value: str) -> str:
    """``value`` as a double-quoted Milvus string literal.

    Milvus (server and Lite) reads C-style escapes in string literals; anything
    that would end the literal early is escaped, and control characters that
    have no escape are refused rather than passed through.
    """
    out = []
    for ch in str(value):
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            raise IndexError_(f"a search filter value contains a control character: {value!r}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _string_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(literal(v) for v in values) + "]"


def filter_expression(filters: SearchFilters | None) -> str:
    """The Milvus boolean expression for ``filters`` ("" when there is nothing to restrict)."""
    if filters is None or filters.empty:
        return ""
    clauses = []
    # Passages without a year fail a year bound in Milvus (NULL comparisons are false), as in tantivy.
    if filters.year_from is not None:
        clauses.append(f"year >= {int(filters.year_from)}")
    if filters.year_to is not None:
        clauses.append(f"year <= {int(filters.year_to)}")
    if filters.publication_types:
        clauses.append(f"ARRAY_CONTAINS_ANY(publication_types, {_string_list(filters.publication_types)})")
    if filters.sources:
        clauses.append(f"source in {_string_list(filters.sources)}")
    if filters.languages:
        clauses.append(f"language in {_string_list(filters.languages)}")
    return " and ".join(clauses)


def resolve_uri(paths: Paths, uri: str | Path | None) -> tuple[str, Path | None]:
    """(URI for pymilvus, Milvus Lite folder or None for a server); relative .db paths sit in the index folder."""
    text = str(uri or "milvus.db").strip()
    if text.startswith(SERVER_SCHEMES):
        return text, None
    if not text.endswith(".db"):
        raise ConfigurationError(
            f"milvus_uri {text!r} is neither a Milvus Lite file (ending in .db) nor a server URI",
            hint="Use e.g. 'milvus.db' (kept in the home's index folder) or 'http://localhost:19530'.")
    path = Path(text).expanduser()
    if not path.is_absolute():
        path = paths.index_dir / path
    path.parent.mkdir(parents=True, exist_ok=True)
    return str(path), path


class MilvusBackend:
    """tantivy (lexical) in the home + a Milvus collection (dense); implements ``SearchBackend``."""

    def __init__(self, paths: Paths, lexical: LexicalIndex, client, collection: str, uri: str,
                 model: str | None, dimensions: int | None, lite_path: Path | None = None,
                 index_type: str = "FLAT") -> None:
        self.paths = paths
        self.lexical = lexical
        self.client = client
        self.collection = collection
        self.uri = uri
        self.model = model
        self.dimensions = dimensions
        self.lite_path = lite_path
        self.index_type = index_type
        self.created = False        # True when open() made the collection (it holds no vectors yet)
        self._pending: list[tuple[str, object]] = []
        self._exceptions: tuple[type[BaseException], ...] = ()

    # --- opening ---------------------------------------------------------------
    @classmethod
    def open(cls, paths: Paths, uri: str | Path | None, collection: str, model_name: str | None,
             dimensions: int | None, *, token: str = "", index_type: str | None = None,
             recreate: bool = False) -> "MilvusBackend":
        """Open (or create) ``collection`` at ``uri`` for vectors of ``model_name``.

        ``model_name=None`` (dense search off) opens the lexical index only and never contacts
        Milvus. ``recreate=True`` drops the collection first (``clinicite index --rebuild``,
        e.g. after changing the embedding model). ``index_type`` defaults to FLAT (exact) in
        Milvus Lite and HNSW on a server.
        """
        lexical = LexicalIndex(paths.lexical_dir)
        if not model_name or not dimensions:
            return cls(paths, lexical, None, collection, str(uri or ""), None, None)
        resolved, lite_path = resolve_uri(paths, uri)
        pymilvus = _pymilvus(lite_path is not None)
        backend = cls(paths, lexical, None, collection, resolved, model_name, int(dimensions), lite_path,
                      index_type or ("FLAT" if lite_path is not None else "HNSW"))
        backend._exceptions = (pymilvus.MilvusException,)
        try:
            with backend._errors("connect"):
                backend.client = pymilvus.MilvusClient(uri=resolved, token=token)
            if lite_path is not None:
                _lite_acquired(lite_path)
            backend._prepare(pymilvus, recreate)
        except BaseException:
            backend.close()
            raise
        return backend

    def _prepare(self, pymilvus, recreate: bool) -> None:
        with self._errors("open the collection"):
            exists = self.client.has_collection(self.collection)
            if exists and recreate:
                self.client.drop_collection(self.collection)
                exists = False
        if exists:
            self._check_model()
            with self._errors("load the collection"):
                self.client.load_collection(self.collection)
        else:
            self._create(pymilvus)
            self.created = True

    def _create(self, pymilvus) -> None:
        DataType = pymilvus.DataType
        schema = pymilvus.MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("passage_id", DataType.INT64, is_primary=True)
        schema.add_field("document_id", DataType.VARCHAR, max_length=DOCUMENT_ID_BYTES)
        schema.add_field("source", DataType.VARCHAR, max_length=SOURCE_BYTES)
        schema.add_field("year", DataType.INT64, nullable=True)
        schema.add_field("language", DataType.VARCHAR, max_length=LANGUAGE_BYTES, nullable=True)
        schema.add_field("publication_types", DataType.ARRAY, element_type=DataType.VARCHAR,
                         max_capacity=PUBLICATION_TYPES, max_length=PUBLICATION_TYPE_BYTES)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=self.dimensions)
        index = self.client.prepare_index_params()
        index.add_index("vector", index_type=self.index_type, metric_type="COSINE",
                        params=HNSW_BUILD if self.index_type == "HNSW" else {})
        with self._errors("create the collection"):
            self.client.create_collection(
                self.collection, schema=schema, index_params=index, consistency_level="Strong",
                properties={MODEL_PROPERTY: self.model, DIMENSIONS_PROPERTY: str(self.dimensions)})

    def _check_model(self) -> None:
        with self._errors("describe the collection"):
            description = self.client.describe_collection(self.collection)
        properties = description.get("properties") or {}
        vector = next((f for f in description.get("fields", []) if f.get("name") == "vector"), None)
        if vector is None or MODEL_PROPERTY not in properties:
            raise IndexError_(f"Milvus collection {self.collection!r} at {self.uri} was not made by clinicite",
                              hint="Set milvus_collection to another name, or drop that collection.")
        model = properties[MODEL_PROPERTY]
        dimensions = int((vector.get("params") or {}).get("dim", 0))
        if model != self.model or dimensions != self.dimensions:
            raise IndexError_(
                f"Milvus collection {self.collection!r} at {self.uri} holds vectors of {model!r} "
                f"({dimensions} dimensions), not {self.model!r} ({self.dimensions} dimensions)",
                hint=REBUILD_HINT)

    @contextlib.contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """Turn pymilvus errors into IndexError_ naming the collection and what failed."""
        try:
            yield
        except self._exceptions as exc:
            message = getattr(exc, "message", None) or str(exc)
            hint = ("Another process may hold this Milvus Lite file (it allows one); stop it or use a "
                    "Milvus server." if self.lite_path is not None else
                    "Check that the Milvus server is running and milvus_uri/milvus_token are right.")
            raise IndexError_(f"Milvus could not {action} (collection {self.collection!r} at {self.uri}): "
                              f"{message}", hint=hint) from exc

    # --- writing ---------------------------------------------------------------
    def add_passages(self, passages: Sequence[IndexedPassage], vectors: np.ndarray | None = None) -> None:
        self.lexical.add(passages)
        if self.client is None or vectors is None or not len(passages):
            return
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.shape != (len(passages), self.dimensions):
            raise IndexError_(f"got vectors of shape {vectors.shape} for {len(passages)} passages of "
                              f"{self.dimensions} dimensions")
        self._pending.append(("upsert", _rows(passages, vectors)))

    def add_vectors(self, passages: Sequence[IndexedPassage], vectors: np.ndarray) -> None:
        """Vectors for passages tantivy already holds (the embedding worker's path)."""
        if self.client is None or not len(passages):
            return
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.shape != (len(passages), self.dimensions):
            raise IndexError_(f"got vectors of shape {vectors.shape} for {len(passages)} passages of "
                              f"{self.dimensions} dimensions")
        self._pending.append(("upsert", _rows(passages, vectors)))

    def commit_vectors(self) -> None:
        if self.client is not None:
            self._apply_pending()

    def delete_documents(self, document_ids: Sequence[str]) -> None:
        if not document_ids:
            return
        self.lexical.delete_documents(document_ids)
        if self.client is not None:
            self._pending.append(("delete", list(document_ids)))

    def clear(self) -> None:
        self.lexical.clear()
        if self.client is not None:
            self._pending = [("clear", None)]   # what came before is wiped anyway

    def commit(self) -> None:
        # Milvus first, as the local backend writes vectors before tantivy: a crash between the
        # two leaves documents pending, and the next sync deletes and re-adds them in both.
        if self.client is not None:
            self._apply_pending()
        self.lexical.commit()

    def _apply_pending(self) -> None:
        while self._pending:
            kind, payload = self._pending[0]
            if kind == "clear":
                with self._errors("drop the collection"):
                    self.client.drop_collection(self.collection)
                self._create(_pymilvus(self.lite_path is not None))
            elif kind == "delete":
                for begin in range(0, len(payload), IDS_PER_DELETE):
                    expression = f"document_id in {_string_list(payload[begin:begin + IDS_PER_DELETE])}"
                    with self._errors("delete passages"):
                        self.client.delete(self.collection, filter=expression)
            else:
                for begin in range(0, len(payload), ROWS_PER_CALL):
                    with self._errors("write passages"):
                        self.client.upsert(self.collection, payload[begin:begin + ROWS_PER_CALL])
            self._pending.pop(0)

    def release(self) -> None:
        self.lexical.release()

    def close(self) -> None:
        """Drop uncommitted changes, free the tantivy writer and disconnect from Milvus."""
        self._pending.clear()
        self.lexical.rollback()
        self.lexical.release()
        if self.client is not None:
            client, self.client = self.client, None
            with contextlib.suppress(*self._exceptions):
                client.close()
            if self.lite_path is not None:
                _lite_released(self.lite_path)

    # --- reading ---------------------------------------------------------------
    def search_lexical(self, query: str, limit: int, filters: SearchFilters | None = None,
                       expansions: Sequence[tuple[str, float]] = ()) -> list[tuple[int, float]]:
        return self.lexical.search(query, limit, filters, expansions)

    def search_dense(self, vector: np.ndarray, limit: int,
                     filters: SearchFilters | None = None) -> list[tuple[int, float]]:
        """(passage id, cosine), best first; Milvus applies the filter before ranking."""
        if self.client is None or limit <= 0:
            return []
        limit = min(limit, MAX_TOP_K)
        query = np.asarray(vector, dtype=np.float32).reshape(-1).tolist()
        params = {"params": {"ef": max(64, 2 * limit)}} if self.index_type == "HNSW" else {}
        with self._errors("search"):
            result = self.client.search(self.collection, data=[query], limit=limit,
                                        filter=filter_expression(filters), search_params=params,
                                        output_fields=[], consistency_level="Strong")
        hits = result[0] if result else []
        # Hits are keyed by the primary field's name (older pymilvus releases said "id").
        return [(int(hit.get("passage_id", hit.get("id"))), float(hit["distance"])) for hit in hits]

    def count(self) -> dict[str, int]:
        dense = 0
        if self.client is not None:
            with self._errors("count passages"):
                rows = self.client.query(self.collection, filter="", output_fields=["count(*)"],
                                         consistency_level="Strong")
            dense = int(rows[0]["count(*)"]) if rows else 0
        return {"lexical": self.lexical.count(), "dense": dense}

    def size_bytes(self) -> dict[str, int]:
        dense = 0
        if self.lite_path is not None and self.lite_path.exists():
            dense = sum(f.stat().st_size for f in self.lite_path.rglob("*") if f.is_file())
        return {"lexical": self.lexical.size_bytes(), "dense": dense}


def _rows(passages: Sequence[IndexedPassage], vectors: np.ndarray) -> list[dict]:
    return [{"passage_id": int(p.passage_id), "document_id": p.document_id, "source": p.source,
             "year": int(p.year) if p.year is not None else None, "language": p.language or None,
             "publication_types": list(p.publication_types), "vector": vector.tolist()}
            for p, vector in zip(passages, vectors)]


def _lite_acquired(path: Path) -> None:
    with _LITE_LOCK:
        key = os.path.abspath(str(path))
        _LITE_USERS[key] = _LITE_USERS.get(key, 0) + 1


def _lite_released(path: Path) -> None:
    """Stop the in-process Milvus Lite server of ``path`` when no backend uses it, freeing its lock."""
    with _LITE_LOCK:
        key = os.path.abspath(str(path))
        users = _LITE_USERS.get(key, 0) - 1
        if users > 0:
            _LITE_USERS[key] = users
            return
        _LITE_USERS.pop(key, None)
    try:
        from milvus_lite.server_manager import server_manager_instance
    except ImportError:  # an older milvus-lite without a server manager: it stops at process exit
        return
    server_manager_instance.release_server(key)
