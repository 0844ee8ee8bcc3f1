"""Round 12 (issue 9 item 3): the report's treatment leads Management; warnings, follow-ups and steps for
another problem are told where they belong.

Stories written for these tests in the shape of a case report (no publication copied)."""

from __future__ import annotations

from clinicite.compose.case_reports import Report, for_another_problem, narrates, part_of, report_parts
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import Grade
from clinicite.compose.narrative import CASE_LABEL
from clinicite.compose.sentences import split_sentences
from clinicite.compose.step_timing import failed
from clinicite.compose.topic import Topic
from clinicite.compose.workup import curated_tie


def _source() -> Source:
    return Source("file:story", "A painful swollen knee after a garden thorn", "text", Grade("unclassified", 1, "text"))


def _sentences(text: str) -> list[Evidence]:
    source = _source()
    return [Evidence(source, s.text, [QuotedSpan(s.start, s.end, s.text)], 0.5, None, "sentence", None)
            for s in split_sentences(text)]


def _parts(text: str, case: str = "swollen knee after a thorn, fever. How do we treat it?") -> dict[str, list[str]]:
    report = Report(_source(), _sentences(text), topic=Topic(names=["Septic arthritis"], text=case,
                                                             case_words={"knee", "thorn", "fever", "swollen"}))
    return {part: [shown for _, shown in entries] for part, entries in report_parts(report, text).items()}


def _one(text: str) -> Evidence:
    return _sentences(text)[0]


STORY = ("A gardener aged 50 pricked his knee on a rose thorn and two days later it was hot and swollen, with a "
         "fever of 38.5 C. He had been given oral amoxicillin by his doctor the day before. "
         "The joint was washed out arthroscopically and intravenous flucloxacillin was given for three weeks. "
         "The fever settled and the swelling went down over five days. "
         "Omeprazole was given for a coexisting duodenal ulcer. "
         "He was followed in the orthopaedic clinic for three months and walked without pain. "
         "Management options range from repeated needle aspiration to open surgery. "
         "A normal white cell count is misleading and does not exclude joint infection.")


def test_the_reported_treatment_leads_and_other_advice_follows():
    management = _parts(STORY)["management"]
    assert management[0].startswith(CASE_LABEL) and "flucloxacillin" in management[0]
    assert any("Management options range" in m for m in management[1:]), "advice on another step follows the step"


def test_a_step_for_another_problem_or_before_the_story_never_leads():
    management = _parts(STORY)["management"]
    assert "Omeprazole" not in management[0] and "omeprazole" not in management[0]
    assert "amoxicillin" not in management[0], "a step told in the pluperfect came before the story"
    assert for_another_problem("Iron was given for a coexisting deficiency.", None)
    assert not for_another_problem("Procyclidine was prescribed for two days.", None)


def test_a_warning_is_a_pitfall_and_a_told_follow_up_is_follow_up():
    parts = _parts(STORY)
    assert any("misleading" in p for p in parts.get("pitfalls", []))
    assert any("orthopaedic clinic" in f for f in parts.get("follow_up", []))
    # A warning next to a clause that says what to do stays under Management.
    mixed = _one("Detorsion with conservation of the ovary is preferred to oophorectomy; normal Doppler flow "
                 "does not exclude torsion.")
    assert part_of(mixed) == "management"
    assert part_of(_one("Levels should be checked again two to four weeks after each course.")) == "follow_up"


def test_a_gum_line_is_no_drug_and_a_given_dose_is_one_patients_step():
    assert part_of(_one("Haemoglobin was 98 g/L, and a grey-blue line was seen along the gum margin.")) != "management"
    dose = _one("Glucagon 1 mg, given once, lifted the glucose for less than an hour.")
    assert narrates(dose) and failed(dose.statement)
    assert not narrates(_one("Glucagon 1 mg is usually given first."))


def test_aftercare_and_a_spared_step_do_not_lead():
    text = ("A baby aged five weeks vomited after every feed. A pyloromyotomy was then done. "
            "Feeds were restarted six hours later and he went home the next day.")
    assert "pyloromyotomy" in _parts(text, "5 wk old vomiting. Plan?")["management"][0]
    text = ("A man aged 58 had eaten wild mushrooms. Intravenous silibinin was given at 20 mg/kg a day. "
            "He was listed for liver transplantation, but the INR fell and he recovered without a graft.")
    assert "silibinin" in _parts(text, "mushrooms, INR 3.4. Management?")["management"][0]


class _Row:
    def __init__(self, probability: float) -> None:
        self.probability = probability


def test_a_tie_of_weak_curated_causes():
    assert curated_tie([_Row(0.046), _Row(0.046), _Row(0.045), _Row(0.033), _Row(0.029)], 5)
    assert not curated_tie([_Row(0.6), _Row(0.1), _Row(0.05)], 3), "a clear leader is no tie"
    assert not curated_tie([_Row(0.05), _Row(0.05), _Row(0.05)], 2), "fewer than three curated causes"


def test_an_age_and_sex_shorthand_is_a_described_patient():
    from clinicite.compose.pipeline import _describes_patient
    from clinicite.compose.question import analyse
    case = ("19F on metoclopramide for D&V, day 2: neck twisting to the left, jaw clenched, eyes rolling up, "
            "fully alert. Dx and Mx please.")
    assert _describes_patient(analyse(case))
    assert not _describes_patient(analyse("What is the mechanism of metoclopramide?"))


def test_a_failed_step_in_the_past_a_repeated_test_and_the_article_lowered():
    from clinicite.compose.narrative import as_case
    assert failed("A course of oral antibiotics for sinusitis had not helped.")
    assert part_of(_one("A repeat tap at 48 hours showed 190 neutrophils per cubic millimetre.")) == "follow_up"
    assert as_case("A repeat tap at 48 hours showed 190 neutrophils.", text="Vitamin A was low. A repeat tap ...") \
        == CASE_LABEL + "a repeat tap at 48 hours showed 190 neutrophils."


def test_the_patient_introduced_is_no_follow_up():
    assert part_of(_one("A woman, now 59, has been followed for 13 years with oral ulcers and uveitis.")) != "follow_up"


def test_dialysis_is_a_treatment():
    # Found on fresh12 after its final run (lithium toxicity): the one step that treated the patient had no
    # treatment cue once a femoral "line" no longer counted as a drug.
    assert part_of(_one("Intermittent haemodialysis was then started through a femoral line, four hours on the first "
                        "day.")) == "management"
