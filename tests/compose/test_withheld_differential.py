"""Issue 8, item 4: when the answer says the sources do not answer, a flat knowledge-base ranking is not shown.

MedQA's coarctation vignette read only "leg pain": the answer abstained ("none of the literature held is about
this case") and yet listed five unrelated diseases at 2% each, citing their records. Now such a list is withheld,
the notice names the findings it rested on, and none of its records is cited. A ranking that does separate the
candidates, or any ranking under an answer that does not abstain, is shown as before.
"""

from __future__ import annotations

from types import SimpleNamespace

from clinicite.compose.assemble import assemble
from clinicite.compose.case_answer import NOT_ANSWERED
from clinicite.compose.composer import Draft
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import grade_source

CASE = {"findings": [{"hpo_id": "HP:0012514", "label": "Lower limb pain", "excluded": False},
                     {"hpo_id": "HP:0012378", "label": "Fatigue", "excluded": True}]}


def _rows(probabilities):
    rows = []
    for n, p in zip("ABCDE", probabilities):
        text = f"Disease {n} presents with lower limb pain."
        source = Source(id=f"ORPHA:{n}", title=f"Disease {n}", source_type="knowledge",
                        grade=grade_source("knowledge", []))
        evidence = Evidence(source, text, [QuotedSpan(0, len(text), text)], kind="fact", fact="phenotypes")
        rows.append((SimpleNamespace(name=f"Disease {n}", ids=[f"ORPHA:{n}"], probability=p, for_=[], against=[],
                                     source="knowledge"), [evidence]))
    return rows


def _answer(rows, abstain_reason):
    return assemble(question="q", title="t", draft=Draft({}, None, "extractive"), evidence=[], plan=["differential"],
                    audience="clinician", question_type="diagnosis", differential=rows, abstain_reason=abstain_reason,
                    red_flags=[], case=CASE)


def test_a_flat_ranking_under_an_abstaining_answer_is_withheld_and_its_records_not_cited():
    answer = _answer(_rows([0.02, 0.02, 0.02, 0.019, 0.018]), NOT_ANSWERED)
    assert answer.abstained and answer.bottom_line == NOT_ANSWERED
    assert answer.differential == [] and answer.references == []
    assert not any(s.key == "differential" for s in answer.sections)
    notice = next(n for n in answer.notices if n.startswith("No ranked differential"))
    assert "(Lower limb pain)" in notice and "Fatigue" not in notice        # an excluded finding is not a basis


def test_the_same_ranking_is_shown_when_the_answer_does_not_abstain():
    answer = _answer(_rows([0.02, 0.02, 0.02, 0.019, 0.018]), None)
    assert len(answer.differential) == 5 and {r.id for r in answer.references} == {f"ORPHA:{n}" for n in "ABCDE"}


def test_a_ranking_that_separates_the_candidates_stays_under_an_abstaining_answer():
    answer = _answer(_rows([0.6, 0.1, 0.05, 0.04, 0.03]), NOT_ANSWERED)
    assert answer.abstained and len(answer.differential) == 5
    assert not any(n.startswith("No ranked differential") for n in answer.notices)
