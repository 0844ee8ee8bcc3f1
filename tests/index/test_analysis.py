"""Spelling variants meet in the lexical index: oedema/edema, TNF-α/TNF-alpha, X-ray/xray."""

from __future__ import annotations

import pytest

from clinicite.errors import IndexError_
from clinicite.index.analysis import normalise
from clinicite.index.lexical import IndexedPassage, LexicalIndex, SearchFilters


@pytest.fixture
def lexical(tmp_path):
    index = LexicalIndex(tmp_path / "lexical")
    texts = ["Pulmonary oedema and haemorrhage in a paediatric tumour", "TNF-α levels in sepsis",
             "Chest X-ray was normal", "A non-ossifying fibroma of the femur", "Randomised trial of anaemia",
             "Oesophageal atresia repaired by an orthopaedic team"]
    index.add(IndexedPassage(i + 1, f"doc{i + 1}", text, "pubmed", 2000 + i, "eng",
                             ["Review"] if i % 2 else ["Case Reports"]) for i, text in enumerate(texts))
    index.add([IndexedPassage(7, "omim", "Osteogenesis imperfecta: bone fragility", "knowledge")])
    index.commit()
    return index


@pytest.mark.parametrize("query, passage", [
    ("edema", 1), ("hemorrhage", 1), ("pediatric tumor", 1), ("TNF-alpha", 2), ("TNFα", 2), ("tnf alpha", 2),
    ("xray", 3), ("x ray", 3), ("X-Ray", 3), ("nonossifying", 4), ("randomized anemia", 5),
    ("esophageal", 6), ("orthopedic", 6)])
def test_variants_find_each_other(lexical, query, passage):
    assert lexical.search(query, 3)[0][0] == passage


def test_normaliser_keeps_words_that_only_look_british():
    assert normalise("Exercise, otherwise precise, advise") == "exercise, otherwise precise, advise"
    assert "characterized" in normalise("characterised") and "beta2" in normalise("β2-microglobulin")


def test_filters_restrict_year_type_source(lexical):
    everything = SearchFilters()
    assert len(lexical.search("fibroma femur tumor sepsis", 10, everything)) == 3
    assert [p for p, _ in lexical.search("tumor sepsis", 10, SearchFilters(year_from=2001))] == [2]
    assert [p for p, _ in lexical.search("tumor sepsis", 10, SearchFilters(publication_types=["Case Reports"]))] == [1]
    assert [p for p, _ in lexical.search("bone fibroma", 10, SearchFilters(sources=["knowledge"]))] == [7]
    assert lexical.filtered_ids(SearchFilters(year_to=2001), 10) == [1, 2]


def test_a_second_writer_gets_a_clear_error(lexical, tmp_path):
    lexical.delete_documents(["doc1"])          # holds the writer lock
    other = LexicalIndex(tmp_path / "lexical")
    with pytest.raises(IndexError_, match="another process"):
        other.delete_documents(["doc2"])
    lexical.commit()
    lexical.release()
    other.delete_documents(["doc2"])            # the lock is free again after release
    other.commit()
    assert lexical.count() in (6, 5)
    lexical.index.reload()
    assert lexical.count() == 5
