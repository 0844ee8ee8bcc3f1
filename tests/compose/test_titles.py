"""An answer resting on the differential alone still states its leading answer, how sure it is, and what
the sources do not cover; titles read like article titles."""

from __future__ import annotations

import pytest

from clinicite.compose import answer_question

from .checks import assert_traceable
from .conftest import build_home, records

CASE = ("A 16-year-old boy has arachnodactyly, ectopia lentis and aortic root dilatation. "
        "What is the diagnosis?")


@pytest.fixture(scope="module")
def knowledge_only(tmp_path_factory, ontology):
    """Disease knowledge but no literature: the only evidence is the curated records."""
    return build_home(tmp_path_factory.mktemp("knowledge-only"), ontology, [], records())


def test_differential_only_answer_has_a_cited_bottom_line_and_says_what_is_missing(knowledge_only):
    answer = answer_question(CASE, context=knowledge_only.context())
    assert not answer.abstained and answer.differential
    lead = answer.differential[0]
    assert lead.name in answer.bottom_line and "not a confirmed diagnosis" in answer.bottom_line
    assert answer.bottom_line_citations and {c.n for c in answer.bottom_line_citations} <= {r.n for r in answer.references}
    assert any("no evidence on" in notice for notice in answer.notices)
    assert_traceable(answer, knowledge_only.documents)


def test_patient_bottom_line_stays_plain(knowledge_only):
    answer = answer_question(CASE, context=knowledge_only.context(), audience="patient")
    assert "doctor" in answer.bottom_line.lower() and "%" not in answer.bottom_line


def test_case_title_names_findings_patient_and_aim(knowledge_only):
    answer = answer_question(CASE, context=knowledge_only.context())
    assert answer.title.startswith("Arachnodactyly") and "a 16-year-old boy" in answer.title
    assert answer.title.endswith(": diagnosis")
