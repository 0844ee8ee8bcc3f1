"""Round 9 (issue 9): which step of a reported case treated the problem asked, and how a told case is shown.

The step that leads Management is the last one taken up to the patient's recovery, not what came after it
(aftercare for another problem); a report that opens by narrating one patient is a case report even without
the words "case report"; the course of the story ("diarrhoea stopped, he regained weight") is shown as one
reported case; a headline is shown as the report's title; what the patient had taken before the illness is its
history, not its treatment."""

from __future__ import annotations

from dataclasses import dataclass

from clinicite.compose.case_reports import TITLE_LABEL, Report, matching_reports, report_parts, tells_a_case
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import Grade
from clinicite.compose.narrative import CASE_LABEL
from clinicite.compose.sentences import split_sentences
from clinicite.compose.therapy import only_names_treatment
from clinicite.compose.topic import Topic

# A hand-written story in the shape of a case report's case section (no publication copied).
SEROTONIN = ("A man aged 45 who took sertraline for depression was given tramadol after a fall. "
             "The next day he was agitated and tremulous, with clonus and a temperature of 38.9 C. "
             "Tramadol was stopped and he was given cyproheptadine 12 mg through a nasogastric tube. "
             "The clonus and fever settled within 36 hours. "
             "Three weeks after recovery, his depression was treated with mirtazapine.")


@dataclass
class _Document:
    text: str


def _source(doc: str = "file:story", title: str = "Clonus and fever after a painkiller", grade: str = "unclassified"):
    return Source(doc, title, "text", Grade(grade, 1, "text"))


def _sentences(text: str, source: Source) -> list[Evidence]:
    return [Evidence(source, s.text, [QuotedSpan(s.start, s.end, s.text)], 0.5, None, "sentence", None)
            for s in split_sentences(text)]


def _management(text: str, title: str = "Clonus and fever after a painkiller") -> list[str]:
    source = _source(title=title)
    report = Report(source, _sentences(text, source), topic=Topic(names=["Serotonin syndrome"]))
    return [shown for _, shown in report_parts(report, text).get("management", [])]


def test_the_step_before_the_recovery_leads_and_aftercare_comes_last():
    shown = _management(SEROTONIN)
    assert "cyproheptadine" in shown[0] and shown[0].startswith(CASE_LABEL)
    assert "mirtazapine" in shown[-1], "what came after recovery is no treatment of the problem"


def test_without_a_told_recovery_the_last_step_leads():
    text = ("A woman aged 60 had a painful red eye. Topical steroids were given without benefit. "
            "She was then switched to oral doxycycline.")
    assert "doxycycline" in _management(text)[0]


def test_a_report_that_narrates_one_patient_is_a_case_without_saying_so():
    source = _source()
    assert tells_a_case(source, SEROTONIN)
    study = ("Serotonin toxicity is a drug reaction. Patients taking two serotonergic drugs are at risk. "
             "Tramadol and linezolid are frequent causes. Cyproheptadine is used in severe cases.")
    assert not tells_a_case(source, study), "a text about patients in the plural tells no case"
    told = SEROTONIN + " Serotonin syndrome was diagnosed."
    other = _source("pmid:2")
    review = study + " Serotonin syndrome is a clinical diagnosis."
    items = _sentences(told, source) + _sentences(review, other)
    reports = matching_reports(items, {source.id: _Document(told), other.id: _Document(review)},
                               Topic(names=["Serotonin syndrome"]))
    assert [r.source.id for r in reports] == [source.id]


def test_the_course_of_the_story_is_shown_as_a_reported_case():
    text = ("A man aged 58 with diarrhoea was given ceftriaxone for two weeks. "
            "Diarrhoea stopped within two weeks, he regained 10 kg and the joint pains subsided.")
    shown = _management(text)
    course = next(s for s in shown if "regained" in s)
    assert course.startswith(CASE_LABEL), "one patient's course is no general fact"


def test_a_headline_that_is_the_title_is_shown_as_the_title():
    title = "Clonus and fever settling within days on cyproheptadine"
    text = title + "\n\n" + SEROTONIN
    shown = _management(text, title=title)
    assert TITLE_LABEL + title in shown


def test_what_was_taken_before_the_illness_is_history():
    assert only_names_treatment("Two months earlier he had started alpha-lipoic acid 600 mg daily as a supplement.")
    assert only_names_treatment("Tramadol was stopped and he was admitted to intensive care for cooling.") is None


def test_a_response_told_inside_a_studys_aim_is_what_helped():
    from clinicite.compose.case_reports import part_of
    text = ("We examined erythroblasts cultured from the marrow of a girl with sideroblastic anaemia partially "
            "responsive to pyridoxine.")
    assert part_of(_sentences(text, _source())[0]) == "management"


def test_a_treatment_plan_answered_by_the_reports_management_lists_no_empty_first_line_heading():
    from types import SimpleNamespace
    from clinicite.compose.case_answer import add_report_sections
    source = _source()
    report = Report(source, _sentences(SEROTONIN, source), topic=Topic(names=["Serotonin syndrome"]))
    draft = SimpleNamespace(sections={})
    plan = add_report_sections(draft, [], [report], {source.id: SEROTONIN},
                               ["first_line", "alternatives", "dosing", "monitoring", "pitfalls"])
    assert plan[0] == "management" and "cyproheptadine" in draft.sections["management"][0].text
    assert not {"first_line", "alternatives", "dosing"} & set(plan) and "monitoring" in plan


def test_the_authors_telling_what_they_did_need_no_case_label():
    from clinicite.compose.narrative import as_case
    assert as_case("We examined the marrow of a girl partially responsive to pyridoxine.") == \
        "We examined the marrow of a girl partially responsive to pyridoxine."
    assert as_case("Weekly doses were given to her.") == "In a reported case, weekly doses were given to her."
