"""Round 13: findings a case report gives to someone other than the patient are marked, not dropped, and the
case reader's ``observed`` keeps the patient's only. Relatives (a family-history heading, "born with"), cited
patients (counts of published patients after the finding, "according to the literature", "in the published
cohort") and diseases described in a present-tense clause on their name ("X syndrome, which causes ...").
On a small hand-built ontology (subjects13.obo)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinicite.ingest.hpo import read_obo
from clinicite.understand import understand_case


@pytest.fixture(scope="module")
def ontology():
    return read_obo(Path(__file__).resolve().parents[1] / "fixtures" / "understand" / "subjects13.obo")


def whose(facts) -> dict[str, str]:
    return {f.label: f.whose for f in facts.findings}


@pytest.mark.parametrize("text, label, subject", [
    # relatives
    ("Family history: paternal grandmother blind, died of renal failure.", "Renal insufficiency", "family"),
    ("His niece was born with cleft lip.", "Cleft lip", "family"),
    ("An older brother was treated for scoliosis.", "Scoliosis", "family"),
    ("Her son, now 10, has hearing loss.", "Hearing impairment", "family"),
    ("Two maternal cousins are affected with hearing loss.", "Hearing impairment", "family"),
    ("Her mother is also affected and has cataracts.", "Cataract", "family"),
    # cited patients
    ("Ptosis and ophthalmoplegia were noted in 3 of 5 published patients.", "Ophthalmoplegia", "literature"),
    ("Seizures were present in two of the reported cases.", "Seizure", "literature"),
    ("According to the literature, cardiomyopathy develops in adolescence.", "Cardiomyopathy", "literature"),
    ("In the published cohort, hearing loss was found in half of carriers.", "Hearing impairment", "literature"),
    # a disease weighed in the discussion
    ("Noonan syndrome, which causes short stature, was considered.", "Short stature", "differential"),
    ("Differential diagnosis: Alport syndrome, in which hearing loss is frequent.", "Hearing impairment",
     "differential"),
    ("Stickler syndrome, whose features include myopia and cleft palate, was discussed.", "Cleft palate",
     "differential"),
    ("Another possibility was Cohen syndrome, which presents with neutropenia and obesity.", "Obesity",
     "differential"),
    ("The main alternative was Joubert syndrome, characterized by hypotonia.", "Hypotonia", "differential"),
])
def test_marked_as_someone_elses(ontology, text, label, subject):
    facts = understand_case(text, ontology)
    assert whose(facts)[label] == subject
    found = [f for f in facts.findings if f.label == label]
    assert found and not any(f.observed for f in found)          # kept visible, never the patient's
    assert found[0].hpo_id not in facts.observed


@pytest.mark.parametrize("text, label", [
    # the patient's own findings in the same kinds of sentence stay the patient's
    ("Marfan syndrome was considered because of his tall stature.", "Tall stature"),
    ("Noonan syndrome, which causes short stature, was excluded because he had microcephaly.", "Microcephaly"),
    ("He was diagnosed with Marfan syndrome, which explained his tall stature and arachnodactyly.",
     "Arachnodactyly"),
    ("Our diagnosis of Sotos syndrome explained his macrocephaly.", "Macrocephaly"),
    ("She had ptosis, which has been reported in 3 of 5 published patients.", "Ptosis"),
    ("Most reported patients had cataracts, as did our patient.", "Cataract"),
])
def test_the_patients_own_stay_observed(ontology, text, label):
    facts = understand_case(text, ontology)
    assert whose(facts)[label] == "patient"
    assert any(f.label == label and f.observed for f in facts.findings)


def test_case_reader_keeps_only_the_patients(ontology):
    text = ("A 6-year-old boy had macrocephaly and seizures. His mother had cataracts. Myopia was noted in 4 of 9 "
            "published patients. Sotos syndrome, which causes tall stature, was considered.")
    facts = understand_case(text, ontology)
    labels = {ontology.label(i) for i in facts.observed}
    assert labels == {"Macrocephaly", "Seizure"}
    set_aside = {f.label: f.whose for f in facts.findings if not f.observed}
    assert set_aside == {"Cataract": "family", "Myopia": "literature", "Tall stature": "differential"}
    assert ontology.label(facts.family_findings[0]) == "Cataract"
