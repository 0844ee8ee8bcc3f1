"""Literature candidates from hand-written passages, searched through the real index.

Each passage becomes a stored document, indexed by clinicite's own SearchIndex
(lexical only, to stay fast); candidates come from its real hits and offsets.
"""

from __future__ import annotations

import math

import pytest

from clinicite.reason.differential import rank_diseases
from clinicite.reason.literature import literature_candidates, merge_differentials
from clinicite.reason.mentions import abbreviation_definitions, find_mentions, long_form
from .tiny_vocabulary import tiny_vocabulary

VOCABULARY = tiny_vocabulary()


PASSAGES = [
    ("PMID:100", "Intramedullary osteosclerosis of the tibia",
     "Intramedullary osteosclerosis (IMOS) is a rare cause of leg pain with diaphyseal sclerosis of the tibia. "
     "IMOS is a diagnosis of exclusion."),
    ("PMID:101", "Leg pain in runners",
     "A tibial stress fracture presents with leg pain after exercise; sclerosis may be seen on radiographs. "
     "Osteoid osteoma and chronic osteomyelitis are the main alternatives."),
    ("PMID:102", "Sclerosing lesions of long bones",
     "Diaphyseal sclerosis with leg pain suggests IMOS, osteoid osteoma or Ribbing disease; "
     "strabismus is unrelated."),
    ("PMID:103", "Childhood eye movement disorders",
     "Eye movement disorder B presents with strabismus and nystagmus in childhood."),
]


_INDEXES: dict = {}


def real_index(passages, folder):
    """A real SearchIndex over ``passages`` (id, title, text), built once per passage set."""
    from clinicite.index import SearchIndex
    from clinicite.ingest.document import Document, Section
    from clinicite.settings import load_settings
    from clinicite.store.database import Database
    from clinicite.store.documents import save_documents

    key = tuple(passages)
    if key not in _INDEXES:
        settings = load_settings(home=folder, embedding_model="none")
        database = Database.open(settings.resolved_database_url)
        documents = [Document(id=pid, source="pubmed", title=title, pmid=pid.split(":")[1],
                              sections=[Section(text, label="ABSTRACT")]).assemble() for pid, title, text in passages]
        with database.session() as session:
            save_documents(session, documents)
        index = SearchIndex.open(settings, database)
        index.sync()
        _INDEXES[key] = (index, {d.id: d.text for d in documents})
    return _INDEXES[key][0]


@pytest.fixture
def searcher(tmp_path_factory):
    return lambda passages: real_index(passages, tmp_path_factory.mktemp("literature-home"))


def test_long_forms_follow_schwartz_hearst():
    assert long_form("a rare cause called Intramedullary osteosclerosis", "IMOS") == "Intramedullary osteosclerosis"
    assert long_form("chronic recurrent multifocal osteomyelitis", "CRMO") == \
        "chronic recurrent multifocal osteomyelitis"
    assert long_form("the patient", "XYZ") is None
    assert abbreviation_definitions("Magnetic resonance imaging (MRI) was done.") == \
        [("MRI", "Magnetic resonance imaging")]


def test_disease_mentions_from_lexicon_patterns_and_abbreviations():
    abbreviations = {}
    text = ("Intramedullary osteosclerosis (IMOS) mimics a stress fracture. Ewing sarcoma and IMOS differ; "
            "magnetic resonance imaging (MRI) and the diagnosis help.")
    mentions = find_mentions(text, {"ewing sarcoma": "ORPHA:319", "stress fracture": None}, abbreviations)
    keys = [m.key for m in mentions]
    assert keys.count("intramedullary osteosclerosis") == 3         # long form + two uses of IMOS
    assert "stress fracture" in keys and "ewing sarcoma" in keys
    assert next(m for m in mentions if m.key == "ewing sarcoma").disease_id == "ORPHA:319"
    assert "diagnosis" not in keys and "MRI" not in abbreviations   # imaging is not a disease
    for m in mentions:
        assert text[m.start:m.end] == m.surface


def test_literature_candidates_aggregate_passages_and_findings(tiny_kb, searcher):
    candidates = literature_candidates(searcher(PASSAGES), "adult with leg pain and diaphyseal sclerosis of the tibia",
                                       ["Leg pain", "Sclerosis"], tiny_kb,
                                       vocabulary=VOCABULARY)
    by_key = {c.key: c for c in candidates}
    imos = by_key["intramedullary osteosclerosis"]
    assert len(imos.passages) == 2 and set(imos.findings) == {"Leg pain", "Sclerosis"}
    assert {p.pmid for p in imos.passages} == {"100", "102"}
    assert candidates[0].key in {"intramedullary osteosclerosis", "osteoid osteoma"}
    assert by_key["stress fracture"].log_lr < imos.log_lr
    passage = imos.passages[0]
    text = _INDEXES[tuple(PASSAGES)][1][passage.document_id]     # the stored document's text
    assert text[passage.mention_start:passage.mention_end] == passage.mention


def test_known_diseases_are_linked_to_the_knowledge_base(tiny_kb, searcher):
    candidates = literature_candidates(searcher(PASSAGES), "strabismus nystagmus", [], tiny_kb,
                                       vocabulary=VOCABULARY)
    linked = next(c for c in candidates if c.disease_id)
    assert linked.disease_id == "OMIM:100002"           # the primary id of its equivalence group
    assert linked.name == "Eye movement disorder B"


def test_merge_puts_both_sources_on_one_probability_scale(tiny_kb, searcher):
    knowledge = rank_diseases(tiny_kb, ["HP:0000486", "HP:0000639"], top=50)
    candidates = literature_candidates(searcher(PASSAGES), "strabismus nystagmus leg pain sclerosis",
                                       ["Strabismus", "Nystagmus"], tiny_kb,
                                       vocabulary=VOCABULARY)
    merged = merge_differentials(knowledge, candidates, top=50)
    total = sum(d.probability for d in merged.diagnoses) + merged.unlisted_probability
    assert math.isclose(total, 1.0, rel_tol=1e-9)
    assert [d.rank for d in merged.diagnoses] == list(range(1, len(merged.diagnoses) + 1))
    b = next(d for d in merged.diagnoses if d.id == "OMIM:100002")
    b_before = next(d for d in knowledge.diagnoses if d.id == "OMIM:100002")
    assert b.passages and b.probability > b_before.probability          # literature support raises it
    assert "PMID:103" in b.references
    only = [d for d in merged.diagnoses if d.source == "literature"]
    assert only and all(d.id.startswith("literature:") and d.passages for d in only)
    assert b_before.passages == []                                      # the input is left unchanged


@pytest.mark.parametrize("query", ["", "nothing matches here"])
def test_no_hits_no_candidates(tiny_kb, searcher, query):
    assert literature_candidates(searcher(PASSAGES), query, [], tiny_kb, vocabulary=VOCABULARY) == []


# The case: a 38-year-old woman, 3 months of thigh pain, diaphyseal sclerosis of the femur, no family history.
FEMUR_CASE = ("38-year-old woman with 3 months of thigh pain and diaphyseal sclerosis of the femur, "
              "no family history")
FEMUR_FINDINGS = ["Pain", "Diaphyseal sclerosis"]
BONE_PASSAGES = [
    ("PMID:200", "Osteoid osteoma of the femoral shaft",
     "Osteoid osteoma causes night pain relieved by aspirin; radiographs show a nidus within diaphyseal "
     "sclerosis of the femur."),
    ("PMID:201", "Femoral stress fracture in a young woman",
     "A femoral stress fracture in a young woman with thigh pain showed periosteal diaphyseal sclerosis."),
    ("PMID:202", "Ribbing disease: a case report",
     "Ribbing disease presents in adults with thigh pain and diaphyseal sclerosis of the femur or tibia, "
     "without a family history."),
    ("PMID:203", "Chronic osteomyelitis of long bones",
     "Chronic osteomyelitis of the femur may show thickened cortex and diaphyseal sclerosis with pain."),
    ("PMID:300", "Incidence of multiple sclerosis in a population cohort",
     "The first disease episode was monophasic disease in most; population cancer registries showed incident "
     "colon cancer, and prevalent disease was common in women."),
    ("PMID:301", "Cancer epidemiology",
     "Colon cancer incidence rose among women aged 38 years; population cancer rates were stable."),
]


def test_bone_case_gets_bone_candidates_and_no_epidemiology_junk(tiny_kb, searcher):
    candidates = literature_candidates(searcher(BONE_PASSAGES), FEMUR_CASE, FEMUR_FINDINGS, tiny_kb,
                                       vocabulary=VOCABULARY)
    keys = {c.key for c in candidates}
    assert {"osteoid osteoma", "stress fracture", "ribbing disease", "chronic osteomyelitis"} <= keys
    for junk in ("first disease", "monophasic disease", "population cancer", "colon cancer", "prevalent disease",
                 "incident colon cancer", "multiple sclerosis", "diaphyseal sclerosis"):
        assert junk not in keys
    assert all(p.pmid in {"200", "201", "202", "203"} for c in candidates for p in c.passages)


def test_irrelevant_hits_give_no_candidates(tiny_kb, searcher):
    epidemiology = [p for p in BONE_PASSAGES if p[0] in ("PMID:300", "PMID:301")]
    assert literature_candidates(searcher(epidemiology), FEMUR_CASE, FEMUR_FINDINGS, tiny_kb,
                                 vocabulary=VOCABULARY) == []


def test_weak_literature_support_moves_little_mass_and_top_is_kept(tiny_kb, searcher):
    knowledge = rank_diseases(tiny_kb, ["HP:0004322"], top=3)
    weak = literature_candidates(searcher(BONE_PASSAGES[:1]), FEMUR_CASE, FEMUR_FINDINGS, tiny_kb,
                                       vocabulary=VOCABULARY)
    merged = merge_differentials(knowledge, weak)
    assert len(merged.diagnoses) <= len(knowledge.diagnoses)
    literature_mass = sum(d.probability for d in merged.diagnoses if d.source == "literature")
    assert literature_mass < knowledge.unlisted_probability
    strong = literature_candidates(searcher(BONE_PASSAGES), FEMUR_CASE, FEMUR_FINDINGS, tiny_kb,
                                       vocabulary=VOCABULARY)
    assert len(merge_differentials(knowledge, strong, top=2).diagnoses) == 2


BROAD_PASSAGES = [
    ("PMID:300", "Eye movement disorder B in adults",
     "Eye movement disorder B is managed by orthoptists; a seizure is reported in some adults with it."),
    ("PMID:301", "Focal epilepsy syndrome A",
     "Focal epilepsy syndrome A presents with a focal-onset seizure in childhood."),
]


def test_a_passage_sharing_only_a_broad_finding_makes_no_candidate(tiny_kb, searcher, monkeypatch):
    """A review of opioid pharmacogenomics in sickle cell disease shares only "pain" with a painful case: with the
    case's one finding broad (many narrower terms), the disease a passage names beside it is no candidate."""
    import clinicite.reason.literature as literature

    def keys(case: str) -> set[str]:
        return {c.key for c in literature_candidates(searcher(BROAD_PASSAGES), case, [], tiny_kb,
                                                     vocabulary=VOCABULARY)}
    assert "eye movement disorder b" in keys("a man with a seizure")     # Seizure is narrow in the real threshold
    monkeypatch.setattr(literature, "BROAD_FINDING_DESCENDANTS", 2)       # the tiny ontology's Seizure has two
    assert "eye movement disorder b" not in keys("a man with a seizure")
    # A specific finding still makes its disease a candidate.
    assert "focal epilepsy syndrome a" in keys("a man with a focal-onset seizure")
