"""A source tied to a case only by naming a lower candidate and a broad finding does not answer the case.

The README corpus holds a review of opioid pharmacogenomics in sickle cell disease. For a woman with painful
diaphyseal sclerosis of the femur, sickle cell disease is the fifth candidate, and the review shares only "pain"
with her: it filled her Clinical presentation with CYP2D6 alleles and led her bottom line with "Future research
should focus on ...". A research agenda or a review's programme states nothing a case can act on either.
"""

from __future__ import annotations

from clinicite.compose.case_answer import on_case_topic
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import Grade
from clinicite.compose.therapy import is_aim_or_open_question
from clinicite.compose.topic import Topic

SCLEROSIS, PAIN = "HP:0100774", "HP:0012531"
WORDS = {"diaphyseal sclerosis": SCLEROSIS, "sclerosis of the diaphysis": SCLEROSIS, "pain": PAIN}


def _concepts(text: str) -> set[str]:
    low = text.lower()
    return {hpo for words, hpo in WORDS.items() if words in low}


def _topic() -> Topic:
    names = ["Intramedullary osteosclerosis", "Ribbing disease", "Stress fracture", "Lymphoma of bone",
             "Sickle cell disease"]
    return Topic(names=names, findings={SCLEROSIS, PAIN}, neighbours={SCLEROSIS: {SCLEROSIS}, PAIN: {PAIN}},
                 concepts_of=_concepts, general={PAIN}, leads={"Intramedullary osteosclerosis"})


def _sentence(text: str, doc: str, title: str, grade: str = "expert opinion") -> Evidence:
    source = Source(doc, title, "text", Grade(grade, 1, "text"))
    return Evidence(source, text, [QuotedSpan(0, len(text), text)], 0.5, None, "sentence", None)


REVIEW = "Pharmacogenomics and opioid efficacy in sickle cell disease"


def test_a_review_of_a_lower_candidate_sharing_only_pain_is_no_report_of_this_patient():
    topic = _topic()
    text = (f"{REVIEW}. Pain is the hallmark of sickle cell disease. CYP2D6 alleles change how codeine is "
            "metabolised and how pain is felt.")
    assert topic.document_match(text) == ""
    # The same kind of document about the leading diagnosis, or one stating her specific finding, is about her.
    assert topic.document_match("Intramedullary osteosclerosis. Pain is its usual complaint.").startswith("names")
    assert topic.document_match("Sickle cell disease. Bone infarcts give diaphyseal sclerosis and pain in adults.")


def test_its_sentences_leave_the_case_answer_but_a_source_on_her_findings_stays():
    topic = _topic()
    review = [_sentence("Variations in the COMT gene influence how pain is experienced in sickle cell disease.",
                        "pmid:1", REVIEW),
              _sentence("Patients with sickle cell disease and ultra-rapid CYP2D6 alleles risk codeine toxicity.",
                        "pmid:1", REVIEW)]
    other = [_sentence("Sickle cell disease causes bone infarcts seen as diaphyseal sclerosis with pain.", "pmid:2",
                       "Bone infarcts in sickle cell disease", "cohort")]
    kept = on_case_topic(review + other, topic, [])
    assert [e.source.id for e in kept] == ["pmid:2"]


def test_a_research_agenda_or_a_review_programme_states_nothing_to_act_on():
    assert is_aim_or_open_question("Future research should focus on integrating genetic testing into practice.")
    assert is_aim_or_open_question("This review aims to provide a comprehensive overview of genetic variability.")
    assert is_aim_or_open_question("It also explores opioid therapy variability and opioid safety.")
    assert not is_aim_or_open_question("Surgical decompression relieved the pain in all three patients.")
    assert not is_aim_or_open_question("Further imaging showed a fracture line.")
    sentence = _sentence("Future research should focus on opioid selection in intramedullary osteosclerosis.",
                         "pmid:3", "Intramedullary osteosclerosis: a review")
    assert on_case_topic([sentence], _topic(), []) == []
