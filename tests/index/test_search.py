"""SearchIndex over a real SQLite store: sync, search modes, filters, replace/delete, crash repair."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections import Counter

import pytest
from sqlalchemy import select, update

from clinicite.errors import ConfigurationError, IndexError_
from clinicite.index import SearchFilters, SearchIndex
from clinicite.store.models import DocumentRow, PassageRow

from .conftest import article, corpus, remove, store
from .test_expansion import tiny_ontology


@pytest.fixture
def index(settings, database, encoder):
    store(database, corpus())
    opened = SearchIndex.open(settings, database, ontology=tiny_ontology())
    report = opened.sync()
    assert report.documents_indexed == 5 and not report.problems
    yield opened
    opened.close()


def consistent(index: SearchIndex, database) -> Counter:
    """Passages per document in the store; asserts the lexical index holds exactly those passages and the
    dense index exactly those of the sources chosen for dense search (knowledge records are not embedded)."""
    with database.session() as session:
        rows = session.execute(select(PassageRow.id, PassageRow.document_id, DocumentRow.source)
                               .join(DocumentRow, DocumentRow.id == PassageRow.document_id)).all()
    ids = {r[0] for r in rows}
    embedded = {r[0] for r in rows if r[2] in index.settings.dense_sources}
    counts = index.backend.count()
    assert counts["lexical"] == len(ids) and counts["dense"] == len(embedded)
    assert set(index.backend.vectors._owner) == embedded
    return Counter(r[1] for r in rows)


def test_hits_carry_offsets_and_metadata(index, database):
    hits = index.search("pulmonary edema", k=3)
    top = hits[0]
    assert top.document_id == "pmid:1" and top.pmid == "1" and top.year == 2011
    assert top.lexical_rank == 1 and top.dense_rank is not None
    with database.session() as session:
        text = session.get(DocumentRow, "pmid:1").text
    assert text[top.start:top.end] == top.text and "oedema" in top.text


@pytest.mark.parametrize("mode", ["lexical", "dense", "hybrid"])
def test_each_mode_finds_the_obvious_document(index, mode):
    hits = index.search("tumour necrosis factor inhibitors for rheumatoid arthritis", k=2, mode=mode)
    assert hits[0].document_id == "pmid:2"
    assert (hits[0].lexical_rank is None) == (mode == "dense")


def test_filters_apply_to_both_rankings(index):
    def ids(**kw):
        return {h.document_id for h in index.search("bone lesion fracture", k=10, filters=SearchFilters(**kw))}
    assert ids(sources=["knowledge"]) == {"OMIM:166200"}
    assert ids(year_from=2020) == {"pmid:4"}
    assert ids(year_to=2012, publication_types=["Case Reports"]) == {"pmid:3"}
    assert "pmid:4" not in ids(languages=["eng"])
    dense = index.search("bone lesion", k=10, mode="dense", filters=SearchFilters(year_from=2015, year_to=2020))
    assert [h.document_id for h in dense] == ["pmid:2"]


def test_corpus_abbreviations_and_hpo_synonyms_expand_queries(index):
    assert index.abbreviations.long_forms("IMOS") == ["intramedullary osteosclerosis"]
    # The knowledge record uses the HPO label; the layperson query says "brittle bones".
    plain = index.search("brittle bones", k=5, mode="lexical", expand=False)
    expanded = index.search("brittle bones", k=5, mode="lexical")
    assert plain == [] and expanded[0].document_id == "OMIM:166200"


def test_knowledge_records_are_found_lexically_but_not_embedded(index, database):
    with database.session() as session:
        knowledge = set(session.scalars(select(PassageRow.id).join(DocumentRow, DocumentRow.id == PassageRow.document_id)
                                        .where(DocumentRow.source == "knowledge")))
    assert knowledge and not knowledge & set(index.backend.vectors._owner)
    hits = index.search("osteogenesis imperfecta", k=5, mode="lexical")
    assert any(h.document_id == "OMIM:166200" for h in hits)


def test_replace_and_delete_keep_store_and_indexes_in_step(index, database):
    before = consistent(index, database)
    changed = article("1", "Pulmonary oedema after transfusion",
                      ("BACKGROUND", "Circulatory overload, not lung injury, explained the oedema."))
    store(database, [changed])
    remove(database, ["pmid:3"])
    report = index.sync()
    assert (report.documents_indexed, report.documents_removed) == (1, 1)
    after = consistent(index, database)
    assert "pmid:3" not in after and after["pmid:1"] == 1 and sum(before.values()) == sum(after.values()) + 1
    assert index.search("IMOS osteosclerosis tibia", k=10, mode="lexical") == []
    assert "overload" in index.search("circulatory overload", k=1)[0].text
    assert index.sync().documents_indexed == 0        # nothing pending: a no-op
    assert index.stats()["pending_documents"] == 0


def test_crash_after_index_commit_is_repaired_without_duplicates(index, database):
    before = consistent(index, database)
    # The store never heard that the index committed: every document looks pending again.
    with database.session() as session:
        session.execute(update(DocumentRow).values(indexed_revision=None))
    assert index.sync().documents_indexed == 5
    assert consistent(index, database) == before
    assert len(index.search("osteosclerosis", k=10, mode="lexical")) == 1


def test_killed_sync_process_is_finished_by_the_next_sync(settings, database, encoder, home):
    store(database, [article(str(100 + i), f"Case {i} of rickets", ("CASE", f"Vitamin D deficiency case {i}."))
                     for i in range(30)])
    script = textwrap.dedent(f"""
        import os
        from clinicite.index.hybrid import SearchIndex
        from clinicite.index.sync import sync
        from clinicite.settings import load_settings
        from clinicite.store.database import Database
        settings = load_settings(home={str(home)!r}, embedding_max_tokens=128, embedding_runtime="numpy")
        index = SearchIndex.open(settings, Database.open(settings.resolved_database_url))
        def die(done, total):
            os._exit(9)          # killed after the first batch, mid-sync
        sync(index.database, index.backend, index.encoder, batch_size=10, progress=die)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 9, result.stderr
    index = SearchIndex.open(settings, database)
    assert index.stats()["pending_documents"] == 20
    assert index.sync().documents_indexed == 20
    counts = consistent(index, database)
    assert len(counts) == 30 and set(counts.values()) == {1}
    assert len({h.document_id for h in index.search("rickets vitamin D", k=50, mode="lexical")}) == 30
    index.close()


def test_hybrid_fusion_is_chosen_by_name(settings, database, index):
    assert index.fusion == "convex"
    rrf = SearchIndex(settings, database, index.backend, index.encoder, index.abbreviations, fusion="rrf")
    query = "tumour necrosis factor inhibitors for rheumatoid arthritis"
    fused, _, _ = rrf.ranked_ids(query)
    assert fused[0][1] == pytest.approx(2 / (settings.rrf_k + 1))      # first in both rankings
    assert rrf.search(query, k=1)[0].document_id == index.search(query, k=1)[0].document_id == "pmid:2"
    with pytest.raises(ConfigurationError, match="unknown fusion"):
        SearchIndex(settings, database, index.backend, fusion="borda")


def test_rebuild_reindexes_everything_once(index, database):
    before = consistent(index, database)
    report = index.rebuild()
    assert report.documents_indexed == 5 and index.stats()["pending_documents"] == 0
    assert consistent(index, database) == before
    assert index.abbreviations.long_forms("IMOS") == ["intramedullary osteosclerosis"]
    assert len(index.search("osteosclerosis", k=10, mode="lexical")) == 1


def test_vectors_of_another_model_point_at_rebuild(index, settings, database):
    index.close()
    meta = settings.paths.vectors_dir / "model.json"
    meta.write_text(json.dumps({"model": "another-model", "dimensions": 768}))
    with pytest.raises(IndexError_, match="another-model") as caught:
        SearchIndex.open(settings, database)
    assert "clinicite index --rebuild" in caught.value.hint
    reopened = SearchIndex.open(settings, database, rebuild=True)
    assert reopened.stats()["pending_documents"] == 5 and reopened.backend.count() == {"lexical": 0, "dense": 0}
    assert reopened.sync().documents_indexed == 5
    assert reopened.search("pulmonary edema", k=1)[0].document_id == "pmid:1"
    reopened.close()


def test_rebuild_recovers_an_unreadable_lexical_index(index, settings, database):
    index.close()
    (settings.paths.lexical_dir / "meta.json").write_text("not json")
    with pytest.raises(IndexError_, match="lexical index"):
        SearchIndex.open(settings, database)
    reopened = SearchIndex.open(settings, database, rebuild=True)
    assert reopened.sync().documents_indexed == 5
    assert reopened.search("osteosclerosis", k=1, mode="lexical")[0].document_id == "pmid:3"
    reopened.close()
