"""Round 15 (issue 9): a sentence that weighs differential diagnoses ("X was considered, but ... made Y more
likely") is kept out of Clinical presentation and Key findings; it goes under Differential diagnosis.

Sentences written for these tests (no publication copied)."""

from __future__ import annotations

from clinicite.compose.composer import Draft, DraftBullet
from clinicite.compose.differential_weighing import weighing_apart, weighs_differential
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import Grade

WEIGHING = ["Migraine and a transient ischaemic attack were considered, but the jaw claudication made giant cell "
            "arteritis far more likely.",
            "Pseudogout was considered because of his age, but no crystals were seen.",
            "The very low platelet count with little kidney injury favoured thrombotic thrombocytopenic purpura over "
            "haemolytic uraemic syndrome.",
            "A gradient above 11 g/L pointed to portal hypertension rather than a peritoneal cause.",
            "Epididymitis was thought unlikely, because the onset was sudden.",
            "Normal fibrinogen distinguishes it from disseminated intravascular coagulation."]
FINDINGS = ["Jaw claudication and scalp tenderness are the usual presenting features.",
            "The temporal artery is often thickened and tender, with a reduced pulse.",
            "The ESR was 92 mm/h and the CRP 88 mg/L.",
            "Headache is the most common symptom, reported in two thirds of patients."]


def _evidence(texts: list[str]) -> list[Evidence]:
    source = Source("file:notes", "Notes on arteritis", "text", Grade("unclassified", 1, "text"))
    return [Evidence(source, t, [QuotedSpan(0, len(t), t)], 0.5, None, "sentence", None) for t in texts]


def test_weighing_is_told_from_findings():
    assert all(weighs_differential(t) for t in WEIGHING)
    assert not any(weighs_differential(t) for t in FINDINGS)


def test_weighing_moves_from_the_findings_sections_to_the_differential():
    evidence = _evidence(FINDINGS[:2] + WEIGHING[:2])
    draft = Draft({"presentation": [DraftBullet(e.statement, [i]) for i, e in enumerate(evidence[:3])],
                   "key_findings": [DraftBullet(evidence[3].statement, [3])]}, None, "extractive")
    weighing_apart(draft, evidence, ["presentation", "key_findings", "differential", "management"])
    assert [b.text for b in draft.sections["presentation"]] == FINDINGS[:2]
    assert "key_findings" not in draft.sections      # its only bullet weighed diagnoses
    assert [b.text for b in draft.sections["differential"]] == WEIGHING[:2]


def test_without_a_differential_heading_weighing_is_left_out():
    evidence = _evidence([FINDINGS[0], WEIGHING[0]])
    draft = Draft({"presentation": [DraftBullet(e.statement, [i]) for i, e in enumerate(evidence)]}, None,
                  "extractive")
    weighing_apart(draft, evidence, ["presentation", "management"])
    assert [b.text for b in draft.sections["presentation"]] == [FINDINGS[0]]
    assert "differential" not in draft.sections
