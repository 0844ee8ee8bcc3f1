"""Another reported patient's sentences do not reach the general headings as facts about this case.

Round 5's femur answer showed "The fever argues against Ribbing disease." under Clinical presentation: a
sentence of a tibial osteomyelitis report, about its own feverish patient, for a case without fever.
Fixtures: the invented IMOS series (``fixtures/compose/management/imos_case_series.nxml``) matches the femur
case; ``fixtures/compose/other_case/tibial_osteomyelitis_case.txt`` (written for this test) is a second case
report that shares the sclerosis and the pain but has fever and another diagnosis; the ontology is
``fixtures/reason/lit_bone.obo`` (Fever, Pain, Diaphyseal sclerosis ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .checks import assert_traceable
from .conftest import FIXTURES, build_home
from clinicite.compose import answer_question
from clinicite.compose.case_answer import _keep_other_cases_apart
from clinicite.compose.case_reports import Report
from clinicite.compose.composer import DraftBullet
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import grade_source
from clinicite.compose.narrative import CASE_LABEL
from clinicite.compose.question import analyse
from clinicite.compose.topic import Topic
from clinicite.ingest.hpo import read_obo
from clinicite.ingest.readers import read_path

ONTOLOGY = Path(__file__).resolve().parents[1] / "fixtures" / "reason" / "lit_bone.obo"
SERIES = FIXTURES / "management" / "imos_case_series.nxml"
TIBIA = FIXTURES / "other_case" / "tibial_osteomyelitis_case.txt"
UNRELATED = [FIXTURES / "case_report" / n for n in ("cervical_cancer_staging.txt", "statin_trial.txt")]
FEMUR = ("38-year-old woman, 3 months of thigh pain, diaphyseal sclerosis of the femur, no family history, "
         "triphasic bone scan: no hyperaemia, fusiform intense delayed uptake. What is the diagnosis and how is "
         "it managed?")
GENERAL = ("presentation", "key_findings", "key_facts", "differential")


@pytest.fixture(scope="module")
def ontology():
    return read_obo(ONTOLOGY)


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory, ontology):
    documents = [e for path in (SERIES, TIBIA, *UNRELATED) for e in read_path(path)
                 if hasattr(e, "text") and hasattr(e, "id")]
    return build_home(tmp_path_factory.mktemp("other-case") / "home", ontology, documents, [])


def test_the_other_reports_patient_stays_out_of_the_general_headings(two_reports):
    answer = answer_question(FEMUR, context=two_reports.context())
    tibia = next(i for i, d in two_reports.documents.items() if "tibial" in d.title.lower())
    general = [b for s in answer.sections if s.key in GENERAL for b in s.bullets]
    assert general, "the answer has general sections to check"
    for bullet in general:
        if any(c.document_id == tibia for c in bullet.citations):
            assert "fever" not in bullet.text.lower() and " here " not in bullet.text, bullet.text
    assert_traceable(answer, two_reports.documents)


@dataclass
class _Draft:
    sections: dict[str, list[DraftBullet]] = field(default_factory=dict)


def _sentence(source: Source, text: str) -> Evidence:
    return Evidence(source, text, [QuotedSpan(0, len(text), text)], 1.0, None, "sentence", None)


def test_a_finding_the_case_lacks_is_labelled_from_the_matching_report_and_dropped_from_another(ontology):
    topic = Topic.of_case(analyse(FEMUR, ontology=ontology), [], ontology,
                          extra_names=["Intramedullary osteosclerosis"])
    grade = grade_source("medline", ["Case Reports"])
    primary = Source("doc:series", "Intramedullary osteosclerosis: a case report", "medline", grade)
    other = Source("doc:tibia", "Sclerosis of the tibial shaft in a farmer: a case report", "medline", grade)
    evidence = [
        _sentence(other, "The fever argues against intramedullary osteosclerosis."),
        _sentence(other, "Unlike osteoid osteoma, the lesion here had a long cortical sinus track."),
        _sentence(other, "Bone pain is the usual complaint in sclerosing bone disorders."),
        _sentence(primary, "The fever settled before the biopsy was taken."),
        _sentence(primary, "Diaphyseal sclerosis of one long bone is the hallmark of the condition."),
    ]
    draft = _Draft({"presentation": [DraftBullet(e.statement, [n]) for n, e in enumerate(evidence)]})
    reports = [Report(primary, topic=topic), Report(other, topic=topic)]
    _keep_other_cases_apart(draft, evidence, reports)
    shown = [b.text for b in draft.sections["presentation"]]
    assert shown == ["Bone pain is the usual complaint in sclerosing bone disorders.",
                     CASE_LABEL + "the fever settled before the biopsy was taken.",
                     "Diaphyseal sclerosis of one long bone is the hallmark of the condition."]


def test_absent_findings_leave_out_what_the_case_has_or_denies(ontology):
    topic = Topic.of_case(analyse(FEMUR + " No fever.", ontology=ontology), [], ontology)
    assert topic.absent_findings("Bone pain and diaphyseal sclerosis were present.") == set()
    assert topic.absent_findings("The fever argues against it.") == set()       # the case says "no fever"
    bare = Topic.of_case(analyse(FEMUR, ontology=ontology), [], ontology)
    assert bare.absent_findings("The fever argues against it.") == {"HP:0001945"}


# The text route: a case whose findings HPO names poorly is still recognised in a report that tells its
# picture in its own words (the aquagenic-urticaria infant of round 5: "pale ... each time he is put in the
# bath"). Fixture reports written for this test, as stored documents.
LAKE_CASE = ("A 6-year-old boy gets fever and bone pain each time he swims in the cold lake near the farm and "
             "recovers within hours once dried and warmed. What is it and how is it managed?")
LAKE_REPORT = ("Fever after cold-water swimming in a child: a case report. We describe a boy who had fever each "
               "time he swam in a cold lake; he recovered within hours once he was dried and warmed. Avoiding "
               "cold-water swimming prevented further episodes.")
OTHER_FEVER_REPORT = ("Fever of unknown origin in a farmer: a case report. A 61-year-old farmer had fever for "
                      "three weeks. Endocarditis was diagnosed and treated with antibiotics.")
TRIAL = "Statin treatment in older adults. We followed 4,300 adults who were treated with a statin or placebo."


@dataclass
class _Lead:
    name: str


def _reports_for(case: str, texts: dict[str, str], ontology):
    from clinicite.compose.case_reports import matching_reports
    from clinicite.ingest.document import Document, Section
    documents, items = {}, []
    for n, (doc_id, text) in enumerate(texts.items()):
        title, _, body = text.partition(". ")
        document = Document(id=doc_id, source="text", title=title, sections=[Section(body)]).assemble()
        documents[doc_id] = document
        source = Source(doc_id, title, "text", grade_source("text", []))
        items.append(_sentence(source, body.split(". ")[0]))
        items[-1].relevance = 1.0 - 0.1 * n          # retrieval order: the first text first
    topic = Topic.of_case(analyse(case, ontology=ontology), [_Lead("Osteomyelitis")], ontology)
    return matching_reports(items, documents, topic)


def test_a_report_that_tells_the_cases_picture_matches_through_its_words(ontology):
    reports = _reports_for(LAKE_CASE, {"doc:lake": LAKE_REPORT, "doc:farmer": OTHER_FEVER_REPORT,
                                       "doc:trial": TRIAL}, ontology)
    assert [r.source.id for r in reports] == ["doc:lake"]
    assert reports[0].why.startswith("tells ") and "lake" in reports[0].why


def test_a_case_report_sharing_one_finding_and_common_words_does_not_match(ontology):
    assert _reports_for(LAKE_CASE, {"doc:farmer": OTHER_FEVER_REPORT, "doc:trial": TRIAL}, ontology) == []
