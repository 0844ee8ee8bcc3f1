"""Round 15 recognition fixes on a small hand-built ontology (concepts15.obo)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinicite.ingest.hpo import read_obo
from clinicite.understand import ConceptRecognizer


@pytest.fixture(scope="module")
def recognizer():
    return ConceptRecognizer(read_obo(Path(__file__).resolve().parents[1] / "fixtures" / "understand" / "concepts15.obo"))


def ids(recognizer, text):
    return [f.hpo_id for f in recognizer.recognize(text)]


def test_an_inverted_name_with_a_comma_crosses_no_conjunction(recognizer):
    # "Diarrhea, recurrent" is one name, not a name that joins words with "and"
    assert ids(recognizer, "He had diarrhea and recurrent pneumonia.") == ["HP:0002014", "HP:0006532"]
    assert ids(recognizer, "chronic diarrhea and recurrent pneumonia") == ["HP:0002028", "HP:0006532"]


def test_an_inverted_name_still_reads_across_its_own_comma(recognizer):
    assert ids(recognizer, "Diarrhea, recurrent.") == ["HP:0002028"]
    assert ids(recognizer, "short stature and hypotonia") == ["HP:0004322", "HP:0001252"]


def test_a_history_heading_tells_the_present_illness_and_a_differential_heading_lists_the_weighed(hpo):
    from clinicite.understand import understand_case
    text = ("History: 8-year-old boy, progressive muscle weakness since age 5, calf hypertrophy. Past medical "
            "history: asthma. Differential: limb-girdle muscular dystrophy, in which scapular winging is "
            "common; Becker muscular dystrophy. Plan: creatine kinase.")
    facts = understand_case(text, hpo)
    whose = {f.label: f.whose for f in facts.findings}
    assert whose["Progressive muscle weakness"] == "patient"
    assert whose["Calf muscle hypertrophy"] == "patient"
    assert whose["Asthma"] == "history"
    # past the semicolon, to the full stop: every disease the heading lists is weighed, none observed
    assert whose["Limb-girdle muscular dystrophy"] == whose["Muscular dystrophy"] == "differential"
    assert not {"HP:0006785", "HP:0003560", "HP:0003691"} & set(facts.observed)


def test_a_differential_heading_ends_at_its_full_stop(hpo):
    from clinicite.understand import understand_case
    facts = understand_case("Differential diagnosis: Becker muscular dystrophy. Her EEG showed seizures.", hpo)
    assert "HP:0001250" in facts.observed and "HP:0003560" not in facts.observed


def test_words_two_unrelated_terms_share_go_to_the_name_in_their_order(recognizer):
    # one order-free key {delay, develop, milestone} for both names: the text's word order decides
    assert ids(recognizer, "Developmental milestones were mildly delayed.") == ["HP:0001263"]
    assert ids(recognizer, "He had delayed developmental milestones.") == ["HP:0001263"]
    assert ids(recognizer, "He had delayed milestone development.") == ["HP:0012434"]


def test_a_short_non_english_slip_reads_a_one_word_finding_alone(recognizer):
    assert ids(recognizer, "He had atxaia and ptsois.") == ["HP:0001251", "HP:0000508"]
    # a word of general English is what the writer meant, never a slip
    assert ids(recognizer, "His father walks with a cane.") == []
    # a symbol in capitals is not a slip
    assert ids(recognizer, "ATXAIA was sequenced.") == []


def test_slips_side_by_side_are_read_together(recognizer):
    # neither slip has a clean neighbour to confirm it; together they name the term
    assert ids(recognizer, "He had a depessed naswl bridge.") == ["HP:0005280"]
    assert ids(recognizer, "He had a cleuft paalte.") == ["HP:0000175"]
    # clean words beside each other are left as they are
    assert ids(recognizer, "He had a flat nasal bridge.") == ["HP:0005280"]


def test_an_abbreviation_the_text_defines_outranks_the_general_table(recognizer):
    found = recognizer.recognize("Autism spectrum disorder (ASD) is common. ASD affects boys.")
    assert [(f.hpo_id, f.text) for f in found] == [("HP:0000729", "Autism spectrum disorder"), ("HP:0000729", "ASD")]
    # a text that says nothing of its own reads the general table
    assert ids(recognizer, "An ASD was closed.") == ["HP:0001631"]


def test_a_greek_named_lab_finding_is_read_in_the_reports_words(recognizer):
    assert ids(recognizer, "Phenylalanine levels were markedly elevated.") == ["HP:0004923"]
    assert ids(recognizer, "Plasma phenylalanine was high.") == ["HP:0004923"]


def test_the_analyte_must_spell_the_greek_name():
    from clinicite.understand.lab_names import emia_frame
    assert emia_frame("Hyperphenylalaninemia", ["Abnormal circulating phenylalanine concentration"]) == \
        "Increased circulating phenylalanine concentration"
    # "lipid" does not spell "apobetalipoprotein": a parent naming a class of analytes is never one analyte
    assert emia_frame("Hyperapobetalipoproteinemia", ["Abnormal circulating lipid concentration"]) is None
    assert emia_frame("Hyperactivity", ["Abnormal circulating phenylalanine concentration"]) is None


def test_slips_in_a_stated_mode_of_inheritance_are_read_and_the_span_keeps_the_texts_words(hpo):
    from clinicite.understand.inheritance import inheritance_modes
    text = "It is inherited in an auosomal reessive inhreitance."
    (span,) = inheritance_modes(text, hpo)
    assert span.value == "HP:0000007"
    assert text[span.start:span.end] == span.text == "auosomal reessive inhreitance"
    # a clean statement reads as before; a mode word before a disease's own name is still no statement
    assert [s.value for s in inheritance_modes("an autosomal dominant disorder", hpo)] == ["HP:0000006"]
    assert inheritance_modes("autosomal dominant congenital cataract", hpo) == []


def test_a_defined_abbreviation_keeps_the_tables_narrower_reading(recognizer):
    # the words read only Diabetes mellitus ("type 1" is not "type I"); T1DM itself says which type
    found = recognizer.recognize("Tendons change in type 1 diabetes mellitus (T1DM). T1DM is common.")
    assert [f.hpo_id for f in found if f.text == "T1DM"] == ["HP:0100651"]
