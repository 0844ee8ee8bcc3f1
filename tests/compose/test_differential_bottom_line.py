"""The bottom line of an answer that rests on the differential (compose/assemble.py)."""

from __future__ import annotations

from clinicite.compose.answer import DifferentialRow
from clinicite.compose.assemble import differential_bottom_line
from clinicite.reason.merge import SIMILAR_CASE_LABEL


def test_a_lead_that_a_similar_published_case_states_is_not_called_weak():
    flat = DifferentialRow("Ribbing disease", probability=0.11, for_=["Diaphyseal sclerosis"])
    matched = DifferentialRow("Ribbing disease", probability=0.11, for_=["Diaphyseal sclerosis", SIMILAR_CASE_LABEL])
    assert "best of many weak candidates" in differential_bottom_line(flat, "clinician")
    line = differential_bottom_line(matched, "clinician")
    assert "similar published case states this diagnosis" in line and "weak" not in line
    assert "not a confirmed diagnosis" in line and "11%" in line


def test_a_leader_far_ahead_of_every_alternative_is_not_called_one_of_many_weak_candidates():
    torsion = DifferentialRow("Testicular torsion", probability=0.086, for_=["Scrotal pain", "Absent cremaster reflex"])
    line = differential_bottom_line(torsion, "clinician", runner_up=0.001)
    assert "well ahead of every other candidate" in line and "weak" not in line
    assert "9%" in line and "not a confirmed diagnosis" in line
    # Level with the next candidate, it is still one of many.
    assert "best of many weak candidates" in differential_bottom_line(torsion, "clinician", runner_up=0.05)
