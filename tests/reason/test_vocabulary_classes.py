"""ICD-10-CM codes that file several diseases together do not make them one concept (round 12).

Q93.88 "Other microdeletions" lists Miller-Dieker syndrome and Smith-Magenis syndrome; read as one concept, the
knowledge base's two records joined it and the Miller-Dieker row was named Smith-Magenis. Fixture:
``tests/fixtures/reason/icd10cm_classes.xml`` (tabular-list layout) and ``lissencephaly_orphanet.jsonl``.
"""

from __future__ import annotations

from clinicite.reason.knowledge import KnowledgeBase
from clinicite.reason.vocabulary import Vocabulary, link_knowledge_base
from clinicite.reason.vocabulary.icd10cm import lumping, read_icd10cm

from .tiny_vocabulary import FOLDER


def _vocabulary() -> Vocabulary:
    return Vocabulary(read_icd10cm(FOLDER / "icd10cm_classes.xml"), source="classes")


def test_members_of_a_deep_residual_code_are_separate_entries_and_its_title_is_none():
    vocabulary = _vocabulary()
    miller, smith = vocabulary.lookup("Miller-Dieker syndrome"), vocabulary.lookup("Smith-Magenis syndrome")
    assert miller.id != smith.id
    assert miller.name == "Miller-Dieker syndrome" and smith.name == "Smith-Magenis syndrome"
    assert miller.codes == ["ICD10CM:Q93.88"] and miller.category == "congenital and genetic"
    assert vocabulary.lookup("microdeletions") is None               # "Other microdeletions" names no disease
    assert vocabulary.lookup("beta-glucuronidase deficiency").id != vocabulary.lookup("Maroteaux-Lamy syndrome").id
    assert vocabulary.lookup("Mucopolysaccharidosis, types VI, VII") is None     # a term that lumps two itself


def test_members_of_shallow_residual_and_plural_classes_are_separate_but_own_names_stay_synonyms():
    vocabulary = _vocabulary()
    assert vocabulary.lookup("Dubin-Johnson syndrome").id != vocabulary.lookup("Rotor syndrome").id
    assert vocabulary.lookup("Holt-Oram syndrome").id != vocabulary.lookup("Rubinstein-Taybi syndrome").id
    # A singular title's inclusion terms are its other names; a member sharing the title's word stays with it.
    assert vocabulary.lookup("Plummer-Vinson syndrome").id == vocabulary.lookup("sideropenic dysphagia").id
    assert vocabulary.lookup("cervical pregnancy").id == vocabulary.lookup("ectopic pregnancy").id
    fabry = vocabulary.lookup("Fabry-Anderson disease")                       # nonessential modifier
    assert fabry.name == "Fabry disease" and fabry is vocabulary.lookup("Fabry (-Anderson) disease")


def test_which_titles_file_several_diseases():
    assert lumping("Other microdeletions") and lumping("Congenital malformation syndromes predominantly involving limbs")
    assert lumping("Monosomies and deletions from the autosomes, not elsewhere classified")
    assert not lumping("Sideropenic dysphagia") and not lumping("Pre-excitation syndrome")
    assert not lumping("Morquio mucopolysaccharidoses, unspecified")    # the unspecified form's own names
    assert not lumping("Rickets, active") and not lumping("Diabetes insipidus")


def test_knowledge_base_records_of_two_members_stay_two_concepts():
    kb = KnowledgeBase.from_files(hpo_obo=FOLDER / "lit_bone.obo", hpoa=FOLDER / "lit_bone.hpoa",
                                  orphapackets=FOLDER / "lissencephaly_orphanet.jsonl")
    linked = link_knowledge_base(_vocabulary(), kb)
    miller, smith = linked.lookup("Miller-Dieker syndrome"), linked.lookup("Smith-Magenis syndrome")
    assert miller.id != smith.id
    assert "ORPHA:531" in miller.codes and "ORPHA:531" not in smith.codes
    assert "ORPHA:819" in smith.codes and miller.name == "Miller-Dieker syndrome"
