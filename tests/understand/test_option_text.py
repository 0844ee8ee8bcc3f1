"""Candidate diagnoses read out of a question: shared head nouns, lettered options, "A or B?"."""

from __future__ import annotations

import pytest

from clinicite.understand import understand_case
from clinicite.understand.option_text import detect_options, expand_shared_head, option_spans, without_lettered_options


def test_a_shared_head_noun_is_expanded_to_full_names():
    assert detect_options("Which is most likely: histrionic, borderline, dependent or narcissistic personality "
                          "disorder?") == ["histrionic personality disorder", "borderline personality disorder",
                                           "dependent personality disorder", "narcissistic personality disorder"]
    assert detect_options("Is this type 1 or type 2 diabetes?") == ["type 1 diabetes", "type 2 diabetes"]
    assert detect_options("Is it viral or bacterial meningitis?") == ["viral meningitis", "bacterial meningitis"]


def test_names_that_are_diseases_are_not_given_the_last_head():
    assert detect_options("A 2-year-old has dense metaphyseal bands. Is this rickets, scurvy or lead poisoning?") \
        == ["rickets", "scurvy", "lead poisoning"]
    assert detect_options("Is this gout or septic arthritis?") == ["gout", "septic arthritis"]
    assert detect_options("Osteoid osteoma vs stress fracture?") == ["Osteoid osteoma", "stress fracture"]


def test_the_sources_decide_a_head_the_words_do_not():
    known = {"paget disease", "sickle cell disease"}.__contains__
    assert expand_shared_head(["paget", "sickle cell disease"], lambda n: known(n.lower())) == \
        ["paget disease", "sickle cell disease"]
    assert expand_shared_head(["paget", "sickle cell disease"]) == ["paget", "sickle cell disease"]


def test_lettered_options_one_per_line_or_inline():
    question = ("A 30-year-old man has a cough. Which of the following is the most likely diagnosis?\n"
                "A. Measles\nB. Rubella\nC. Scarlet fever\nD. Kawasaki disease")
    assert detect_options(question) == ["Measles", "Rubella", "Scarlet fever", "Kawasaki disease"]
    assert without_lettered_options(question).endswith("most likely diagnosis?")
    assert detect_options("Which is it? (A) Scurvy (B) Rickets (C) Lead poisoning") == \
        ["Scurvy", "Rickets", "Lead poisoning"]


def test_letters_inside_sentences_are_not_options():
    assert detect_options("He had hepatitis A. Then vitamin B. deficiency was found and he was treated.") == []
    assert detect_options("What causes dense metaphyseal bands?") == []


def test_the_options_are_not_the_patients_findings(hpo):
    facts = understand_case("A 30-year-old man has a cough. Which of the following is the most likely diagnosis?"
                            "\nA. Measles\nB. Scarlet fever", hpo)
    assert "HP:0012735" in facts.observed                       # Cough
    assert "HP:0001945" not in facts.observed                   # Fever, from "Scarlet fever"
    facts = understand_case("A 2-year-old has dense metaphyseal bands. Is this rickets or scurvy?", hpo)
    assert [f.whose for f in facts.findings if f.label == "Rickets"] == ["options"]


def test_inline_options_with_colons_and_commas():
    question = ("A 24-year-old woman has white patches on both hands. Which of the following is the most likely "
                "diagnosis? A: Pityriasis alba, B: Piebaldism, C: Vitiligo, D: Leprosy")
    assert detect_options(question) == ["Pityriasis alba", "Piebaldism", "Vitiligo", "Leprosy"]
    assert without_lettered_options(question).endswith("most likely diagnosis?")


@pytest.mark.parametrize("block", [
    "\nA: Gout\nB: Pseudogout\nC: Septic arthritis",
    " a) Gout b) Pseudogout c) Septic arthritis",
    " A - Gout; B - Pseudogout; C - Septic arthritis",
    ' {"A": "Gout", "B": "Pseudogout", "C": "Septic arthritis"}',
    "\n- Gout\n- Pseudogout\n- Septic arthritis",
    "\nOptions: A. Gout B. Pseudogout C. Septic arthritis",
])
def test_the_usual_ways_options_are_pasted(block):
    question = "A 70-year-old man has a hot swollen knee. What is the most likely diagnosis?" + block
    assert detect_options(question) == ["Gout", "Pseudogout", "Septic arthritis"]
    assert "Gout" not in without_lettered_options(question)


def test_species_initials_are_not_options():
    assert detect_options("Cultures: A. fumigatus grew from the sputum. B. cereus was not grown.") == []
    assert detect_options("Which is it? A. gout B. pseudogout") == ["gout", "pseudogout"]


def test_bulleted_options_end_at_the_last_bullet():
    text = "Which is most likely?\n- Gout\n- Pseudogout\nHe also has a fever."
    (start, end), = option_spans(text)
    assert text[start:end].strip().endswith("Pseudogout")


def test_inline_options_are_not_the_patients_findings(hpo):
    facts = understand_case("A 19-year-old man has a cough and a rash. Which of the following is the most likely "
                            "diagnosis? A: Measles, B: Scarlet fever, C: Hypopigmentation disorder", hpo)
    assert "HP:0012735" in facts.observed                       # Cough
    assert "HP:0001945" not in facts.observed                   # Fever, only in "Scarlet fever"
    assert all(f.whose == "options" for f in facts.findings if f.start > facts.text.index("A: Measles"))


def test_a_question_closed_by_a_quote_still_opens_its_options():
    question = 'A boy has a limp. "What is the most likely diagnosis?" A. Perthes disease B. Transient synovitis'
    assert detect_options(question) == ["Perthes disease", "Transient synovitis"]
    assert detect_options('Which is it?"\n- Gout\n- Pseudogout') == ["Gout", "Pseudogout"]


def test_a_letter_inside_an_option_is_not_the_next_option():
    question = ("A 30-year-old woman has watery diarrhoea. What is the most likely diagnosis? A: Cryptosporidiosis, "
                "B: C. difficile colitis, C: Norovirus infection")
    assert detect_options(question) == ["Cryptosporidiosis", "C. difficile colitis", "Norovirus infection"]
    assert detect_options("Which is it? A. Cryptosporidiosis B. C. difficile colitis C. Norovirus infection "
                          "D. Giardiasis") == ["Cryptosporidiosis", "C. difficile colitis", "Norovirus infection",
                                               "Giardiasis"]
