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
