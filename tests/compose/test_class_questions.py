"""Round 8 of issue 9: "Is X a Y?" is answered by what the sources say X is, and a drug's class speaks for
the drug in the subject gate."""

from __future__ import annotations

from clinicite.compose.drug_classes import stated_classes, stem_classes
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import grade_source
from clinicite.compose.verdict import decide, weigh
from clinicite.compose.verdict_membership import class_question, membership_stance
from clinicite.compose.verdict_subject import SubjectGate


def _sentence(text: str, source_id: str, title: str = "", role: str | None = "conclusions") -> Evidence:
    grade = grade_source("pubmed", [], [], "", text)
    source = Source(id=source_id, title=title, source_type="pubmed", grade=grade)
    return Evidence(source, text, [QuotedSpan(0, len(text), text)], relevance=1.0, role=role)


def test_a_class_question_is_told_from_a_question_of_effect_or_association():
    asked = class_question("Is tofacitinib a JAK inhibitor?")
    assert asked is not None and asked.member == "tofacitinib" and asked.head == "inhibitor"
    assert asked.modifiers == {"jak"}
    assert class_question("Is Ixodes a species of tick?").head == "tick"      # "a species of" is the link
    for question in ("Is pazopanib an effective treatment of glioblastoma?", "Is obesity a risk factor for gout?",
                     "Is HbA1c an ideal biomarker of well-controlled diabetes?", "Is there a vaccine for rotavirus?",
                     "Is YKL-40 used as a biomarker for Alzheimer's disease?", "Does lithium slow ALS?"):
        assert class_question(question) is None, question


def test_a_definitional_statement_answers_and_an_effect_does_not():
    asked = class_question("Is tofacitinib a JAK inhibitor?")
    assert membership_stance(asked, "Tofacitinib, an oral Janus kinase (JAK) inhibitor, is approved for RA.") == "for"
    assert membership_stance(asked, "JAK inhibitors such as tofacitinib and baricitinib are used in RA.") == "for"
    assert membership_stance(asked, "Tofacitinib significantly reduced disease activity.") == "neutral"
    nivolumab = class_question("Is Nivolumab (Opdivo) a PD-L1 inhibitor?")
    assert membership_stance(nivolumab, "The PD-1 inhibitor nivolumab (Opdivo) was approved in 2014.") == "against"
    polyclonal = class_question("Is lucatumumab a polyclonal antibody?")
    assert membership_stance(polyclonal, "Lucatumumab is a fully human monoclonal antibody against CD40.") == "against"
    assert membership_stance(class_question("Is X a kinase?"), "X is not a kinase but a pseudokinase.") == "against"


def test_the_verdict_on_a_class_question_says_what_the_sources_call_it():
    question = "Is tofacitinib a JAK inhibitor?"
    evidence = [_sentence("Tofacitinib significantly reduced disease activity compared with placebo.", "pmid:1"),
                _sentence("Tofacitinib, an oral JAK inhibitor, was studied in psoriatic arthritis.", "pmid:2")]
    verdict = decide(question, evidence, [0, 1])
    assert verdict is not None and verdict.answer == "yes" and verdict.cited == [1]
    assert verdict.text == "Yes: one source describes tofacitinib as a JAK inhibitor."
    # Only an effect of the drug held: nothing says what it is, so no verdict (the answer abstains on it).
    evidence = [_sentence("Tofacitinib significantly reduced disease activity compared with placebo.", "pmid:1")]
    assert decide(question, evidence, [0]) is None
    # A sentence holding the question's words without defining the drug: said so, citing nothing.
    evidence = [_sentence("JAK inhibitor trials enrolled tofacitinib-naive patients.", "pmid:3")]
    verdict = decide(question, evidence, [0])
    assert verdict is not None and verdict.answer == "uncertain" and verdict.cited == []
    assert "no source held states whether tofacitinib is a JAK inhibitor" in verdict.text


def test_a_drug_has_the_class_of_its_inn_stem_or_of_what_a_source_states():
    assert frozenset({"sglt2", "inhibitor"}) in stem_classes("empagliflozin")
    assert stem_classes("lithium") == [] and stem_classes("aspirin") == []
    stated = stated_classes(["Levosimendan, a calcium sensitizer agonist, was tested.",
                             "Calcium channel blockers such as verapamil were avoided."])
    assert stated["verapamil"] == [frozenset({"calcium", "channel", "blocker"})]


def test_a_source_naming_the_drugs_class_is_weighed_for_the_drug_with_less_weight():
    question = "Is empagliflozin effective for heart failure?"
    evidence = [_sentence("Empagliflozin reduced hospitalisation for heart failure in a randomised trial.", "pmid:1"),
                _sentence("SGLT2 inhibitors reduced the risk of hospitalisation for heart failure.", "pmid:2"),
                _sentence("Statins did not reduce hospitalisation for heart failure.", "pmid:3")]
    gate = SubjectGate(question, evidence)
    assert gate.about(evidence[0]) and gate.about(evidence[1]) and not gate.about(evidence[2])
    assert not gate.by_class(evidence[0]) and gate.by_class(evidence[1])
    weighed = {w.source: w.weight for w in weigh(question, evidence, [0, 1, 2])}
    assert set(weighed) == {"pmid:1", "pmid:2"} and weighed["pmid:2"] < weighed["pmid:1"]


def test_a_member_drug_speaks_for_its_class():
    question = "Are SGLT2 inhibitors effective for heart failure?"
    evidence = [_sentence("Dapagliflozin reduced worsening heart failure in the DAPA-HF trial.", "pmid:4"),
                _sentence("Metformin did not change heart failure outcomes.", "pmid:5")]
    gate = SubjectGate(question, evidence)
    assert gate.about(evidence[0]) and not gate.about(evidence[1])


def test_several_sources_that_agree_are_not_made_uncertain_by_the_model():
    from clinicite.compose.verdict import _ladder
    from clinicite.compose.verdict import Weighed
    agree = [Weighed(0, "for", "unclassified", 1.0, source="a"), Weighed(1, "for", "unclassified", 1.0, source="b"),
             Weighed(2, "neutral", "unclassified", 1.0, source="c")]
    assert _ladder(agree) == "yes"
    hedged = agree + [Weighed(3, "uncertain", "unclassified", 1.0, source="c")]
    assert _ladder(hedged) is None            # a hedged finding: the model's "uncertain" stands
    one_source = [Weighed(0, "for", "unclassified", 1.0, source="a"), Weighed(1, "for", "unclassified", 1.0, source="a")]
    assert _ladder(one_source) is None        # one abstract: the model's own reading
