"""A matching case report fills Management, Work-up and Pitfalls; off-topic literature fills nothing.

Fixtures (``fixtures/compose/case_report/``), plain-text documents ingested for real: a two-paragraph case
report of histiocytic necrotizing lymphadenitis (fever, cervical lymphadenopathy; biopsy; prednisolone,
fever resolved; first treated as bacterial lymphadenitis) and three unrelated papers that share words
with the case but not its topic (cervical cancer staging with postoperative fever, a personality-disorder
trial, a statin trial). The ontology is the shared twelve-term compose fixture (Fever, Cervical
lymphadenopathy ...).
"""

from __future__ import annotations


import pytest

from .checks import assert_traceable
from .conftest import FIXTURES, build_home, records
from clinicite.compose import answer_question
from clinicite.compose.answer import Answer, Bullet, Citation, AnswerSection
from clinicite.compose.case_answer import NOT_ANSWERED
from clinicite.compose.narrative import as_case
from clinicite.compose.traced import untraced_numbers
from clinicite.ingest.readers import read_path

CASES = FIXTURES / "case_report"
REPORT = "necrotizing_lymphadenitis_case.txt"
UNRELATED = ["cervical_cancer_staging.txt", "personality_disorder_therapy.txt", "statin_trial.txt"]
CASE = "A 15-year-old girl has had fever and cervical lymphadenopathy for two weeks. How is it managed?"


def _documents(names: list[str]):
    return [e for name in names for e in read_path(CASES / name) if hasattr(e, "text") and hasattr(e, "id")]


@pytest.fixture(scope="module")
def with_report(tmp_path_factory, ontology):
    return build_home(tmp_path_factory.mktemp("case-report-home"), ontology, _documents([REPORT, *UNRELATED]), [])


@pytest.fixture(scope="module")
def off_topic(tmp_path_factory, ontology):
    return build_home(tmp_path_factory.mktemp("off-topic-home"), ontology, _documents(UNRELATED), [])


def _report_id(built) -> str:
    return next(i for i, d in built.documents.items() if "necrotizing" in d.title.lower())


def test_management_section_cites_the_matching_report(with_report):
    answer = answer_question(CASE, context=with_report.context())
    report = _report_id(with_report)
    management = next(s for s in answer.sections if s.key == "management")
    assert any("prednisolone" in b.text and any(c.document_id == report for c in b.citations)
               for b in management.bullets)
    # The step that treated the reported patient leads, said to be one case; the report's general advice on
    # something else (biopsy to exclude lymphoma) follows it (round 12: it used to lead, ahead of the treatment).
    texts = [b.text for b in management.bullets]
    assert texts[0].startswith("In a reported case, she was treated with oral prednisolone")
    assert any("usually self-limiting" in t for t in texts[1:])
    # A management question leads with what to do.
    assert "prednisolone" in answer.bottom_line or "biopsy" in answer.bottom_line
    assert_traceable(answer, with_report.documents)
    assert untraced_numbers(answer) == []


def test_report_tests_and_misdiagnosis_go_to_work_up_and_pitfalls(with_report):
    answer = answer_question(CASE, context=with_report.context())
    sections = {s.key: " ".join(b.text for b in s.bullets) for s in answer.sections}
    assert "biopsy" in sections.get("workup", "").lower()
    assert "presumed bacterial lymphadenitis" in sections.get("pitfalls", "")


def test_unrelated_papers_never_fill_a_section_of_the_case(with_report):
    answer = answer_question(CASE, context=with_report.context())
    report = _report_id(with_report)
    cited = {c.document_id for s in answer.sections for b in s.bullets for c in b.citations}
    assert cited == {report}


def test_off_topic_corpus_gives_no_sections_and_an_abstaining_bottom_line(off_topic):
    answer = answer_question(CASE, context=off_topic.context())
    assert answer.abstained
    assert answer.bottom_line == NOT_ANSWERED
    assert not any(s.bullets for s in answer.sections)
    assert "cervical cancer" not in answer.bottom_line.lower()


def test_case_label_lowers_only_a_common_first_word():
    assert as_case("She was treated with prednisolone.") == "In a reported case, she was treated with prednisolone."
    assert as_case("Belimumab was given.", text="she was treated with Belimumab. Belimumab was given.") == \
        "In a reported case, Belimumab was given."
    assert as_case("MRI showed a cyst.", series=True) == "In a reported series, MRI showed a cyst."


def test_number_check_names_a_number_no_source_states():
    quote = "Excisional biopsy showed necrosis."
    citation = Citation(1, "doc:1", 0, len(quote), quote)
    answer = Answer(question="A girl has fever. How is it managed?", title="Fever in a 7-year-old",
                    bottom_line="Treat for 14 days.", sections=[AnswerSection("Management", [Bullet(quote, [citation])],
                                                                        "management")])
    problems = untraced_numbers(answer)
    assert any("title: 7" in p for p in problems) and any("bottom line: 14" in p for p in problems)
    answer.title, answer.bottom_line = "Fever in a girl", quote
    assert untraced_numbers(answer) == []


def test_flat_differential_notice_is_said_once():
    from types import SimpleNamespace

    from clinicite.compose.assemble import assemble
    from clinicite.compose.composer import Draft, DraftBullet
    from clinicite.compose.workup import common_causes_bottom_line
    rows = [(SimpleNamespace(name=n, ids=[n], probability=0.06, for_=[], against=[], source="curated"), [])
            for n in "ABCDE"]
    draft = Draft({}, DraftBullet(common_causes_bottom_line(["A", "B"]), []), "extractive")
    answer = assemble(question="q", title="t", draft=draft, evidence=[], plan=["workup"], audience="clinician",
                      question_type="diagnosis", differential=rows, abstain_reason=None, red_flags=[], case={})
    said = [n for n in answer.notices if "do not separate" in n] + \
        (["bottom line"] if "do not separate" in answer.bottom_line else [])
    assert len(said) <= 1


@pytest.fixture(scope="module")
def off_topic_with_knowledge(tmp_path_factory, ontology):
    return build_home(tmp_path_factory.mktemp("off-topic-kb-home"), ontology, _documents(UNRELATED), records())


def test_named_options_the_sources_do_not_hold_are_named_and_nothing_off_topic_is_quoted(off_topic_with_knowledge):
    question = ("A 15-year-old girl has had fever and cervical lymphadenopathy for two weeks. "
                "Is this Kikuchi disease, Rosai-Dorfman disease or Kimura disease?")
    answer = answer_question(question, context=off_topic_with_knowledge.context())
    assert not answer.differential
    notice = " ".join(answer.notices)
    assert "No ranked differential" in notice and "kikuchi disease" in notice.lower()
    assert not any(s.bullets for s in answer.sections)
    assert answer.abstained and "cervical cancer" not in answer.bottom_line.lower()


@pytest.mark.parametrize("sentence, part", [
    ("A 52-year-old woman underwent a craniotomy for a ruptured aneurysm.", None),
    ("An 8-year-old boy had an MRI that showed a cyst.", "workup"),
    ("A 19-year-old woman received belimumab and her proteinuria improved.", "management"),
    ("She underwent open biopsy and curettage, which relieved the pain.", "management"),
])
def test_the_sentence_that_introduces_the_patient_is_not_management(sentence, part):
    """Who the patient is and what came before ("A 52-year-old woman underwent ...") is not what was done for
    the condition reported, unless the sentence also gives an outcome."""
    from clinicite.compose.case_reports import part_of
    from clinicite.compose.evidence import Evidence, Source, QuotedSpan
    from clinicite.compose.grading import grade_source
    source = Source("doc:1", "A case report", "medline", grade_source("medline", ["Case Reports"]))
    item = Evidence(source, sentence, [QuotedSpan(0, len(sentence), sentence)])
    assert part_of(item) == part


def test_a_diagnosis_question_with_no_finding_read_says_so_and_what_to_add(off_topic_with_knowledge):
    question = ("A man notes a pink bump on his forehead, grown over a month after blistering sunburns; biopsy "
                "shows an exophytic nodule full of keratin. What is the most likely diagnosis?")
    answer = answer_question(question, context=off_topic_with_knowledge.context())
    assert not answer.differential, "this text should hold no finding the recogniser reads"
    notice = " ".join(answer.notices)
    assert "No ranked differential" in notice and "Describe the signs" in notice
    assert answer.abstained


def test_a_case_with_no_finding_read_quotes_no_sentence_that_only_shares_its_words(off_topic_with_knowledge):
    # Round 13: a MedQA lip-ulcer vignette, no finding read, got a bottom line quoted from an oral-health
    # questionnaire paper and an amblyopia sentence under Clinical presentation.
    question = ("A 60-year-old man on a statin for high cholesterol in a randomised trial has a painless lump "
                "near the vermilion border of his lip. What is the most likely diagnosis?")
    answer = answer_question(question, context=off_topic_with_knowledge.context())
    assert not answer.differential, "this text should hold no finding the recogniser reads"
    assert answer.abstained
    assert not [b for s in answer.sections for b in s.bullets]
    assert not answer.references
