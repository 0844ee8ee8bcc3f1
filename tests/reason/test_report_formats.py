"""One case report, ingested as plain text or as JATS full text, read as a similar published case.

``tests/fixtures/reason/formats/tibial_osteomyelitis_report.{txt,nxml}`` (written for these tests, the same
invented report in two formats): a farmer's sclerotic tibial shaft with a sinus track, diagnosed as chronic
osteomyelitis; its discussion names Ewing sarcoma, osteoid osteoma, stress fracture and Ribbing disease, with
discriminators ("The fever argues against Ribbing disease"). Beside it in the corpus: the femur report and the
melanoma staging paper of ``femur_case_report.xml`` (PubMed XML). Knowledge and vocabulary are those of
``test_literature_differential.py``.
"""

from __future__ import annotations

import pytest

from clinicite.reason.knowledge import KnowledgeBase
from clinicite.reason.literature import literature_candidates

from .tiny_vocabulary import FOLDER, tiny_vocabulary

FORMATS = FOLDER / "formats"
CASE = "A 60-year-old man has shin pain, fever and diaphyseal sclerosis of the tibia."
NAMED = {"ewing sarcoma", "osteoid osteoma", "stress fracture", "ribbing disease"}


@pytest.fixture(scope="module")
def bone_kb() -> KnowledgeBase:
    return KnowledgeBase.from_files(hpo_obo=FOLDER / "lit_bone.obo", hpoa=FOLDER / "lit_bone.hpoa",
                                    orphapackets=FOLDER / "lit_bone_orphanet.jsonl")


def _index(tmp_path, report):
    """The report and the femur fixture read by the real readers, stored and indexed by the real SearchIndex."""
    from clinicite.index import SearchIndex
    from clinicite.ingest.document import Document
    from clinicite.ingest.readers import read_path
    from clinicite.settings import load_settings
    from clinicite.store.database import Database
    from clinicite.store.documents import save_documents

    settings = load_settings(home=tmp_path, embedding_model="none")
    database = Database.open(settings.resolved_database_url)
    documents = [e for path in (report, FOLDER / "femur_case_report.xml") for e in read_path(path)
                 if isinstance(e, Document)]
    with database.session() as session:
        save_documents(session, documents)
    index = SearchIndex.open(settings, database)
    index.sync()
    return index, {d.id: d.text for d in documents}, documents[0].id


@pytest.fixture(scope="module", params=["tibial_osteomyelitis_report.txt", "tibial_osteomyelitis_report.nxml"])
def corpus(request, tmp_path_factory):
    return _index(tmp_path_factory.mktemp("formats-home"), FORMATS / request.param)


def by_key(candidates):
    return {c.key: c for c in candidates}


def test_the_report_is_a_similar_case_in_every_format(corpus, bone_kb):
    index, _, report_id = corpus
    found = by_key(literature_candidates(index, CASE, [], bone_kb, vocabulary=tiny_vocabulary()))
    stated = found["chronic osteomyelitis"]
    assert stated.reported_diagnosis and stated.similar_case is not None and stated.similar_case.by_findings
    assert stated.similar_case.document_id == report_id
    assert stated.log_lr == max(c.log_lr for c in found.values())
    assert NAMED <= {k for k, c in found.items() if c.named_in_differential}


def test_the_named_alternatives_carry_the_report_s_quoted_discriminators(corpus, bone_kb):
    index, texts, report_id = corpus
    found = by_key(literature_candidates(index, CASE, [], bone_kb, vocabulary=tiny_vocabulary()))
    ribbing = found["ribbing disease"]
    against = [w for w in ribbing.discriminators_against if w.discriminator.document_id == report_id]
    assert against, "the report's 'fever argues against Ribbing disease' should weigh against it"
    d = against[0].discriminator
    assert texts[report_id][d.start:d.end] == d.quote and "fever" in d.quote.lower()
    assert against[0].case_state == "present" and against[0].log_lr < 0
    assert ribbing.log_lr < found["chronic osteomyelitis"].log_lr


def test_a_case_without_recognised_findings_finds_the_report_by_its_words(corpus, bone_kb):
    """No HPO finding of this tiny ontology in the case: the text route, the first-ranked report by a margin."""
    index, _, report_id = corpus
    case = "A farmer has a draining sinus track over the shin; the tibial cortex shows a lucent track."
    found = by_key(literature_candidates(index, case, [], bone_kb, vocabulary=tiny_vocabulary()))
    match = found["chronic osteomyelitis"].similar_case
    assert match is not None and match.by_text and not match.by_findings and match.document_id == report_id
    assert {"farmer", "sinus"} <= set(match.terms)
    assert "weaker evidence" in match.describe()


def test_a_case_that_matches_no_report_gets_no_similar_case(corpus, bone_kb):
    index, _, _ = corpus
    case = "Survival of women at five years with fever and sentinel node biopsy"
    for candidate in literature_candidates(index, case, ["Fever"], bone_kb, vocabulary=tiny_vocabulary()):
        assert candidate.similar_case is None or not candidate.similar_case.similar


def test_a_negative_the_published_patient_had_makes_the_report_less_similar(corpus, bone_kb):
    index, _, _ = corpus
    with_fever = by_key(literature_candidates(index, CASE, [], bone_kb, vocabulary=tiny_vocabulary()))
    case = "A 60-year-old man has shin pain and diaphyseal sclerosis of the tibia, with no fever."
    without = by_key(literature_candidates(index, case, [], bone_kb, vocabulary=tiny_vocabulary()))
    match = without["chronic osteomyelitis"].similar_case
    assert match is not None and match.contradicted == ["Fever"]
    assert "unlike this patient, that one had fever" in match.describe()
    assert match.strength < with_fever["chronic osteomyelitis"].similar_case.strength
