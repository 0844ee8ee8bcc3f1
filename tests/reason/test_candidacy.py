"""A one-word vocabulary name is a candidate diagnosis only when something besides one list says so."""

from __future__ import annotations

from clinicite.reason.mentions import disease_lexicon
from clinicite.reason.vocabulary import Concept
from clinicite.reason.vocabulary.candidacy import admitted_as_candidate

from .tiny_vocabulary import tiny_vocabulary


def test_a_circumstance_filed_by_icd_alone_is_no_candidate():
    immersion = Concept("ICD10CM:T75.1", "Immersion", "other", [], ["ICD10CM:T75.1"])
    assert not admitted_as_candidate("immersion", immersion)


def test_one_word_is_admitted_by_a_second_source_a_category_or_a_disease_form():
    assert admitted_as_candidate("chlamydia", Concept("DOID:11263", "Chlamydia", "other", [], ["DOID:11263"]))
    assert admitted_as_candidate("hyperlipidemia", Concept("ICD10CM:E78.4", "Hyperlipidemia",
                                                           "nutritional and metabolic", [], ["ICD10CM:E78.4"]))
    assert admitted_as_candidate("episcleritis", Concept("ICD10CM:H15.1", "Episcleritis", "other", [],
                                                         ["ICD10CM:H15.1"]))
    assert admitted_as_candidate("immersion foot", Concept("ICD10CM:T69.0", "Immersion foot", "other", [],
                                                           ["ICD10CM:T69.0"]))


def test_the_lexicon_leaves_the_one_word_circumstance_out(tiny_kb):
    vocabulary = tiny_vocabulary()
    vocabulary.add(Concept("ICD10CM:T75.1", "Immersion", "other", [], ["ICD10CM:T75.1"]))
    lexicon = disease_lexicon(tiny_kb, vocabulary)
    assert "immersion" not in lexicon
    assert "osteomyelitis" in lexicon and "stress fracture" in lexicon
