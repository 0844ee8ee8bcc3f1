"""An optional on-disk copy of a built :class:`KnowledgeBase`, in inspectable files (no pickle).

One folder per set of source files (keyed by their paths, sizes and
modification times)::

    knowledge-<key>/
      arrays.npz       every numpy / scipy.sparse array of the model, by name
      knowledge.json   term ids, candidate ids, equivalence groups, names, byte offsets
      diseases.jsonl   one DiseaseRecord (to_dict) per line, read only when a record is needed

Loading skips parsing phenotype.hpoa and the ORPHApackets (most of the build
time): records are read lazily, by byte offset, when a diagnosis is explained.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path

import numpy as np
from scipy import sparse

from clinicite.ingest.disease import DiseaseRecord

FORMAT = 3
_MATRICES = ("frequency", "annotation_frequency", "excluded_by_disease")
_ARRAYS = ("background", "information_content", "annotated_count", "log_prevalence", "has_prevalence",
           "onset_years", "row_group", "base_row", "gene_count")


def cache_key(*sources, default_frequency: float, prior_cases: float | None = None) -> str:
    parts = [f"format={FORMAT}", f"default_frequency={default_frequency}", f"prior_cases={prior_cases}"]
    for source in sources:
        if source is None:
            parts.append("none")
            continue
        path = Path(source).resolve()
        stat = path.stat()
        parts.append(f"{path}:{stat.st_size}:{int(stat.st_mtime)}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


class RecordFile(Mapping):
    """Disease records in ``diseases.jsonl``, parsed on first access."""

    def __init__(self, path: Path, offsets: dict[str, int]) -> None:
        self.path, self.offsets, self._loaded = path, offsets, {}

    def __getitem__(self, disease_id: str) -> DiseaseRecord:
        record = self._loaded.get(disease_id)
        if record is None:
            offset = self.offsets[disease_id]          # KeyError for an unknown id, as a dict would
            with open(self.path, "rb") as handle:
                handle.seek(offset)
                record = DiseaseRecord.from_dict(json.loads(handle.readline()))
            self._loaded[disease_id] = record
        return record

    def __iter__(self) -> Iterator[str]:
        return iter(self.offsets)

    def __len__(self) -> int:
        return len(self.offsets)

    def __contains__(self, disease_id: object) -> bool:
        return disease_id in self.offsets


def save(kb, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    arrays = {name: getattr(kb, name) for name in _ARRAYS}
    for name in _MATRICES:
        matrix = getattr(kb, name).tocsc()
        arrays.update({f"{name}.data": matrix.data, f"{name}.indices": matrix.indices,
                       f"{name}.indptr": matrix.indptr, f"{name}.shape": np.array(matrix.shape)})
    arrays.update({f"inheritance.{k}": v for k, v in kb.inheritance.items()})
    arrays.update({f"sex_rows.{k}": v for k, v in kb.sex_rows.items()})
    np.savez(folder / "arrays.npz", **arrays)
    offsets: dict[str, int] = {}
    with open(folder / "diseases.jsonl", "wb") as handle:
        for disease_id, record in kb.diseases.items():
            offsets[disease_id] = handle.tell()
            handle.write(json.dumps(record.to_dict(), ensure_ascii=False).encode() + b"\n")
    meta = {"format": FORMAT, "ontology_version": kb.ontology.version, "default_frequency": kb.default_frequency,
            "term_ids": kb.term_ids, "candidates": kb.candidates, "n_groups": kb.n_groups,
            "equivalents": sorted({tuple(group) for group in kb.equivalents.values() if len(group) > 1}),
            "broader": kb.broader, "mappings": kb.mappings, "names": {d: kb.names_of(d) for d in kb.diseases}, "offsets": offsets,
            "gene_rows": {g: r.tolist() for g, r in kb.gene_rows.items()}}
    (folder / "knowledge.json").write_text(json.dumps(meta), encoding="utf-8")


def load(kb, folder: Path, ontology) -> None:
    """Fill an empty KnowledgeBase instance from ``folder`` (written by :func:`save`)."""
    meta = json.loads((folder / "knowledge.json").read_text(encoding="utf-8"))
    with np.load(folder / "arrays.npz") as stored:
        for name in _ARRAYS:
            setattr(kb, name, stored[name])
        for name in _MATRICES:
            shape = tuple(int(x) for x in stored[f"{name}.shape"])
            setattr(kb, name, sparse.csc_matrix((stored[f"{name}.data"], stored[f"{name}.indices"],
                                                 stored[f"{name}.indptr"]), shape=shape))
        kb.inheritance = {k.split(".", 1)[1]: stored[k] for k in stored.files if k.startswith("inheritance.")}
        kb.sex_rows = {k.split(".", 1)[1]: stored[k] for k in stored.files if k.startswith("sex_rows.")}
    kb.ontology = ontology
    kb.default_frequency = meta["default_frequency"]
    kb.term_ids = meta["term_ids"]
    kb.term_index = {t: i for i, t in enumerate(kb.term_ids)}
    kb.candidates = meta["candidates"]
    kb.row_of = {d: i for i, d in enumerate(kb.candidates)}
    kb.n_groups = meta["n_groups"]
    kb.broader = meta["broader"]
    kb.equivalents = {d: list(group) for group in meta["equivalents"] for d in group}
    kb._names = meta["names"]
    kb.gene_rows = {g: np.array(r, dtype=np.int64) for g, r in meta.get("gene_rows", {}).items()}
    kb.diseases = RecordFile(folder / "diseases.jsonl", meta["offsets"])
    kb._ancestor_cache = {}
    kb.mappings = [tuple(m) for m in meta["mappings"]]
    kb.case_knowledge = None          # the counts per publication are not kept: hold-out needs a fresh build
