"""Round 15 (issue 9): a "-centesis" (pericardiocentesis, paracentesis, arthrocentesis, thoracentesis) done to
let fluid out is a management step; one told by what its fluid held is a test.

Stories written for these tests in the shape of a case report (no publication copied)."""

from __future__ import annotations

from clinicite.compose.case_reports import Report, part_of, report_parts
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import Grade
from clinicite.compose.sentences import content_terms, split_sentences
from clinicite.compose.topic import Topic


def _source() -> Source:
    return Source("file:tap", "A tight belly in a man with cirrhosis", "text", Grade("unclassified", 1, "text"))


def _evidence(text: str) -> list[Evidence]:
    return [Evidence(_source(), s.text, [QuotedSpan(s.start, s.end, s.text)], 0.5, None, "sentence", None)
            for s in split_sentences(text)]


def test_a_tap_that_relieves_is_a_step_and_a_tap_that_looks_is_a_test():
    steps = ["Pericardiocentesis relieved her breathlessness within minutes.",
             "Thoracentesis removed 1.5 litres of straw-coloured fluid and her breathing eased.",
             "Large-volume paracentesis of 8 litres eased his breathing.",
             "Arthrocentesis was performed twice and the pain settled.",
             # no cue but the procedure's own name: the ultrasound that guided it is no test of its own
             "Ultrasound-guided thoracentesis removed 1.5 litres."]
    tests = ["Diagnostic paracentesis showed 90 neutrophils per mm3 and a negative culture.",
             "Arthrocentesis drew 60 mL of turbid fluid with 85 000 white cells per mm3 and no crystals; the Gram "
             "stain showed cocci."]
    assert [part_of(_evidence(t)[0]) for t in steps] == ["management"] * len(steps)
    assert [part_of(_evidence(t)[0]) for t in tests] == ["workup"] * len(tests)


def test_the_tap_that_treated_leads_the_reports_management():
    text = ("A man aged 61 with cirrhosis had a tense belly and could not lie flat. A diagnostic tap showed 60 "
            "neutrophils per mm3 and a high serum-ascites albumin gradient. Furosemide 40 mg was given and the "
            "spironolactone dose was doubled. Paracentesis of 7 litres over three hours relieved his breathlessness. "
            "He was followed in the liver clinic every month.")
    case = "61M cirrhosis, tense ascites, breathlessness. What should we do?"
    topic = Topic(names=["Ascites"], text=case, case_words=set(content_terms(case)))
    parts = report_parts(Report(_source(), _evidence(text), topic=topic), text)
    assert "paracentesis of 7 litres" in parts["management"][0][1].lower()
    assert any("diagnostic tap" in shown.lower() for _, shown in parts["workup"])
