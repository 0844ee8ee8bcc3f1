"""An optional on-disk copy of a built :class:`KnowledgeBase`, in inspectable files (no pickle).

One folder per set of source files and version of the code that builds from them
(keyed by the files' paths, sizes and modification times, a folder's files each, and
a digest of the building modules' source, so an edit or an upgrade rebuilds)::

    knowledge-<key>/
      arrays.npz       every numpy / scipy.sparse array of the model, by name
      knowledge.json   term ids, candidate ids, equivalence groups, names, byte offsets
      diseases.jsonl   one DiseaseRecord (to_dict) per line, read only when a record is needed
      cases.jsonl      the published patients it learnt from, if any (the similar-case library)

Loading skips parsing phenotype.hpoa, the ORPHApackets and the phenopackets (most of
the build time): records are read lazily, by byte offset, when a diagnosis is explained.

A folder is written under a name of its own (``.knowledge-<key>.<pid>.<random>.tmp``)
and renamed into place when complete, so two processes building at once never read
or write each other's half-written files; the loser of the rename discards its copy.
Deleting a folder (or the whole cache) is always safe: the next start rebuilds it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path

import numpy as np
from scipy import sparse

from clinicite.ingest.disease import DiseaseRecord

FORMAT = 4
# Modules whose code decides what a built knowledge base holds: their source is part of the key.
_BUILDERS = ("knowledge.py", "cache.py", "published_cases.py", "priors.py", "common_causes.py", "cases.py")
_MATRICES = ("frequency", "annotation_frequency", "excluded_by_disease")
_ARRAYS = ("background", "information_content", "annotated_count", "log_prevalence", "has_prevalence",
           "onset_years", "row_group", "base_row", "gene_count")


def code_version() -> str:
    """clinicite's version and a digest of the modules that build a knowledge base."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        release = version("clinicite")
    except PackageNotFoundError:          # run from a source tree that was never installed: the digest decides
        release = "unknown"
    digest = hashlib.sha256(release.encode())
    here = Path(__file__).parent
    for name in _BUILDERS:
        digest.update((here / name).read_bytes() if (here / name).is_file() else b"-")
    for name in ("hpo.py", "disease.py", "orphanet.py"):       # the parsers of the source files
        source = here.parent / "ingest" / name
        digest.update(source.read_bytes() if source.is_file() else b"-")
    return digest.hexdigest()[:16]


def source_identity(source) -> str:
    """A file's resolved path, size and modification time (ns); a folder's, for every file under it."""
    if source is None:
        return "none"
    path = Path(source).resolve()
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file())
        return f"{path}/[" + ",".join(f"{p.relative_to(path)}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
                                     for p in files) + "]"
    stat = path.stat()
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


def cache_key(*sources, default_frequency: float, prior_cases: float | None = None) -> str:
    parts = [f"format={FORMAT}", f"code={code_version()}", f"default_frequency={default_frequency}",
             f"prior_cases={prior_cases}", *(source_identity(s) for s in sources)]
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
    """Write ``kb`` to ``folder`` atomically: into a temporary folder of this writer's own, then renamed."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    temporary = folder.parent / f".{folder.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
    temporary.mkdir()
    try:
        _write(kb, temporary)
        os.rename(temporary, folder)
    except OSError:
        if not (folder / "knowledge.json").is_file():       # not another writer's complete copy: a real failure
            raise
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def discard(folder: Path) -> None:
    """Remove a cached copy that could not be read (renamed away first, so no reader sees half of it)."""
    aside = folder.parent / f".{folder.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.stale"
    try:
        os.rename(folder, aside)
    except OSError:
        return                                   # another process already moved it
    shutil.rmtree(aside, ignore_errors=True)


def _write(kb, folder: Path) -> None:
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
            "gene_rows": {g: r.tolist() for g, r in kb.gene_rows.items()},
            "learnt_from_cases": bool(getattr(kb, "learnt_from_cases", False))}
    cases = getattr(kb, "published_cases", None)
    if cases:
        with open(folder / "cases.jsonl", "w", encoding="utf-8") as handle:
            for case in cases:
                handle.write(json.dumps([case.disease_id, case.disease_name, case.publication,
                                         list(case.observed), list(case.excluded)], ensure_ascii=False) + "\n")
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
    kb.learnt_from_cases = bool(meta.get("learnt_from_cases"))
    kb.published_cases = _read_cases(folder / "cases.jsonl") if kb.learnt_from_cases else None


def _read_cases(path: Path) -> list:
    from clinicite.reason.published_cases import PublishedCase
    if not path.is_file():
        return []
    with open(path, encoding="utf-8") as handle:
        return [PublishedCase(d, name, pmid, tuple(observed), tuple(excluded))
                for d, name, pmid, observed, excluded in map(json.loads, handle)]
