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


def test_a_finding_read_from_an_adjective_keeps_the_users_noun_in_the_title():
    from dataclasses import dataclass, field

    from clinicite.compose.title import _findings_as_written

    @dataclass
    class Mention:
        start: int
        end: int
        text: str = ""
        excluded: bool = False
        family_history: bool = False

    @dataclass
    class Case:
        findings: list = field(default_factory=list)

    text = "A 70-year-old man has an osteolytic lesion of the femur and pain in the hip."
    start = text.index("osteolytic")
    lytic = Mention(start, start + len("osteolytic"))
    assert _findings_as_written(Case([lytic]), text) == "Osteolytic lesion"
    pain = Mention(text.index("pain"), text.index("pain") + 4)
    assert _findings_as_written(Case([pain]), text) == "Pain"          # a noun stays as written
    tail = "Her bones are osteolytic and thin."
    at = tail.index("osteolytic")
    assert _findings_as_written(Case([Mention(at, at + 10)]), tail) == "Osteolytic"   # "and" is no head noun
