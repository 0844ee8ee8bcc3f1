"""A tiny knowledge base for the reason tests.

The ontology (tests/fixtures/reason/tiny.obo)::

    HP:0000001 All
    ├── HP:0000118 Phenotypic abnormality
    │   ├── HP:0000707 Abnormality of the nervous system
    │   │   ├── HP:0001250 Seizure
    │   │   │   ├── HP:0007359 Focal-onset seizure
    │   │   │   └── HP:0002069 Bilateral tonic-clonic seizure
    │   │   └── HP:0001249 Intellectual disability
    │   ├── HP:0000478 Abnormality of the eye
    │   │   ├── HP:0000486 Strabismus
    │   │   └── HP:0000639 Nystagmus
    │   └── HP:0001507 Growth abnormality
    │       ├── HP:0004322 Short stature
    │       └── HP:0000098 Tall stature
    ├── HP:0000005 Mode of inheritance (AD HP:0000006, AR HP:0000007, XLR HP:0001419)
    └── HP:0012823 Clinical modifier > Clinical course > Onset (congenital HP:0003577, adult HP:0003581)

The diseases (tests/fixtures/reason/tiny.hpoa + orphanet_invented.jsonl)::

    OMIM:100001 Focal epilepsy syndrome A     focal-onset seizure 90%, intellectual disability 1/2; AD; congenital
    OMIM:100002 Eye movement disorder B       strabismus 90%, nystagmus 55%; AR  (= ORPHA:200003, exact mapping)
    OMIM:100003 Short stature disorder C      short stature 100%, NOT seizure; AR
    OMIM:100004 Seizures with short stature D bilateral tonic-clonic seizure 90%, short stature 55%; AD; adult onset
    OMIM:100005 X-linked eye disorder E       nystagmus 90%, strabismus 55% (males only); XLR
    ORPHA:200001 Common tall stature          tall stature 90%; prevalence 1-5 / 10 000
    ORPHA:200002 Rare tall stature            tall stature 90%; prevalence <1 / 1 000 000
    ORPHA:200004 Rare growth disorders        an Orphanet category: never a diagnosis
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clinicite.ingest.hpo import read_obo
from clinicite.reason.knowledge import KnowledgeBase


FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "reason"


@pytest.fixture(scope="session")
def reason_fixtures() -> Path:
    return FOLDER


@pytest.fixture(scope="module")
def bone_kb(reason_fixtures) -> KnowledgeBase:
    """The bone-sclerosis knowledge base (bone.obo, bone.hpoa, bone_orphanet.jsonl), rebuilt per test module."""
    return KnowledgeBase.from_files(hpo_obo=reason_fixtures / "bone.obo", hpoa=reason_fixtures / "bone.hpoa",
                                    orphapackets=reason_fixtures / "bone_orphanet.jsonl")


@pytest.fixture(scope="session")
def tiny_ontology(reason_fixtures):
    return read_obo(reason_fixtures / "tiny.obo")


@pytest.fixture(scope="session")
def tiny_kb(reason_fixtures) -> KnowledgeBase:
    return KnowledgeBase.from_files(hpo_obo=reason_fixtures / "tiny.obo", hpoa=reason_fixtures / "tiny.hpoa",
                                    orphapackets=reason_fixtures / "orphanet_invented.jsonl", common_causes=False)
