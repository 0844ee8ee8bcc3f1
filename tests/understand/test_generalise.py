"""Recognition beyond the exact wording of HPO names, on the tiny ontology of test_lexicon.py:
variants, coordinations, typos, the more specific of two terms named by the same words, and the
findings a case report gives to relatives, cited patients or a differential diagnosis."""

from __future__ import annotations

import pytest

from clinicite.understand import understand_case
from clinicite.understand.spelling import Speller


def found(recognizer, text):
    return [(f.hpo_id, f.text) for f in recognizer.recognize(text)]


def ids(recognizer, text):
    return sorted({f.hpo_id for f in recognizer.recognize(text)})


@pytest.mark.parametrize("text", ["hypoplastic nails", "the nails were hypoplastic", "hypoplasia of the nails",
                                  "nail hypoplasia"])
def test_plural_adjectival_and_word_order_variants_meet(tiny_recognizer, text):
    assert ids(tiny_recognizer, text) == ["HP:0001792"]


def test_more_specific_child_is_chosen_over_the_grouping_term_with_the_same_words(tiny_recognizer):
    # "Hypoplasia of the nails" is cut from "Aplasia/Hypoplasia of the nails"; "Small nail" is named so outright
    assert ids(tiny_recognizer, "hypoplasia of the nails") == ["HP:0001792"]
    assert ids(tiny_recognizer, "aplasia/hypoplasia of the nails") == ["HP:0008386"]


def test_coordinated_modifiers_share_their_head(tiny_recognizer):
    text = "short and broad thumbs"
    assert found(tiny_recognizer, text) == [("HP:0009778", "short and broad thumbs"), ("HP:0011304", "broad thumbs")]
    assert ids(tiny_recognizer, "the thumbs were short and broad") == ["HP:0009778", "HP:0011304"]
    assert ids(tiny_recognizer, "short, broad thumbs") == ["HP:0009778", "HP:0011304"]


def test_a_list_of_findings_is_not_coordinated_into_a_new_one(tiny_recognizer):
    assert ids(tiny_recognizer, "bilateral clubfoot and undescended testes") == ["HP:0000028"]
    # "microcephaly" is a finding by itself: "small" does not travel across the list to it
    assert ids(tiny_recognizer, "fever, microcephaly and short thumbs") == ["HP:0000252", "HP:0001945", "HP:0009778"]


def test_comma_inside_a_list_does_not_glue_two_findings(tiny_recognizer):
    assert ids(tiny_recognizer, "fever, bone pain") == ["HP:0001945", "HP:0002653"]


@pytest.mark.parametrize("typo", ["intelectual disability", "intellectual disabilty", "intellecutal disability",
                                  "mentall retardation"])
def test_long_words_with_one_slip_are_recognised(tiny_recognizer, typo):
    assert ids(tiny_recognizer, typo) == ["HP:0001249"]


def test_short_words_and_known_words_are_not_corrected():
    speller = Speller(["Intellectual disability", "Fever"], ["A disability of intellect or temper"])
    assert speller.correct("intelectual") == "intellectual"
    assert speller.correct("fevre") is None          # too short to guess
    assert speller.correct("intellect") is None      # a word of the vocabulary, not a slip
    assert speller.correct("pneumonectomy") is None  # nothing near enough


def test_a_relatives_finding_is_marked_family_and_not_observed(tiny):
    facts = understand_case("A boy with microcephaly. His mother had hearing loss.", tiny)
    hearing = [f for f in facts.findings if f.hpo_id == "HP:0000365"][0]
    assert hearing.whose == "family" and hearing.context is None and not hearing.observed
    assert facts.observed == ["HP:0000252"]


def test_a_differential_discussion_is_marked_and_kept_visible(tiny):
    text = ("The girl had fever and short thumbs. Syndrome X is characterised by microcephaly and cleft "
            "palate, but our patient had bone pain.")
    facts = understand_case(text, tiny)
    contexts = {f.hpo_id: f.context for f in facts.findings}
    assert contexts == {"HP:0001945": None, "HP:0009778": None, "HP:0000252": "differential",
                        "HP:0000175": "differential", "HP:0002653": None}
    assert facts.observed == ["HP:0001945", "HP:0009778", "HP:0002653"]
    assert [f.hpo_id for f in facts.not_the_patient] == ["HP:0000252", "HP:0000175"]
    assert facts.to_dict()["findings"][2]["context"] == "differential"
    assert [f.whose for f in facts.findings] == ["patient", "patient", "differential", "differential", "patient"]


def test_cited_patients_findings_are_marked_literature(tiny):
    text = ("Previously reported patients had cleft palate. Microcephaly has been described in two families. "
            "Our patient had fever.")
    facts = understand_case(text, tiny)
    assert {f.hpo_id: f.context for f in facts.findings} == {"HP:0000175": "literature",
                                                             "HP:0000252": "literature", "HP:0001945": None}
    assert facts.observed == ["HP:0001945"]


def test_a_contrast_brings_the_patient_back(tiny):
    facts = understand_case("Unlike previously reported cases with cleft palate, our patient had microcephaly.", tiny)
    assert facts.observed == ["HP:0000252"]
    assert [f.context for f in facts.findings] == ["literature", None]


def test_abbreviations_in_the_plural(tiny_recognizer):
    assert ids(tiny_recognizer, "two GERDs episodes") == ["HP:0002020"]
    assert ids(tiny_recognizer, "gerds") == []


def test_coordination_on_the_real_hpo(recognizer):
    assert ids(recognizer, "atrial and ventricular septal defects") == ["HP:0001629", "HP:0001631"]
    assert ids(recognizer, "hypoplasia of the tibiae and fibulae") == ["HP:0003038", "HP:0005736"]
    # a list of findings: no "short nail" from "short ... nails", no "small head" from "small mouth, head lag"
    assert "HP:0001799" not in ids(recognizer, "short and broad thumbs, hypoplastic nails")
    assert "HP:0000252" not in ids(recognizer, "small mouth, head lag")
    assert ids(recognizer, "high, narrow palate") == ["HP:0002705"]


def test_organ_adjectives_meet_their_nouns(recognizer):
    assert ids(recognizer, "hyperostosis of the mandible") == ids(recognizer, "mandibular hyperostosis") \
        == ["HP:0004472"]


def test_a_degree_adverb_after_a_copula_does_not_split_the_finding(tiny_recognizer):
    # "the nails were markedly hypoplastic" is "hypoplastic nails"; the adverb stays a word elsewhere
    assert ids(tiny_recognizer, "the nails were markedly hypoplastic") == ["HP:0001792"]
    assert ids(tiny_recognizer, "the nails were mildly hypoplastic") == ["HP:0001792"]


def test_a_citation_with_et_al_keeps_its_sentence(tiny):
    # the full stop of "et al." does not end the sentence that says whose the findings are
    facts = understand_case("Smith et al. reported two patients with cleft palate. Our patient had fever.", tiny)
    assert {f.hpo_id: f.context for f in facts.findings} == {"HP:0000175": "literature", "HP:0001945": None}


def test_what_a_diseases_patients_typically_have_is_not_the_patients(tiny):
    facts = understand_case("Patients with Noonan syndrome typically have microcephaly. The boy had fever.", tiny)
    assert {f.hpo_id: f.context for f in facts.findings} == {"HP:0000252": "differential", "HP:0001945": None}


def test_the_patients_finding_that_the_literature_also_reports_stays_the_patients(tiny):
    facts = understand_case("Our patient had cleft palate, which has been reported in 30% of cases.", tiny)
    assert facts.observed == ["HP:0000175"]
    facts = understand_case("Cleft palate has been reported in 30% of cases.", tiny)
    assert facts.observed == []
