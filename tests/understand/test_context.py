"""Negation, normal results and family history on the real HPO (NegEx/ConText-style scopes)."""

from __future__ import annotations

from clinicite.understand import understand_case
from clinicite.understand.context import backward_scope, forward_scope


def status(facts, label_word):
    """(excluded, normal, family) of the one finding whose label contains ``label_word``."""
    matches = [f for f in facts.findings if label_word.lower() in f.label.lower()]
    assert matches, f"no finding labelled like {label_word!r} in {[f.label for f in facts.findings]}"
    return matches[0].excluded, matches[0].normal, matches[0].family_history


def test_no_family_history_is_a_fact_not_a_finding(hpo):
    facts = understand_case("38-year-old woman with bone pain, no family history.", hpo)
    assert facts.family_history is False
    assert facts.family_history_span.text == "no family history"
    assert "HP:0032316" not in facts.observed          # "Family history" is not the patient's finding
    assert "HP:0002653" in facts.observed              # Bone pain


def test_without_soft_tissue_mass(hpo):
    facts = understand_case("Lytic lesion of the tibia without soft-tissue mass or periosteal reaction.", hpo)
    for finding in facts.findings:
        if "mass" in finding.text.lower() or "periosteal" in finding.text.lower():
            assert finding.excluded, finding
    assert not any("mass" in f.text.lower() for f in facts.findings if f.observed)


def test_normal_laboratory_results_exclude_the_abnormal_terms(hpo):
    facts = understand_case("ESR and alkaline phosphatase were normal.", hpo)
    assert {"HP:0003565", "HP:0003155"} <= set(facts.excluded)      # elevated ESR, elevated ALP
    assert facts.observed == []
    assert all(f.normal for f in facts.findings)
    assert {t.analyte for t in facts.tests} == {"erythrocyte sedimentation rate", "alkaline phosphatase"}
    assert {t.interpretation for t in facts.tests} == {"normal"}


def test_no_increased_vascularity_is_not_a_positive_finding(hpo):
    facts = understand_case("Ultrasound: hypoechoic lesion, no increased vascularity.", hpo)
    assert all(not f.observed for f in facts.findings if "vascular" in f.text.lower())


def test_denies_and_absence_of(hpo):
    facts = understand_case("He denies fever. Absence of seizures. Hypotonia was present.", hpo)
    assert status(facts, "fever")[0] and status(facts, "seizure")[0]
    assert not status(facts, "hypotonia")[0]


def test_scope_ends_at_but_and_at_a_comma_without_a_list(hpo):
    facts = understand_case("No fever but severe bone pain.", hpo)
    assert status(facts, "fever")[0] and not status(facts, "bone pain")[0]
    facts = understand_case("no hyperaemia, fusiform intense delayed uptake, bone pain", hpo)
    assert not status(facts, "bone pain")[0]


def test_comma_list_closed_by_or_stays_in_scope(hpo):
    facts = understand_case("She has no fever, cough or vomiting. Seizures since birth.", hpo)
    assert status(facts, "fever")[0] and status(facts, "cough")[0] and status(facts, "vomiting")[0]
    assert not status(facts, "seizure")[0]
    assert set(facts.excluded) >= {"HP:0001945", "HP:0012735", "HP:0002013"}


def test_ruled_out_and_post_negation(hpo):
    facts = understand_case("Osteomyelitis was ruled out. Scoliosis was absent.", hpo)
    assert status(facts, "osteomyelitis")[0] and status(facts, "scoliosis")[0]


def test_normal_before_the_finding(hpo):
    facts = understand_case("She has no tears when she cries, even though she has normal sweating.", hpo)
    excluded, normal, _ = status(facts, "hyperhidrosis")
    assert excluded and normal


def test_a_relative_has_the_finding_not_the_patient(hpo):
    facts = understand_case("Her mother had deafness. The patient has hypotonia.", hpo)
    assert status(facts, "hearing")[2]
    assert facts.family_history is True
    assert "HP:0000365" not in facts.observed and "HP:0000365" in facts.family_findings
    assert "HP:0001252" in facts.observed


def test_a_relative_with_a_copula_has_the_finding_not_the_patient(hpo):
    # "her mother is deaf" was read as the patient's deafness
    facts = understand_case("She had microcephaly. Her mother is deaf.", hpo)
    assert "HP:0000365" in facts.family_findings and "HP:0000365" not in facts.observed
    assert "HP:0000252" in facts.observed
    # a relative who is well leaves the patient's finding alone
    facts = understand_case("Her mother was healthy and the girl had seizures.", hpo)
    assert "HP:0001250" in facts.observed


def test_negation_words_inside_a_term_are_not_triggers(hpo):
    facts = understand_case("Absent Achilles reflexes and non-Hodgkin lymphoma.", hpo)
    assert facts.findings and all(f.observed for f in facts.findings)


def test_scope_helpers():
    text = "no fever, cough or rash, with pain"
    assert text[2:forward_scope(text, 2, len(text))].strip() == "fever, cough or rash"
    text = "ESR, CRP and ALP were normal"
    assert backward_scope(text, text.index(" were"), 0) == 0


def test_a_new_clause_after_and_leaves_the_scope(hpo):
    facts = understand_case("There are no masses, hepatosplenomegaly, and bowel sounds are hyperactive.", hpo)
    assert status(facts, "hepatosplenomegaly")[0]
    assert not status(facts, "bowel sounds")[0]
    facts = understand_case("No fever, cough or vomiting was reported.", hpo)
    assert status(facts, "vomiting")[0]
