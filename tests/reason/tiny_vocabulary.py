"""A tiny disease vocabulary for the literature tests, read with the real loaders from fixture files.

``tests/fixtures/reason/icd10cm_tiny.xml`` is in the layout of the ICD-10-CM tabular list;
``vocabulary_supplement_tiny.tsv`` in that of ``clinicite/reason/vocabulary/supplement.tsv``::

    ICD10CM:C79.5  Secondary malignant neoplasm of bone ...  neoplasm: metastatic (+ "bone metastasis" ...)
    ICD10CM:M84.3  Stress fracture (Fatigue fracture, Stress reaction)    trauma and stress injury
    ICD10CM:M86    Osteomyelitis; M86.6 Chronic osteomyelitis              infection
    ICD10CM:Q78.3  Progressive diaphyseal dysplasia (Camurati-Engelmann syndrome)  congenital and genetic
    ICD10CM:T56.0  Toxic effects of lead (lead poisoning)                  toxic
    R52 Pain (chapter XVIII: a finding) is left out.
    supplement: osteoid osteoma, osteosarcoma, lymphoma, metastatic disease, melanoma, Ewing sarcoma
"""

from __future__ import annotations

from pathlib import Path

from clinicite.reason.vocabulary import Vocabulary, read_supplement
from clinicite.reason.vocabulary.icd10cm import read_icd10cm

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "reason"


def tiny_vocabulary() -> Vocabulary:
    vocabulary = Vocabulary(source="tiny")
    for concept in read_supplement(FOLDER / "vocabulary_supplement_tiny.tsv"):
        vocabulary.add(concept)
    for concept in read_icd10cm(FOLDER / "icd10cm_tiny.xml"):
        vocabulary.add(concept)
    return vocabulary
