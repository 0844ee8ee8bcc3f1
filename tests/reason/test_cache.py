"""The optional on-disk knowledge base: named files, same ranking, records read lazily."""

from __future__ import annotations

import json

import numpy as np

from clinicite.reason.cache import RecordFile
from clinicite.reason.differential import rank_diseases
from clinicite.reason.knowledge import KnowledgeBase


def test_a_cached_knowledge_base_ranks_like_the_built_one(reason_fixtures, tmp_path, tiny_kb):
    sources = dict(hpo_obo=reason_fixtures / "tiny.obo", hpoa=reason_fixtures / "tiny.hpoa",
                   orphapackets=reason_fixtures / "orphanet_invented.jsonl", cache_dir=tmp_path)
    built = KnowledgeBase.from_files(**sources)
    folder, = tmp_path.iterdir()
    assert sorted(p.name for p in folder.iterdir()) == ["arrays.npz", "diseases.jsonl", "knowledge.json"]
    assert "OMIM:100001" in json.loads((folder / "knowledge.json").read_text())["candidates"]
    loaded = KnowledgeBase.from_files(**sources)
    assert isinstance(loaded.diseases, RecordFile) and not isinstance(built.diseases, RecordFile)
    assert np.allclose(loaded.frequency.toarray(), built.frequency.toarray())
    case = dict(observed=["HP:0000486", "HP:0000639"], excluded=["HP:0001250"], age_years=4, sex="female")
    expected, actual = rank_diseases(built, **case), rank_diseases(loaded, **case)
    assert [(d.ids, round(d.probability, 9)) for d in actual.diagnoses] == \
        [(d.ids, round(d.probability, 9)) for d in expected.diagnoses]
    assert [f.explanation for f in actual.diagnoses[0].for_] == [f.explanation for f in expected.diagnoses[0].for_]
    assert loaded.diseases["ORPHA:200001"].prevalence == tiny_kb.diseases["ORPHA:200001"].prevalence


def _folders(cache_dir):
    return sorted(p.name for p in cache_dir.iterdir())


def test_the_cache_is_rebuilt_when_a_source_or_the_code_changes_and_survives_deletion(reason_fixtures, tmp_path,
                                                                                       monkeypatch):
    """One folder per sources and code version: touching the annotations or changing the building code
    writes a new folder; a deleted or damaged folder is rebuilt, never read half."""
    import os
    import shutil

    from clinicite.reason import cache

    hpoa = tmp_path / "tiny.hpoa"
    shutil.copyfile(reason_fixtures / "tiny.hpoa", hpoa)
    cache_dir = tmp_path / "cache"
    sources = dict(hpo_obo=reason_fixtures / "tiny.obo", hpoa=hpoa, cache_dir=cache_dir)
    first = KnowledgeBase.from_files(**sources)
    assert len(_folders(cache_dir)) == 1 and not isinstance(first.diseases, RecordFile)
    assert isinstance(KnowledgeBase.from_files(**sources).diseases, RecordFile)      # unchanged: read back

    stat = hpoa.stat()
    os.utime(hpoa, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))             # 1 ms newer: a new key
    assert not isinstance(KnowledgeBase.from_files(**sources).diseases, RecordFile)
    assert len(_folders(cache_dir)) == 2

    monkeypatch.setattr(cache, "code_version", lambda: "another-version")
    assert not isinstance(KnowledgeBase.from_files(**sources).diseases, RecordFile)
    assert len(_folders(cache_dir)) == 3
    monkeypatch.undo()

    for folder in cache_dir.iterdir():
        (folder / "arrays.npz").write_bytes(b"not an archive")                       # damaged: rebuilt
    rebuilt = KnowledgeBase.from_files(**sources)
    assert not isinstance(rebuilt.diseases, RecordFile)
    assert isinstance(KnowledgeBase.from_files(**sources).diseases, RecordFile)
    shutil.rmtree(cache_dir)                                                          # deleting is safe
    assert KnowledgeBase.from_files(**sources).candidates == first.candidates
    assert not [p for p in cache_dir.iterdir() if p.name.startswith(".")]             # no temporary left


def test_a_second_writer_of_the_same_folder_keeps_the_first_copy(reason_fixtures, tmp_path):
    """Two processes building at once: each writes its own temporary folder; the one renamed second
    finds the folder complete, discards its copy and raises nothing."""
    from clinicite.reason import cache

    sources = dict(hpo_obo=reason_fixtures / "tiny.obo", hpoa=reason_fixtures / "tiny.hpoa")
    kb = KnowledgeBase.from_files(**sources)
    folder = tmp_path / "knowledge-same"
    cache.save(kb, folder)
    written = (folder / "knowledge.json").stat().st_mtime_ns
    cache.save(kb, folder)
    assert (folder / "knowledge.json").stat().st_mtime_ns == written
    assert _folders(tmp_path) == ["knowledge-same"]


def test_a_folder_source_is_keyed_by_its_files(tmp_path):
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "a.json").write_text("{}")
    from clinicite.reason.cache import source_identity
    before = source_identity(folder)
    (folder / "b.json").write_text("{}")
    assert source_identity(folder) != before and "b.json" in source_identity(folder)


def test_the_knowledge_learnt_from_published_cases_is_cached_with_its_cases(reason_fixtures, tmp_path):
    """The similar-case library's knowledge base comes back from the cache with the patients it learnt
    from, so the vote keeps its setting for such a knowledge base and ranks the same."""
    from clinicite.reason.similar_cases import CaseLibrary, read_case_library

    library = reason_fixtures / "similar_cases"
    sources = dict(hpo_obo=reason_fixtures / "tiny.obo", hpoa=reason_fixtures / "tiny.hpoa",
                   cache_dir=tmp_path, cases=library)
    built = KnowledgeBase.from_files(**sources)
    loaded = KnowledgeBase.from_files(**sources)
    assert isinstance(loaded.diseases, RecordFile) and loaded.case_knowledge is None
    assert loaded.learnt_from_cases and loaded.published_cases == read_case_library(library)
    assert "OMIM:100007" in loaded.row_of
    assert np.allclose(loaded.frequency.toarray(), built.frequency.toarray())
    a, b = CaseLibrary(built, built.published_cases), CaseLibrary(loaded, loaded.published_cases)
    assert (a.tau, a.weight) == (b.tau, b.weight) == (0.5, 0.3)
    query = ["HP:0000639", "HP:0000098"]
    assert [(n.case.publication, round(n.similarity, 9)) for n in a.neighbours(query)] == \
        [(n.case.publication, round(n.similarity, 9)) for n in b.neighbours(query)]
