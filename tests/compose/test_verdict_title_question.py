"""A title-style yes/no question ("Topic: is it P?", common among PubMedQA's titles) is read as "Is topic P?", and
a sentence saying no patient had the asked condition counts against an association with it.

Found on "Kell alloimmunization in pregnancy: is it associated with fetal thrombocytopenia?": the question had no
subject, so a nuchal-translucency study and an unrelated case report were weighed "for", and "None of the fetuses
... had a clinically significant thrombocytopenia" was read "for" from its word "significant"; the answer was
"Yes". The sentences below are written for these tests.
"""

from __future__ import annotations

from clinicite.compose.verdict_subject import asked_of, denies_condition

KELL = "Kell alloimmunization in pregnancy: is it associated with fetal thrombocytopenia?"


def test_a_title_question_takes_its_topic_as_the_subject():
    asked = asked_of(KELL)
    assert {"kell", "alloimmuniz"} <= asked.agent
    assert "thrombocytopen" in asked.condition
    assert asked_of("Is lithium effective for ALS?").agent == frozenset({"lithium"})     # other forms unchanged
    assert asked_of("Amblyopia: how is it treated?").agent == frozenset()      # not a yes/no form


def test_no_patient_with_the_condition_is_against_an_association():
    sentence = ("None of the fetuses in the alloimmunized pregnancies, including 12 with hydrops, had a clinically "
                "significant thrombocytopenia.")
    assert denies_condition(KELL, asked_of(KELL), sentence)
    assert not denies_condition(KELL, asked_of(KELL), "None of the fetuses had hydrops.")


def test_no_patient_with_the_condition_is_no_evidence_against_prevention():
    question = "Does aspirin prevent stroke after surgery?"
    assert not denies_condition(question, asked_of(question), "None of the treated patients had a stroke.")
