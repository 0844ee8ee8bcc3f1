"""Past medical history and treated conditions are marked, not weighed as the presenting illness."""

from __future__ import annotations

from clinicite.understand import understand_case


def whose(facts, word: str) -> str:
    matches = [f for f in facts.findings if word.lower() in f.label.lower()]
    assert matches, f"no finding labelled like {word!r} in {[f.label for f in facts.findings]}"
    return matches[0].whose


def test_past_medical_history_is_not_a_current_finding(hpo):
    facts = understand_case("A 62-year-old man presents with fever and jaundice. His past medical history is "
                            "significant for hypertension and type 2 diabetes mellitus.", hpo)
    assert whose(facts, "hypertension") == "history"
    assert whose(facts, "diabetes") == "history"
    assert whose(facts, "fever") == "patient"
    assert whose(facts, "jaundice") == "patient"
    assert "HP:0000822" not in facts.observed                  # Hypertension
    assert any(f.label == "Hypertension" for f in facts.not_the_patient)


def test_a_duration_history_of_the_presenting_complaint_stays_current(hpo):
    facts = understand_case("A 31-year-old woman comes to the physician because of a 5-month history of "
                            "intermittent flank pain.", hpo)
    assert whose(facts, "flank pain") == "patient"


def test_comorbidities_before_the_presentation_are_history(hpo):
    facts = understand_case("A 58-year-old man with hypertension comes to the physician because of a 3-month "
                            "history of a painless lesion on his lower lip and fever.", hpo)
    assert whose(facts, "hypertension") == "history"
    assert whose(facts, "fever") == "patient"


def test_presenting_with_keeps_the_complaints_current(hpo):
    facts = understand_case("A 20-year-old woman presents with vaginal discharge and pruritus.", hpo)
    assert whose(facts, "pruritus") == "patient"


def test_a_treated_condition_is_history(hpo):
    facts = understand_case("She has had a cough for 3 days. She takes lisinopril for hypertension.", hpo)
    assert whose(facts, "hypertension") == "history"
    assert whose(facts, "cough") == "patient"


def test_diagnosed_years_ago_is_history_until_the_presentation(hpo):
    facts = understand_case("A 67-year-old man who was diagnosed with arthritis 16 years ago presents with "
                            "knee pain and fever.", hpo)
    assert whose(facts, "arthritis") == "history"
    assert whose(facts, "fever") == "patient"


def test_a_negated_history_stays_a_negative_of_the_patient(hpo):
    facts = understand_case("A 30-year-old man presents with back pain. There is no history of fever.", hpo)
    assert "HP:0001945" in facts.excluded                        # Fever
