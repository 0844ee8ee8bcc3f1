"""A case's imaging results weighed against the signs a curated cause usually shows on that study."""

from __future__ import annotations

import math

import pytest

from clinicite.reason.common_causes import cause_of, load_common_causes
from clinicite.reason.engine import CaseInput, build_differential
from clinicite.reason.imaging_signs import read_imaging
from clinicite.understand.results import test_results

DIAPHYSEAL_SCLEROSIS = "HP:0003034"
OSTEOMYELITIS = "CLINICITE:osteomyelitis"
STRESS_FRACTURE = "CLINICITE:stress-fracture"
CASE = "38-year-old woman, thigh pain, diaphyseal sclerosis of the femur"


def test_the_signs_are_data_of_the_curated_table():
    with_signs = {c.id for c in load_common_causes()[1].values() if c.imaging}
    assert {OSTEOMYELITIS, STRESS_FRACTURE, "CLINICITE:osteoid-osteoma"} <= with_signs
    for cause_id in with_signs:
        for sign in cause_of(cause_id).imaging:
            # a hyperaemic cause (its absence counts against it) or a non-inflammatory sclerosis (Ribbing disease,
            # intramedullary osteosclerosis: hyperaemia counts against it, a cold early phase weighs nothing)
            assert sign.present_lr > 1 > sign.absent_lr or sign.present_lr < 1 == sign.absent_lr


@pytest.mark.parametrize("text, status", [
    ("Triphasic bone scan: no hyperaemia, fusiform intense delayed uptake.", "absent"),
    ("A three-phase bone scan showed hyperaemia on the blood-pool images.", "present"),
    ("Bone scan: intense delayed uptake.", None),        # the delayed phase says nothing of the early ones
    ("MRI showed no oedema.", None),                     # another study
    ("Diaphyseal sclerosis of the femur.", None),        # no study: silence weighs nothing
])
def test_a_stated_study_result_shows_or_denies_the_sign(text, status):
    signs = cause_of(OSTEOMYELITIS).imaging
    readings = read_imaging(test_results(text), signs)
    assert [r.status for r in readings] == ([status] if status else [])
    if status == "absent":
        assert readings[0].label == "bone scan: no hyperaemia"
        assert readings[0].log_lr == pytest.approx(math.log(signs[0].absent_lr))


def _rows(kb, text):
    return {d.id: d for d in build_differential(kb, CaseInput([DIAPHYSEAL_SCLEROSIS], age_years=38, sex="female",
                                                              text=text), top=30).diagnoses}


def test_no_hyperaemia_argues_against_the_hyperaemic_causes_on_their_rows(bone_kb):
    plain = _rows(bone_kb, CASE + ".")
    scanned = _rows(bone_kb, CASE + "; triphasic bone scan: no hyperaemia.")
    assert scanned[OSTEOMYELITIS].probability < plain[OSTEOMYELITIS].probability / 3
    assert scanned[STRESS_FRACTURE].probability < plain[STRESS_FRACTURE].probability
    line = next(a for a in scanned[OSTEOMYELITIS].against if a.label == "bone scan: no hyperaemia")
    assert "usual in" in line.explanation and line.weight < 0
    assert not any(a.label.startswith("bone scan") for a in plain[OSTEOMYELITIS].against)
    # the non-inflammatory sclerosis is not argued against by a cold early phase: it keeps its score and gains share
    assert not any(a.label.startswith("bone scan") for d in scanned.values() if "CLINICITE:ribbing-disease" in d.ids
                   for a in d.against)
    ribbing = next(i for i, d in plain.items() if "CLINICITE:ribbing-disease" in d.ids)
    assert scanned[ribbing].probability > plain[ribbing].probability


def test_hyperaemia_shown_on_the_scan_is_for_the_cause(bone_kb):
    rows = _rows(bone_kb, CASE + "; three-phase bone scan showed hyperaemia on the blood-pool images.")
    assert any(f.label.startswith("bone scan:") and f.weight > 0 for f in rows[OSTEOMYELITIS].for_)


RIBBING = "CLINICITE:ribbing-disease"
IMOS = "CLINICITE:intramedullary-osteosclerosis"


@pytest.mark.parametrize("cause_id", [RIBBING, IMOS])
def test_a_cold_early_phase_weighs_nothing_for_a_non_inflammatory_sclerosis(cause_id):
    signs = cause_of(cause_id).imaging
    assert read_imaging(test_results("Triphasic bone scan: no hyperaemia, fusiform intense delayed uptake."),
                        signs) == []
    shown = read_imaging(test_results("A three-phase bone scan showed hyperaemia on the blood-pool images."), signs)
    assert [r.status for r in shown] == ["present"] and shown[0].log_lr < 0
    assert "is unusual in" in shown[0].explanation("Ribbing disease")


def test_the_issue_femur_case_without_its_report_does_not_lead_with_stress_fracture(bone_kb):
    """Issue 8: a 38-year-old woman, 3 months of thigh pain, diaphyseal sclerosis, no family history and a bone
    scan with no hyperaemia: the cold early phase argues against stress fracture, not against Ribbing disease or
    intramedullary osteosclerosis, which then rank above it."""
    text = ("38-year-old woman, 3 months of thigh pain, diaphyseal sclerosis of the femur, no family history, "
            "triphasic bone scan: no hyperaemia, fusiform intense delayed uptake")
    rows = build_differential(bone_kb, CaseInput([DIAPHYSEAL_SCLEROSIS, "HP:0002653"], age_years=38, sex="female",
                                                 text=text), top=30).diagnoses
    rank = {i: n for n, d in enumerate(rows) for i in d.ids}
    assert rank[STRESS_FRACTURE] > min(rank[RIBBING], rank[IMOS])
    assert rank[OSTEOMYELITIS] > min(rank[RIBBING], rank[IMOS])
