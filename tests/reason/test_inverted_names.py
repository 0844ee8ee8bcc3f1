"""OMIM's inverted titles read in the order papers write them (round 15; round 14's rule, lost, rebuilt).

The knowledge base is built with the real readers from tests/fixtures/reason/tiny.obo and inverted.hpoa, four OMIM-
style titles written for the test; the vocabulary is tests/reason/tiny_vocabulary.py (its ICD-10-CM Q78.3
"Progressive diaphyseal dysplasia")."""

from __future__ import annotations

import pytest

from clinicite.reason.knowledge import KnowledgeBase
from clinicite.reason.mentions import disease_lexicon, find_mentions
from clinicite.reason.vocabulary import link_knowledge_base
from clinicite.reason.vocabulary.inverted import reading_order

from .tiny_vocabulary import tiny_vocabulary


def test_reading_order_puts_the_modifiers_before_the_head():
    assert reading_order("Aortic aneurysm, abdominal") == ["abdominal Aortic aneurysm"]
    assert reading_order("Corneal dystrophy, crystalline, of Schnyder") == ["Schnyder crystalline Corneal dystrophy"]
    assert reading_order("METAPHYSEAL CHONDRODYSPLASIA, SCHMID TYPE") == [
        "SCHMID TYPE METAPHYSEAL CHONDRODYSPLASIA", "METAPHYSEAL CHONDRODYSPLASIA SCHMID TYPE"]


@pytest.mark.parametrize("name", ["Spinocerebellar ataxia, autosomal recessive 7", "Hypokalemic periodic paralysis, "
                                  "type 1", "Breast cancer, susceptibility to", "Anal carcinoma, included",
                                  "Cryptophthalmos, unilateral or bilateral, isolated", "Marfan syndrome"])
def test_names_that_are_not_plain_inversions_are_left_alone(name):
    assert reading_order(name) == []


@pytest.fixture(scope="module")
def kb(reason_fixtures):
    return KnowledgeBase.from_files(hpo_obo=reason_fixtures / "tiny.obo", hpoa=reason_fixtures / "inverted.hpoa",
                                    common_causes=False)


def test_a_literature_mention_in_reading_order_finds_the_inverted_record(kb):
    lexicon = disease_lexicon(kb, tiny_vocabulary())
    text = ("Intramedullary osteosclerosis was favoured over Schmid-type metaphyseal chondrodysplasia and "
            "progressive diaphyseal dysplasia.")
    by_surface = {m.surface.lower(): m.disease_id for m in find_mentions(text, lexicon, {})}
    assert by_surface["intramedullary osteosclerosis"] == "OMIM:900001"
    assert by_surface["schmid-type metaphyseal chondrodysplasia"] == "OMIM:900002"
    assert by_surface["progressive diaphyseal dysplasia"] == "OMIM:900003"


def test_the_inverted_record_joins_the_vocabularys_concept_of_the_same_disease(kb):
    linked = link_knowledge_base(tiny_vocabulary(), kb)
    concept = next(c for c in linked.concepts.values() if "OMIM:900003" in c.codes)
    assert "ICD10CM:Q78.3" in concept.codes            # one disease, one row
    assert not any("OMIM:900004" in c.codes and "ICD10CM:Q78.3" in c.codes for c in linked.concepts.values())

