"""Claim checks of written statements against their cited spans: numbers, terms, direction, species."""

from __future__ import annotations

import pytest

from clinicite.compose.claims import claim_problems, direction, numbers, specific_terms
from clinicite.compose.verify import Verifier

SPAN = ("Intravenous immunoglobulin (2 g/kg) given within 10 days of fever onset reduced the rate of coronary "
        "artery aneurysms from 25% to 4% in children with Kawasaki disease.")


@pytest.mark.parametrize("statement", [
    "IVIG at 2 g/kg within 10 days of fever onset reduced coronary artery aneurysms in Kawasaki disease.",
    "In children with Kawasaki disease, intravenous immunoglobulin reduced coronary aneurysms from 25% to 4%.",
    "Intravenous immune globulin lowered the rate of coronary artery aneurysms in Kawasaki disease.",
])
def test_faithful_restatements_pass(statement):
    assert claim_problems(statement, SPAN) == []
    assert Verifier().support(statement, [SPAN]).supported


@pytest.mark.parametrize("statement, found", [
    ("IVIG at 5 g/kg reduced coronary artery aneurysms in Kawasaki disease.", "number 5 g/kg"),
    ("IVIG at 2 mg/kg reduced coronary artery aneurysms in Kawasaki disease.", "2 mg/kg is not in its source"),
    ("Infliximab given within 10 days reduced coronary artery aneurysms in Kawasaki disease.", '"Infliximab"'),
    ("Intravenous immunoglubolin reduced coronary artery aneurysms in Kawasaki disease.", "misspelling"),
    ("Intravenous immunoglobulin increased the rate of coronary artery aneurysms in Kawasaki disease.",
     "an increase where its source states a decrease"),
    ("Intravenous immunoglobulin had no effect on coronary artery aneurysms in Kawasaki disease.",
     "no effect"),
])
def test_wrong_numbers_names_and_directions_fail_with_a_reason(statement, found):
    problems = claim_problems(statement, SPAN)
    assert any(found in p for p in problems), problems
    support = Verifier().support(statement, [SPAN])
    assert not support.supported and support.reason


def test_a_misspelled_drug_class_fails_though_the_words_overlap():
    span = "Antimalarials reduced the rate of lupus flares in a cohort of 300 women with systemic lupus."
    statement = "Antmalarimathine reduced the rate of lupus flares in women with systemic lupus."
    assert Verifier(claims=False).support(statement, [span]).supported          # word overlap alone: passes
    support = Verifier().support(statement, [span])
    assert not support.supported and "Antmalarimathine" in support.reason


def test_an_animal_result_written_as_a_human_one_fails():
    span = "In mice, metformin reduced tumour growth by 40%."
    assert "animal" in " ".join(claim_problems("Metformin reduced tumour growth by 40% in patients.", span))
    assert "animal" in " ".join(claim_problems("Metformin reduced tumour growth by 40%.", span))
    assert claim_problems("In mice, metformin reduced tumour growth by 40%.", span) == []
    assert claim_problems("In a mouse model, metformin reduced tumour growth by 40%.", span) == []


def test_numbers_keep_their_units():
    assert numbers("2 g/kg over 10-12 hours, 25%") == {(2.0, "g/kg"), (10.0, "hours"), (12.0, "hours"), (25.0, "%")}
    assert numbers("rose from 51 ± 15% to 57 +/- 11%") == {(51.0, "%"), (57.0, "%")}
    assert numbers("0,5 mg") == {(0.5, "mg")}


def test_directions_read_negations_as_no_effect():
    assert direction("Zinc did not reduce the duration of colds.") == {"none"}
    assert direction("Zinc reduced the duration of colds.") == {"down"}
    assert direction("There was no significant difference in duration.") == {"none"}
    assert direction("Risk increased with age.") == {"up"}


def test_specific_terms_are_names_not_common_words():
    terms = specific_terms("Patients with Marfan syndrome given losartan had less aortic dilatation than "
                           "with atenolol, as the guideline and a routine examination determine.")
    assert {"Marfan", "losartan", "atenolol"} <= set(terms)
    assert not {"guideline", "routine", "determine", "Patients"} & set(terms)
