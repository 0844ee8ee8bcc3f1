"""Case answering for a described patient who has no stated age or sex, and the round 7 weak lines.

The reports (``fixtures/compose/round7``, written for these tests) sit among unrelated documents: a subdural
empyema drained and treated with antibiotics, and a live vaccine given to a man on corticosteroids, whose
report advises against it. The vignettes give no age, and one gives no sex either.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from .checks import assert_traceable
from .conftest import FIXTURES, build_home
from clinicite.compose import answer_question
from clinicite.compose.answer import Answer, AnswerSection, Bullet, Citation, Reference
from clinicite.compose.assemble import _reasons_for, simplify_for_patients
from clinicite.compose.case_answer import disease_facts_apart, drop_field_framing, lead_with_management
from clinicite.compose.case_reports import part_of
from clinicite.compose.composer import DraftBullet
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.narrative import as_case
from clinicite.compose.pipeline import _describes_patient, _option_names, asks_what_to_do
from clinicite.compose.question import analyse
from clinicite.compose.topic import Topic, user_abbreviations
from clinicite.ingest.readers import read_path
from clinicite.reason.merge import NAMED_BY_SIMILAR_LABEL, SIMILAR_CASE_LABEL
from clinicite.understand.facts import CaseFacts, Finding

REPORTS = [FIXTURES / "round7" / "subdural_empyema_case.txt", FIXTURES / "round7" / "live_vaccine_case.txt",
           *(FIXTURES / "case_report" / n for n in ("cervical_cancer_staging.txt", "statin_trial.txt"))]
SUBDURAL = ("Subdural collection growing S. pluranimalium after a week of fever and frontal sinusitis; "
            "what is it and how is it treated?")
VACCINE = ("A man on high-dose prednisolone wants the live yellow fever vaccine before travelling. "
           "Is it safe to give it, and what is advised?")


@pytest.fixture(scope="module")
def home(tmp_path_factory, ontology):
    documents = [e for path in REPORTS for e in read_path(path) if hasattr(e, "text") and hasattr(e, "id")]
    return build_home(tmp_path_factory.mktemp("described") / "home", ontology, documents, [])


def _report(home, word: str) -> str:
    return next(i for i, d in home.documents.items() if word in d.title.lower())


def _management(answer):
    return next((s for s in answer.sections if s.key == "management"), None)


def test_a_finding_stated_outside_the_question_makes_a_case_without_age_or_sex(home):
    answer = answer_question(SUBDURAL, context=home.context())
    management = _management(answer)
    assert management is not None, answer.sections
    report = _report(home, "subdural")
    assert any("drain" in b.text and any(c.document_id == report for c in b.citations) for b in management.bullets)
    assert_traceable(answer, home.documents)


def test_a_yes_no_question_that_asks_what_to_do_gets_the_reports_advice_under_management(home):
    answer = answer_question(VACCINE, context=home.context())
    management = _management(answer)
    assert management is not None, [s.key for s in answer.sections]
    report = _report(home, "yellow fever")
    assert any("should not receive live vaccines" in b.text and any(c.document_id == report for c in b.citations)
               for b in management.bullets)
    assert_traceable(answer, home.documents)


def _analysis(text: str, findings=()):
    analysis = analyse(text, case=CaseFacts(text=text, findings=list(findings)))
    return analysis


def test_who_is_described():
    bare = _analysis("Patient with HIV-1 infection on haemodialysis has porphyria cutanea tarda. What else can control it?")
    assert _describes_patient(bare)
    told = _analysis("His cancer progressed on two regimens. How should the hand-foot syndrome be managed?")
    assert _describes_patient(told)
    text = "Subdural collection after frontal sinusitis; what is it and how is it treated?"
    start = text.index("sinusitis")
    stated = _analysis(text, [Finding("HP:0000246", "Sinusitis", "sinusitis", start, start + 9)])
    assert _describes_patient(stated)
    general = "How is sinusitis treated?"
    asked = _analysis(general, [Finding("HP:0000246", "Sinusitis", "sinusitis", 7, 16)])
    assert not _describes_patient(asked), "a finding named inside the question is no described patient"
    assert not _describes_patient(_analysis("Is lithium effective for ALS?"))
    assert not _describes_patient(_analysis("What is the treatment of porphyria cutanea tarda?"))


def test_what_to_do_cues():
    for text in ("What else can control it?", "What is advised?", "What is the next step?",
                 "Which chemotherapy regimen has given a lasting response?", "What should she receive next?",
                 "What should I give?", "Can we carry on with the chemo?", "Should we stop the lithium?",
                 "Is there an antidote?", "How do we reverse the anticoagulation before theatre?", "What now?",
                 "Anything specific to give?"):
        assert asks_what_to_do(text), text
    assert not asks_what_to_do("What is the most likely diagnosis?")
    assert not asks_what_to_do("Can we see a nidus on CT?"), "a question about a finding asks for no management"
    assert not asks_what_to_do("What causes reversal of the T waves?")


def test_a_clause_is_no_named_option():
    analysis = _analysis("Is it safe to give them, and what is advised?")
    assert _option_names(analysis) == []


def test_the_users_own_initialism_names_the_case():
    text = "A 57-year-old man has advanced sarcomatoid renal cell carcinoma. Which regimen?"
    start = text.index("renal")
    analysis = _analysis(text, [Finding("HP:0005584", "Renal cell carcinoma", "renal cell carcinoma", start,
                                        start + len("renal cell carcinoma"))])
    found = user_abbreviations(analysis)
    assert found["SRCC"] == "sarcomatoid renal cell carcinoma" and "RCC" in found
    topic = Topic(abbreviations=found)
    assert topic.named("a 57-year-old male with advanced SRCC had a complete response") == \
        "sarcomatoid renal cell carcinoma"
    assert topic.named("the SRC family kinases") is None


def _sentence(text: str, doc: str = "doc:1", section: str | None = None, grade: str = "case report") -> Evidence:
    from clinicite.compose.grading import Grade
    source = Source(doc, "Title", "text", Grade(grade, 1, "text"))
    return Evidence(source, text, [QuotedSpan(0, len(text), text)], 0.5, section, "sentence", None)


def test_an_outcome_in_words_or_advice_to_withhold_is_management():
    assert part_of(_sentence("We report a case of PCT in a patient under dialysis, refractory to antimalarials "
                             "and controlled with desferrioxamine.")) == "management"
    assert part_of(_sentence("The review shows that only healthy persons should receive the parenteral "
                             "typhoid vaccination.")) == "management"
    assert as_case("We report a case of PCT controlled with desferrioxamine.") == \
        "We report a case of PCT controlled with desferrioxamine."


def _answer(bottom: str, management: list[str], question_type: str = "treatment") -> Answer:
    bullets = [Bullet(text, [Citation(1, "doc:1", 0, len(text), text)]) for text in management]
    return Answer(question="q", title="t", bottom_line=bottom, audience="clinician", question_type=question_type,
                  sections=[AnswerSection("Management", bullets, "management")])


def test_a_verdict_keeps_its_place_before_the_advice():
    answer = _answer("No (weak evidence): one case report reports harm.", ["Only healthy persons should receive it."])
    lead_with_management(answer, True, verdict=True)
    assert answer.bottom_line == "No (weak evidence): one case report reports harm. Only healthy persons should receive it."
    plain = _answer("Some sentence.", ["Drain it."])
    lead_with_management(plain, True)
    assert plain.bottom_line == "Drain it."


@dataclass
class _Weight:
    label: str


@dataclass
class _Row:
    for_: list = field(default_factory=list)


def test_a_case_that_states_the_diagnosis_is_not_also_said_to_only_name_it():
    stated = _Row([_Weight("Diaphyseal sclerosis"), _Weight(SIMILAR_CASE_LABEL), _Weight(NAMED_BY_SIMILAR_LABEL)])
    assert _reasons_for(stated) == ["Diaphyseal sclerosis", SIMILAR_CASE_LABEL]
    named = _Row([_Weight("Pain"), _Weight(NAMED_BY_SIMILAR_LABEL)])
    assert _reasons_for(named) == ["Pain", NAMED_BY_SIMILAR_LABEL]


def test_a_patients_answer_keeps_the_curated_management():
    hard = ("Usual management of Ribbing disease: analgesia with nonsteroidal anti-inflammatory medication first; "
            "intramedullary reaming or cortical fenestration for persistent intractable pain.")
    answer = _answer("Your findings best match Ribbing disease.", [hard], question_type="diagnosis")
    answer.sections[0].bullets[0].citations[0].document_id = "CLINICITE:ribbing"
    answer.sections.append(AnswerSection("Key facts", [Bullet(
        "Histopathological examination demonstrated thickened disorganised lamellar trabeculae with "
        "endosteal new bone apposition and medullary fibrosis.", [Citation(2, "doc:2", 0, 10, "x")])], "key_facts"))
    answer.references = [Reference(1, "CLINICITE:ribbing", "Ribbing disease", source_type="knowledge"),
                         Reference(2, "doc:2", "A report", source_type="text")]
    simplify_for_patients(answer)
    assert any(s.key == "management" and s.bullets and s.bullets[0].text == hard for s in answer.sections)


def test_disease_facts_leave_key_findings_and_a_studys_background_leaves_a_case_answer():
    from clinicite.compose.composer import Draft
    from clinicite.compose.grading import Grade
    fact = Evidence(Source("OMIM:1", "Ribbing disease", "knowledge", Grade("curated knowledge", 9, "source")),
                    "Ribbing disease is inherited in an autosomal recessive pattern.", [], 1.0, None, "fact", None)
    finding = _sentence("Radiographs showed endosteal sclerosis.")
    background = _sentence("Cancer awareness campaigns target older men.", "doc:9", "BACKGROUND", "cohort")
    evidence = [fact, finding, background]
    draft = Draft({"key_findings": [DraftBullet(fact.statement, [0]), DraftBullet(finding.statement, [1])],
                   "presentation": [DraftBullet(background.statement, [2])]}, None, "extractive")
    plan = disease_facts_apart(draft, evidence, ["presentation", "key_findings", "management"])
    assert [b.text for b in draft.sections["key_findings"]] == [finding.statement]
    assert [b.text for b in draft.sections["key_facts"]] == [fact.statement] and plan[-1] == "key_facts"
    drop_field_framing(draft, evidence, [])
    assert "presentation" not in draft.sections
