"""Round 12 word forms on unseen prose, on a small hand-built ontology (forms12.obo): enlargement / enlarged /
large, -ly adverbs, -as plurals, "absence of X" as the finding Absent X, retardation as delay, the face heads,
and a joined name that must not take the words of an unjoined one."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinicite.ingest.hpo import read_obo
from clinicite.understand import ConceptRecognizer, understand_case
from clinicite.understand.face_words import face_variants
from clinicite.understand.normalize import stem


@pytest.fixture(scope="module")
def ontology():
    return read_obo(Path(__file__).resolve().parents[1] / "fixtures" / "understand" / "forms12.obo")


@pytest.fixture(scope="module")
def recognizer(ontology):
    return ConceptRecognizer(ontology)


def ids(recognizer, text):
    return [f.hpo_id for f in recognizer.recognize(text)]


def test_enlargement_enlarged_and_large_meet(recognizer):
    assert ids(recognizer, "enlargement of the liver") == ["HP:0002240"]
    assert ids(recognizer, "an enlarged spleen") == ["HP:0001744"]        # HPO's "Large spleen"
    assert ids(recognizer, "The spleen was enlarged.") == ["HP:0001744"]
    assert stem("enlargement") == stem("enlarged") == stem("large")


def test_adverbs_meet_their_adjective_but_not_other_ly_words():
    assert stem("highly") == stem("high") and stem("widely") == stem("wide")
    assert stem("progressively") == stem("progressive") and stem("markedly") == stem("marked")
    for word, other in (("early", "ear"), ("family", "fami"), ("only", "on"), ("nearly", "near")):
        assert stem(word) != stem(other)
    # "-aly" nouns typed with a double l stay unknown words for the speller, not adverbs of "microcephal"
    assert stem("microcephally") != stem("microcephal")


def test_the_palate_was_highly_arched(recognizer):
    assert ids(recognizer, "The palate was highly arched.") == ["HP:0000218"]


def test_plurals_of_a_nouns(recognizer):
    assert ids(recognizer, "urethral fistulas") == ["HP:0100645"]
    assert stem("atresias") == stem("atresia") and stem("corneas") == stem("cornea")
    assert stem("pancreas") != stem("pancrea") and stem("atlas") == "atlas"       # singular nouns in -as


def test_absence_of_x_is_the_finding_absent_x(recognizer, ontology):
    assert ids(recognizer, "There was absence of speech.") == ["HP:0001344"]
    found = recognizer.recognize("There was absence of speech.")
    assert found[0].text == "absence of speech"
    # a term not so named stays a negation of the finding
    case = understand_case("absence of fever", ontology)
    assert [(f.hpo_id, f.excluded) for f in case.findings] == [("HP:0001945", True)]
    # and the phrase must end where the term does: "absence of eye contact" is no absent eye
    assert ids(recognizer, "He showed absence of eye contact.") == []


def test_absence_of_x_stays_a_finding_in_context(ontology):
    case = understand_case("Examination showed absence of speech.", ontology)
    assert [(f.hpo_id, f.excluded) for f in case.findings] == [("HP:0001344", False)]


def test_retardation_is_delay(recognizer):
    assert ids(recognizer, "developmental retardation") == ["HP:0001263"]
    assert ids(recognizer, "motor retardation") == ["HP:0001270"]          # HPO names it "Motor delay"
    assert ids(recognizer, "retarded motor development") == ["HP:0001270"]


def test_an_unjoined_name_comes_before_a_joined_name_with_the_same_words(recognizer):
    # "Motor and developmental delay" (Global developmental delay) has the words of "delayed motor development"
    assert ids(recognizer, "delayed motor development") == ["HP:0001270"]
    assert ids(recognizer, "motor and developmental delay") == ["HP:0001263"]


def test_face_heads_meet(recognizer):
    assert ids(recognizer, "distinctive facial features") == ["HP:0001999"]
    assert ids(recognizer, "a characteristic facial appearance") == ["HP:0001999"]
    assert ids(recognizer, "a myopathic facial appearance") == ["HP:0002058"]
    assert face_variants("Long face") == []            # a face's length, not a face head
    assert "Distinctive facial features" in face_variants("Distinctive facies")


def test_analytes_by_their_laboratory_abbreviation(recognizer):
    for text in ("high CK", "CK was elevated", "serum CPK levels were raised"):
        assert ids(recognizer, text) == ["HP:0003236"], text
    assert ids(recognizer, "CK was measured") == []          # no direction word, no finding


def test_a_framing_word_before_a_coordination_is_shared(recognizer):
    assert sorted(ids(recognizer, "hereditary breast and ovarian cancer")) == ["HP:0003002", "HP:0100615"]
    # a conjunct glued to a content word that is no framing word is still the end of that word's finding
    assert sorted(ids(recognizer, "coarse facial features, prominent forehead")) == ["HP:0000280", "HP:0011220"]


def test_tumour_words_and_the_implied_gland(recognizer):
    assert ids(recognizer, "rectal tumours") == ["HP:0100743"]            # neoplasm <-> tumor
    assert ids(recognizer, "a tumor of the thyroid") == ["HP:0100031"]     # the thyroid is the gland
    assert ids(recognizer, "thyroid cancer") == ["HP:0002890"]             # "cancer" for a carcinoma fills a gap
    assert ids(recognizer, "rectal cancer") == ["HP:0100743"]
    # ... but never over a name HPO gives: "liver cancer" is Neoplasm of the liver's own synonym
    assert ids(recognizer, "liver cancer") == ["HP:0002896"]
