"""End to end: questions over a tiny ingested corpus, answered extractively with exact citations."""

from __future__ import annotations

import json

import pytest
from .checks import assert_traceable, bullet_texts

from clinicite.compose import Answer, answer_question, render
from clinicite.errors import InputError


@pytest.fixture(scope="module")
def treatment(built) -> Answer:
    return answer_question("How is Kawasaki disease treated?", context=built.context())


@pytest.fixture(scope="module")
def marfan_case(built) -> Answer:
    case = ("A 16-year-old boy is very tall with arachnodactyly and ectopia lentis. Echocardiography shows aortic "
            "root dilatation. No seizures. What is the most likely diagnosis?")
    return answer_question(case, context=built.context())


def test_treatment_answer_names_first_line_therapy_with_its_source(built, treatment):
    assert treatment.question_type == "treatment"
    assert not treatment.abstained
    keys = [s.key for s in treatment.sections]
    assert keys[0] == "first_line"
    first_line = " ".join(b.text for b in treatment.sections[0].bullets)
    assert "Intravenous immunoglobulin at 2 g/kg" in first_line
    assert_traceable(treatment, built.documents)
    grades = {r.id: r.grade for r in treatment.references}
    assert grades.get("pmid:9100001") == "practice guideline"
    assert grades["pmid:9100002"] == "randomised controlled trial"  # cited, and graded as a trial


def test_pasted_case_gets_a_sourced_differential_and_knowledge_facts(built, marfan_case):
    answer = marfan_case
    assert answer.question_type == "diagnosis"
    assert answer.case["age_years"] == 16 and answer.case["sex"] == "male"
    assert "HP:0001250" in answer.case["excluded"]
    assert answer.differential[0].name == "Marfan syndrome"
    assert "Arachnodactyly" in answer.differential[0].for_
    assert answer.differential[0].citations[0].document_id == "OMIM:154700"
    texts = bullet_texts(answer)
    assert any(t.startswith("Marfan syndrome is inherited in an autosomal dominant pattern") for t in texts)
    assert "differential" in [s.key for s in answer.sections]
    assert_traceable(answer, built.documents)


def test_workup_question(built):
    answer = answer_question("What tests confirm the diagnosis of Kawasaki disease?", context=built.context())
    assert answer.question_type == "workup"
    assert answer.sections[0].key == "workup"
    assert any("Echocardiography" in t or "C-reactive protein" in t for t in bullet_texts(answer))
    assert_traceable(answer, built.documents)


def test_json_has_the_published_shape(treatment):
    data = json.loads(render(treatment, "json"))
    for key in ("title", "bottom_line", "sections", "differential", "references", "thread_id", "audience",
                "question_type", "abstained", "disclaimer", "red_flags", "case", "composer"):
        assert key in data
    bullet = data["sections"][0]["bullets"][0]
    assert set(bullet) >= {"text", "citations"} and bullet["citations"][0]["n"] >= 1
    reference = data["references"][0]
    assert set(reference) >= {"n", "id", "title", "url", "source_type", "grade", "authors", "journal", "year",
                              "pmid", "doi"}
    assert Answer.from_dict(data).to_dict() == data


def test_markdown_and_html_show_the_same_answer(treatment):
    markdown = render(treatment, "md")
    html = render(treatment, "html")
    assert markdown.startswith("# Treatment of Kawasaki disease")      # a review-style title from the question
    assert "## References" in markdown and treatment.disclaimer in markdown
    assert '<a class="cite" href="#ref-1"' in html and 'id="ref-1"' in html
    assert "practice guideline" in html


def test_html_escapes_markup_from_an_abstract(built):
    answer = answer_question("Which skin finding and rash occurred in a boy with Kawasaki disease and fever?",
                             context=built.context())
    html = render(answer, "html")
    cited = {c.document_id for c in answer.citations()}
    assert "<script>" not in html
    if "pmid:9100004" in cited:          # the case report with the element in its abstract
        assert "&lt;script&gt;" in html or "alert" not in html
    assert "<script>" not in render(answer, "md")


def test_text_addressed_to_a_machine_never_reaches_the_answer(built):
    answer = answer_question("How is Kawasaki disease treated in a regional network?", context=built.context())
    everything = render(answer, "json").lower()
    assert "bleach" not in everything and "ignore previous instructions" not in everything
    assert_traceable(answer, built.documents)


def test_conflicting_trials_give_an_uncertain_verdict_that_names_both_sides(built):
    # Two randomised trials for and two against: the verdict is "uncertain", says so and cites both sides
    # (it used to abstain; issue 9 asks for a verdict that says where the sources disagree).
    answer = answer_question("Are zinc lozenges an effective treatment for the common cold?",
                             context=built.context())
    assert not answer.abstained and answer.verdict["answer"] == "uncertain"
    assert answer.bottom_line.startswith("Uncertain (conflicting evidence)") and "disagree" in answer.bottom_line
    assert len({c.n for c in answer.bottom_line_citations}) == 4
    texts = " ".join(bullet_texts(answer))
    assert "effective" in texts and ("did not" in texts or "no significant" in texts)
    assert_traceable(answer, built.documents)


def test_question_outside_the_corpus_abstains_without_filler(built):
    answer = answer_question("How is progeria treated?", context=built.context())
    assert answer.abstained and not answer.sections and not answer.references
    assert "not contain enough evidence" in answer.bottom_line
    assert answer.disclaimer


def test_empty_corpus_abstains(empty):
    answer = answer_question("How is Kawasaki disease treated?", context=empty.context())
    assert answer.abstained and answer.sections == [] and answer.references == []


def test_patient_answer_is_plain_and_still_cited(built):
    answer = answer_question("How is Kawasaki disease treated?", context=built.context(), audience="patient")
    assert answer.audience == "patient"
    assert answer.readability_grade is not None and answer.readability_grade <= 8
    assert any(s.intro for s in answer.sections)
    assert answer.citations()
    assert_traceable(answer, built.documents)


def test_patient_facts_use_layperson_words(built):
    case = "My 16-year-old son is tall with arachnodactyly, ectopia lentis and aortic root dilatation. What is it?"
    answer = answer_question(case, context=built.context(), audience="patient")
    shown = " ".join(bullet_texts(answer)).lower()
    assert "long slender fingers" in shown or "dislocated lens" in shown
    assert_traceable(answer, built.documents)


def test_trainee_answer_explains_terms_from_the_ontology(built, ontology):
    case = "A 16-year-old boy has arachnodactyly, ectopia lentis and aortic root dilatation. What is the diagnosis?"
    answer = answer_question(case, context=built.context(), audience="trainee")
    terms = next(s for s in answer.sections if s.key == "terms")
    assert any(b.text.startswith("Arachnodactyly: ") for b in terms.bullets)
    assert any(r.id == "HP:0001166" and r.grade == "curated knowledge" for r in answer.references)
    assert_traceable(answer, built.documents, ontology)


def test_red_flag_is_named_first(built):
    answer = answer_question("A 60-year-old man has crushing chest pain radiating to the left arm with sweating. "
                             "What is the diagnosis?", context=built.context())
    assert answer.red_flags and "emergency" in answer.red_flags[0]
    assert render(answer, "md").index("Urgent") < render(answer, "md").index("Bottom line")


def test_bad_requests_are_clear_errors(built):
    with pytest.raises(InputError):
        answer_question("   ", context=built.context())
    with pytest.raises(InputError):
        answer_question("How is Kawasaki disease treated?", context=built.context(), audience="robot")
