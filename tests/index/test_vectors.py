"""The usearch vector index: half precision for new files, float32 files of earlier versions still read."""

from __future__ import annotations

import json

import numpy as np

from clinicite.index.vectors import INDEX_FILE, MODEL_FILE, OWNERS_FILE, VectorIndex, document_key


def unit_vectors(count: int, dimensions: int = 16, seed: int = 3) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((count, dimensions)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_new_vectors_are_kept_in_half_precision_and_found_again(tmp_path):
    vectors = unit_vectors(50)
    index = VectorIndex(tmp_path, "model-x", 16)
    index.add(list(range(1, 51)), [f"pmid:{i}" for i in range(1, 51)], vectors)
    index.commit()
    again = VectorIndex(tmp_path, "model-x", 16)
    assert "f16" in str(again.index.dtype).lower() and len(again) == 50
    hits = again.search(vectors[9], 3)
    assert hits[0][0] == 10 and hits[0][1] > 0.99          # f16 keeps a vector's cosine to itself near 1


def test_a_float32_file_of_an_earlier_version_still_loads_and_grows(tmp_path):
    from usearch.index import Index
    vectors = unit_vectors(30)
    old = Index(ndim=16, metric="cos", dtype="f32", multi=False)      # what round 5 wrote
    old.add(np.arange(1, 31, dtype=np.uint64), vectors)
    old.save(str(tmp_path / INDEX_FILE))
    pairs = np.array([(i, document_key(f"pmid:{i}")) for i in range(1, 31)], dtype=np.uint64)
    np.save(tmp_path / OWNERS_FILE, pairs)
    (tmp_path / MODEL_FILE).write_text(json.dumps({"model": "model-x", "dimensions": 16, "metric": "cos",
                                                   "count": 30}))
    index = VectorIndex(tmp_path, "model-x", 16)
    assert "f32" in str(index.index.dtype).lower() and len(index) == 30
    assert index.search(vectors[4], 1)[0][0] == 5
    extra = unit_vectors(1, seed=9)
    index.add([31], ["pmid:31"], extra)
    index.commit()
    assert VectorIndex(tmp_path, "model-x", 16).search(extra[0], 1)[0][0] == 31
    assert index.delete_documents(["pmid:5"]) == 1
