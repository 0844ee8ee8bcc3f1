"""Round 8 (issue 9): a report the differential judged similar is a report, whatever its wording; the steps taken
for the case's own picture lead its Management; a title is shown as a title; the case's topic words come from
what the user states, not from the question they ask."""

from __future__ import annotations

from dataclasses import dataclass, field

from clinicite.compose.case_reports import TITLE_LABEL, Report, is_title, judged_similar, matching_reports, report_parts
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import Grade
from clinicite.compose.pipeline import _describes_patient
from clinicite.compose.question import analyse
from clinicite.compose.topic import Topic, statements_of
from clinicite.understand.facts import CaseFacts

NARRATIVE = ("A woman, now 59, has been followed since 1965 for Behcet's disease with oral and genital ulcers. "
             "In 1970 a lymphoma appeared and was treated with radiotherapy. "
             "In 1976 purpura and a neuropathy from cryoglobulinemic vasculitis appeared, which improved on "
             "prednisone and chlorambucil therapy.")


@dataclass
class _Document:
    text: str
    sections: list = field(default_factory=list)


@dataclass
class _Row:
    passages: list = field(default_factory=list)


def _source(doc: str = "file:abc", title: str = "Behcet's disease and a vasculitis", grade: str = "unclassified"):
    return Source(doc, title, "text", Grade(grade, 1, "text"))


def _sentences(text: str, source: Source) -> list[Evidence]:
    from clinicite.compose.sentences import split_sentences
    return [Evidence(source, s.text, [QuotedSpan(s.start, s.end, s.text)], 0.5, None, "sentence", None)
            for s in split_sentences(text)]


def test_the_differentials_similar_case_is_read_as_a_report():
    assert judged_similar([_Row([{"document_id": "file:abc", "similar_case": True}, {"document_id": "pmid:1"}])]) \
        == {"file:abc"}
    source = _source()
    items = _sentences(NARRATIVE, source)
    documents = {source.id: _Document(NARRATIVE)}
    topic = Topic(names=["Cryoglobulinemic vasculitis"])
    assert matching_reports(items, documents, topic) == [], "no report wording: not a report by its words alone"
    reports = matching_reports(items, documents, topic, {"file:abc"})
    assert [r.source.id for r in reports] == ["file:abc"]


def test_the_step_taken_for_the_cases_picture_comes_before_the_patients_history():
    source = _source()
    report = Report(source, _sentences(NARRATIVE, source), topic=Topic(names=["Cryoglobulinemic vasculitis"]))
    management = report_parts(report, NARRATIVE)["management"]
    assert "chlorambucil" in management[0][1] and management[0][1].startswith("In a reported case, ")
    assert "radiotherapy" in management[1][1]


def test_a_title_with_heading_words_is_shown_as_a_title():
    title = "DNX-2401, an Oncolytic Virus, for the Treatment of Newly Diagnosed Diffuse Intrinsic Pontine Gliomas"
    heading = f"Case report {title}: A Case Report."
    source = _source("file:dipg", title, "case report")
    item = _sentences(heading, source)[0]
    assert is_title(item)
    assert not is_title(_sentences("The oncolytic virus DNX-2401 was delivered into the pons after biopsy and "
                                   "was well tolerated by the child.", source)[0])
    parts = report_parts(Report(source, [item]), heading)
    assert parts["management"][0][1] == TITLE_LABEL + heading, "a title is no narrated case"


def _analysis(text: str):
    return analyse(text, case=CaseFacts(text=text))


def test_a_stated_situation_before_a_question_about_what_to_do_is_a_described_patient():
    assert _describes_patient(_analysis("Kidney transplant candidate, highly sensitised with a panel-reactive "
                                        "antibody of 96%, whose willing live donor is incompatible. What is advised?"))
    assert not _describes_patient(_analysis("What is the treatment of porphyria cutanea tarda?"))
    assert not _describes_patient(_analysis("Is lithium effective for ALS?"))


def test_the_case_words_come_from_what_is_stated_not_from_the_question():
    text = ("Her ALK-positive tumour stopped responding to ceritinib, and an ALK T1151Sins mutation is now "
            "detected. What should she receive next?")
    assert statements_of(text).endswith("detected.")
    assert statements_of("What is the diagnosis of a 1.5-year-old?") == "What is the diagnosis of a 1.5-year-old?"
    topic = Topic.of_case(_analysis(text), [], None)
    unrelated = ("She stopped passing stool while receiving opioids, and the next day the caecum was dilated; "
                 "neostigmine was given.")
    assert topic.document_match(unrelated) == ""
    assert topic.document_match("ALK T1151Sins mutation was detected on ceritinib; lorlatinib was given.")


def test_a_sentence_that_says_it_tells_this_case_or_speaks_for_the_field_gets_no_case_label():
    from clinicite.compose.case_reports import narrates
    from clinicite.compose.narrative import as_case
    assert as_case("In this case, either patients or organs would need to travel.") == \
        "In this case, either patients or organs would need to travel."
    estimate = _sentences("It has been estimated that an additional 1000 transplants per year could be "
                          "accomplished by a national program.", _source())[0]
    assert not narrates(estimate)


def test_an_abstracts_part_heading_gives_way_to_the_case_label():
    from clinicite.compose.narrative import as_case
    assert as_case("CASE PRESENTATION Two patients with advanced NSCLC were treated with erlotinib.", series=True) \
        == "In a reported series, two patients with advanced NSCLC were treated with erlotinib."
    assert as_case("RESULTS: ALK T1151Sins was detected when she relapsed.") == \
        "In a reported case, ALK T1151Sins was detected when she relapsed."
    assert as_case("HIV DNA was found in her blood.") == "In a reported case, HIV DNA was found in her blood."


def test_the_last_step_done_leads_even_when_it_names_nothing_of_the_case():
    text = ("A boy with osteogenesis imperfecta had vertebral fractures. After 4 years of pamidronate his vertebral "
            "fractures had remodelled and treatment was discontinued. He then had new fractures. "
            "The patient has been restarted on pamidronate therapy.")
    source = _source(title="Pamidronate in osteogenesis imperfecta")
    report = Report(source, _sentences(text, source), topic=Topic(names=["Osteogenesis imperfecta"]))
    assert "restarted" in report_parts(report, text)["management"][0][1]


def test_a_long_vignette_is_not_about_a_report_that_shares_only_narrative_words_with_it():
    text = ("A 67-year-old man notes a pink bump that has rapidly developed on his forehead over the last month. "
            "He has had significant sun exposure including multiple blistering sunburns. Examination reveals a "
            "2 cm dome-shaped plaque with a central keratin plug. Excisional biopsy reveals an exophytic nodule "
            "with central invagination, full of keratin; keratinocyte atypia is minimal. What is the diagnosis?")
    topic = Topic.of_case(_analysis(text), [], None)
    colonoscopy = ("A 71-year-old woman had a colonoscopy including polypectomy. Imaging revealed a significant "
                   "pneumoperitoneum one month later; atypical endoscopic findings were noted.")
    assert topic.document_match(colonoscopy) == ""
    own = ("A dome-shaped nodule with a central keratin plug grew on the forehead within weeks after sunburns; "
           "excisional biopsy showed an exophytic, keratin-filled invagination with minimal keratinocyte atypia.")
    assert topic.document_match(own).startswith("shares ")


def test_with_a_matching_report_another_document_needs_a_name_or_a_finding_not_two_shared_words():
    from clinicite.compose.case_answer import on_case_topic, used_reports
    text = "36F took 500 mg amlodipine, BP 70/35 on noradrenaline despite fluids and IV calcium, lactate 6. What next?"
    topic = Topic.of_case(_analysis(text), [], None)
    other = "A lactate above 8 mmol/L despite fluids after smoke inhalation suggests cyanide poisoning."
    assert topic.sentence_on_topic(other) and not topic.sentence_on_topic(other, by_words=False)
    own, second = _source("file:own", "Refractory shock after an amlodipine overdose"), _source("file:fire", "A fire")
    reports = [Report(own, [], why="shares amlodipin, calcium, noradrenalin", shared_words=6, topic=topic),
               Report(second, [], why="shares despit, fluid, lactat", shared_words=3, topic=topic)]
    assert used_reports(reports) == reports[:1], "a second report matched by shared words only is not this case"
    items = [Evidence(own, "High-dose insulin was started.", [QuotedSpan(0, 30, "High-dose insulin was started.")]),
             Evidence(second, other, [QuotedSpan(0, len(other), other)])]
    assert [i.source.id for i in on_case_topic(items, topic, reports)] == ["file:own"]
