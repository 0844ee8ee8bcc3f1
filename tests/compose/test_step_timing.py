"""Round 10 (issue 9): a reported case's failed and later steps are shown as such and do not lead Management;
the step the closing question asks about leads; a measured concentration is no dose given; the patient's
introduction after a time clause is no treatment.

The stories are written for these tests (no publication copied)."""

from __future__ import annotations

from clinicite.compose.case_reports import Report, part_of, report_parts
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import Grade
from clinicite.compose.sentences import split_sentences
from clinicite.compose.step_timing import FAILED_LABEL, LATER_LABEL, asked_stems, failed, later
from clinicite.compose.topic import Topic

# A hand-written story: a failed step, the step that worked, a later step for the long term.
GOUT = ("A man aged 70 had a hot, swollen knee. "
        "Oral colchicine 500 micrograms had no effect over two days. "
        "The knee was aspirated and triamcinolone 40 mg was injected into the joint; the swelling settled within two days. "
        "His uric acid was later controlled with febuxostat.")


def _sentences(text: str, source: Source) -> list[Evidence]:
    return [Evidence(source, s.text, [QuotedSpan(s.start, s.end, s.text)], 0.5, None, "sentence", None)
            for s in split_sentences(text)]


def _management(text: str, case: str = "", title: str = "A hot swollen knee in an older man") -> list[str]:
    source = Source("file:story", title, "text", Grade("case report", 1, "text"))
    report = Report(source, _sentences(text, source), topic=Topic(names=["Gout"], text=case))
    return [shown for _, shown in report_parts(report, text).get("management", [])]


def test_the_step_that_worked_leads_and_failed_and_later_steps_are_labelled():
    shown = _management(GOUT)
    assert "triamcinolone" in shown[0]
    failed_bullet = next(s for s in shown if "colchicine" in s)
    later_bullet = next(s for s in shown if "febuxostat" in s)
    assert failed_bullet.startswith(FAILED_LABEL) and "had no effect" in failed_bullet
    assert later_bullet.startswith(LATER_LABEL)
    assert shown.index(failed_bullet) > 0 and shown.index(later_bullet) > 0


def test_cues_for_failed_and_later_steps():
    assert failed("Atropine 600 micrograms raised the rate only briefly.")
    assert failed("Intravenous fluids were given without benefit.")
    assert not failed("Atropine raised the rate to 70 per minute.")
    assert not failed("The anaemia did not improve until a marrow transplant was performed.")   # what worked
    assert later("She went home with a self-injector.")
    assert later("His rate was later controlled with bisoprolol.")
    assert not later("After reaming she remained free of pain two years later.")   # an outcome at follow-up


def test_the_step_the_closing_question_asks_about_leads():
    story = ("A woman aged 80 on warfarin had a fall and a subdural bleed; her INR was 4.2. "
             "Prothrombin complex concentrate reverses the effect of warfarin within minutes. "
             "She was given vitamin K 10 mg intravenously and her INR fell to 1.3; the bleed did not grow.")
    assert asked_stems("80F on warfarin, fall, subdural bleed, INR 4.2. How do we reverse the warfarin?") \
        >= {"rever", "warfa"}
    shown = _management(story, case="80F on warfarin, fall, subdural bleed, INR 4.2. How do we reverse it quickly?")
    assert "Prothrombin complex concentrate" in shown[0]
    assert asked_stems("Tx?") == set()       # one sentence, nothing beyond the ask


def _part(text: str) -> str | None:
    return part_of(Evidence(Source("file:x", "", "text", Grade("case report", 1, "text")), text,
                            [QuotedSpan(0, len(text), text)], 0.5, None, "sentence", None))


def test_a_concentration_is_no_dose_and_an_infusion_is_a_treatment():
    assert _part("The blood lithium concentration, reported later, was 3.1 mg/L, confirming toxic exposure.") \
        != "management"
    assert _part("Without waiting for the result, 5 g of the antidote was infused over 15 minutes.") == "management"


def test_the_patient_introduced_after_a_time_clause_is_no_treatment():
    assert _part("For two days, a 41-year-old man taking lithium 800 mg daily had had episodes of confusion.") \
        != "management"


def test_a_summary_given_up_to_the_report_and_the_drug_headings_are_not_named_uncovered():
    from types import SimpleNamespace
    from clinicite.compose.case_answer import add_report_sections
    from clinicite.compose.composer import DraftBullet
    source = Source("file:story", "A hot swollen knee in an older man", "text", Grade("case report", 1, "text"))
    evidence = _sentences(GOUT, source)
    report = Report(source, evidence, topic=Topic(names=["Gout"]))
    steroid = next(i for i, e in enumerate(evidence) if "triamcinolone" in e.statement)
    draft = SimpleNamespace(sections={"summary": [DraftBullet(evidence[steroid].statement, [steroid])]})
    plan = add_report_sections(draft, evidence, [report], {source.id: GOUT},
                               ["summary", "dosing", "adverse_effects", "interactions", "monitoring"])
    assert "summary" not in draft.sections, "its one sentence is shown under Management instead"
    assert plan[0] == "management" and "triamcinolone" in draft.sections["management"][0].text
    assert not {"summary", "dosing", "adverse_effects", "interactions"} & set(plan) and "monitoring" in plan
