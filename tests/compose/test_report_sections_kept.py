"""Round 11 (issue 9 item 3): a case answered from its matching report keeps to what the report is about.

The clinician's shorthand ("Tx?", "Mx", "What's the plan?", "Best operation?", "How do we bring the calcium
down?", "... and with what?") asks what to do; with a matching report in hand, another document's sentence under
a non-general heading (First-line options, Pitfalls, Follow-up) stays only when it names a disease the report
names, and a study's aim is no pitfall; a heading left empty is named as uncovered, not filled."""

from __future__ import annotations

from types import SimpleNamespace

from clinicite.compose.case_answer import add_report_sections
from clinicite.compose.case_reports import Report
from clinicite.compose.composer import DraftBullet
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import Grade
from clinicite.compose.question import asks_what_to_do
from clinicite.compose.sentences import split_sentences
from clinicite.compose.therapy import is_aim_or_open_question
from clinicite.compose.topic import Topic

# Hand-written, in the shape of a case report (no publication copied).
TORSION = ("A girl aged 14 had sudden pelvic pain and vomiting. Appendicitis was suspected first. "
           "Ultrasound showed an enlarged left ovary with little venous flow. "
           "At laparoscopy the ovary was twisted twice and was untwisted, and the pain settled.")
TOPIC = Topic(names=["Ovarian torsion", "Appendicitis", "Ovarian hyperstimulation syndrome"])


def _sentences(text: str, source: Source) -> list[Evidence]:
    return [Evidence(source, s.text, [QuotedSpan(s.start, s.end, s.text)], 0.5, None, "sentence", None)
            for s in split_sentences(text)]


def _source(doc: str, title: str, grade: str = "unclassified") -> Source:
    return Source(doc, title, "text", Grade(grade, 1, "text"))


def _answer(others: dict[str, tuple[str, str]]):
    """The report's sections added to a draft whose other headings hold one sentence of another document each."""
    report_source = _source("file:torsion", "Pelvic pain in a girl with an ovarian cyst")
    report = Report(report_source, _sentences(TORSION, report_source), topic=TOPIC)
    evidence = list(report.sentences)
    draft = SimpleNamespace(sections={})
    for n, (key, (title, sentence)) in enumerate(others.items()):
        other = _source(f"pmid:{n + 1}", title, "cohort")
        evidence.append(_sentences(sentence, other)[0])
        draft.sections[key] = [DraftBullet(sentence, [len(evidence) - 1])]
    plan = add_report_sections(draft, evidence, [report], {report_source.id: TORSION},
                               ["management", *others])
    return draft, plan


def test_shorthand_asks_what_to_do():
    for text in ("19M post chemo, oliguric, K 6.8. Tx?", "Dx and Mx please.", "What's the plan?",
                 "Best operation?", "How do we bring the calcium down?", "Anything else we can give?",
                 "Platelets this low - should we still anticoagulate, and with what?",
                 "Does she need theatre tonight?"):
        assert asks_what_to_do(text), text
    for text in ("Renal tx recipient with fever for a week.", "Is the pressure high?",
                 "How do patients with sarcoidosis present?"):
        assert not asks_what_to_do(text), text


def test_a_long_shot_of_the_differential_is_no_first_line_option_of_the_reported_case():
    draft, plan = _answer({"first_line": ("Ovarian stimulation in insemination", "Induction of follicular growth "
                                          "carries a risk of ovarian hyperstimulation syndrome.")})
    assert "untwisted" in " ".join(b.text for b in draft.sections["management"])
    assert "first_line" not in draft.sections, "the report never names that syndrome"


def test_a_sentence_on_a_disease_the_report_names_stays():
    draft, _ = _answer({"pitfalls": ("Missed torsion", "Appendicitis is often diagnosed in error when the ovary is "
                                     "twisted.")})
    assert "Appendicitis" in draft.sections["pitfalls"][0].text


def test_a_studys_aim_is_no_pitfall_and_the_empty_heading_is_named():
    aim = ("This study investigated whether the time to appendectomy would affect the rate of perforation in "
           "appendicitis.")
    assert is_aim_or_open_question(aim)
    draft, plan = _answer({"pitfalls": ("Appendectomy timing", aim)})
    assert "pitfalls" not in draft.sections and "pitfalls" in plan, "an empty heading stays in the plan, named"
