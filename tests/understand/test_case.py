"""understand_case end to end on the real HPO: the worked examples, test results, JSON, CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from clinicite.cli import app
from clinicite.understand import layperson_label, understand_case
from clinicite.understand.results import imaging_results, lab_results

QUESTION = "What is the diagnosis and treatment for metaphyseal sclerosis on an X-ray of a 1.5-year-old?"
CASE = ("38-year-old woman, 3 months of thigh pain, diaphyseal sclerosis of the femur, no family history, "
        "triphasic bone scan: no hyperaemia, fusiform intense delayed uptake")


def test_question_with_an_age_and_a_radiograph(hpo):
    facts = understand_case(QUESTION, hpo)
    assert facts.age_years == 1.5 and facts.age_group == "child" and not facts.age_approximate
    assert facts.observed == ["HP:0004979"]                    # Metaphyseal sclerosis
    assert hpo.label("HP:0004979") == "Metaphyseal sclerosis"
    assert any(t.modality == "radiograph" for t in facts.tests)
    assert [s.value for s in facts.sites] == ["metaphysis"]


def test_adult_case_with_bone_scan(hpo):
    facts = understand_case(CASE, hpo)
    assert (facts.age_years, facts.sex, facts.age_group) == (38.0, "female", "adult")
    assert facts.duration_days == pytest.approx(91.3, abs=0.1)
    assert facts.family_history is False
    assert "HP:0003034" in facts.observed                      # Diaphyseal sclerosis
    assert hpo.is_a("HP:0003034", "HP:0011001")               # ... an Increased bone mineral density
    assert not facts.excluded and "HP:0032316" not in facts.observed
    assert {"femur", "diaphysis", "thigh"} <= {s.value for s in facts.sites}
    scan = [t for t in facts.tests if t.modality == "bone scan"]
    phases = {t.phase: t.interpretation for t in scan}
    assert phases["flow"] == "normal" and phases["delayed"] == "high"
    assert any("fusiform" in t.observation for t in scan)


def test_laboratory_values_with_units():
    results = {r.analyte: r for r in lab_results("ALP 450 U/L, ESR 12 mm/h, CRP <5 mg/L, normal calcium.")}
    assert (results["alkaline phosphatase"].value, results["alkaline phosphatase"].unit) == (450.0, "U/L")
    assert (results["erythrocyte sedimentation rate"].value, results["erythrocyte sedimentation rate"].unit) == \
        (12.0, "mm/h")
    assert (results["C-reactive protein"].comparator, results["C-reactive protein"].value) == ("<", 5.0)
    assert results["calcium"].interpretation == "normal"
    assert results["alkaline phosphatase"].interpretation is None       # no reference range applied
    assert lab_results("Raised CRP of 80 mg/L")[0].interpretation == "high"


def test_mri_sequences_and_signal():
    results = imaging_results("MRI: low T1 signal, high on STIR, no enhancement")
    by_phase = {r.phase: r for r in results}
    assert by_phase["T1"].interpretation == "low" and by_phase["T1"].modality == "MRI"
    assert by_phase["STIR"].interpretation == "high"
    assert by_phase["contrast"].interpretation == "normal"


def test_elevated_lab_becomes_an_observed_finding(hpo):
    facts = understand_case("Alkaline phosphatase was elevated at 450 U/L.", hpo)
    assert "HP:0003155" in facts.observed


def test_facts_serialise_to_json(hpo):
    facts = understand_case(CASE + ". He denies fever.", hpo)
    data = json.loads(json.dumps(facts.to_dict()))
    assert data["observed"] == facts.observed and data["excluded"] == facts.excluded == ["HP:0001945"]
    assert data["age_years"] == 38.0 and data["findings"][0]["hpo_id"].startswith("HP:")
    for finding in data["findings"]:
        assert CASE[finding["start"]:finding["end"]] == finding["text"] or finding["start"] >= len(CASE)


def test_layperson_label(hpo):
    assert layperson_label("HP:0000252", hpo) in {s.text for s in hpo["HP:0000252"].synonyms}
    assert layperson_label("HP:0000118", hpo) is None
    assert layperson_label("HP:9999999", hpo) is None


def test_recognition_is_reused_across_calls(hpo, recognizer):
    from clinicite.understand import recognizer_for
    assert recognizer_for(hpo) is recognizer


def test_cli_prints_a_table_and_json(hpo):
    runner = CliRunner()
    result = runner.invoke(app, ["phenotypes", CASE])
    assert result.exit_code == 0, result.output
    assert "HP:0003034" in result.output and "Diaphyseal sclerosis" in result.output
    result = runner.invoke(app, ["phenotypes", "No fever, 5-year-old boy with seizures", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["sex"] == "male" and data["age_years"] == 5.0
    assert "HP:0001945" in data["excluded"] and "HP:0001250" in data["observed"]
    assert runner.invoke(app, ["phenotypes", "  "]).exit_code != 0


@pytest.mark.parametrize("text, term_id", [
    ("pitting oedema of the legs", "HP:0000969"),                 # (a kind of) Edema
    ("intracranial haemorrhage", "HP:0002170"),                   # Intracranial hemorrhage
    ("anaemia", "HP:0001903"),                                    # Anemia
    ("café-au-lait spots", "HP:0000957"),                         # accents fold
])
def test_british_spelling_and_accents_on_the_real_hpo(recognizer, hpo, text, term_id):
    found = [f.hpo_id for f in recognizer.recognize(text)]
    assert found and all(hpo.is_a(found_id, term_id) for found_id in found), found


def test_longest_match_on_the_real_hpo(recognizer):
    found = recognizer.recognize("diaphyseal sclerosis of the upper limbs")
    assert [f.hpo_id for f in found] == ["HP:0003860"]            # not the shorter Diaphyseal sclerosis
    assert found[0].text == "diaphyseal sclerosis of the upper limbs"


def test_empty_and_unrelated_text(hpo):
    assert understand_case("", hpo).findings == []
    facts = understand_case("What is the weather like?", hpo)
    assert facts.observed == [] and facts.age_years is None and facts.sex is None


def test_signal_words_outside_imaging_sentences_are_not_imaging():
    results = imaging_results("He has decreased urine output and high fever. A chest X-ray was ordered.")
    assert [r.modality for r in results] == ["radiograph"]
    assert all("urine" not in r.text for r in results)


def test_a_named_sign_on_imaging_is_not_the_fundus_finding_of_the_same_name(hpo):
    # HPO's "double ring sign" is the fundus sign of optic nerve hypoplasia; on a chest radiograph it is a button
    # battery's: not a finding of the eye. Without an imaging study in its sentence the HPO reading stays.
    facts = understand_case("2yo drooling. CXR: round radiopaque object in the oesophagus with double ring sign.", hpo)
    assert "HP:0000609" not in facts.observed and "HP:0002307" in facts.observed
    fundus = understand_case("Fundoscopy in the 3-year-old showed small optic discs with a double ring sign.", hpo)
    assert "HP:0000609" in fundus.observed
