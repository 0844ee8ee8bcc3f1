"""The dense index: passage vectors in usearch (HNSW, Malkov & Yashunin, 2018), cosine.

Files in ``Paths.vectors_dir``:

* ``passages.usearch``     the usearch index, keys = passage ids;
* ``passages.owners.npy``  pairs (passage id, 64-bit hash of its document id), so a
                           document's vectors can be removed without asking tantivy;
* ``model.json``           the encoder name and dimensions the vectors came from.

All three are written to temporary names and renamed on :meth:`VectorIndex.commit`.
Small collections are searched exactly (brute force is both exact and fast there).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from clinicite.errors import IndexError_

EXACT_LIMIT = 20_000        # below this many vectors, exact search costs < 5 ms
INDEX_FILE = "passages.usearch"
OWNERS_FILE = "passages.owners.npy"
MODEL_FILE = "model.json"


def _onnxruntime_first() -> None:
    """onnxruntime (the ONNX encoder's runtime) segfaults when imported after usearch (onnxruntime 1.32 with
    usearch 2.26, both load native libraries): import it first whenever it is installed, so the order in
    which the encoder and the vector index are first used no longer matters."""
    import importlib.util
    if "usearch" not in sys.modules and importlib.util.find_spec("onnxruntime") is not None:
        import onnxruntime  # noqa: F401


def document_key(document_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(document_id.encode("utf-8"), digest_size=8).digest(), "little")


class VectorIndex:
    def __init__(self, folder: Path, model: str, dimensions: int) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.model = model
        self.dimensions = dimensions
        _onnxruntime_first()
        from usearch.index import Index

        # Half precision: half the memory and file of f32, ~1.4x faster insertion, the same recall@10 on
        # clustered 384-d vectors (BENCHMARKS.md, round 6 scale). A file saved as f32 by an older version loads
        # as f32 (usearch takes the scalar type from the file).
        self.index = Index(ndim=dimensions, metric="cos", dtype="f16", multi=False)
        self._owner: dict[int, int] = {}               # passage id -> document key
        self._members: dict[int, set[int]] = {}        # document key -> passage ids
        self._dirty = False
        # The serve process searches while its background worker adds vectors: one lock orders them.
        self.lock = threading.RLock()
        self._stamp: int | None = None
        self._load()

    def _file_stamp(self) -> int | None:
        try:
            return (self.folder / MODEL_FILE).stat().st_mtime_ns
        except FileNotFoundError:
            return None

    def reload_if_changed(self) -> bool:
        """Load the files again when another process committed since this one read them."""
        stamp = self._file_stamp()
        if stamp is None or stamp == self._stamp:
            return False
        with self.lock:
            self.index.clear()
            self._owner.clear()
            self._members.clear()
            self._dirty = False
            self._load()
        return True

    def keys(self) -> set[int]:
        with self.lock:
            return set(self._owner)

    @staticmethod
    def check_model(folder: Path, model: str, dimensions: int) -> None:
        """Refuse vector files made by another encoder (cheap: reads only ``model.json``)."""
        meta_path = Path(folder) / MODEL_FILE
        if not meta_path.is_file():
            return
        meta = json.loads(meta_path.read_text())
        if meta.get("model") != model or meta.get("dimensions") != dimensions:
            raise IndexError_(
                f"the vector index in {folder} was built with {meta.get('model')!r} "
                f"({meta.get('dimensions')} dimensions), not {model!r}",
                hint="Run `clinicite index --rebuild` to re-embed every passage with the new model.")

    def _load(self) -> None:
        meta_path = self.folder / MODEL_FILE
        self._stamp = self._file_stamp()
        if not meta_path.is_file():
            return
        self.check_model(self.folder, self.model, self.dimensions)
        try:
            if (self.folder / INDEX_FILE).is_file():
                self.index.load(str(self.folder / INDEX_FILE))
            if (self.folder / OWNERS_FILE).is_file():
                pairs = np.load(self.folder / OWNERS_FILE)
                for key, owner in pairs.tolist():
                    self._remember(int(key), int(owner))
        except (OSError, ValueError, RuntimeError) as exc:
            raise IndexError_(f"cannot read the vector index in {self.folder}: {exc}",
                              hint="Run `clinicite index --rebuild`.") from exc

    def _remember(self, key: int, owner: int) -> None:
        self._owner[key] = owner
        self._members.setdefault(owner, set()).add(key)

    def __len__(self) -> int:
        return len(self.index)

    def add(self, keys: Sequence[int], document_ids: Sequence[str], vectors: np.ndarray) -> None:
        if not len(keys):
            return
        with self.lock:
            self._add(keys, document_ids, vectors)

    def _add(self, keys: Sequence[int], document_ids: Sequence[str], vectors: np.ndarray) -> None:
        keys_array = np.asarray(keys, dtype=np.uint64)
        present = [k for k in keys if k in self._owner]
        if present:
            self._forget(present)
        self.index.add(keys_array, np.ascontiguousarray(vectors, dtype=np.float32))
        for key, document_id in zip(keys, document_ids):
            self._remember(int(key), document_key(document_id))
        self._dirty = True

    def remove(self, keys: Sequence[int]) -> None:
        with self.lock:
            present = [k for k in keys if k in self._owner]
            if present:
                self._forget(present)

    def _forget(self, keys: Sequence[int]) -> None:
        self.index.remove(np.asarray(list(keys), dtype=np.uint64))
        for key in keys:
            owner = self._owner.pop(key, None)
            if owner is not None:
                self._members.get(owner, set()).discard(key)
        self._dirty = True

    def delete_documents(self, document_ids: Sequence[str]) -> int:
        with self.lock:
            keys: list[int] = []
            for document_id in document_ids:
                keys.extend(self._members.pop(document_key(document_id), ()))
            if keys:
                self._forget(keys)
            return len(keys)

    def clear(self) -> None:
        """Forget every vector (written to disk on the next :meth:`commit`)."""
        with self.lock:
            self.index.clear()
            self._owner.clear()
            self._members.clear()
            self._dirty = True

    def commit(self) -> None:
        with self.lock:
            self._commit()
        self._stamp = self._file_stamp()

    def _commit(self) -> None:
        if not self._dirty and (self.folder / MODEL_FILE).is_file():
            return
        tmp_index = self.folder / (INDEX_FILE + ".tmp")
        tmp_owners = self.folder / (OWNERS_FILE + ".tmp.npy")
        self.index.save(str(tmp_index))
        pairs = np.array(list(self._owner.items()), dtype=np.uint64).reshape(-1, 2)
        np.save(tmp_owners, pairs)
        os.replace(tmp_index, self.folder / INDEX_FILE)
        os.replace(tmp_owners, self.folder / OWNERS_FILE)
        (self.folder / MODEL_FILE).write_text(json.dumps({"model": self.model, "dimensions": self.dimensions,
                                                          "metric": "cos", "count": len(self.index)}))
        self._dirty = False

    def search(self, vector: np.ndarray, k: int, allowed: Sequence[int] | None = None) -> list[tuple[int, float]]:
        """(passage id, cosine similarity), best first; ``allowed`` restricts to those passages."""
        with self.lock:
            return self._search(vector, k, allowed)

    def _search(self, vector: np.ndarray, k: int, allowed: Sequence[int] | None) -> list[tuple[int, float]]:
        if len(self.index) == 0 or k <= 0:
            return []
        vector = np.asarray(vector, dtype=np.float32).reshape(-1)
        if allowed is not None:
            keys = [key for key in allowed if key in self._owner]
            if not keys:
                return []
            matrix = self.index.get(np.asarray(keys, dtype=np.uint64))
            matrix = np.asarray(matrix, dtype=np.float32).reshape(len(keys), -1)
            norms = np.linalg.norm(matrix, axis=1) * max(float(np.linalg.norm(vector)), 1e-12)
            scores = matrix @ vector / np.maximum(norms, 1e-12)
            top = np.argsort(-scores)[:k]
            return [(int(keys[i]), float(scores[i])) for i in top]
        exact = len(self.index) <= EXACT_LIMIT
        if not exact:
            self.index.expansion_search = max(64, 2 * k)
        matches = self.index.search(vector, min(k, len(self.index)), exact=exact)
        return [(int(key), float(1.0 - distance)) for key, distance in zip(matches.keys, matches.distances)]

    def size_bytes(self) -> int:
        return sum(f.stat().st_size for f in self.folder.glob("*") if f.is_file())
