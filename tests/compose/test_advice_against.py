"""Round 15 (issue 9): advice against a step ("X should be avoided", "X is not recommended") is shown after the
step it qualifies, never as the first Management bullet and never as the bottom line's recommendation.

Stories written for these tests in the shape of a case report (no publication copied)."""

from __future__ import annotations

from clinicite.compose.advice_against import advises_against, advises_against_in_general, steps_before_advice
from clinicite.compose.answer import Answer, AnswerSection, Bullet, Citation
from clinicite.compose.case_answer import lead_with_management, steps_before_advice_against
from clinicite.compose.case_reports import Report, report_parts
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import Grade
from clinicite.compose.narrative import CASE_LABEL
from clinicite.compose.sentences import split_sentences
from clinicite.compose.topic import Topic

STORY = ("A woman aged 58 with breast cancer had a week of breathlessness, with a blood pressure of 82/50 mmHg "
         "and distended neck veins. An echocardiogram showed a large pericardial effusion with diastolic collapse of "
         "the right ventricle. Positive pressure ventilation before the fluid is drained can cause the circulation "
         "to collapse and should be avoided. Pericardiocentesis under ultrasound guidance drained 700 mL, and her "
         "blood pressure rose to 120/70 mmHg within minutes. Platelet transfusion is not recommended before the "
         "procedure unless the count is below 20; she needed none.")


def _source() -> Source:
    return Source("file:story", "Breathlessness and a low blood pressure in a woman with breast cancer", "text",
                  Grade("unclassified", 1, "text"))


def _management(text: str = STORY) -> list[str]:
    source = _source()
    sentences = [Evidence(source, s.text, [QuotedSpan(s.start, s.end, s.text)], 0.5, None, "sentence", None)
                 for s in split_sentences(text)]
    topic = Topic(names=["Cardiac tamponade"], text="58F breast cancer, breathless, BP 82/50, raised JVP. What now?",
                  case_words={"breathless", "cancer", "breast"})
    parts = report_parts(Report(source, sentences, topic=topic), text)
    return [shown for _, shown in parts["management"]]


def _answer(texts: list[str]) -> Answer:
    bullets = [Bullet(t, [Citation(1, "file:story", n * 10, n * 10 + 5)]) for n, t in enumerate(texts)]
    return Answer(question="What now?", title="t", bottom_line="", question_type="treatment",
                  sections=[AnswerSection("Management", bullets, key="management")])


def test_advice_against_is_read_in_its_first_clause():
    assert advises_against("Intubation before drainage can cause collapse and should be avoided.")
    assert advises_against("Glucose should not be given before thiamine, as it can worsen the encephalopathy.")
    assert advises_against("Aspirin is not recommended for the fever, because it frees thyroid hormone.")
    assert advises_against("Tonsillectomy was not advised after a single episode.")
    # The step told first, the advice against another step after it: the sentence is the step.
    assert not advises_against("Magnesium sulfate 4 g was given; diazepam and phenytoin are not recommended.")
    assert not advises_against("Pericardiocentesis drained 700 mL and her blood pressure rose.")
    # Told of the patient, it is advice; only present-tense advice is general.
    assert not advises_against_in_general("Tonsillectomy was not advised after a single episode.")


def test_a_warning_follows_the_step_it_qualifies():
    ordered = steps_before_advice(["Warfarin should not be restarted for a week.",
                                   "Prothrombin complex concentrate reversed the INR within an hour.",
                                   "Vitamin K 10 mg was given intravenously.",
                                   "Vitamin K should not be given by mouth in this setting."], str)
    assert ordered[0].startswith("Prothrombin")
    # Each warning stands after the step sharing its words, else after the first step.
    assert ordered == ["Prothrombin complex concentrate reversed the INR within an hour.",
                       "Warfarin should not be restarted for a week.",
                       "Vitamin K 10 mg was given intravenously.",
                       "Vitamin K should not be given by mouth in this setting."]
    # Only warnings: nothing to follow, the order is kept.
    assert steps_before_advice(["Avoid A.", "B should be avoided."], str) == ["Avoid A.", "B should be avoided."]


def test_a_reports_warning_never_leads_management_nor_the_bottom_line():
    shown = _management()
    answer = _answer(shown)
    steps_before_advice_against(answer)
    lead_with_management(answer, asks_management=True)
    management = [b.text for b in answer.sections[0].bullets]
    assert "Pericardiocentesis" in management[0] or "pericardiocentesis" in management[0]
    assert any("should be avoided" in b for b in management[1:])
    assert "should be avoided" not in answer.bottom_line and "ericardiocentesis" in answer.bottom_line
    # The report's advice with its patient told after it ("...; she needed none") is advice, not one story.
    transfusion = next(b for b in management if "Platelet transfusion" in b or "platelet transfusion" in b)
    assert not transfusion.startswith(CASE_LABEL)


def test_only_warnings_in_management_leave_the_bottom_line_alone():
    answer = _answer(["Positive pressure ventilation should be avoided."])
    answer.bottom_line = "On the findings given, cardiac tamponade leads."
    lead_with_management(answer, asks_management=True)
    assert answer.bottom_line == "On the findings given, cardiac tamponade leads."


def test_the_reason_given_for_a_later_step_does_not_make_it_the_step_the_advice_endorses():
    text = ("A man aged 52 who drank heavily was confused and unsteady, with nystagmus. "
            "Glucose must not be given ahead of thiamine in a malnourished drinker. "
            "Intravenous thiamine 500 mg was given three times a day for three days. "
            "His phosphate, low at 0.4, was replaced, as thiamine works poorly in a depleted patient. "
            "His eye movements were full within two days.")
    source = _source()
    sentences = [Evidence(source, s.text, [QuotedSpan(s.start, s.end, s.text)], 0.5, None, "sentence", None)
                 for s in split_sentences(text)]
    topic = Topic(names=["Wernicke encephalopathy"], text="52M heavy drinker, confused, ataxic. What should we give?",
                  case_words={"drinker", "confused", "ataxic"})
    management = [shown for _, shown in report_parts(Report(source, sentences, topic=topic), text)["management"]]
    answer = _answer(management)
    steps_before_advice_against(answer)
    assert "thiamine 500 mg" in answer.sections[0].bullets[0].text
