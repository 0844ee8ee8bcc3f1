"""'A lytic lesion' is an osteolytic one (bone radiology usage): read as Osteolysis (diff-calib, round 7)."""

from __future__ import annotations


def test_a_lytic_lesion_is_read_as_osteolysis(recognizer):
    found = {f.hpo_id for f in recognizer.recognize("A 70-year-old man has a lytic lesion in the femur on X-ray.")}
    assert "HP:0002797" in found                                     # Osteolysis


def test_hpo_names_with_lytic_still_match_their_own_terms(recognizer):
    found = {f.hpo_id for f in recognizer.recognize("Lytic defects of the humerus were seen.")}
    assert "HP:0003875" in found                                     # Humeral lytic defects
