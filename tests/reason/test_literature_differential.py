"""The differential a case report discusses, read from the literature through the real index.

The corpus is ``tests/fixtures/reason/femur_case_report.xml`` (PubMed XML, written for these tests): a case
report of an adult with painful diaphyseal sclerosis of the femur whose discussion names Ribbing disease,
chronic osteomyelitis, stress fracture, osteoid osteoma, lymphoma, osteosarcoma and metastasis with their
discriminators, and an unrelated melanoma staging paper. The knowledge base is ``lit_bone.obo`` / ``lit_bone.hpoa`` /
``lit_bone_orphanet.jsonl`` (Ribbing disease OMIM:601477; Camurati-Engelmann disease OMIM:131300 = ORPHA:1328)::

    HP:0000001 All
    └── HP:0000118 Phenotypic abnormality
        ├── HP:0000924 Abnormality of the skeletal system
        │   ├── HP:0011001 Increased bone mineral density ("Osteosclerosis")
        │   │   └── HP:0003034 Diaphyseal sclerosis
        │   └── HP:0002754 Osteomyelitis
        ├── HP:0012531 Pain
        │   └── HP:0002653 Bone pain
        └── HP:0001945 Fever
"""

from __future__ import annotations


import pytest

from clinicite.reason.knowledge import KnowledgeBase
from clinicite.reason.literature import literature_candidates
from clinicite.reason.mentions import disease_lexicon, find_mentions

from .tiny_vocabulary import FOLDER, tiny_vocabulary

CASE = ("A 45-year-old man with six months of thigh pain and diaphyseal sclerosis of the femur. ESR and CRP were "
        "normal. The bone scan showed no hyperaemia on the blood pool images. No family history of bone disease.")
NAMED = {"ribbing disease", "chronic osteomyelitis", "stress fracture", "osteoid osteoma", "lymphoma", "osteosarcoma",
         "metastatic disease"}


@pytest.fixture(scope="module")
def bone_kb() -> KnowledgeBase:
    return KnowledgeBase.from_files(hpo_obo=FOLDER / "lit_bone.obo", hpoa=FOLDER / "lit_bone.hpoa",
                                    orphapackets=FOLDER / "lit_bone_orphanet.jsonl")


@pytest.fixture(scope="module")
def vocabulary():
    return tiny_vocabulary()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The fixture file read by the real MEDLINE reader, stored and indexed by the real SearchIndex."""
    from clinicite.index import SearchIndex
    from clinicite.ingest.document import Document
    from clinicite.ingest.readers import read_path
    from clinicite.settings import load_settings
    from clinicite.store.database import Database
    from clinicite.store.documents import save_documents

    settings = load_settings(home=tmp_path_factory.mktemp("differential-home"), embedding_model="none")
    database = Database.open(settings.resolved_database_url)
    documents = [e for e in read_path(FOLDER / "femur_case_report.xml") if isinstance(e, Document)]
    with database.session() as session:
        save_documents(session, documents)
    index = SearchIndex.open(settings, database)
    index.sync()
    return index, {d.id: d.text for d in documents}


@pytest.fixture(scope="module")
def candidates(corpus, bone_kb, vocabulary):
    index, _ = corpus
    return literature_candidates(index, CASE, ["Pain", "Diaphyseal sclerosis"], bone_kb, vocabulary=vocabulary)


def by_key(candidates):
    return {c.key: c for c in candidates}


def test_the_named_differential_is_recovered(candidates):
    named = {c.key for c in candidates if c.named_in_differential}
    assert NAMED <= named
    ribbing = by_key(candidates)["ribbing disease"]
    assert ribbing.disease_id == "OMIM:601477" and ribbing.name == "Ribbing disease"
    assert all(c.differential and c.differential[0].quote for c in candidates if c.named_in_differential)


def test_categories_and_one_row_per_disease(candidates):
    found = by_key(candidates)
    assert found["osteosarcoma"].category == "neoplasm: malignant"
    assert found["metastatic disease"].category == "neoplasm: metastatic"
    assert found["stress fracture"].category == "trauma and stress injury"
    assert found["chronic osteomyelitis"].category == "infection"
    camurati = next(c for c in candidates if c.disease_id == "OMIM:131300")
    assert {"OMIM:131300", "ORPHA:1328"} <= set(camurati.kb_ids)       # OMIM and Orphanet: one disease
    assert "ICD10CM:Q78.3" in camurati.codes                           # and the ICD-10-CM entry of it
    assert sum(c.disease_id == "OMIM:131300" for c in candidates) == 1


def test_findings_and_search_words_are_not_candidates(candidates, bone_kb, vocabulary):
    keys = set(by_key(candidates))
    for not_a_diagnosis in ("diaphyseal sclerosis", "pain", "fever", "osteosclerosis", "cancer", "suspecting cancer",
                            "investigating cancer", "infection", "malignancy", "bone disease"):
        assert not_a_diagnosis not in keys
    lexicon = disease_lexicon(bone_kb, vocabulary)
    text = "Intramedullary sclerosis and diaphyseal sclerosis were seen; suspecting cancer, we found osteomyelitis."
    assert [m.key for m in find_mentions(text, lexicon, {})] == ["osteomyelitis"]   # an infection stays a disease


def test_a_discriminator_is_quoted_with_its_exact_span_and_weighed(candidates, corpus):
    _, texts = corpus
    stress = by_key(candidates)["stress fracture"]
    against = stress.discriminators_against
    assert against, "the flow-image discriminator should weigh against stress fracture"
    weighed = against[0]
    d = weighed.discriminator
    assert texts[d.document_id][d.start:d.end] == d.quote
    assert "flow images" in d.quote and d.feature.absent and d.direction == "against"
    assert weighed.case_state == "absent" and weighed.log_lr < 0
    malignant = by_key(candidates)["osteosarcoma"]                        # "malignancy" reaches each malignant row
    assert any(w.discriminator.quote == d.quote for w in malignant.discriminators_against)
    assert stress.log_lr < by_key(candidates)["ribbing disease"].log_lr


def test_a_discriminator_the_case_does_not_speak_to_is_kept_unweighed(candidates):
    osteoid = by_key(candidates)["osteoid osteoma"]
    assert any("nidus" in d.quote for d in osteoid.discriminators_unweighed)
    assert not osteoid.discriminators_against


def test_a_passage_sharing_nothing_with_the_case_gives_no_candidate(candidates, corpus, bone_kb, vocabulary):
    keys = set(by_key(candidates))
    assert "melanoma" not in keys
    assert all(p.pmid != "90000002" for c in candidates for p in c.passages)
    index, _ = corpus
    case = "Survival of women at five years with fever"       # retrieves the staging paper, shares no finding
    assert any(h.pmid == "90000002" for h in index.search(case, k=10))
    assert literature_candidates(index, case, ["Fever"], bone_kb, vocabulary=vocabulary) == []
