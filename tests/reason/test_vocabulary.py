"""The disease vocabulary: ICD-10-CM reading, name keys, the cache file, linking to the knowledge base."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from clinicite.reason.knowledge import KnowledgeBase
from clinicite.reason.mentions import disease_lexicon, find_mentions
from clinicite.reason.vocabulary import Vocabulary, link_knowledge_base, name_key
from clinicite.reason.vocabulary.disease_ontology import read_disease_ontology
from clinicite.reason.vocabulary.icd10cm import category_of, read_icd10cm

from .tiny_vocabulary import FOLDER, tiny_vocabulary


def test_icd_tabular_list_gives_concepts_with_categories_and_inclusion_terms():
    concepts = {c.id: c for c in read_icd10cm(FOLDER / "icd10cm_tiny.xml")}
    stress = concepts["ICD10CM:M84.3"]
    assert stress.name == "Stress fracture" and stress.category == "trauma and stress injury"
    assert "Fatigue fracture" in stress.synonyms and "Stress fracture NOS" not in stress.synonyms
    assert concepts["ICD10CM:M86.6"].name == "Chronic osteomyelitis"          # "Other" is dropped
    assert concepts["ICD10CM:M86"].category == "infection"
    assert "lead poisoning" in concepts["ICD10CM:T56.0"].synonyms and concepts["ICD10CM:T56.0"].category == "toxic"
    assert concepts["ICD10CM:C79.5"].category == "neoplasm: metastatic"
    assert "ICD10CM:M84.35" not in concepts                    # site and side variants are not new diseases
    assert "ICD10CM:M86.9" not in concepts                     # "unspecified" classes are not names
    assert not any(c.startswith("ICD10CM:R") for c in concepts)   # chapter XVIII holds findings


def test_deeper_icd_codes_that_name_a_disease_are_concepts_but_side_and_site_variants_are_not():
    concepts = {c.id: c for c in read_icd10cm(FOLDER / "icd10cm_tiny.xml")}
    pres = concepts["ICD10CM:I67.83"]                # two levels below the category
    assert pres.name == "Posterior reversible encephalopathy syndrome" and pres.category == "vascular"
    assert "PRES" in pres.synonyms
    assert "ICD10CM:I69.35" in concepts              # a condition of its own, not a place of its parent
    assert "ICD10CM:I69.351" not in concepts         # side
    assert "ICD10CM:M84.35" not in concepts and "ICD10CM:M84.351" not in concepts   # site, then side


def test_the_supplement_names_eponyms_that_icd_files_under_a_description():
    from clinicite.reason.vocabulary.build import read_supplement
    vocabulary = Vocabulary(source="test")
    for concept in read_supplement():
        vocabulary.add(concept)
    assert vocabulary.lookup("herpes zoster oticus").name == "Ramsay Hunt syndrome"
    assert vocabulary.lookup("Mondor's disease").category == "vascular"
    assert vocabulary.lookup("torsion of the testis").name == "Testicular torsion"
    assert vocabulary.lookup("thyrotoxic crisis").name == "Thyroid storm"
    assert vocabulary.lookup("superior sulcus tumour").name == "Pancoast tumor"


@pytest.mark.parametrize("code, category", [("C40.2", "neoplasm: malignant"), ("C79.51", "neoplasm: metastatic"),
                                            ("D16.2", "neoplasm: benign"), ("E55.0", "nutritional and metabolic"),
                                            ("E67.3", "toxic"), ("Q78.3", "congenital and genetic"),
                                            ("M87.0", "vascular"), ("E05", "endocrine"), ("F32", "other")])
def test_categories_follow_icd_ranges(code, category):
    assert category_of(code) == category


def test_name_keys_fold_case_plural_hyphen_possessive_and_spelling():
    assert name_key("Ewing's sarcomas") == name_key("ewing sarcoma")
    assert name_key("Leukaemia") == name_key("leukemia")
    assert name_key("haemangiomas") == name_key("hemangioma")
    assert name_key("Camurati-Engelmann disease") == "camurati engelmann disease"
    assert name_key("multiple exostoses") == name_key("multiple exostosis")
    assert name_key("metastases") == name_key("metastasis")


def test_the_cache_file_is_inspectable_json_lines_and_loads_back(tmp_path):
    vocabulary = tiny_vocabulary()
    path = tmp_path / "vocabulary.jsonl"
    vocabulary.save(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["concepts"] == len(vocabulary)
    rows = [json.loads(line) for line in lines[1:]]
    assert {"id", "name", "category", "synonyms", "codes", "keys"} <= set(rows[0])
    loaded = Vocabulary.load(path)
    assert loaded.lookup("Ewing's sarcomas").name == "Ewing sarcoma"
    assert loaded.lookup("fatigue fractures").id == "ICD10CM:M84.3"
    assert loaded.lookup("pain") is None


def test_knowledge_base_records_of_one_disease_join_one_concept():
    kb = KnowledgeBase.from_files(hpo_obo=FOLDER / "lit_bone.obo", hpoa=FOLDER / "lit_bone.hpoa",
                                  orphapackets=FOLDER / "lit_bone_orphanet.jsonl")
    linked = link_knowledge_base(tiny_vocabulary(), kb)
    camurati = linked.lookup("Camurati-Engelmann disease")
    assert camurati.id == "ICD10CM:Q78.3"                                # ICD names it "... syndrome"
    assert {"OMIM:131300", "ORPHA:1328"} <= set(camurati.codes)
    assert linked.lookup("Ribbing disease").category == "congenital and genetic"    # a KB-only disease
    lexicon = disease_lexicon(kb, tiny_vocabulary())
    mentions = find_mentions("Progressive diaphyseal dysplasia (Camurati-Engelmann disease) and Ribbing disease.",
                             lexicon, {})
    assert [m.disease_id for m in mentions] == ["OMIM:131300", "OMIM:131300", "OMIM:601477"]


def test_mentions_admit_eponyms_and_drop_findings_and_search_words():
    text = ("Suspecting cancer, investigating cancer and treating disease, we found Ribbing disease and "
            "chondroblastoma, not diaphyseal sclerosis; sclerosis alone is no disease, and malignancy is a class.")
    kb = KnowledgeBase.from_files(hpo_obo=FOLDER / "lit_bone.obo", hpoa=FOLDER / "lit_bone.hpoa")
    mentions = find_mentions(text, disease_lexicon(kb, Vocabulary()), {})
    assert [m.key for m in mentions] == ["ribbing disease", "chondroblastoma"]
    for m in mentions:
        assert text[m.start:m.end] == m.surface


def test_the_disease_ontology_snapshot_is_read_without_running_code(tmp_path):
    path = tmp_path / "DO.pkl"
    path.write_bytes(pickle.dumps({"terms": {"x": Path("/")}}))          # any class, here a pathlib one
    with pytest.raises(pickle.UnpicklingError):
        read_disease_ontology(path)
    plain = tmp_path / "plain.pkl"
    plain.write_bytes(pickle.dumps({"data_version": "test", "terms": {"osteosarcoma": "3347", "bone disease": "1",
                                                                      "disease": "4"}}))
    concepts, version = read_disease_ontology(plain)
    assert version == "test" and [(c.id, c.category) for c in concepts] == [("DOID:3347", "neoplasm: malignant")]


def test_real_icd10cm_package_data():
    pytest.importorskip("simple_icd_10_cm", reason="simple-icd-10-cm is not installed")
    concepts = {c.id: c for c in read_icd10cm()}
    assert len(concepts) > 5000
    assert concepts["ICD10CM:M84.3"].category == "trauma and stress injury"
    assert "Scurvy" in concepts["ICD10CM:E54"].synonyms
    assert concepts["ICD10CM:Q78.3"].category == "congenital and genetic"
    assert not any(c.startswith(("ICD10CM:R", "ICD10CM:Z")) for c in concepts)
