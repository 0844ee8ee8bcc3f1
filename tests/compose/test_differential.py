"""The differential table merges the knowledge ranking with literature candidates, each row sourced."""

from __future__ import annotations

from .checks import assert_traceable

from clinicite.compose import answer_question
from clinicite.compose.differential import LiteratureSearcher

CASE = "A 17-year-old boy has arachnodactyly, ectopia lentis and aortic root dilatation. What is the diagnosis?"


def test_literature_support_is_cited_by_the_sentence_naming_the_disease(built):
    answer = answer_question(CASE, context=built.context())
    assert answer.differential[0].name == "Marfan syndrome"
    assert_traceable(answer, built.documents)
    kinds = {r.id: r.source_type for r in answer.references}
    supported = [row for row in answer.differential if "literature" in row.for_]
    assert supported, "no row carries literature support"
    for row in supported:
        quotes = [c.quote for c in row.citations if kinds[c.document_id] != "knowledge"]
        assert quotes and any(row.name.split()[0].lower() in q.lower() for q in quotes)
    probabilities = [row.probability for row in answer.differential]
    assert probabilities == sorted(probabilities, reverse=True) and sum(probabilities) <= 1.0 + 1e-6


def test_literature_search_keeps_to_literature(built):
    hits = LiteratureSearcher(built.index).search("Marfan syndrome aortic root", 10)
    assert hits and all(h.source != "knowledge" for h in hits)


def test_a_yes_no_question_about_findings_gets_no_differential_a_case_keeps_it(built):
    """ "Is ectopia lentis associated with arachnodactyly?" asks about two findings, not a patient: a ranked
    list of diseases would answer a question nobody asked (a Miller-Dieker question got five telomere diseases
    for "abnormalities of chromosome 1"). The same findings in a described patient are ranked."""
    question = "Is ectopia lentis associated with arachnodactyly?"
    answer = answer_question(question, context=built.context())
    assert answer.differential == []
    assert_traceable(answer, built.documents)
    case = answer_question("A 17-year-old boy has ectopia lentis and arachnodactyly. Is this Marfan syndrome?",
                           context=built.context())
    assert case.differential and case.differential[0].name == "Marfan syndrome"
