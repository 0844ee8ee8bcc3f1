"""A described patient whose findings the recogniser misses is still ranked from the literature its text matches.

"A farmer in his fifties has a draining sinus track over the shin ..." names no finding of the test ontology
(``fixtures/reason/lit_bone.obo``), yet the tibial osteomyelitis report (``fixtures/compose/other_case``)
tells of such a patient. ``clinicite diagnose`` ranked it from that report while ``ask`` showed no
differential at all, because the knowledge base was only loaded for a case with recognised findings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .checks import assert_traceable
from .conftest import FIXTURES, build_home
from clinicite.compose import answer_question
from clinicite.ingest.disease import DiseaseRecord, PhenotypeAnnotation
from clinicite.ingest.hpo import read_obo
from clinicite.ingest.readers import read_path

ONTOLOGY = Path(__file__).resolve().parents[1] / "fixtures" / "reason" / "lit_bone.obo"
REPORTS = [FIXTURES / "other_case" / "tibial_osteomyelitis_case.txt",
           *(FIXTURES / "case_report" / n for n in ("cervical_cancer_staging.txt", "statin_trial.txt"))]
FARMER = ("A farmer in his fifties has a draining sinus track over the shin whose culture grew Staphylococcus "
          "aureus. What is the diagnosis?")


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    ontology = read_obo(ONTOLOGY)
    documents = [e for path in REPORTS for e in read_path(path) if hasattr(e, "text") and hasattr(e, "id")]
    # One knowledge record, so that a knowledge base exists; it shares nothing with the farmer.
    record = DiseaseRecord("OMIM:000001", "Example sclerosing bone dysplasia",
                           phenotypes=[PhenotypeAnnotation("HP:0003034")])
    return build_home(tmp_path_factory.mktemp("no-findings") / "home", ontology, documents, [record])


def test_a_patient_without_recognised_findings_is_ranked_from_the_matching_report(home):
    answer = answer_question(FARMER, context=home.context())
    assert answer.case["observed"] == [], "the fixture must name no finding the ontology knows"
    assert answer.differential, "the matching report should give a ranked differential"
    assert answer.differential[0].name.lower() == "chronic osteomyelitis"
    report = next(i for i, d in home.documents.items() if "tibial" in d.title.lower())
    assert any(c.document_id == report for c in answer.differential[0].citations)
    assert_traceable(answer, home.documents)


def test_no_row_is_ranked_on_priors_when_no_source_matches_the_text(home):
    answer = answer_question("A farmer in his fifties has a painless lump on the ear lobe. What is the diagnosis?",
                             context=home.context())
    assert not any(row.name.lower().startswith("example") for row in answer.differential)


def test_every_listed_reference_is_cited(home):
    answer = answer_question(FARMER, context=home.context())
    cited = {c.n for c in answer.citations()}
    assert {r.n for r in answer.references} == cited
