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
