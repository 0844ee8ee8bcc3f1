"""A sentence stating a hypothesis, an aim or an open question is never weighed as a finding for a verdict.

Found on "Kell alloimmunization in pregnancy: is it associated with fetal thrombocytopenia?" (round 14): the
abstract's opening hypothesis ("... has been suggested to be associated with ...") was weighed "for" and the answer
was "Yes" although its results found no clinically significant thrombocytopenia. The sentences below are written
for these tests, in the manner of abstracts.
"""

from __future__ import annotations

import pytest

from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import grade_source
from clinicite.compose.verdict import decide, weigh
from clinicite.compose.verdict_aim import states_no_finding


@pytest.mark.parametrize("sentence, kind", [
    ("Rhesus disease in pregnancy has been suggested to be associated with low fetal platelet counts.", "hypothesis"),
    ("We hypothesised that early feeding shortens the hospital stay after colectomy.", "hypothesis"),
    ("It was postulated that statins protect the kidney during cardiac surgery.", "hypothesis"),
    ("Vitamin D is thought to modulate the immune response in multiple sclerosis.", "hypothesis"),
    ("The aim of this study was to evaluate the incidence of anaemia in treated patients.", "aim"),
    ("To determine whether metformin lowers the risk of colorectal cancer in diabetic adults.", "aim"),
    ("OBJECTIVE: To assess the accuracy of ultrasound for appendicitis in children.", "aim"),
    ("We sought to compare two doses of aspirin after stroke.", "aim"),
    ("This prospective study was designed to examine the role of zinc in wound healing.", "aim"),
    ("We investigated whether obesity is associated with asthma severity.", "aim"),
    ("Whether early surgery improves survival in endocarditis remains unclear.", "question"),
    ("It is unknown whether steroids reduce mortality in septic shock.", "question"),
    ("Little is known about the effect of caffeine on preterm infants.", "question"),
    ("No previous study has examined this association in older adults.", "question"),
    ("Does lithium slow the progression of ALS?", "question"),
])
def test_a_hypothesis_an_aim_or_a_question_states_no_finding(sentence, kind):
    assert states_no_finding(sentence) == kind


@pytest.mark.parametrize("sentence", [
    "Early feeding shortened the hospital stay after colectomy (p = 0.01).",
    "These results support the hypothesis that statins protect the kidney during cardiac surgery.",
    "Our data are consistent with the hypothesis that vitamin D modulates the immune response.",
    "Metformin was associated with a lower risk of colorectal cancer in 4,200 diabetic adults.",
    "We investigated whether obesity is associated with asthma severity and found no association.",
    "None of the 40 fetuses had a platelet count below 50 x 10(9)/l.",
    "The results suggest that zinc shortens the duration of the common cold.",
    "Steroids did not reduce mortality in septic shock.",
])
def test_a_finding_is_kept(sentence):
    assert states_no_finding(sentence) is None


def _evidence(texts: list[tuple[str, str]]) -> list[Evidence]:
    source = Source(id="pmid:1", title="Fetal platelets in red-cell alloimmunized pregnancies", source_type="pubmed",
                    grade=grade_source("pubmed", ["Journal Article"], [], "", ""), year=2008)
    evidence, at = [], 0
    for text, label in texts:
        evidence.append(Evidence(source, text, [QuotedSpan(at, at + len(text), text)], relevance=1.0, section=label))
        at += len(text) + 1
    return evidence


QUESTION = "Rhesus alloimmunization in pregnancy: is it associated with fetal thrombocytopenia?"
ABSTRACT = [
    ("Rhesus alloimmunization in pregnancy has been suggested to be associated with fetal thrombocytopenia.",
     "BACKGROUND AND OBJECTIVES"),
    ("The aim of this study was to evaluate the incidence of fetal thrombocytopenia in rhesus alloimmunized "
     "pregnancies.", "BACKGROUND AND OBJECTIVES"),
    ("Fetal platelet counts were measured in 40 rhesus alloimmunized pregnancies before the first transfusion.",
     "METHODS"),
    ("None of the 40 fetuses of rhesus alloimmunized pregnancies had a clinically significant thrombocytopenia.",
     "RESULTS"),
]


def test_the_opening_hypothesis_is_not_weighed_and_the_result_decides():
    evidence = _evidence(ABSTRACT)
    weighed = weigh(QUESTION, evidence, list(range(len(evidence))))
    assert {w.index for w in weighed}.isdisjoint({0, 1})       # neither the hypothesis nor the aim is weighed
    verdict = decide(QUESTION, evidence, list(range(len(evidence))))
    assert verdict is not None and verdict.answer == "no"
    assert all(s["text"] != ABSTRACT[0][0] for s in verdict.to_dict()["statements"])


def test_an_abstract_of_aims_alone_gives_no_verdict():
    evidence = _evidence(ABSTRACT[:2])
    assert decide(QUESTION, evidence, [0, 1]) is None
