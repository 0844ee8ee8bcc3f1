"""A case report that names one of the case's candidate diseases only in its discussion, and shares none of the
case's specific findings, is another patient's report: it must not fill this case's sections.

Found on the femur case (painful diaphyseal sclerosis): a report of transient osteoporosis of the hip in
pregnancy, which mentions "a stress fracture of the femoral neck" among its alternatives and shares only pain,
led the Management section and the bottom line. The texts below are written for this test.
"""

from __future__ import annotations

from clinicite.compose.topic import Topic

SCLEROSIS, PAIN, OEDEMA = "HP:0000001", "HP:0000002", "HP:0000003"
WORDS = {"diaphyseal sclerosis": SCLEROSIS, "pain": PAIN, "marrow oedema": OEDEMA}


def _concepts(text: str) -> set[str]:
    lowered = text.lower()
    return {hpo for words, hpo in WORDS.items() if words in lowered}


def _topic() -> Topic:
    # Pain is broad (it has many kinds): alone it places no document.
    return Topic(names=["Stress fracture", "Ribbing disease"], findings={SCLEROSIS, PAIN}, general={PAIN},
                 neighbours={SCLEROSIS: {SCLEROSIS}, PAIN: {PAIN}}, concepts_of=_concepts)


OTHER_PATIENT = (
    "A woman in late pregnancy had groin pain on weight bearing. MRI showed marrow oedema of the femoral head. "
    "The oedema can be confused with avascular necrosis, and with a stress fracture of the femoral neck, which "
    "shows a fracture line. With protected weight bearing the pain resolved.")


def test_a_candidate_named_only_in_the_discussion_with_only_a_broad_finding_shared_is_no_match():
    assert _topic().document_match(OTHER_PATIENT) == ""


def test_a_report_sharing_a_specific_finding_still_matches_by_the_name():
    text = OTHER_PATIENT.replace("marrow oedema of the femoral head", "diaphyseal sclerosis of the femur")
    assert _topic().document_match(text) == "names Stress fracture"


def test_a_report_naming_the_candidate_in_its_opening_matches():
    text = "Ribbing disease in a young woman. She had thigh pain for a year; the radiograph was read as normal."
    assert _topic().document_match(text) == "names Ribbing disease"


def test_a_case_without_a_specific_finding_keeps_the_name_rule():
    topic = Topic(names=["Stress fracture"], findings={PAIN}, general={PAIN}, neighbours={PAIN: {PAIN}},
                  concepts_of=_concepts)
    assert topic.document_match(OTHER_PATIENT) == "names Stress fracture"
