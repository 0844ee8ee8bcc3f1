"""A matching case report among unrelated papers, ingested through the core: its stated diagnosis leads.

Corpus: ``tests/fixtures/reason/tibia_case_report.xml`` (PubMed XML written for these tests): a two-paragraph
case report (painful diaphyseal sclerosis of the tibia, no hyperaemia on the blood-pool images, no fever) whose
discussion names chronic osteomyelitis, stress fracture, osteoid osteoma and Camurati-Engelmann disease with their
discriminators and states "The final diagnosis was intramedullary osteosclerosis (IMOS)", a disease neither the
vocabulary nor the knowledge base holds; and three unrelated papers (melanoma staging, knee osteoarthritis, lead
in children). Knowledge: ``lit_bone.*`` (see ``test_literature_differential.py`` for its ontology); vocabulary:
``tiny_vocabulary``. Everything runs through ``Clinicite.ingest`` and ``Clinicite.diagnose``.
"""

from __future__ import annotations

import json

import pytest

from clinicite.app import Clinicite
from clinicite.reason.mentions import Mention
from clinicite.reason.similar_case import stated_causes, stated_diagnoses

from .tiny_vocabulary import FOLDER, tiny_vocabulary

CASE = ("A 38-year-old woman has seven months of leg pain with diaphyseal sclerosis of the tibia. The ESR was normal. "
        "The bone scan showed no hyperaemia on the blood pool images. She has no fever.")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    home = tmp_path_factory.mktemp("similar-case-home")
    app = Clinicite(home=home, embedding_model="none")
    app.paths.knowledge_dir.mkdir(parents=True, exist_ok=True)
    app.knowledge_manifest.write_text(json.dumps({"hpo_obo": str(FOLDER / "lit_bone.obo"),
                                                  "hpoa": str(FOLDER / "lit_bone.hpoa"),
                                                  "orphanet": str(FOLDER / "lit_bone_orphanet.jsonl")}))
    app.__dict__["vocabulary"] = tiny_vocabulary()     # the home's vocabulary, from fixture files
    app.ingest([FOLDER / "tibia_case_report.xml"])
    yield app
    app.close()


@pytest.fixture(scope="module")
def differential(app):
    _, differential = app.diagnose(CASE)
    return differential


def test_the_reports_stated_diagnosis_leads(differential):
    leader = differential.diagnoses[0]
    assert "intramedullary osteosclerosis" in leader.name.lower()
    # Round 11: intramedullary osteosclerosis is a curated cause too; the report's row joins its record (one
    # disease, one row) and keeps the literature's evidence below.
    assert leader.source in ("literature", "curated")
    similar = [w for w in leader.for_ if w.label == "similar published case"]
    assert similar and "diaphyseal sclerosis" in similar[0].explanation.lower()
    assert "no fever" in similar[0].explanation.lower()
    assert any(p["document_id"] == "pmid:90000101" for p in leader.passages)


def test_named_alternatives_come_with_the_sources_discriminator_quoted_and_its_span(app, differential):
    by_name = {d.name.lower(): d for d in differential.diagnoses}
    assert {"stress fracture", "osteoid osteoma"} <= set(by_name)
    stress = by_name["stress fracture"]
    quoted = [w for w in stress.against if "source:" in w.explanation]
    assert quoted and "absence of hyperaemia" in quoted[0].explanation.lower()
    span = next(p for p in stress.passages if p.get("discriminator"))
    from clinicite.store.documents import get_document
    with app.database.session() as session:
        text = get_document(session, span["document_id"]).text
    assert text[span["start"]:span["end"]] == span["mention"]
    assert differential.diagnoses.index(stress) > 0


def test_nothing_unsupported_is_shown(differential):
    names = " ".join(d.name.lower() for d in differential.diagnoses)
    assert "melanoma" not in names and "osteoarthritis" not in names and "lead poisoning" not in names
    for row in differential.diagnoses:
        assert row.for_, row.name


def _mention(text: str, name: str) -> Mention:
    start = text.index(name)
    return Mention(name.lower(), name, start, start + len(name), None, "pattern")


@pytest.mark.parametrize("sentence, stated", [
    ("The final diagnosis was Ribbing disease.", True),
    ("She was diagnosed with Ribbing disease after a biopsy.", True),
    ("The findings were consistent with Ribbing disease.", True),
    ("A diagnosis of Ribbing disease was made.", True),
    ("Ribbing disease was confirmed by histology.", True),
    ("A diagnosis of Ribbing disease was excluded.", False),
    ("The differential diagnosis includes Ribbing disease.", False),
    ("Contrary to our suspicion of Ribbing disease, the biopsy showed infection.", False),
    ("The picture can mimic Ribbing disease.", False),
    # conclusions in a discussion's own words (round 10)
    ("The histology established Ribbing disease.", True),
    ("Resection of the lesion confirmed a Ribbing disease.", True),
    ("The diagnosis was Ribbing disease, a rare sclerosing dysplasia.", True),
    ("Ribbing disease remains a clinical diagnosis.", True),
    ("Painful sclerosis without a nidus is the hallmark of Ribbing disease.", True),
    ("The picture fits Ribbing disease in an adult.", True),
    ("The scan confirmed no Ribbing disease.", False),
    ("Ribbing disease remains a diagnosis of exclusion in our review.", False),
])
def test_statement_forms_of_the_diagnosis_made(sentence, stated):
    assert bool(stated_diagnoses(sentence, [_mention(sentence, "Ribbing disease")])) is stated


def test_a_stated_cause_is_kept_apart_from_the_diagnosis_made():
    """"A haematoma because of a ruptured aneurysm": the aneurysm is the background, not what was diagnosed;
    the literature reader uses a stated cause only for a report that states no diagnosis directly."""
    text = ("She was diagnosed with spinal subdural haematoma, which developed because of a ruptured aneurysm "
            "treated a week earlier.")
    mentions = [_mention(text, "spinal subdural haematoma"), _mention(text, "aneurysm")]
    assert stated_diagnoses(text, mentions) == {"spinal subdural haematoma"}
    assert stated_causes(text, mentions) == {"aneurysm"}
    only_cause = "The seizures were due to Ribbing disease."
    assert stated_diagnoses(only_cause, [_mention(only_cause, "Ribbing disease")]) == set()
    assert stated_causes(only_cause, [_mention(only_cause, "Ribbing disease")]) == {"ribbing disease"}



def test_two_reports_of_one_disease_do_not_split_the_text_route_margin():
    from dataclasses import dataclass

    from clinicite.reason.literature import _text_route
    from clinicite.reason.similar_case import CaseMatch

    @dataclass
    class Hit:
        document_id: str
        title: str
        text: str
        score: float

    case = "A girl has a painless lump deep in the cheek, inside the masseter."
    hits = [Hit("a", "", "A 9-year-old girl had a lump inside the masseter; the cheek mass was a hemangioma.", 1.0),
            Hit("b", "", "We report a masseter hemangioma in a boy with a cheek lump.", 0.8),
            Hit("c", "", "Parotid tumours in adults.", 0.3)]

    def route(stated):
        matches = {"a": CaseMatch("a", describes_patient=True), "b": CaseMatch("b", describes_patient=True)}
        _text_route(hits, matches, case, stated)
        return matches["a"]

    assert not route({}).by_text                       # the second report is too close: no clear margin
    same = route({"a": {"intramuscular hemangioma"}, "b": {"intramuscular hemangioma"}})
    assert same.by_text and "masseter" in same.terms   # the next report of something else is far behind
    other = route({"a": {"intramuscular hemangioma"}, "b": {"parotid tumour"}})
    assert not other.by_text


def test_a_case_series_describes_patients():
    from clinicite.reason.similar_case import PATIENT
    assert PATIENT.search("Eight infants aged 2 to 15 months were admitted during a period of 6 years")
    assert not PATIENT.search("Apparent life-threatening events are a frequent problem in pediatric practice.")


def test_a_report_stating_only_an_organ_level_grouping_term_shares_no_finding(reason_fixtures):
    """A report's "skeletal anomalies" (Abnormality of the skeletal system) does not make its patient one who had
    the case's metaphyseal sclerosis; a more general term that is itself a finding still matches."""
    from clinicite.reason.knowledge import KnowledgeBase
    from clinicite.reason.similar_case import case_match
    from clinicite.understand.facts import CaseFacts, Finding
    kb = KnowledgeBase.from_files(hpo_obo=reason_fixtures / "bone.obo", hpoa=reason_fixtures / "bone.hpoa",
                                  orphapackets=reason_fixtures / "bone_orphanet.jsonl")
    facts = CaseFacts("metaphyseal sclerosis, macrocephaly", findings=[Finding("HP:0004979", "Metaphyseal sclerosis", "metaphyseal sclerosis", 0, 21),
                                Finding("HP:0000256", "Macrocephaly", "macrocephaly", 26, 38)])
    report = "We report a boy with macrocephaly and skeletal anomalies."
    grouped = case_match("d1", {"HP:0000924", "HP:0000256"}, facts, kb, report)
    assert grouped.findings == ["Macrocephaly"] and not grouped.by_findings
    general = case_match("d2", {"HP:0011001", "HP:0000256"}, facts, kb, report)
    assert general.findings == ["Metaphyseal sclerosis", "Macrocephaly"]


def test_a_bracketed_synonym_is_stated_with_the_name_before_it():
    """"The histology established histiocytic necrotising lymphadenitis (Kikuchi-Fujimoto disease)": both names
    are the diagnosis made; an alternative named after it in the next sentence is not."""
    text = ("The histology established histiocytic necrotising lymphadenitis (Kikuchi-Fujimoto disease). "
            "Its principal mimic is lymphoma.")
    mentions = [_mention(text, n) for n in ("histiocytic necrotising lymphadenitis", "Kikuchi-Fujimoto disease",
                                            "lymphoma")]
    assert stated_diagnoses(text, mentions) == {"histiocytic necrotising lymphadenitis", "kikuchi-fujimoto disease"}


def test_a_titles_subject_is_not_a_findings_name():
    """A title that opens with a finding ("Paroxysmal hypertension from a phaeochromocytoma in a man ...") has as
    subject the first disease that is not a finding's name; a title that names only findings states none."""
    from clinicite.reason.similar_case import title_diagnoses

    def finding(title: str) -> Mention:
        start = title.index("hypertension")
        return Mention("hypertension", "hypertension", start, start + len("hypertension"), None, "lexicon",
                       phenotype=True)
    title = "Paroxysmal hypertension from a phaeochromocytoma in a 40-year-old man treated for anxiety"
    assert title_diagnoses(title, [finding(title), _mention(title, "phaeochromocytoma")]) == {"phaeochromocytoma"}
    only = "Paroxysmal hypertension and an adrenal mass in a man treated for anxiety"
    assert title_diagnoses(only, [finding(only)]) == set()
