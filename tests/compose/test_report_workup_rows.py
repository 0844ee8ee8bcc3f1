"""Round 15 (issue 9): a report's Work-up lists every test it tells (each a row: what was done, what it showed),
and a value told with a laboratory unit is a test's result, not a drug given ("free thyroxine was 78 pmol/L").

A story written for these tests in the shape of a case report (no publication copied)."""

from __future__ import annotations

from clinicite.compose.case_reports import Report, part_of, report_parts
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import Grade
from clinicite.compose.sentences import content_terms, split_sentences
from clinicite.compose.topic import Topic

TESTS = ["Her haemoglobin was 81 g/L and her platelets 14 x 10^9/L.",
         "The blood film showed many fragmented red cells.",
         "The direct antiglobulin test was negative.",
         "Her lactate dehydrogenase was 1620 U/L.",
         "A CT scan of the head was normal.",
         "An ADAMTS13 assay showed an activity below 5%.",
         "Her free thyroxine was 14 pmol/L."]
STORY = " ".join(["A woman aged 41 became confused over a day and had bruises on her legs."] + TESTS + [
    "Plasma exchange was started on the first day and her confusion cleared within three days.",
    "She was followed in the haematology clinic every month."])


def _evidence(text: str) -> list[Evidence]:
    source = Source("file:film", "Confusion and bruising in a woman of forty-one", "text",
                    Grade("unclassified", 1, "text"))
    return [Evidence(source, s.text, [QuotedSpan(s.start, s.end, s.text)], 0.5, None, "sentence", None)
            for s in split_sentences(text)]


def test_every_test_the_report_tells_is_a_row_of_its_workup():
    case = "41F confused, bruising, plt 14, schistocytes. What is it and what do we do?"
    topic = Topic(names=["Thrombotic thrombocytopenic purpura"], text=case, case_words=set(content_terms(case)))
    parts = report_parts(Report(_evidence(STORY)[0].source, _evidence(STORY), topic=topic), STORY)
    shown = [text for _, text in parts["workup"]]
    assert len(shown) == len(TESTS)
    for test, text in zip(TESTS, shown):      # in the order the report tells them
        assert test[:-1].lower().split(" ", 1)[1] in text.lower()
    assert "plasma exchange" in parts["management"][0][1].lower()
    # The title, which names no test, takes none of the extra rows.
    heading = "A negative antiglobulin test and fragmented red cells in a confused woman"
    source = Source("file:film", heading, "text", Grade("unclassified", 1, "text"))
    titled = [Evidence(source, heading, [QuotedSpan(0, len(heading), heading)], 0.5, None, "sentence", None)]
    titled += [Evidence(source, e.statement, e.spans, 0.5, None, "sentence", None) for e in _evidence(STORY)]
    assert part_of(titled[0]) == "workup"
    rows = report_parts(Report(source, titled, topic=topic), heading + " " + STORY)["workup"]
    assert len(rows) == len(TESTS)
    assert not any(text.startswith("The report's title") for _, text in rows)


def test_a_value_with_a_laboratory_unit_is_a_result():
    assert part_of(_evidence("Her free thyroxine was 78 pmol/L and her TSH undetectable.")[0]) == "workup"
    assert part_of(_evidence("His C-reactive protein was 210 mg/L.")[0]) == "workup"
    # A dose is told in mg, g or units, and stays a step.
    assert part_of(_evidence("Levothyroxine 100 micrograms was given and she woke on the third day.")[0]) \
        == "management"
