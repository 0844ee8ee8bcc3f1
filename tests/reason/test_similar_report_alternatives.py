"""The alternatives a similar published case's report names become rows, quoted and cited, vocabulary or not.

``tests/fixtures/reason/formats/radial_osteoid_osteoma_report.txt`` (an invented two-paragraph case report written
for these tests, plain text): a violinist's painful diaphyseal sclerosis of the radius, diagnosed as osteoid
osteoma. Its case paragraph names an earlier diagnosis (tenosynovitis, no differential cue); its discussion names
chronic osteomyelitis, a stress fracture and hand-arm vibration syndrome (a disease the tiny vocabulary does not
hold), an "Ewing sarcoma-like lesion", and "The absence of fever argues against chronic osteomyelitis". Beside it:
the femur report and the melanoma staging paper of ``femur_case_report.xml``. Knowledge and vocabulary are those
of ``test_report_formats.py``.
"""

from __future__ import annotations

import pytest

from clinicite.reason.differential import Diagnosis
from clinicite.reason.knowledge import KnowledgeBase
from clinicite.reason.literature import SIMILAR_REPORT_WEIGHT, literature_candidates
from clinicite.reason.merge import NAMED_BY_SIMILAR_LABEL, literature_support, similar_report_sentence

from .test_report_formats import _index
from .tiny_vocabulary import FOLDER, tiny_vocabulary

REPORT = FOLDER / "formats" / "radial_osteoid_osteoma_report.txt"
CASE = "A 30-year-old woman has forearm bone pain and diaphyseal sclerosis of the radius, without fever."


@pytest.fixture(scope="module")
def bone_kb() -> KnowledgeBase:
    return KnowledgeBase.from_files(hpo_obo=FOLDER / "lit_bone.obo", hpoa=FOLDER / "lit_bone.hpoa",
                                    orphapackets=FOLDER / "lit_bone_orphanet.jsonl")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return _index(tmp_path_factory.mktemp("alternatives-home"), REPORT)


@pytest.fixture(scope="module")
def found(corpus, bone_kb):
    index, _, _ = corpus
    return {c.key: c for c in literature_candidates(index, CASE, [], bone_kb, vocabulary=tiny_vocabulary())}


def test_the_report_is_the_similar_case_and_its_diagnosis_leads(found, corpus):
    _, _, report_id = corpus
    stated = found["osteoid osteoma"]
    assert stated.similar_case is not None and stated.similar_case.similar
    assert stated.similar_case.document_id == report_id
    assert stated.log_lr == max(c.log_lr for c in found.values())
    assert not stated.named_by_similar_report or similar_report_sentence(stated) is not None


def test_every_alternative_the_report_names_is_a_candidate_it_is_said_to_name(found, corpus):
    _, _, report_id = corpus
    for key in ("chronic osteomyelitis", "stress fracture", "hand arm vibration syndrome", "ewing sarcoma",
                "tenosynovitis"):
        assert key in found, f"{key} is named by the similar report"
        candidate = found[key]
        assert candidate.named_by_similar_report and candidate.similar_report_id == report_id
        assert candidate.log_lr < found["osteoid osteoma"].log_lr


def test_a_disease_outside_the_vocabulary_is_quoted_with_its_exact_span(found, corpus):
    _, texts, report_id = corpus
    vibration = found["hand arm vibration syndrome"]
    assert vibration.concept_id is None and vibration.named_in_differential     # no list holds it
    document_id, start, end, quote = similar_report_sentence(vibration)
    assert document_id == report_id and texts[report_id][start:end] == quote
    assert "hand-arm vibration syndrome" in quote and quote.startswith("The differential diagnosis included")


def test_an_earlier_diagnosis_in_the_case_paragraph_is_named_without_a_differential_cue(found, corpus):
    _, texts, report_id = corpus
    tenosynovitis = found["tenosynovitis"]
    assert not tenosynovitis.named_in_differential
    document_id, start, end, quote = similar_report_sentence(tenosynovitis)
    assert texts[report_id][start:end] == quote and "treated for tenosynovitis" in quote


def test_a_likened_disease_is_an_alternative_never_the_diagnosis_made(found):
    ewing = found["ewing sarcoma"]
    assert not ewing.reported_diagnosis and ewing.similar_case is None


def test_no_finding_procedure_or_category_word_is_a_candidate(found):
    for key in found:
        assert key not in {"diaphyseal sclerosis", "bone pain", "pain", "fever", "excision", "radiographs",
                           "nidus", "lesion", "soft tissue mass", "ct"}, key


def test_the_row_quotes_and_cites_the_report_s_sentence(found, corpus):
    _, texts, report_id = corpus
    vibration = found["hand arm vibration syndrome"]
    row = Diagnosis(id="literature:hand arm vibration syndrome", ids=[], name=vibration.name, probability=0.01,
                    log_likelihood_ratio=0.0, rank=3, source="literature")
    literature_support(row, vibration)
    named = [w for w in row.for_ if w.label == NAMED_BY_SIMILAR_LABEL]
    assert len(named) == 1 and named[0].weight == SIMILAR_REPORT_WEIGHT
    assert "hand-arm vibration syndrome" in named[0].explanation and report_id in named[0].explanation
    cited = row.passages[0]
    assert cited["document_id"] == report_id
    assert texts[report_id][cited["start"]:cited["end"]] == cited["mention"]


def test_a_case_the_report_does_not_match_gets_none_of_its_alternatives(corpus, bone_kb):
    index, _, _ = corpus
    case = "Survival of women at five years with fever and sentinel node biopsy"
    for candidate in literature_candidates(index, case, ["Fever"], bone_kb, vocabulary=tiny_vocabulary()):
        assert not candidate.named_by_similar_report, candidate.key
