"""The answer's table keeps the alternatives a similar published case's report sets aside.

Round 10's femur answer showed five rows and cut chronic osteomyelitis and osteoid osteoma, the alternatives the
matching intramedullary osteosclerosis series weighs ("must be excluded"), because their probability was under a
tenth of the leader's. They are shown (at most three more rows), in order of probability; a row far behind the
leader that no report names is still dropped.
"""

from __future__ import annotations

from clinicite.compose.differential import LEADER_SHARE, REPORT_ALTERNATIVE_ROWS, ROWS, shown_rows
from clinicite.reason.differential import Diagnosis
from clinicite.reason.explain import FindingWeight
from clinicite.reason.merge import NAMED_BY_SIMILAR_LABEL


def _row(name: str, probability: float, named: bool = False) -> Diagnosis:
    row = Diagnosis(id=name, ids=[name], name=name, probability=probability, log_likelihood_ratio=0.0, rank=0)
    if named:
        row.against.append(FindingWeight(None, NAMED_BY_SIMILAR_LABEL, -0.5, None, "set aside by the report"))
    return row


def test_report_alternatives_far_behind_the_leader_are_shown_in_order():
    leader = _row("Intramedullary osteosclerosis", 0.08)
    near = [_row(f"near {i}", 0.03 - i / 1000) for i in range(ROWS)]
    far = _row("far and unnamed", 0.08 * LEADER_SHARE / 2)
    osteomyelitis = _row("Chronic osteomyelitis", 0.007, named=True)
    osteoma = _row("Osteoid osteoma", 0.006, named=True)
    shown = shown_rows([leader, *near, far, osteomyelitis, osteoma])
    names = [r.name for r in shown]
    assert names[:ROWS] == [leader.name, *(r.name for r in near[:ROWS - 1])]
    assert names[ROWS:] == ["Chronic osteomyelitis", "Osteoid osteoma"]
    assert "far and unnamed" not in names
    assert [r.probability for r in shown] == sorted((r.probability for r in shown), reverse=True)


def test_at_most_a_few_report_alternatives_are_added():
    rows = [_row("leader", 0.5), *(_row(f"named {i}", 0.001, named=True) for i in range(REPORT_ALTERNATIVE_ROWS + 3))]
    assert len(shown_rows(rows)) == 1 + REPORT_ALTERNATIVE_ROWS


def test_another_reports_reasoning_about_its_own_patient_reads_as_told():
    """Round 10's femur answer put, under Key findings, a hip report's "septic arthritis was unlikely given the normal
    markers and the small effusion": that patient's findings. Past-tense reasoning reads as told about a patient
    (so it is kept out when it comes from another report); general statements do not."""
    from clinicite.compose.case_answer import _OWN_REASONING
    told = ["The marrow oedema can be confused with early avascular necrosis; septic arthritis was unlikely given "
            "the normal markers and the small effusion.",
            "Osteomyelitis was considered unlikely because the ESR was normal.",
            "Lymphoma was excluded with a biopsy."]
    general = ["Infection should be excluded before surgery.",
               "The absence of hyperaemia argues against infection and a stress fracture.",
               "Stress fracture is unlikely given a normal MRI."]
    assert all(_OWN_REASONING.search(s) for s in told)
    assert not any(_OWN_REASONING.search(s) for s in general)


def test_a_leader_alone_keeps_the_next_common_causes_beside_it():
    """A boy's sudden scrotal pain with no cremasteric reflex: torsion at 9%, everything else under a tenth of it.
    The table shows torsion with the next two curated causes (what to exclude), not torsion alone; a knowledge-base
    row that far behind, or a curated row with no finding for it, is still dropped."""
    def curated(name: str, probability: float, finding: bool = True) -> Diagnosis:
        row = _row(name, probability)
        row.source = "curated"
        if finding:
            row.for_.append(FindingWeight("HP:0030155", "Scrotal pain", 2.0, "typical", "curated"))
        return row
    rows = [curated("Testicular torsion", 0.086), _row("Pudendal neuralgia", 0.002),
            curated("Epididymo-orchitis", 0.001), curated("Unrelated cause", 0.0009, finding=False),
            curated("Incarcerated inguinal hernia", 0.0008), curated("Kidney stone", 0.0007)]
    assert [r.name for r in shown_rows(rows)] == ["Testicular torsion", "Epididymo-orchitis",
                                                 "Incarcerated inguinal hernia"]
