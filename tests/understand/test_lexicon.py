"""The dictionary matcher on a tiny hand-built ontology (tests/fixtures/understand/tiny.obo)::

    HP:0000001 All
    ├── HP:0000118 Phenotypic abnormality
    │   ├── HP:0000924 Abnormality of the skeletal system
    │   │   ├── HP:0011001 Increased bone mineral density  ("Osteosclerosis")
    │   │   │   ├── HP:0003034 Diaphyseal sclerosis        (HP:0009999 obsolete, replaced by it)
    │   │   │   └── HP:0004979 Metaphyseal sclerosis
    │   │   └── HP:0002653 Bone pain
    │   ├── HP:0001945 Fever                    ("High temperature" layperson, "Pyrexia")
    │   ├── HP:0001342 Cerebral hemorrhage
    │   ├── HP:0012382 Left-to-right shunt
    │   ├── HP:0001694 Right-to-left shunt
    │   ├── HP:0000028 Cryptorchidism           ("Undescended testes" layperson)
    │   │   └── HP:0008689 Bilateral cryptorchidism
    │   ├── HP:0002020 Gastroesophageal reflux  ("GERD" abbreviation, "Acid reflux")
    │   ├── HP:0000252 Microcephaly             ("Small head" layperson)
    │   ├── HP:0000969 Edema
    │   ├── HP:5200069 Spinning
    │   ├── HP:0001167 Abnormality of the hand
    │   │   ├── HP:0009778 Short thumb
    │   │   └── HP:0011304 Broad thumb
    │   ├── HP:0008386 Aplasia/Hypoplasia of the nails
    │   │   └── HP:0001792 Small nail           ("Hypoplastic nails", "Nail hypoplasia")
    │   ├── HP:0001249 Intellectual disability  ("Mental retardation")
    │   ├── HP:0000365 Hearing impairment       ("Hearing loss")
    │   └── HP:0000175 Cleft palate
    └── HP:0000005 Mode of inheritance
        └── HP:0000006 Autosomal dominant inheritance
"""

from __future__ import annotations

import pytest

from clinicite.understand.normalize import light, phrase_key, stem


def ids(recognizer, text):
    return [f.hpo_id for f in recognizer.recognize(text)]


def test_label_and_synonym_match_with_offsets(tiny_recognizer):
    text = "Child with pyrexia and diaphyseal sclerosis."
    found = tiny_recognizer.recognize(text)
    assert [f.hpo_id for f in found] == ["HP:0001945", "HP:0003034"]
    for finding in found:
        assert text[finding.start:finding.end] == finding.text
    assert found[1].label == "Diaphyseal sclerosis"


def test_longest_match_wins_over_the_words_inside_it(tiny_recognizer):
    # "sclerosis" alone is no term here, but "bone pain" must not also yield a shorter overlapping term
    assert ids(tiny_recognizer, "metaphyseal sclerosis and bone pain") == ["HP:0004979", "HP:0002653"]
    assert ids(tiny_recognizer, "bilateral undescended testes") == ["HP:0008689"]
    assert ids(tiny_recognizer, "undescended testes") == ["HP:0000028"]


def test_word_order_inflection_and_function_words(tiny_recognizer):
    assert ids(tiny_recognizer, "sclerosis of the diaphyses") == ["HP:0003034"]
    assert ids(tiny_recognizer, "sclerotic metaphyses") == ["HP:0004979"]
    assert ids(tiny_recognizer, "pain in the bones") == ["HP:0002653"]


def test_british_spelling_and_case(tiny_recognizer):
    assert ids(tiny_recognizer, "CEREBRAL HAEMORRHAGE") == ["HP:0001342"]
    assert ids(tiny_recognizer, "pitting oedema of the ankles") == ["HP:0000969"]


def test_order_matters_for_directional_terms(tiny_recognizer):
    assert ids(tiny_recognizer, "a right to left shunt") == ["HP:0001694"]
    assert ids(tiny_recognizer, "left-to-right shunt") == ["HP:0012382"]


def test_abbreviations_are_case_sensitive_and_learnt_from_the_text(tiny_recognizer):
    assert ids(tiny_recognizer, "severe GERD") == ["HP:0002020"]
    assert ids(tiny_recognizer, "gerd") == []
    text = "A small head (SH) was noted; later the SH was obvious."
    assert ids(tiny_recognizer, text) == ["HP:0000252", "HP:0000252"]


def test_conjunctions_do_not_glue_two_findings_into_one(tiny_recognizer):
    # "bilateral ... and undescended testes" is not Bilateral cryptorchidism
    assert ids(tiny_recognizer, "bilateral clubfoot and undescended testes") == ["HP:0000028"]


def test_single_words_do_not_match_by_a_verb_ending(tiny_recognizer):
    assert ids(tiny_recognizer, "the spine was straight") == []
    assert ids(tiny_recognizer, "spinning movements") == ["HP:5200069"]


def test_outside_the_phenotype_subtree_is_not_a_finding(tiny_recognizer):
    assert ids(tiny_recognizer, "autosomal dominant inheritance") == []


def test_clauses_bound_matches(tiny_recognizer):
    assert ids(tiny_recognizer, "diaphyseal. Sclerosis") == []


@pytest.mark.parametrize("a, b", [
    ("haemorrhage", "hemorrhage"), ("oedema", "edema"), ("orthopaedic", "orthopedic"), ("tumour", "tumor"),
    ("thinning", "thin"), ("abnormalities", "abnormal"), ("developmental", "development"),
    ("sclerotic", "sclerosis"), ("hypoplastic", "hypoplasia"), ("vertebrae", "vertebra"), ("feet", "foot"),
    ("anaemia", "anemia"), ("diarrhoea", "diarrhea"), ("centre", "center"), ("haemoglobin", "hemoglobin"),
])
def test_stems_meet(a, b):
    assert stem(a) == stem(b)


def test_stems_keep_different_words_apart():
    assert stem("spinal") != stem("spinning")
    assert light("spine") != light("spinning")
    assert light("sleep") != light("sleepy")
    assert phrase_key("Thin corpus callosum") == phrase_key("thinning of the corpus callosum")
