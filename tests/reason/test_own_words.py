"""A matching case report found from the case's own words, and the subject it announces read when no vocabulary
names it.

Corpus: ``tests/fixtures/reason/own_words/eye_worm_report.txt`` (plain text written for these tests: an invented
report of ocular thelaziasis in an infant, a disease neither the tiny vocabulary nor the knowledge base holds) beside
the four invented PubMed papers of ``tibia_case_report.xml``. The case names no finding the tiny ontology holds, so
only a similar published case may rank anything (reason/engine.py). Runs through ``Clinicite.ingest`` and
``Clinicite.diagnose``.
"""

from __future__ import annotations

import json

import pytest

from clinicite.app import Clinicite
from clinicite.reason.similar_case import MIN_WORD_COVERAGE, CaseMatch
from clinicite.reason.stated_subject import subject_phrases

from .tiny_vocabulary import FOLDER, tiny_vocabulary

CASE = "A baby of 7 months from a hill district has red watery eyes, and thin white worms were taken from the conjunctival sac."


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    home = tmp_path_factory.mktemp("own-words-home")
    app = Clinicite(home=home, embedding_model="none")
    app.paths.knowledge_dir.mkdir(parents=True, exist_ok=True)
    app.knowledge_manifest.write_text(json.dumps({"hpo_obo": str(FOLDER / "lit_bone.obo"),
                                                  "hpoa": str(FOLDER / "lit_bone.hpoa"),
                                                  "orphanet": str(FOLDER / "lit_bone_orphanet.jsonl")}))
    app.__dict__["vocabulary"] = tiny_vocabulary()
    app.ingest([FOLDER / "tibia_case_report.xml", FOLDER / "own_words"])
    yield app
    app.close()


def test_the_report_found_from_the_cases_words_gives_the_diagnosis_it_announces(app):
    facts, differential = app.diagnose(CASE)
    assert not facts.observed                     # nothing HPO names: the words alone find the report
    leader = differential.diagnoses[0]
    assert leader.name.lower() == "human ocular thelaziasis"
    assert leader.source == "literature"
    similar = [w for w in leader.for_ if w.label == "similar published case"]
    passage = leader.passages[0]
    assert similar and passage["document_id"] in similar[0].explanation
    # traced to the sentence that announces it, by offsets into the stored document
    from clinicite.store.documents import get_document
    with app.database.session() as session:
        text = get_document(session, passage["document_id"]).text
    assert text[passage["mention_start"]:passage["mention_end"]] == "human ocular thelaziasis"


def test_a_case_the_corpus_holds_no_report_of_gets_no_similar_case(app):
    _, differential = app.diagnose("A 70-year-old man has had a dry cough and weight loss for three months; "
                                   "he smoked for forty years and his sputum shows blood.")
    assert not any(w.label == "similar published case" for d in differential.diagnoses for w in d.for_)


@pytest.mark.parametrize("title, text, phrase, move", [
    ("", "We report the first case of human ocular thelaziasis in Nepal in a 6-month-old child.",
     "human ocular thelaziasis", "case of"),
    ("Propofol-Induced Green Urine in a Patient with Status Epilepticus", "", "Propofol-Induced Green Urine", "title"),
    ("Sciatic nerve schwannoma: a rare case.", "", "Sciatic nerve schwannoma", "title"),
    ("", "Hemolacria is a very rare entity. An 11-year-old girl had bloody tears.", "Hemolacria", "definition"),
    ("", "Background: Acute necrotizing encephalopathy (ANE) is a rapidly progressive encephalopathy. "
         "We report two rare cases of ANE preceded by a viral infection.", "Acute necrotizing encephalopathy", "case of"),
    ("", "In this report we present a 14-year-old case with late stage Escobar syndrome who was admitted.",
     "Escobar syndrome", "case of"),
])
def test_the_moves_that_announce_a_reports_subject(title, text, phrase, move):
    found = subject_phrases(title, text)
    assert found and found[0][1].phrase == phrase and found[0][1].move == move
    where, subject = found[0]
    source = title if where == "title" else text
    assert source[subject.start:subject.end] == phrase


@pytest.mark.parametrize("text", [
    "We present the case of a 52-year-old man who developed green urine.",   # the patient, not the disease
    "Pain is a common symptom. This is known to be hard to treat.",
    "Here, we report a 37-year-old woman's case with recurrent and rapidly progressive tumours.",   # a modifier
])
def test_a_patient_or_a_pronoun_is_no_subject(text):
    assert subject_phrases("", text) == []


def test_the_question_asked_is_not_the_cases_wording(app):
    _, differential = app.diagnose(f"{CASE} What is the most likely diagnosis here, and which tests would you order?")
    assert differential.diagnoses[0].name.lower() == "human ocular thelaziasis"


def test_the_words_route_needs_the_first_document_a_patient_and_enough_of_the_words():
    match = CaseMatch("pmid:1", describes_patient=True, rank=0, coverage=MIN_WORD_COVERAGE, shared=["conjun", "worms"])
    assert match.similar and match.log_lr > 0 and "case's own words (conjun, worms)" in match.describe()
    assert not CaseMatch("pmid:1", describes_patient=True, rank=1, coverage=0.9).similar
    assert not CaseMatch("pmid:1", describes_patient=False, rank=0, coverage=0.9).similar
    assert not CaseMatch("pmid:1", describes_patient=True, rank=0, coverage=MIN_WORD_COVERAGE - 0.05).similar


def test_the_findings_route_needs_some_of_the_cases_words_too():
    # Two common findings shared with a report that holds almost none of a long stem's wording: no similar case.
    from clinicite.reason.similar_case import MIN_FINDINGS_WORDS
    shared = dict(describes_patient=True, rank=0, findings=["Fever", "Headache"], strength=6.0)
    assert CaseMatch("pmid:1", words_share=MIN_FINDINGS_WORDS, **shared).by_findings
    assert not CaseMatch("pmid:1", words_share=MIN_FINDINGS_WORDS - 0.1, **shared).similar
    assert CaseMatch("pmid:1", **shared).by_findings          # not measured: the findings alone decide


def test_every_read_document_gets_its_share_of_the_case_words():
    from clinicite.reason.first_document import first_document_routes

    class Hit:
        def __init__(self, document_id, text, score):
            self.document_id, self.title, self.text, self.score = document_id, "", text, score
    hits = [Hit("a", "thin white worms from the conjunctival sac of a baby with watery eyes", 9.0),
            Hit("b", "fever and headache in a farmer", 5.0)]
    matches = {"a": CaseMatch("a", describes_patient=True), "b": CaseMatch("b", describes_patient=True)}
    first_document_routes(hits, matches, CASE)
    assert matches["a"].words_share > 0.4 and matches["b"].words_share == 0.0
